// Signed catalog publishing (contract/catalog-publishing.ts). The root key signs roots, which name
// the catalog-signing key(s); the signing key (held here) signs each publication. Rules:
// - versions only grow: each publication takes the next number above every earlier one and above
//   the catalog bundled with the software, so every kiosk sees it as newer;
// - a rollback is a new publication with older content (`publish` with that content);
// - a kiosk gets the newest publication whose target includes it;
// - publications still in force are re-signed with a new version before they expire, all
//   together and in their order, so no kiosk ever sees its answer change by renewal alone.
import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { CatalogError, parseCatalog } from '../../catalog/catalog-query.ts';
import {
  CatalogMetadata,
  PAYLOAD_TYPES,
  PublishRequest as PublishRequestSchema,
  RootMetadata,
  SignedEnvelope,
  targetIncludes,
  type CatalogTarget,
  type PublicationSummary,
  type PublishRequest,
} from '../../contract/catalog-publishing.ts';
import { CentralError } from '../errors.ts';
import { describeIssues } from '../http/api-error.ts';
import type { CentralLog } from '../http/log.ts';
import type {
  CatalogRepository,
  StoredPublication,
  StoredRoot,
} from '../repositories/catalog-repository.ts';
import { publicKeyEntry } from '../security/ed25519.ts';
import type { KeyStore } from '../security/key-store.ts';
import { countValidSignatures, payloadOf, signEnvelope } from '../security/signed-envelope.ts';

export interface CatalogPublishingService {
  /** At start: creates root 1 and the keys on a fresh database, renews an expiring root. */
  prepare(): Promise<void>;
  /** The envelope text of root `version`, or null past the latest. */
  root(version: number): Promise<string | null>;
  /** The newest root's envelope text (what a new kiosk pins), or null before `prepare`. */
  latestRoot(): Promise<string | null>;
  publish(req: PublishRequest, publishedBy?: string): Promise<PublicationSummary>;
  /** The newest publication targeted at this kiosk, or null if none is. */
  forKiosk(kiosk: { kioskId: string; district: string }): Promise<{
    version: number;
    envelope: string;
  } | null>;
  list(limit?: number): Promise<PublicationSummary[]>;
  /** A new catalog-signing key, named by a new root signed with the (online) root key. */
  /** Publications in force are signed again with the new key (`republished` of them). */
  rotateSigningKey(): Promise<{ rootVersion: number; keyid: string; republished: number }>;
  /** A root signed offline: must be the next version, signed by the old and the new root keys. */
  addRoot(envelope: unknown): Promise<{ rootVersion: number }>;
  /** Re-signs the publications in force when one expires within `withinMs`; what it published. */
  renewExpiring(withinMs?: number): Promise<PublicationSummary[]>;
  /** The newest publication's catalog content (whatever its target), or null before the first. */
  current(): Promise<{ version: number; catalog: Record<string, unknown> } | null>;
  /** One publication's summary and catalog content (the admin console's editor), or null. */
  publication(
    version: number,
  ): Promise<{ summary: PublicationSummary; catalog: Record<string, unknown> } | null>;
}

export interface CatalogPublishingOptions {
  repo: CatalogRepository;
  keys: KeyStore;
  /** Publications start above this version (the catalog bundled with the kiosks). */
  bundledVersion: number;
  log: CentralLog;
  now?: () => Date;
}

const DAY = 24 * 3600_000;
const ROOT_VALIDITY_MS = 365 * DAY;
const ROOT_RENEW_BEFORE_MS = 30 * DAY;
export const DEFAULT_RENEW_WITHIN_MS = 7 * DAY;

const unavailable = (code: string, message: string) =>
  new CentralError('unavailable', code, message);

function rootMetadataOf(stored: StoredRoot): RootMetadata {
  return RootMetadata.parse(payloadOf(SignedEnvelope.parse(JSON.parse(stored.envelope))));
}

/** The catalog a publication carries, as signed (version, issuedAt, expiresAt set by the centre). */
function catalogOf(p: StoredPublication): Record<string, unknown> {
  const meta = CatalogMetadata.parse(payloadOf(SignedEnvelope.parse(JSON.parse(p.envelope))));
  return meta.catalog as Record<string, unknown>;
}

