// Loading data for a screen: the newest answer wins, an older one arriving late is dropped, and
// `reload()` asks again (after a change, or on the refresh button).
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../api/http-client.ts';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

export function useLoad<T>(load: () => Promise<T>): Loaded<T> {
  const [round, setRound] = useState(0);
  const [answer, setAnswer] = useState<{
    round: number;
    load: () => Promise<T>;
    data: T | null;
    error: string | null;
  }>({ round: -1, load, data: null, error: null });

  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setAnswer({ round, load, data, error: null }),
      (err: unknown) =>
        current && setAnswer((a) => ({ round, load, data: a.data, error: errorText(err) })),
    );
    return () => {
      current = false;
    };
  }, [load, round]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  return {
    data: answer.data,
    error: answer.error,
    loading: answer.round !== round || answer.load !== load,
    reload,
  };
}

/** Runs an action with a busy flag and the centre's message on failure. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useCallback(async <T>(action: () => Promise<T>, success?: (r: T) => string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const result = await action();
      if (success) setDone(success(result));
      return result;
    } catch (err) {
      setError(errorText(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, done, run, clear: () => (setError(null), setDone(null)) };
}
