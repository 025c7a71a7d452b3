// Whether a citizen is at the screen, learnt from the same signal the catalog store gets: the
// kiosk service tells its CatalogPort when a session begins and when the last one ends or
// expires. Wrapping that port lets the heartbeat report it, and a remote restart wait for it,
// without another hook in the service.
import type { CatalogPort } from '../ports.ts';

export interface SessionActivity {
  active(): boolean;
  /** Resolves once no session is active (at once when none is). */
  whenIdle(): Promise<void>;
  /** The catalog port to give the kiosk service: forwards everything, and listens. */
  observe(port: CatalogPort): CatalogPort;
  /** For callers that learn of sessions another way. */
  set(active: boolean): void;
}

export function createSessionActivity(): SessionActivity {
  let active = false;
  let waiters: (() => void)[] = [];
  const set = (next: boolean) => {
    active = next;
    if (active) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };
  return {
    active: () => active,
    whenIdle: () =>
      active ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve(),
    set,
    observe: (port) => ({
      current: () => port.current(),
      sessionActivity(next) {
        // The store first: a staged catalog is applied before a waiting restart goes ahead.
        port.sessionActivity?.(next);
        set(next);
      },
    }),
  };
}
