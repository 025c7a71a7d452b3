// The idle timeout as a pure state machine, driven by timestamps rather than by counting timer
// callbacks (a throttled or late timer must not stretch the countdown):
// watching --(idleSeconds without activity)--> warning --(countdownSeconds)--> expired.
// While the "还在吗？" dialog shows, only its 继续办理 button brings the session back.

export interface IdleConfig {
  idleSeconds: number;
  countdownSeconds: number;
}

export type IdleState =
  | { phase: 'off' }
  | { phase: 'watching'; config: IdleConfig; lastActivityAt: number }
  | { phase: 'warning'; config: IdleConfig; warnedAt: number; remaining: number }
  | { phase: 'expired' };

export type IdleEvent =
  | { type: 'enable'; config: IdleConfig; at: number }
  | { type: 'disable' }
  | { type: 'activity'; at: number }
  | { type: 'continue'; at: number }
  | { type: 'tick'; at: number };

export const IDLE_OFF: IdleState = { phase: 'off' };

/** Whole seconds left in the countdown at `at`, counting down from countdownSeconds to 0. */
export function secondsLeft(config: IdleConfig, warnedAt: number, at: number): number {
  const elapsed = Math.floor(Math.max(0, at - warnedAt) / 1000);
  return Math.max(0, config.countdownSeconds - elapsed);
}

export function idleReducer(state: IdleState, event: IdleEvent): IdleState {
  switch (event.type) {
    case 'enable':
      // Enabling again (e.g. a new configuration) keeps an open warning open.
      if (state.phase === 'watching' || state.phase === 'warning') {
        return { ...state, config: event.config };
      }
      return { phase: 'watching', config: event.config, lastActivityAt: event.at };
    case 'disable':
      return state.phase === 'off' ? state : IDLE_OFF;
    case 'activity':
      if (state.phase !== 'watching' || event.at <= state.lastActivityAt) return state;
      return { ...state, lastActivityAt: event.at };
    case 'continue':
      if (state.phase !== 'warning') return state;
      return { phase: 'watching', config: state.config, lastActivityAt: event.at };
    case 'tick':
      return tick(state, event.at);
  }
}

function tick(state: IdleState, at: number): IdleState {
  if (state.phase === 'watching') {
    if (at - state.lastActivityAt < state.config.idleSeconds * 1000) return state;
    if (state.config.countdownSeconds <= 0) return { phase: 'expired' };
    return {
      phase: 'warning',
      config: state.config,
      warnedAt: at,
      remaining: state.config.countdownSeconds,
    };
  }
  if (state.phase === 'warning') {
    const remaining = secondsLeft(state.config, state.warnedAt, at);
    if (remaining <= 0) return { phase: 'expired' };
    // Same object when nothing visible changed, so React skips the render.
    return remaining === state.remaining ? state : { ...state, remaining };
  }
  return state;
}
