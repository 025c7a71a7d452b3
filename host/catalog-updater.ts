// Asks the centre for this kiosk's catalog at start and every few minutes: first any newer roots
// (each verified against the one before), then the newest catalog targeted at this kiosk, with a
// signed request naming the version it runs. A catalog that fails a check is refused with its
// reason in the log and the kiosk keeps what it runs; a good one goes to the store, which applies
// it between sessions.
import {
  PUBLISHING_PATHS,
  RUNNING_CATALOG_HEADER,
  rootPath,
} from '../contract/catalog-publishing.ts';
import { requestPath, type RequestSigner } from '../offline-cache/request-signing.ts';
import type { CatalogStore } from './catalog-store.ts';
import { CatalogRejected, verifyCatalog, verifyNextRoot } from './catalog-trust.ts';
import { errorText, type Logger } from './log.ts';

export type CheckOutcome =
  'off' | 'up-to-date' | 'none-published' | 'applied' | 'staged' | 'rejected' | 'unreachable';

export interface CatalogUpdater {
  /** One check now (a concurrent call joins the one running). */
  checkNow(): Promise<CheckOutcome>;
  start(): void;
  stop(): Promise<void>;
}

export interface CatalogUpdaterOptions {
  store: CatalogStore;
  centralUrl: string;
  kiosk: { kioskId: string; district: string };
  sign: RequestSigner;
  log: Logger;
  pollMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

/** Root chains are short; a centre that keeps answering is broken or hostile. */
const MAX_ROOT_STEPS = 64;
const MAX_BODY = 8 * 1024 * 1024;

class Unreachable extends Error {}

async function readCapped(res: Response): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY) throw new CatalogRejected('malformed', 'answer too large');
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_BODY) {
      await reader.cancel();
      throw new CatalogRejected('malformed', 'answer too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createCatalogUpdater(opts: CatalogUpdaterOptions): CatalogUpdater {
  const { store, log } = opts;
  const base = opts.centralUrl.replace(/\/+$/, '');
  const pollMs = opts.pollMs ?? 300_000;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const now = opts.now ?? Date.now;
  let running: Promise<CheckOutcome> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let started = false;
  let stopped = false;
  /** The last refusal logged, so a centre serving the same bad catalog does not flood the log. */
  let lastRefusal = '';

  async function get(path: string, headers: Record<string, string>): Promise<Response> {
    try {
      return await fetch(base + path, {
        headers,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new Unreachable(err instanceof Error ? err.name : 'network error');
    }
  }

  async function updateRoots(): Promise<void> {
    for (let step = 0; step < MAX_ROOT_STEPS; step++) {
      const latest = store.latestRoot()!;
      const res = await get(rootPath(latest.meta.version + 1), {});
      if (res.status === 404) {
        await res.body?.cancel();
        return;
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        throw new Unreachable(`HTTP ${res.status} for a root`);
      }
      store.adoptRoot(verifyNextRoot(latest, await readCapped(res)));
    }
  }

  async function check(): Promise<CheckOutcome> {
    if (!store.latestRoot()) return 'off';
    try {
      await updateRoots();
      const root = store.latestRoot()!;
      if (Date.parse(root.meta.expiresAt) <= now()) {
        throw new CatalogRejected(
          'root-expired',
          `root ${root.meta.version} expired at ${root.meta.expiresAt}`,
        );
      }
      const newest = store.newestVersion();
      const path = PUBLISHING_PATHS.kioskCatalog;
      const res = await get(path, {
        [RUNNING_CATALOG_HEADER]: String(store.current().version),
        'if-none-match': `"catalog-v${newest}"`,
        ...opts.sign({ method: 'GET', path: requestPath(base + path) }),
      });
      if (res.status === 304) return 'up-to-date';
      if (res.status === 404) {
        await res.body?.cancel();
        return 'none-published';
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        throw new Unreachable(`HTTP ${res.status}`);
      }
      const text = await readCapped(res);
      let verified;
      try {
        verified = verifyCatalog(text, root, {
          aboveVersion: newest,
          now: now(),
          kiosk: opts.kiosk,
        });
      } catch (err) {
        // The version we already run or wait for, served again: nothing to do.
        if (err instanceof CatalogRejected && err.reason === 'rollback' && err.version === newest) {
          return 'up-to-date';
        }
        throw err;
      }
      const outcome = store.offer(verified);
      lastRefusal = '';
      return outcome === 'failed' ? 'rejected' : outcome;
    } catch (err) {
      if (err instanceof CatalogRejected) {
        const key = `${err.reason}:${err.version}:${err.detail}`;
        if (key !== lastRefusal) {
          lastRefusal = key;
          log.warn('catalog.rejected', {
            reason: err.reason,
            version: err.version,
            detail: err.detail,
            running: store.current().version,
          });
        }
        return 'rejected';
      }
      log.info('catalog.check-failed', { reason: errorText(err) });
      return 'unreachable';
    }
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void checkNow().finally(schedule);
    }, pollMs);
    timer.unref();
  };

  function checkNow(): Promise<CheckOutcome> {
    running ??= check().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    checkNow,
    start() {
      if (started || stopped) return;
      started = true;
      void checkNow().finally(schedule);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
