// What the kiosk checks before it believes a catalog from the centre (contract/catalog-publishing.ts):
// roots chain from the one it ships with, each signed by its predecessor's root keys and its own;
// a catalog is signed by the current root's catalog keys, newer than what runs (no rollback), not
// expired (no freeze), aimed at this kiosk (no mix-and-match), and a valid catalog (schema).
// Signatures are checked before the signed bytes are parsed. Every refusal names its reason.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { CatalogError, parseCatalog } from '../catalog/catalog-query.ts';
import type { Catalog } from '../catalog/schema.ts';
import {
  CatalogMetadata,
  pae,
  PAYLOAD_TYPES,
  RootMetadata,
  SignedEnvelope,
  targetIncludes,
  type PublicKeyEntry,
} from '../contract/catalog-publishing.ts';

export type RejectionReason =
  | 'malformed'
  | 'wrong-type'
  | 'unknown-key'
  | 'bad-signature'
  | 'root-chain'
  | 'root-expired'
  | 'rollback'
  | 'expired'
  | 'not-targeted'
  | 'schema'
  | 'version-mismatch'
  | 'write-failed';

export class CatalogRejected extends Error {
  constructor(
    readonly reason: RejectionReason,
    /** Safe to log: versions, key ids, schema paths; never catalog content. */
    readonly detail: string,
    readonly version: number | null = null,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'CatalogRejected';
  }
}

export interface TrustedRoot {
  meta: RootMetadata;
  /** The envelope as received, kept byte for byte. */
  text: string;
}

export interface VerifiedCatalog {
  catalog: Catalog;
  version: number;
  expiresAt: string;
  /** The envelope as received: what is written to disk and checked again at the next start. */
  text: string;
}

const MAX_ENVELOPE = 8 * 1024 * 1024;

function parseEnvelope(text: string, payloadType: string): SignedEnvelope {
  if (text.length > MAX_ENVELOPE) throw new CatalogRejected('malformed', 'envelope too large');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CatalogRejected('malformed', 'envelope is not JSON');
  }
  const envelope = SignedEnvelope.safeParse(json);
  if (!envelope.success) throw new CatalogRejected('malformed', 'not a signed envelope');
  if (envelope.data.payloadType !== payloadType) {
    throw new CatalogRejected(
      'wrong-type',
      `payload type ${envelope.data.payloadType.slice(0, 60)}`,
    );
  }
  return envelope.data;
}

/** Keys whose id really is the SHA-256 of their bytes; a root that lies about one is refused. */
function keyMap(keys: readonly PublicKeyEntry[]): Map<string, KeyObject> {
  const map = new Map<string, KeyObject>();
  for (const k of keys) {
    const raw = Buffer.from(k.publicKey, 'base64url');
    if (raw.length !== 32 || createHash('sha256').update(raw).digest('hex') !== k.keyid) {
      throw new CatalogRejected(
        'root-chain',
        `key id ${k.keyid.slice(0, 16)}… does not match its key`,
      );
    }
    try {
      const jwk = { kty: 'OKP', crv: 'Ed25519', x: k.publicKey };
      map.set(k.keyid, createPublicKey({ key: jwk, format: 'jwk' }));
    } catch {
      throw new CatalogRejected('root-chain', `key ${k.keyid.slice(0, 16)}… is not an Ed25519 key`);
    }
  }
  return map;
}

/** Throws unless `threshold` distinct keys of `keys` signed the envelope. */
function requireSignatures(
  envelope: SignedEnvelope,
  keys: readonly PublicKeyEntry[],
  threshold: number,
  failure: 'bad-signature' | 'root-chain',
): void {
  const trusted = keyMap(keys);
  const message = pae(envelope.payloadType, Buffer.from(envelope.payload, 'base64'));
  const valid = new Set<string>();
  let known = 0;
  for (const s of envelope.signatures) {
    const key = trusted.get(s.keyid);
    if (!key) continue;
    known++;
    const sig = Buffer.from(s.sig, 'base64');
    if (sig.length === 64 && verify(null, message, key, sig)) valid.add(s.keyid);
  }
  if (valid.size >= threshold) return;
  if (known === 0 && failure === 'bad-signature') {
    const ids = envelope.signatures.map((s) => `${s.keyid.slice(0, 16)}…`).join(', ');
    throw new CatalogRejected('unknown-key', `signed by key(s) not in the trusted root: ${ids}`);
  }
  throw new CatalogRejected(failure, `${valid.size} valid signature(s), ${threshold} required`);
}

