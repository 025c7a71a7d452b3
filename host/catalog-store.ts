// The catalog the kiosk runs, as a swappable CatalogPort. The bundled catalog is the factory
// default; a verified newer one from the centre replaces it only while no citizen is in a session
// (a journey never sees its item change under it), is written to disk first with temp + fsync +
// rename (a power cut leaves the old file or the new one, never half of one), and wins over the
// bundled one at the next start if it is still the newer. On any failure the current one stays.
//
// Files in DATA/catalog/: roots/N.json (the root chain learnt after the pinned one) and
// current.json (the envelope of the applied catalog, checked again at every start).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/schema.ts';
import {
  CatalogRejected,
  parsePinnedRoot,
  verifyCatalog,
  verifyNextRoot,
  type TrustedRoot,
  type VerifiedCatalog,
} from './catalog-trust.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { errorText, type Logger } from './log.ts';
import type { CatalogPort } from './ports.ts';

export interface CatalogStore extends CatalogPort {
  /** The newest trusted root, or null when catalog updates are off (no pinned root). */
  latestRoot(): TrustedRoot | null;
  /** Appends a root verified against `latestRoot()`, and keeps it on disk. */
  adoptRoot(root: TrustedRoot): void;
  /** The version running, or waiting for the session to end if higher. */
  newestVersion(): number;
  /** Applies now when no session is active, else at its end; 'failed' keeps the current one. */
  offer(verified: VerifiedCatalog): 'applied' | 'staged' | 'failed';
  sessionActivity(active: boolean): void;
}

export interface CatalogStoreOptions {
  dataDir: string;
  bundled: Catalog;
  /** The root shipped with the kiosk (config.central.trustedRootFile). */
  pinnedRootFile?: string;
  log: Logger;
}

export const catalogDir = (dataDir: string) => path.join(dataDir, 'catalog');
const rootFile = (dir: string, version: number) => path.join(dir, 'roots', `${version}.json`);
const currentFile = (dir: string) => path.join(dir, 'current.json');

function loadChain(dir: string, pinnedRootFile: string | undefined, log: Logger): TrustedRoot[] {
  if (!pinnedRootFile) return [];
  let pinned: TrustedRoot;
  try {
    pinned = parsePinnedRoot(readFileSync(pinnedRootFile, 'utf8'));
  } catch (err) {
    log.error('catalog.pinned-root-invalid', { file: pinnedRootFile, reason: errorText(err) });
    return [];
  }
  const chain = [pinned];
  for (let v = pinned.meta.version + 1; existsSync(rootFile(dir, v)); v++) {
    try {
      chain.push(verifyNextRoot(chain.at(-1)!, readFileSync(rootFile(dir, v), 'utf8')));
    } catch (err) {
      // Left from another centre (a reinstalled one): the chain from the centre replaces it.
      log.warn('catalog.stored-root-refused', { version: v, reason: errorText(err) });
      break;
    }
  }
  return chain;
}

/** The persisted catalog if some root of the chain signed it and it is newer than the bundled. */
function loadPersisted(
  dir: string,
  chain: readonly TrustedRoot[],
  bundled: Catalog,
  log: Logger,
): Catalog | null {
  const file = currentFile(dir);
  if (chain.length === 0 || !existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  let refusal: unknown = null;
  // Newest root first; a catalog signed before a key rotation was verified under an older root.
  for (const root of [...chain].reverse()) {
    try {
      const verified = verifyCatalog(text, root, {
        aboveVersion: bundled.version,
        now: null,
        kiosk: null,
      });
      if (Date.parse(verified.expiresAt) <= Date.now()) {
        log.warn('catalog.running-expired', {
          version: verified.version,
          expiresAt: verified.expiresAt,
        });
      }
      return verified.catalog;
    } catch (err) {
      refusal = err;
      if (err instanceof CatalogRejected && err.reason === 'rollback') break;
    }
  }
  const reason = refusal instanceof CatalogRejected ? refusal.reason : errorText(refusal);
  log.info('catalog.persisted-not-used', { reason });
  return null;
}

export function openCatalogStore(opts: CatalogStoreOptions): CatalogStore {
  const { log, bundled } = opts;
  const dir = catalogDir(opts.dataDir);
  const chain = loadChain(dir, opts.pinnedRootFile, log);
  let current: Catalog = loadPersisted(dir, chain, bundled, log) ?? bundled;
  let staged: VerifiedCatalog | null = null;
  let sessionActive = false;
  log.info('catalog.running', {
    version: current.version,
    source: current === bundled ? 'bundled' : 'centre',
    updates: chain.length > 0 ? `root ${chain.at(-1)!.meta.version}` : 'off (no trusted root)',
  });

  function apply(verified: VerifiedCatalog): boolean {
    if (verified.version <= current.version) return false;
    try {
      writeFileAtomic(currentFile(dir), verified.text);
    } catch (err) {
      log.warn('catalog.rejected', {
        reason: 'write-failed',
        version: verified.version,
        detail: errorText(err),
        running: current.version,
      });
      return false;
    }
    const previous = current.version;
    current = verified.catalog;
    log.info('catalog.applied', { version: current.version, previous });
    return true;
  }

  return {
    current: () => current,
    latestRoot: () => chain.at(-1) ?? null,
    adoptRoot(root) {
      const latest = chain.at(-1);
      if (!latest || root.meta.version !== latest.meta.version + 1) {
        throw new Error('a root must follow the latest trusted one');
      }
      writeFileAtomic(rootFile(dir, root.meta.version), root.text);
      chain.push(root);
      log.info('catalog.root-adopted', { version: root.meta.version });
    },
    newestVersion: () => Math.max(current.version, staged?.version ?? 0),
    offer(verified) {
      if (sessionActive) {
        if (!staged || verified.version > staged.version) staged = verified;
        log.info('catalog.staged', { version: verified.version, running: current.version });
        return 'staged';
      }
      return apply(verified) ? 'applied' : 'failed';
    },
    sessionActivity(active) {
      sessionActive = active;
      if (active || !staged) return;
      const next = staged;
      staged = null;
      apply(next);
    },
  };
}
