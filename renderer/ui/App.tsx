// The kiosk screen's root: the host connection and status (nothing personal) and one session
// flow, keyed by a counter. Ending a session for any reason bumps the counter, so React drops
// the whole flow with everything the citizen entered and mounts a fresh one on the attract screen.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { KioskApi, KioskStatus } from '../../contract/kiosk-api.ts';
import type { ConnectionWatch } from '../rpc/connect-kiosk.ts';
import { forgetLastRegExpMatch } from './errors.ts';
import { SessionFlow } from './SessionFlow.tsx';

const STATUS_REFRESH_MS = 30_000;

export function App(props: { api: KioskApi; connection: ConnectionWatch; hasToken: boolean }) {
  const { api, connection, hasToken } = props;
  const linkState = useSyncExternalStore(connection.subscribe, connection.get);
  const [status, setStatus] = useState<KioskStatus | null>(null);
  const [sessionKey, setSessionKey] = useState(0);

  // Refreshed now and then, when the link comes back, and at every return to the attract screen.
  useEffect(() => {
    if (linkState !== 'open') return;
    let alive = true;
    const load = () =>
      api['kiosk.status']({}).then(
        (s) => alive && setStatus(s),
        () => undefined,
      );
    void load();
    const timer = setInterval(load, STATUS_REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [api, linkState, sessionKey]);

  const wipe = useCallback(() => {
    forgetLastRegExpMatch();
    setSessionKey((k) => k + 1);
  }, []);

  return (
    <SessionFlow
      key={sessionKey}
      api={api}
      status={status}
      linkState={linkState}
      hasToken={hasToken}
      onWipe={wipe}
    />
  );
}
