// Signed catalog publishing in the way of The Update Framework (issue 6). Two kinds of signed
// document travel in a DSSE envelope (the signature covers the exact payload bytes, so no JSON
// canonicalisation is needed):
//
// - a root (`RootMetadata`): which keys may sign roots and which may sign catalogs, with a version
//   and an expiry. Root N+1 must be signed by a threshold of root N's root keys and of its own;
//   a kiosk walks the chain from the root it ships with, so the root key (kept offline) can
//   rotate the catalog-signing key the centre holds.
// - a catalog (`CatalogMetadata`): one published version, its expiry, who it is for, and the
//   catalog itself (catalog/schema.ts), whose own `version` and `expiresAt` equal the envelope's.
//
// The kiosk refuses a lower version than it runs (rollback), an expired one (freeze), one not
// signed by the current root's catalog keys, and one not targeted at it (mix-and-match).
import { z } from 'zod';
import { Ed25519PublicKey } from './enrolment-api.ts';

export const PAYLOAD_TYPES = {
  root: 'application/vnd.kiosk24.root+json',
  catalog: 'application/vnd.kiosk24.catalog+json',
} as const;

/** Lowercase hex SHA-256 of the raw 32-byte public key. */
export const KeyId = z.string().regex(/^[0-9a-f]{64}$/);

const Base64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const EnvelopeSignature = z.object({
  keyid: KeyId,
  /** Ed25519 over `pae(payloadType, payload bytes)`, base64 (64 bytes). */
  sig: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
});

export const SignedEnvelope = z.object({
  payloadType: z.string().min(1).max(100),
  /** The signed document's JSON bytes, base64. */
  payload: z.string().max(8_000_000).regex(Base64),
  signatures: z.array(EnvelopeSignature).min(1).max(16),
});
export type SignedEnvelope = z.infer<typeof SignedEnvelope>;

export const PublicKeyEntry = z.object({
  keyid: KeyId,
  scheme: z.literal('ed25519'),
  publicKey: Ed25519PublicKey,
});
export type PublicKeyEntry = z.infer<typeof PublicKeyEntry>;

const distinctKeys = (keys: readonly PublicKeyEntry[]) =>
  new Set(keys.map((k) => k.keyid)).size === keys.length;

export const RootMetadata = z
  .object({
    type: z.literal('kiosk24-root'),
    version: z.number().int().positive(),
    expiresAt: z.iso.datetime({ offset: true }),
    rootKeys: z.array(PublicKeyEntry).min(1).max(8),
    rootThreshold: z.number().int().positive(),
    catalogKeys: z.array(PublicKeyEntry).min(1).max(8),
    catalogThreshold: z.number().int().positive(),
  })
  .refine((r) => r.rootThreshold <= r.rootKeys.length, 'rootThreshold exceeds the root keys')
  .refine((r) => r.catalogThreshold <= r.catalogKeys.length, 'catalogThreshold exceeds the keys')
  .refine((r) => distinctKeys(r.rootKeys) && distinctKeys(r.catalogKeys), 'a key is listed twice');
export type RootMetadata = z.infer<typeof RootMetadata>;

export const CatalogTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({
    kind: z.literal('districts'),
    districts: z.array(z.string().min(1).max(64)).min(1).max(200),
  }),
  z.object({
    kind: z.literal('kiosks'),
    kioskIds: z.array(z.string().min(1).max(64)).min(1).max(20_000),
  }),
  /** A stable share of the fleet: the kiosks whose `rolloutBucket` is below `percent`. */
  z.object({ kind: z.literal('percentage'), percent: z.number().int().min(1).max(100) }),
]);
export type CatalogTarget = z.infer<typeof CatalogTarget>;

export const CatalogMetadata = z.object({
  type: z.literal('kiosk24-catalog'),
  version: z.number().int().positive(),
  expiresAt: z.iso.datetime({ offset: true }),
  target: CatalogTarget,
  /** Validated by the kiosk with catalog/schema.ts after the signature checks. */
  catalog: z.unknown(),
});
export type CatalogMetadata = z.infer<typeof CatalogMetadata>;

export const PublicationSummary = z.object({
  version: z.number().int().positive(),
  target: CatalogTarget,
  publishedAt: z.string(),
  expiresAt: z.string(),
  rootVersion: z.number().int().positive(),
  contentSha256: z.string(),
});
export type PublicationSummary = z.infer<typeof PublicationSummary>;

export const PublishRequest = z.object({
  /** A catalog (catalog/schema.ts); its version, issuedAt and expiresAt are set by the centre. */
  catalog: z.record(z.string(), z.unknown()),
  target: CatalogTarget.default({ kind: 'all' }),
  validForDays: z.number().int().min(1).max(366).default(30),
});
export type PublishRequest = z.input<typeof PublishRequest>;

/** Answer of a signing-key rotation: the new root and key, and how many publications re-signed. */
export const SigningKeyRotation = z.object({
  rootVersion: z.number().int().positive(),
  keyid: KeyId,
  republished: z.number().int().min(0),
});
export type SigningKeyRotation = z.infer<typeof SigningKeyRotation>;

/** Answer of a root signed offline and uploaded. */
export const RootAdded = z.object({ rootVersion: z.number().int().positive() });
export type RootAdded = z.infer<typeof RootAdded>;

export const PUBLISHING_PATHS = {
  /** GET, open → the SignedEnvelope of root `:version` (404 past the latest). */
  root: '/api/v1/catalog/roots/:version',
  /** GET, signed → the SignedEnvelope of the newest catalog targeted at the calling kiosk. */
  kioskCatalog: '/api/v1/catalog/published',
  /** POST PublishRequest, admin → 201 PublicationSummary; GET → PublicationSummary[]. */
  adminPublications: '/api/v1/admin/catalog/publications',
  /** POST, admin (root key online) → 201 { rootVersion, keyid }: a new catalog-signing key. */
  adminSigningKeys: '/api/v1/admin/catalog/signing-keys',
  /** POST SignedEnvelope (a root signed offline), admin → 201 { rootVersion }. */
  adminRoots: '/api/v1/admin/catalog/roots',
} as const;

export const rootPath = (version: number) => `/api/v1/catalog/roots/${version}`;

/** The kiosk's `x-kiosk-catalog-version` header on a catalog poll: the version it runs. */
export const RUNNING_CATALOG_HEADER = 'x-kiosk-catalog-version';

/** DSSE v1 pre-authentication encoding: what is actually signed. */
export function pae(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = new TextEncoder().encode(payloadType);
  const head = new TextEncoder().encode(`DSSEv1 ${type.length} `);
  const mid = new TextEncoder().encode(` ${payload.length} `);
  const out = new Uint8Array(head.length + type.length + mid.length + payload.length);
  out.set(head, 0);
  out.set(type, head.length);
  out.set(mid, head.length + type.length);
  out.set(payload, head.length + type.length + mid.length);
  return out;
}

/** 0–99, the same on every machine and release: FNV-1a (32-bit) of the kiosk id's UTF-8. */
export function rolloutBucket(kioskId: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(kioskId)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 100;
}

export function targetIncludes(
  target: CatalogTarget,
  kiosk: { kioskId: string; district: string },
): boolean {
  switch (target.kind) {
    case 'all':
      return true;
    case 'districts':
      return target.districts.includes(kiosk.district);
    case 'kiosks':
      return target.kioskIds.includes(kiosk.kioskId);
    case 'percentage':
      return rolloutBucket(kiosk.kioskId) < target.percent;
  }
}
