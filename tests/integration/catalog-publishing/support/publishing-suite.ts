// Signed catalog publishing end to end, against one database backend: the centre publishes,
// signs and targets; kiosks (their real store and updater, enrolled with their own keys) verify
// and apply between sessions. Attacks come through a real proxy in the middle of the connection.
import { mkdirSync, mkdtempSync, rmdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../../catalog/load-bundled-catalog.ts';
import { ApiError } from '../../../../contract/central-api.ts';
import {
  PAYLOAD_TYPES,
  PUBLISHING_PATHS,
  PublicationSummary,
  RootMetadata,
  SignedEnvelope,
  rolloutBucket,
  rootPath,
  type CatalogMetadata,
} from '../../../../contract/catalog-publishing.ts';
import { startCentral, type CentralPlatform } from '../../../../central/index.ts';
import { generateEd25519, publicKeyEntry } from '../../../../central/security/ed25519.ts';
import { openKeyStore } from '../../../../central/security/key-store.ts';
import { payloadOf, signEnvelope } from '../../../../central/security/signed-envelope.ts';
import { catalogDir } from '../../../../host/catalog-store.ts';
import { kioskRequestSigner } from '../../../../offline-cache/request-signing.ts';
import type { Backend } from '../../central/support/backends.ts';
import { post } from '../../central/support/http.ts';
import { catalogVariant, firstItemName, kioskUnderTest } from './kiosk-fixture.ts';
import { startTamperingProxy, type TamperingProxy } from './tampering-proxy.ts';

const ADMIN_TOKEN = 'catalog-admin-token-0123456789abcdef';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const DAY = 24 * 3600_000;
const bundled = loadBundledCatalog();

export function definePublishingSuite(backend: Backend): void {
  describe.skipIf(backend.unavailable !== null)(`catalog publishing on ${backend.name}`, () => {
    let central: CentralPlatform;
    let proxy: TamperingProxy;
    let keyDir: string;
    const centralLog: string[] = [];
    let offset = 0;

    beforeAll(async () => {
      keyDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk24-keys-')), 'keys');
      central = await startCentral({
        port: 0,
        db: await backend.start(),
        keyDir,
        adminToken: ADMIN_TOKEN,
        now: () => new Date(Date.now() + offset),
        log: (level, event, fields) => centralLog.push(JSON.stringify({ level, event, ...fields })),
      });
      proxy = await startTamperingProxy(central.url);
    }, 60_000);
    afterAll(async () => {
      await proxy?.close();
      await central?.close();
      await backend.stop();
    });

    const publish = (label: string, target: Record<string, unknown> = { kind: 'all' }, days = 30) =>
      central.services.catalogs.publish({
        catalog: catalogVariant(label),
        target: target as never,
        validForDays: days,
      });
    /** The last envelope the centre served through the proxy for the kiosk catalog path. */
    const lastServedCatalog = () =>
      proxy.seen.filter((s) => s.path === PUBLISHING_PATHS.kioskCatalog && s.status === 200).at(-1)!
        .body;
    const signingKey = async (rootVersion: number) => {
      const meta = RootMetadata.parse(
        payloadOf(
          SignedEnvelope.parse(JSON.parse((await central.services.catalogs.root(rootVersion))!)),
        ),
      );
      return openKeyStore(keyDir).signingKey(meta.catalogKeys[0]!.keyid)!;
    };
    /** A catalog envelope signed with `key`, as the centre would shape it. */
    const forge = (
      key: ReturnType<typeof generateEd25519>,
      version: number,
      catalog: unknown,
      target = { kind: 'all' as const },
    ) => {
      const expiresAt = new Date(Date.now() + DAY).toISOString();
      const metadata: CatalogMetadata = {
        type: 'kiosk24-catalog',
        version,
        expiresAt,
        target,
        catalog,
      };
      return JSON.stringify(signEnvelope(PAYLOAD_TYPES.catalog, metadata, [key]));
    };

    it('creates root 1 and its keys on first start, and serves roots to anyone', async () => {
      const res = await fetch(central.url + rootPath(1));
      expect(res.status).toBe(200);
      const root = RootMetadata.parse(payloadOf(SignedEnvelope.parse(await res.json())));
      expect(root).toMatchObject({ version: 1, rootThreshold: 1, catalogThreshold: 1 });
      expect(openKeyStore(keyDir).rootKey()).not.toBeNull();
      expect((await fetch(central.url + rootPath(99))).status).toBe(404);
      expect((await fetch(`${central.url}/api/v1/catalog/roots/x`)).status).toBe(404);
    });

    it('publishes over the admin API only, with versions above the bundled catalog', async () => {
      const body = { catalog: catalogVariant('admin'), target: { kind: 'all' } };
      expect((await post(central.url, PUBLISHING_PATHS.adminPublications, body)).status).toBe(401);
      const created = await post(central.url, PUBLISHING_PATHS.adminPublications, body, admin);
      expect(created.status).toBe(201);
      const summary = PublicationSummary.parse(created.body);
      expect(summary.version).toBeGreaterThan(bundled.version);
      const next = await publish('next');
      expect(next.version).toBe(summary.version + 1);

      const broken = catalogVariant('broken') as { items: { code: string }[] };
      broken.items[0]!.code = 'lower-case-is-not-a-code';
      const refused = await post(
        central.url,
        PUBLISHING_PATHS.adminPublications,
        { catalog: broken },
        admin,
      );
      expect(refused.status).toBe(400);
      expect(ApiError.parse(refused.body).error).toBe('catalog-invalid');
      const listed = await fetch(central.url + PUBLISHING_PATHS.adminPublications, {
        headers: admin,
      });
      expect((await listed.json()) as unknown[]).toHaveLength(2);
    });

    it('gives the kiosk catalog to signed, enrolled kiosks only, 304 when it runs it', async () => {
      const kiosk = await kioskUnderTest(central);
      const unsigned = await fetch(central.url + PUBLISHING_PATHS.kioskCatalog);
      expect(unsigned.status).toBe(401);
      const sign = kioskRequestSigner(kiosk.config.dataDir, kiosk.config.kioskId);
      const path = PUBLISHING_PATHS.kioskCatalog;
      const first = await fetch(central.url + path, { headers: sign({ method: 'GET', path }) });
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag')!;
      const again = await fetch(central.url + path, {
        headers: { ...sign({ method: 'GET', path }), 'if-none-match': etag },
      });
      expect(again.status).toBe(304);
      await kiosk.close();
    });

    describe('a kiosk', () => {
      it('applies a newer catalog at once when nobody is in a session, and keeps it across a restart', async () => {
        const kiosk = await kioskUnderTest(central);
        expect(kiosk.store.current().version).toBe(bundled.version);
        const v = await publish('fresh');
        expect(await kiosk.updater.checkNow()).toBe('applied');
        expect(kiosk.store.current().version).toBe(v.version);
        expect(firstItemName(kiosk.store.current())).toContain('fresh');
        expect(await kiosk.updater.checkNow()).toBe('up-to-date');

        const restarted = kiosk.reopen();
        expect(restarted.store.current().version).toBe(v.version);
        // Pinned to another centre's root, the kiosk cannot verify what it stored: bundled again.
        const [rootKey, otherSigning] = [generateEd25519(), generateEd25519()];
        const foreign: RootMetadata = {
          type: 'kiosk24-root',
          version: 1,
          expiresAt: new Date(Date.now() + 300 * DAY).toISOString(),
          rootKeys: [publicKeyEntry(rootKey)],
          rootThreshold: 1,
          catalogKeys: [publicKeyEntry(otherSigning)],
          catalogThreshold: 1,
        };
        const pinnedElsewhere = kiosk.reopen({
          pinnedRoot: JSON.stringify(signEnvelope(PAYLOAD_TYPES.root, foreign, [rootKey])),
        });
        expect(pinnedElsewhere.store.current().version).toBe(bundled.version);
        await kiosk.close();
      });

      it('refuses a catalog changed in transit (one byte) and keeps its own', async () => {
        const kiosk = await kioskUnderTest(central, { centralUrl: proxy.url });
        await publish('before');
        expect(await kiosk.updater.checkNow()).toBe('applied');
        const running = kiosk.store.current().version;
        await publish('tampered');
        proxy.rewrite = ({ path, status, body }) => {
          if (path !== PUBLISHING_PATHS.kioskCatalog || status !== 200) return null;
          const envelope = SignedEnvelope.parse(JSON.parse(body));
          const bytes = Buffer.from(envelope.payload, 'base64');
          const at = bytes.indexOf(Buffer.from('tampered'));
          bytes[at] = 'T'.charCodeAt(0); // one byte
          return {
            status,
            body: JSON.stringify({ ...envelope, payload: bytes.toString('base64') }),
          };
        };
        try {
          expect(await kiosk.updater.checkNow()).toBe('rejected');
        } finally {
          proxy.rewrite = null;
        }
        expect(kiosk.store.current().version).toBe(running);
        expect(kiosk.rejections().at(-1)).toMatchObject({ reason: 'bad-signature', running });
        await kiosk.close();
      });

      it('refuses an expired catalog (freeze) and keeps its own', async () => {
        const kiosk = await kioskUnderTest(central);
        await publish('current');
        await kiosk.updater.checkNow();
        const running = kiosk.store.current().version;
        offset = -60 * DAY;
        try {
          await publish('stale', { kind: 'all' }, 30); // expired 30 days ago by the kiosk's clock
        } finally {
          offset = 0;
        }
        expect(await kiosk.updater.checkNow()).toBe('rejected');
        expect(kiosk.store.current().version).toBe(running);
        expect(kiosk.rejections().at(-1)).toMatchObject({ reason: 'expired', running });
        await kiosk.close();
      });

      it('refuses an older catalog replayed by the network (rollback)', async () => {
        const kiosk = await kioskUnderTest(central, { centralUrl: proxy.url });
        await publish('old');
        await kiosk.updater.checkNow();
        const old = lastServedCatalog();
        await publish('new');
        expect(await kiosk.updater.checkNow()).toBe('applied');
        const running = kiosk.store.current().version;
        proxy.rewrite = ({ path }) =>
          path === PUBLISHING_PATHS.kioskCatalog ? { status: 200, body: old } : null;
        try {
          expect(await kiosk.updater.checkNow()).toBe('rejected');
        } finally {
          proxy.rewrite = null;
        }
        expect(kiosk.store.current().version).toBe(running);
        expect(kiosk.rejections().at(-1)).toMatchObject({ reason: 'rollback', running });
        await kiosk.close();
      });

      it('refuses a catalog signed by a key the root does not list, or not aimed at it, or invalid', async () => {
        const kiosk = await kioskUnderTest(central, { centralUrl: proxy.url });
        await kiosk.updater.checkNow();
        const running = kiosk.store.current().version;
        const serve = (body: string) => {
          proxy.rewrite = ({ path }) =>
            path === PUBLISHING_PATHS.kioskCatalog ? { status: 200, body } : null;
        };
        const content = (v: number) => ({
          ...catalogVariant('forged'),
          version: v,
          expiresAt: new Date(Date.now() + DAY).toISOString(),
        });
        try {
          serve(forge(generateEd25519(), running + 100, content(running + 100)));
          expect(await kiosk.updater.checkNow()).toBe('rejected');
          expect(kiosk.rejections().at(-1)).toMatchObject({ reason: 'unknown-key' });

          // Signed by the real key but for another district: a mix-and-match attack.
          const key = await signingKey(1);
          const other = forge(key, running + 101, content(running + 101), {
            kind: 'districts',
            districts: ['越秀区'],
          } as never);
          serve(other);
          expect(await kiosk.updater.checkNow()).toBe('rejected');
          expect(kiosk.rejections().at(-1)).toMatchObject({ reason: 'not-targeted' });

          // Signed by the real key, but not a catalog the kiosk could run.
          const broken = { ...content(running + 102), items: [] };
          serve(forge(key, running + 102, broken));
          expect(await kiosk.updater.checkNow()).toBe('rejected');
          expect(kiosk.rejections().at(-1)).toMatchObject({ reason: 'schema' });

          // Envelope and catalog disagree on the version.
          serve(forge(key, running + 103, content(running + 104)));
          expect(await kiosk.updater.checkNow()).toBe('rejected');
          expect(kiosk.rejections().at(-1)).toMatchObject({ reason: 'version-mismatch' });
        } finally {
          proxy.rewrite = null;
        }
        expect(kiosk.store.current().version).toBe(running);
        await kiosk.close();
      });

      it('applies a newer catalog only after the session ends', async () => {
        const kiosk = await kioskUnderTest(central);
        await publish('start');
        await kiosk.updater.checkNow();
        const running = kiosk.store.current().version;
        kiosk.store.sessionActivity(true);
        const v = await publish('during-session');
        expect(await kiosk.updater.checkNow()).toBe('staged');
        expect(kiosk.store.current().version).toBe(running);
        expect(await kiosk.updater.checkNow()).toBe('up-to-date'); // waiting, not fetched again
        kiosk.store.sessionActivity(false);
        expect(kiosk.store.current().version).toBe(v.version);
        expect(firstItemName(kiosk.store.current())).toContain('during-session');
        await kiosk.close();
      });

      it('keeps its catalog when the new one cannot be written, and applies it later', async () => {
        const kiosk = await kioskUnderTest(central);
        await kiosk.updater.checkNow();
        const running = kiosk.store.current().version;
        await publish('unwritable');
        // A folder where the temporary file must go: the write fails before the rename.
        const blocker = path.join(catalogDir(kiosk.config.dataDir), 'current.json.tmp');
        mkdirSync(blocker, { recursive: true });
        expect(await kiosk.updater.checkNow()).toBe('rejected');
        expect(kiosk.store.current().version).toBe(running);
        expect(kiosk.rejections().at(-1)).toMatchObject({ reason: 'write-failed', running });
        expect(kiosk.reopen().store.current().version).toBe(running);
        rmdirSync(blocker);
        expect(await kiosk.updater.checkNow()).toBe('applied');
        await kiosk.close();
      });

      it('rolls back by a newer publication with the older content', async () => {
        const kiosk = await kioskUnderTest(central);
        await publish('good');
        await kiosk.updater.checkNow();
        const good = kiosk.store.current();
        await publish('bad');
        await kiosk.updater.checkNow();
        expect(firstItemName(kiosk.store.current())).toContain('bad');
        const rollback = await central.services.catalogs.publish({
          catalog: { ...good } as unknown as Record<string, unknown>,
        });
        expect(await kiosk.updater.checkNow()).toBe('applied');
        expect(kiosk.store.current().version).toBe(rollback.version);
        expect(firstItemName(kiosk.store.current())).toBe(firstItemName(good));
        await kiosk.close();
      });

      it('follows a rotation of the signing key through a new root', async () => {
        const kiosk = await kioskUnderTest(central, { centralUrl: proxy.url });
        await publish('before-rotation');
        await kiosk.updater.checkNow();
        const oldKey = await signingKey(await latestRootVersion());
        const rotated = await post(central.url, PUBLISHING_PATHS.adminSigningKeys, {}, admin);
        expect(rotated.status).toBe(201);
        const { rootVersion, republished } = rotated.body as {
          rootVersion: number;
          republished: number;
        };
        expect(republished).toBeGreaterThan(0);
        // The kiosk learns the new root (signed by the root key it already trusts) and the
        // re-signed catalog verifies under it.
        expect(await kiosk.updater.checkNow()).toBe('applied');
        expect(kiosk.store.latestRoot()?.meta.version).toBe(rootVersion);
        const running = kiosk.store.current().version;

        // The retired key is no longer trusted.
        serveOnce(
          forge(oldKey, running + 50, {
            ...catalogVariant('old-key'),
            version: running + 50,
            expiresAt: new Date(Date.now() + DAY).toISOString(),
          }),
        );
        expect(await kiosk.updater.checkNow()).toBe('rejected');
        expect(kiosk.rejections().at(-1)).toMatchObject({ reason: 'unknown-key' });

        // A next root not signed by the trusted root key is refused; the chain stays.
        const intruder = generateEd25519();
        const meta = RootMetadata.parse(
          payloadOf(SignedEnvelope.parse(JSON.parse(kiosk.store.latestRoot()!.text))),
        );
        const fakeRoot = JSON.stringify(
          signEnvelope(PAYLOAD_TYPES.root, { ...meta, version: meta.version + 1 }, [intruder]),
        );
        proxy.rewrite = ({ path }) =>
          path === rootPath(meta.version + 1) ? { status: 200, body: fakeRoot } : null;
        try {
          expect(await kiosk.updater.checkNow()).toBe('rejected');
        } finally {
          proxy.rewrite = null;
        }
        expect(kiosk.rejections().at(-1)).toMatchObject({ reason: 'root-chain' });
        expect(kiosk.store.latestRoot()?.meta.version).toBe(rootVersion);

        // After a restart the catalog signed under the new root still verifies from disk.
        expect(kiosk.reopen().store.current().version).toBe(running);
        await kiosk.close();
      });

      it('takes a root signed offline by the root key, and refuses one that is not', async () => {
        const latest = await latestRootVersion();
        const rootKey = openKeyStore(keyDir).rootKey()!;
        const meta = RootMetadata.parse(
          payloadOf(
            SignedEnvelope.parse(JSON.parse((await central.services.catalogs.root(latest))!)),
          ),
        );
        const next = {
          ...meta,
          version: latest + 1,
          expiresAt: new Date(Date.now() + 300 * DAY).toISOString(),
        };
        const forged = signEnvelope(PAYLOAD_TYPES.root, next, [generateEd25519()]);
        const refused = await post(central.url, PUBLISHING_PATHS.adminRoots, forged, admin);
        expect(refused.status).toBe(400);
        expect(ApiError.parse(refused.body).error).toBe('root-signature-invalid');
        const signed = signEnvelope(PAYLOAD_TYPES.root, next, [rootKey]);
        const added = await post(central.url, PUBLISHING_PATHS.adminRoots, signed, admin);
        expect(added.status).toBe(201);
        const again = await post(central.url, PUBLISHING_PATHS.adminRoots, signed, admin);
        expect(again.status).toBe(409);
      });
    });

    describe('targeting', () => {
      it('serves each kiosk the newest publication aimed at it', async () => {
        const base = await publish('everyone');
        const tianhe = await kioskUnderTest(central, { district: '天河区' });
        const yuexiu = await kioskUnderTest(central, { district: '越秀区' });
        const listed = await kioskUnderTest(central, { district: '越秀区' });
        const district = await publish('yuexiu-only', { kind: 'districts', districts: ['越秀区'] });
        const list = await publish('one-kiosk', {
          kind: 'kiosks',
          kioskIds: [listed.config.kioskId],
        });
        await tianhe.updater.checkNow();
        await yuexiu.updater.checkNow();
        await listed.updater.checkNow();
        expect(tianhe.store.current().version).toBe(base.version);
        expect(yuexiu.store.current().version).toBe(district.version);
        expect(listed.store.current().version).toBe(list.version);

        // A percentage rollout reaches exactly the kiosks whose stable bucket is below it.
        const pilots = await Promise.all(
          ['GZ-PCT-A', 'GZ-PCT-B', 'GZ-PCT-C', 'GZ-PCT-D', 'GZ-PCT-E', 'GZ-PCT-F'].map((kioskId) =>
            kioskUnderTest(central, { kioskId: `${kioskId}-${process.pid}`, district: '海珠区' }),
          ),
        );
        const percent = 50;
        const staged = await publish('half', { kind: 'percentage', percent });
        for (const k of pilots) {
          await k.updater.checkNow();
          const inside = rolloutBucket(k.config.kioskId) < percent;
          expect(k.store.current().version).toBe(inside ? staged.version : base.version);
        }
        // Everyone again: a publication for all supersedes every targeted one before it.
        const all = await publish('all-again');
        for (const k of [tianhe, yuexiu, listed, ...pilots]) {
          await k.updater.checkNow();
          expect(k.store.current().version).toBe(all.version);
          await k.close();
        }
      });
    });

    it('renews publications in force before they expire, keeping their order', async () => {
      const all = await publish('renew-all');
      const district = await publish(
        'renew-district',
        { kind: 'districts', districts: ['越秀区'] },
        1,
      );
      const renewed = await central.services.catalogs.renewExpiring(2 * DAY);
      expect(renewed.map((r) => r.target.kind)).toEqual(['all', 'districts']);
      expect(renewed[0]!.version).toBeGreaterThan(district.version);
      expect(renewed[0]!.contentSha256).toBe(all.contentSha256);
      expect(await central.services.catalogs.renewExpiring(2 * DAY)).toEqual([]);
    });

    it('logged publishing without errors', () => {
      const log = centralLog.join('\n');
      expect(log).toContain('"event":"catalog.published"');
      expect(log).toContain('"event":"catalog.poll"');
      expect(centralLog.filter((l) => l.includes('"level":"error"'))).toEqual([]);
    });

    async function latestRootVersion(): Promise<number> {
      let v = 1;
      while (await central.services.catalogs.root(v + 1)) v++;
      return v;
    }

    function serveOnce(body: string) {
      proxy.rewrite = ({ path }) => {
        if (path !== PUBLISHING_PATHS.kioskCatalog) return null;
        proxy.rewrite = null;
        return { status: 200, body };
      };
    }
  });
}