function decode(envelope: SignedEnvelope): unknown {
  try {
    return JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
  } catch {
    throw new CatalogRejected('malformed', 'payload is not JSON');
  }
}

/** A root the kiosk was shipped with: well formed and signed by its own root keys. */
export function parsePinnedRoot(text: string): TrustedRoot {
  const envelope = parseEnvelope(text, PAYLOAD_TYPES.root);
  const meta = RootMetadata.safeParse(decode(envelope));
  if (!meta.success) throw new CatalogRejected('malformed', 'not a root document');
  requireSignatures(envelope, meta.data.rootKeys, meta.data.rootThreshold, 'root-chain');
  return { meta: meta.data, text };
}

/** Root N+1, signed by a threshold of root N's root keys and of its own. */
export function verifyNextRoot(current: TrustedRoot, text: string): TrustedRoot {
  const envelope = parseEnvelope(text, PAYLOAD_TYPES.root);
  requireSignatures(envelope, current.meta.rootKeys, current.meta.rootThreshold, 'root-chain');
  const meta = RootMetadata.safeParse(decode(envelope));
  if (!meta.success) throw new CatalogRejected('malformed', 'not a root document');
  if (meta.data.version !== current.meta.version + 1) {
    throw new CatalogRejected(
      'root-chain',
      `root version ${meta.data.version} does not follow ${current.meta.version}`,
    );
  }
  requireSignatures(envelope, meta.data.rootKeys, meta.data.rootThreshold, 'root-chain');
  return { meta: meta.data, text };
}

export interface CatalogChecks {
  /** Only a higher version is accepted. */
  aboveVersion: number;
  /** Milliseconds since the epoch; null skips the expiry check (the catalog already running). */
  now: number | null;
  /** Null skips the target check (a catalog this kiosk accepted before). */
  kiosk: { kioskId: string; district: string } | null;
}

export function verifyCatalog(
  text: string,
  root: TrustedRoot,
  checks: CatalogChecks,
): VerifiedCatalog {
  const envelope = parseEnvelope(text, PAYLOAD_TYPES.catalog);
  requireSignatures(envelope, root.meta.catalogKeys, root.meta.catalogThreshold, 'bad-signature');
  const parsed = CatalogMetadata.safeParse(decode(envelope));
  if (!parsed.success) throw new CatalogRejected('malformed', 'not a catalog document');
  const meta = parsed.data;
  if (meta.version <= checks.aboveVersion) {
    throw new CatalogRejected(
      'rollback',
      `version ${meta.version} is not newer than ${checks.aboveVersion}`,
      meta.version,
    );
  }
  if (checks.now !== null && Date.parse(meta.expiresAt) <= checks.now) {
    throw new CatalogRejected('expired', `expired at ${meta.expiresAt}`, meta.version);
  }
  if (checks.kiosk && !targetIncludes(meta.target, checks.kiosk)) {
    throw new CatalogRejected(
      'not-targeted',
      `target ${meta.target.kind} excludes this kiosk`,
      meta.version,
    );
  }
  let catalog: Catalog;
  try {
    catalog = parseCatalog(meta.catalog);
  } catch (err) {
    const detail =
      err instanceof CatalogError ? err.message.split('\n').slice(0, 4).join(' ') : 'invalid';
    throw new CatalogRejected('schema', detail.slice(0, 500), meta.version);
  }
  if (catalog.version !== meta.version || catalog.expiresAt !== meta.expiresAt) {
    throw new CatalogRejected(
      'version-mismatch',
      `catalog says version ${catalog.version}, envelope ${meta.version}`,
      meta.version,
    );
  }
  return { catalog, version: meta.version, expiresAt: meta.expiresAt, text };
}