function summaryOf(p: StoredPublication): PublicationSummary {
  return {
    version: p.version,
    target: p.target,
    publishedAt: p.publishedAt,
    expiresAt: p.expiresAt,
    rootVersion: p.rootVersion,
    contentSha256: p.contentSha256,
  };
}

export function createCatalogPublishingService(
  opts: CatalogPublishingOptions,
): CatalogPublishingService {
  const { repo, keys, log } = opts;
  const now = opts.now ?? (() => new Date());
  // Kiosks poll; publications are rare. Targets are re-read only when a new version appears.
  let targets: { latest: number; list: { version: number; target: CatalogTarget }[] } | null = null;
  const envelopes = new Map<number, string>();

  function signersFor(root: RootMetadata): KeyObject[] {
    const found = root.catalogKeys
      .map((k) => keys.signingKey(k.keyid))
      .filter((k): k is KeyObject => k !== null);
    if (found.length < root.catalogThreshold) {
      throw unavailable(
        'signing-key-unavailable',
        `the catalog-signing key of root ${root.version} is not in the key store (${keys.location})`,
      );
    }
    return found.slice(0, root.catalogThreshold);
  }

  /** Tells the operator at once when a root names a signing key this centre does not hold. */
  function warnIfSigningKeyMissing(root: RootMetadata): void {
    try {
      signersFor(root);
    } catch {
      log('warn', 'catalog.signing-key-missing', {
        rootVersion: root.version,
        keys: keys.location,
      });
    }
  }

  function rootEnvelope(meta: RootMetadata, signers: KeyObject[], at: Date): StoredRoot {
    return {
      version: meta.version,
      envelope: JSON.stringify(signEnvelope(PAYLOAD_TYPES.root, meta, signers)),
      expiresAt: meta.expiresAt,
      createdAt: at.toISOString(),
    };
  }

  /** Signs and stores one publication; the caller holds the lock. */
  async function signAndInsert(
    tx: CatalogRepository,
    content: Record<string, unknown>,
    target: CatalogTarget,
    validForMs: number,
    publishedBy: string,
  ): Promise<StoredPublication> {
    const root = await tx.latestRoot();
    if (!root) throw unavailable('publishing-unavailable', 'no root yet: the centre is starting');
    const rootMeta = rootMetadataOf(root);
    const signers = signersFor(rootMeta);
    const version = Math.max(await tx.latestPublicationVersion(), opts.bundledVersion) + 1;
    const at = now();
    const expiresAt = new Date(at.getTime() + validForMs).toISOString();
    let catalog;
    try {
      catalog = parseCatalog({ ...content, version, issuedAt: at.toISOString(), expiresAt });
    } catch (err) {
      if (err instanceof CatalogError) {
        throw new CentralError('invalid', 'catalog-invalid', err.message.slice(0, 4000));
      }
      throw err;
    }
    const metadata: CatalogMetadata = {
      type: 'kiosk24-catalog',
      version,
      expiresAt,
      target,
      catalog,
    };
    const { categories, items, templates } = catalog;
    const row: StoredPublication = {
      version,
      target,
      envelope: JSON.stringify(signEnvelope(PAYLOAD_TYPES.catalog, metadata, signers)),
      contentSha256: createHash('sha256')
        .update(JSON.stringify({ categories, items, templates }))
        .digest('hex'),
      rootVersion: rootMeta.version,
      publishedAt: at.toISOString(),
      expiresAt,
      publishedBy,
    };
    await tx.insertPublication(row);
    return row;
  }

  /**
   * Signs every publication still in force again, oldest first, each as a new version with the
   * same content and target: after a key rotation (kiosks no longer trust the old key) and before
   * expiry. Keeping their order keeps every kiosk's answer what it was.
   */
  async function republishLive(
    tx: CatalogRepository,
    by: string,
    minValidityMs = DAY,
  ): Promise<StoredPublication[]> {
    const out: StoredPublication[] = [];
    for (const p of (await tx.liveCandidates()).reverse()) {
      const meta = CatalogMetadata.parse(payloadOf(SignedEnvelope.parse(JSON.parse(p.envelope))));
      const original = Date.parse(p.expiresAt) - Date.parse(p.publishedAt);
      const validFor = Math.max(minValidityMs, original);
      out.push(
        await signAndInsert(tx, meta.catalog as Record<string, unknown>, p.target, validFor, by),
      );
    }
    return out;
  }

  return {
    async prepare() {
      await repo.transaction(async (tx) => {
        await tx.lock();
        const latest = await tx.latestRoot();
        const at = now();
        if (!latest) {
          const reused = keys.rootKey();
          const rootKey = reused ?? keys.createRootKey();
          const signing = keys.createSigningKey();
          const meta: RootMetadata = {
            type: 'kiosk24-root',
            version: 1,
            expiresAt: new Date(at.getTime() + ROOT_VALIDITY_MS).toISOString(),
            rootKeys: [publicKeyEntry(rootKey)],
            rootThreshold: 1,
            catalogKeys: [publicKeyEntry(signing)],
            catalogThreshold: 1,
          };
          await tx.insertRoot(rootEnvelope(meta, [rootKey], at));
          log('info', 'catalog.root-created', {
            keys: keys.location,
            rootKeyid: meta.rootKeys[0]!.keyid,
            advice: 'copy root.key somewhere safe and offline, then delete it here',
          });
          return;
        }
        const meta = rootMetadataOf(latest);
        const rootKey = keys.rootKey();
        const online =
          rootKey && meta.rootKeys.some((k) => k.keyid === publicKeyEntry(rootKey).keyid);
        if (Date.parse(meta.expiresAt) - at.getTime() < ROOT_RENEW_BEFORE_MS) {
          if (online && meta.rootThreshold === 1) {
            const renewed = {
              ...meta,
              version: meta.version + 1,
              expiresAt: new Date(at.getTime() + ROOT_VALIDITY_MS).toISOString(),
            };
            await tx.insertRoot(rootEnvelope(renewed, [rootKey], at));
            log('info', 'catalog.root-renewed', { rootVersion: renewed.version });
          } else {
            log('warn', 'catalog.root-expiring', {
              rootVersion: meta.version,
              expiresAt: meta.expiresAt,
            });
          }
        }
        warnIfSigningKeyMissing(meta);
      });
    },

    async root(version) {
      return (await repo.root(version))?.envelope ?? null;
    },

    async latestRoot() {
      return (await repo.latestRoot())?.envelope ?? null;
    },

    async publish(input, publishedBy = 'system') {
      const parsed = PublishRequestSchema.safeParse(input);
      if (!parsed.success) {
        throw new CentralError('invalid', 'invalid-request', describeIssues(parsed.error.issues));
      }
      const { catalog, target, validForDays } = parsed.data;
      const row = await repo.transaction(async (tx) => {
        await tx.lock();
        return signAndInsert(tx, catalog, target, validForDays * DAY, publishedBy);
      });
      log('info', 'catalog.published', {
        version: row.version,
        target: row.target.kind,
        by: publishedBy,
      });
      return summaryOf(row);
    },

    async forKiosk(kiosk) {
      const latest = await repo.latestPublicationVersion();
      if (!targets || targets.latest !== latest) {
        const list = (await repo.liveCandidates()).map((p) => {
          envelopes.set(p.version, p.envelope);
          return { version: p.version, target: p.target };
        });
        targets = { latest, list };
        // Keep the envelopes of the live publications only.
        for (const v of envelopes.keys())
          if (!list.some((p) => p.version === v)) envelopes.delete(v);
      }
      const chosen = targets.list.find((p) => targetIncludes(p.target, kiosk));
      if (!chosen) return null;
      const envelope = envelopes.get(chosen.version);
      return envelope ? { version: chosen.version, envelope } : null;
    },

    async list(limit = 100) {
      return (await repo.list(limit)).map(summaryOf);
    },

    async rotateSigningKey() {
      const result = await repo.transaction(async (tx) => {
        await tx.lock();
        const latest = await tx.latestRoot();
        if (!latest) throw unavailable('publishing-unavailable', 'no root yet');
        const meta = rootMetadataOf(latest);
        const rootKey = keys.rootKey();
        const entry = rootKey && publicKeyEntry(rootKey);
        if (!rootKey || !entry || !meta.rootKeys.some((k) => k.keyid === entry.keyid)) {
          throw unavailable(
            'root-key-offline',
            'the root key is not on this server: sign the next root offline and upload it',
          );
        }
        if (meta.rootThreshold !== 1) {
          throw unavailable('root-threshold', 'this root needs several root keys: sign it offline');
        }
        const signing = keys.createSigningKey();
        const at = now();
        const next: RootMetadata = {
          ...meta,
          version: meta.version + 1,
          expiresAt: new Date(at.getTime() + ROOT_VALIDITY_MS).toISOString(),
          catalogKeys: [publicKeyEntry(signing)],
          catalogThreshold: 1,
        };
        await tx.insertRoot(rootEnvelope(next, [rootKey], at));
        const resigned = await republishLive(tx, 'key-rotation');
        return {
          rootVersion: next.version,
          keyid: next.catalogKeys[0]!.keyid,
          republished: resigned.length,
        };
      });
      log('warn', 'catalog.signing-key-rotated', result);
      return result;
    },

    async addRoot(input) {
      const envelope = SignedEnvelope.safeParse(input);
      if (!envelope.success || envelope.data.payloadType !== PAYLOAD_TYPES.root) {
        throw new CentralError('invalid', 'root-invalid', 'not a signed root envelope');
      }
      let meta: RootMetadata;
      try {
        meta = RootMetadata.parse(payloadOf(envelope.data));
      } catch {
        throw new CentralError('invalid', 'root-invalid', 'the root document is malformed');
      }
      const result = await repo.transaction(async (tx) => {
        await tx.lock();
        const latest = await tx.latestRoot();
        if (!latest) throw unavailable('publishing-unavailable', 'no root yet');
        const previous = rootMetadataOf(latest);
        if (meta.version !== previous.version + 1) {
          throw new CentralError(
            'conflict',
            'root-version',
            `the next root must be version ${previous.version + 1}`,
          );
        }
        const byOld = countValidSignatures(envelope.data, previous.rootKeys);
        const byNew = countValidSignatures(envelope.data, meta.rootKeys);
        if (byOld < previous.rootThreshold || byNew < meta.rootThreshold) {
          throw new CentralError(
            'invalid',
            'root-signature-invalid',
            'the root must be signed by the previous root keys and by its own',
          );
        }
        if (Date.parse(meta.expiresAt) <= now().getTime()) {
          throw new CentralError('invalid', 'root-expired', 'this root has already expired');
        }
        await tx.insertRoot({
          version: meta.version,
          envelope: JSON.stringify(envelope.data),
          expiresAt: meta.expiresAt,
          createdAt: now().toISOString(),
        });
        return { rootVersion: meta.version };
      });
      log('warn', 'catalog.root-added', result);
      warnIfSigningKeyMissing(meta);
      return result;
    },

    async renewExpiring(withinMs = DEFAULT_RENEW_WITHIN_MS) {
      const renewed = await repo.transaction(async (tx) => {
        await tx.lock();
        const at = now().getTime();
        const live = await tx.liveCandidates();
        if (!live.some((p) => Date.parse(p.expiresAt) - at < withinMs)) return [];
        // At least twice the window, or a short-lived publication would be renewed every time.
        return republishLive(tx, 'renewal', 2 * withinMs);
      });
      for (const p of renewed)
        log('info', 'catalog.renewed', { version: p.version, target: p.target.kind });
      return renewed.map(summaryOf);
    },

    async current() {
      const [newest] = await repo.list(1);
      return newest ? { version: newest.version, catalog: catalogOf(newest) } : null;
    },

    async publication(version) {
      const found = await repo.findPublication(version);
      return found ? { summary: summaryOf(found), catalog: catalogOf(found) } : null;
    },
  };
}
