// The idle timeout on screen: watches touches and keys, and after idleSeconds without any shows
// "还在吗？" with a countdown; at 0 the session ends. See state/idle-timer.ts for the rules.
import { useEffect, useReducer, useRef } from 'react';
import { IDLE_OFF, idleReducer } from '../../state/idle-timer.ts';

const TICK_MS = 250;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input', 'touchstart'] as const;

export function IdleGuard(props: {
  enabled: boolean;
  idleSeconds: number;
  countdownSeconds: number;
  onExpire(): void;
  onEndNow(): void;
  /**
   * Called on activity at most every `activityEveryMs` (the host's keep-alive); false when there
   * was nothing to keep alive, so the next activity is reported again.
   */
  onActivity?(): boolean;
  activityEveryMs?: number;
}) {
  const { enabled, idleSeconds, countdownSeconds, onExpire, onEndNow } = props;
  const onActivityRef = useRef(props.onActivity);
  useEffect(() => {
    onActivityRef.current = props.onActivity;
  }, [props.onActivity]);
  const activityEveryMs = props.activityEveryMs ?? 30_000;
  const [state, dispatch] = useReducer(idleReducer, IDLE_OFF);
  const continueRef = useRef<HTMLButtonElement>(null);
  const phase = state.phase;

  useEffect(() => {
    if (!enabled) {
      dispatch({ type: 'disable' });
      return;
    }
    dispatch({ type: 'enable', config: { idleSeconds, countdownSeconds }, at: Date.now() });
  }, [enabled, idleSeconds, countdownSeconds]);

  const running = phase === 'watching' || phase === 'warning';
  useEffect(() => {
    if (!running) return;
    let reported = 0;
    const onActivity = () => {
      const at = Date.now();
      dispatch({ type: 'activity', at });
      if (at - reported >= activityEveryMs && onActivityRef.current?.()) reported = at;
    };
    for (const name of ACTIVITY_EVENTS) {
      window.addEventListener(name, onActivity, { capture: true, passive: true });
    }
    const timer = setInterval(() => dispatch({ type: 'tick', at: Date.now() }), TICK_MS);
    return () => {
      clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) {
        window.removeEventListener(name, onActivity, { capture: true });
      }
    };
  }, [running, activityEveryMs]);

  const onExpireRef = useRef(onExpire);
  useEffect(() => {
    onExpireRef.current = onExpire;
  }, [onExpire]);
  useEffect(() => {
    if (phase === 'expired') onExpireRef.current();
  }, [phase]);

  useEffect(() => {
    if (phase === 'warning') continueRef.current?.focus();
  }, [phase]);

  if (state.phase !== 'warning') return null;
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="idle-title"
        aria-describedby="idle-text"
        data-testid="idle-dialog"
      >
        <h2 id="idle-title" className="modal-title">
          还在吗？
        </h2>
        <p className="idle-count" aria-live="polite">
          <span className="idle-count-number" data-testid="idle-countdown">
            {state.remaining}
          </span>
          <span className="idle-count-unit">秒</span>
        </p>
        <p id="idle-text" className="modal-text">
          长时间没有操作，{state.remaining}秒后将自动退出，并清除您的信息。需要继续请点“继续办理”。
        </p>
        <div className="modal-actions">
          <button type="button" className="btn btn-secondary" onClick={onEndNow}>
            结束办理
          </button>
          <button
            ref={continueRef}
            type="button"
            className="btn btn-primary"
            data-testid="idle-continue"
            onClick={() => dispatch({ type: 'continue', at: Date.now() })}
          >
            继续办理
          </button>
        </div>
      </div>
    </div>
  );
}
