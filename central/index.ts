// The central platform (intake side): `startCentral` opens the database (embedded PGlite or
// PostgreSQL, migrated on open), composes repositories → services → controllers and listens.
// Callers: `kiosk24 central`, the demo's embedded centre, and tests that count what it stored.
import { loadBundledCatalog } from '../catalog/load-bundled-catalog.ts';
import { describeDbError } from './db/db.ts';
import {
  describeDatabase,
  openDatabase,
  parseDatabaseUrl,
  type DatabaseTarget,
} from './db/open-database.ts';
import { CentralError } from './errors.ts';
import { adminBearerToken, type AuthenticateAdmin } from './http/admin-auth.ts';
import type { Authenticate } from './http/authenticate.ts';
import { buildServer } from './http/build-server.ts';
import { stderrWarnings, type CentralLog } from './http/log.ts';
import { createSignedRequestAuthenticator } from './http/signed-requests.ts';
import { createSqlCatalogRepository } from './repositories/catalog-repository.ts';
import { createSqlKioskRepository } from './repositories/kiosk-repository.ts';
import { openKeyStore } from './security/key-store.ts';
import { createRateLimiter, type RateLimit } from './security/rate-limiter.ts';
import {
  createCatalogPublishingService,
  type CatalogPublishingService,
} from './services/catalog-publishing-service.ts';
import { createEnrolmentService, type EnrolmentService } from './services/enrolment-service.ts';
import { createCertificateVerificationService } from './services/certificate-verification-service.ts';
import { createSqlAttachmentRepository } from './repositories/attachment-repository.ts';
import { createSqlRatingRepository } from './repositories/rating-repository.ts';
import { createSqlStatusFeedRepository } from './repositories/status-feed-repository.ts';
import { createSqlSubmissionRepository } from './repositories/submission-repository.ts';
import { createAttachmentService, type AttachmentService } from './services/attachment-service.ts';
import { createRatingService, type RatingService } from './services/rating-service.ts';
import { createStatusFeedService, type StatusFeedService } from './services/status-feed-service.ts';
import { requireAttachments } from './services/submission-attachments.ts';
import { createSubmissionService, type SubmissionService } from './services/submission-service.ts';

export type {
  Authenticate,
  AuthenticationRequest,
  KioskIdentity,
  PendingAuthentication,
} from './http/authenticate.ts';
export type { AdminIdentity, AuthenticateAdmin } from './http/admin-auth.ts';
export type { RateLimit } from './security/rate-limiter.ts';
export type { CatalogPublishingService } from './services/catalog-publishing-service.ts';
export type { EnrolmentService } from './services/enrolment-service.ts';
export type { CentralLog, CentralLogFields, CentralLogLevel } from './http/log.ts';
export type { RatingService } from './services/rating-service.ts';
export type { AttachmentService } from './services/attachment-service.ts';
export type { StatusFeedService } from './services/status-feed-service.ts';
export type { SubmissionService } from './services/submission-service.ts';
export type {
  StoredSubmission,
  SubmissionFilter,
  SubmissionStatus,
} from './repositories/submission-repository.ts';
export type { RatingFilter, StoredRating } from './repositories/rating-repository.ts';
export { CentralError };

export interface StartCentralOptions {
  port: number;
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** `pglite:memory`, `pglite:DIR` (created if missing) or `postgres://…`. */
  db: string;
  /** Default: warnings and errors as JSON lines on stderr; requests are logged at 'info'. */
  log?: CentralLog;
  /** Default: signed requests from enrolled kiosks (http/signed-requests.ts). */
  authenticate?: Authenticate;
  /** Largest accepted request body in bytes; default 1 MiB. */
  bodyLimit?: number;
  /**
   * Bearer token of the admin API (≥ 24 characters) until admin accounts exist; without one the
   * admin API answers 403 and admins act through `services` in this process only.
   */
  adminToken?: string;
  /** Or a sign-in of your own for the admin API; wins over `adminToken`. */
  authenticateAdmin?: AuthenticateAdmin;
  /**
   * Folder of the catalog root and signing keys (security/key-store.ts). Default: beside a
   * `pglite:DIR` database, `DIR-keys`; in memory for `pglite:memory`; for PostgreSQL none, and
   * publishing answers 503 until one is given.
   */
  keyDir?: string | null;
  /** Requests per kiosk; default a burst of 60, then 2 a second. */
  rateLimit?: RateLimit;
  /** How far a signed request's timestamp may stray from this clock; default 5 minutes. */
  signatureWindowMs?: number;
  /** The clock (tests move it). */
  now?: () => Date;
}

export interface CentralPlatform {
  /** Base URL kiosks use, e.g. http://127.0.0.1:8025 */
  url: string;
  port: number;
  services: {
    submissions: SubmissionService;
    ratings: RatingService;
    attachments: AttachmentService;
    statusFeed: StatusFeedService;
    enrolment: EnrolmentService;
    catalogs: CatalogPublishingService;
  };
  close(): Promise<void>;
}

/** `pglite:DIR` keeps its keys in `DIR-keys`; a throwaway database gets throwaway keys. */
function defaultKeyDir(target: DatabaseTarget): string | null | undefined {
  if (target.engine === 'postgres') return undefined;
  return target.dir === null ? null : `${target.dir}-keys`;
}

const refuse = async (): Promise<never> => {
  throw new CentralError(
    'unavailable',
    'publishing-unavailable',
    'catalog publishing needs a key folder: start the central platform with one',
  );
};

/** Stands in when no key folder was given: kiosks are told no catalog is published. */
const publishingUnavailable: CatalogPublishingService = {
  prepare: async () => {},
  root: async () => null,
  latestRoot: async () => null,
  publish: refuse,
  forKiosk: async () => null,
  list: async () => [],
  rotateSigningKey: refuse,
  addRoot: refuse,
  renewExpiring: async () => [],
};

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startCentral(opts: StartCentralOptions): Promise<CentralPlatform> {
  const log = opts.log ?? stderrWarnings;
  const host = opts.host ?? '127.0.0.1';
  // Read before the database opens: a broken bundled catalog should fail fast and leave nothing open.
  const catalog = loadBundledCatalog();
  const target = parseDatabaseUrl(opts.db);
  const db = await openDatabase(opts.db, (event, fields) => log('info', event, fields));
  const attachments = createAttachmentService(createSqlAttachmentRepository(db));
  const statusFeed = createStatusFeedService(createSqlStatusFeedRepository(db));
  const submissions = requireAttachments(
    createSubmissionService(createSqlSubmissionRepository(db)),
    attachments,
  );
  const ratings = createRatingService(createSqlRatingRepository(db));
  const now = opts.now ?? (() => new Date());
  const kioskRepo = createSqlKioskRepository(db);
  const enrolment = createEnrolmentService(kioskRepo, now);
  // Certificates are verified with the key each kiosk enrolled with (issue 4).
  const certificates = createCertificateVerificationService({
    find: (kioskId) => kioskRepo.findKiosk(kioskId),
  });
  const keyDir = opts.keyDir === undefined ? defaultKeyDir(target) : opts.keyDir;
  const catalogs =
    keyDir === undefined
      ? publishingUnavailable
      : createCatalogPublishingService({
          repo: createSqlCatalogRepository(db),
          keys: openKeyStore(keyDir),
          bundledVersion: catalog.version,
          log,
          now,
        });
  let app: ReturnType<typeof buildServer> | null = null;
  let port: number;
  try {
    const authenticateAdmin = opts.authenticateAdmin ?? adminBearerToken(opts.adminToken);
    await catalogs.prepare();
    await catalogs.renewExpiring();
    app = buildServer({
      submissions,
      ratings,
      attachments,
      statusFeed,
      ping: async () => {
        await db.query('SELECT 1');
      },
      catalog: () => catalog,
      enrolment,
      catalogs,
      certificates,
      authenticate:
        opts.authenticate ??
        createSignedRequestAuthenticator({
          kiosks: kioskRepo,
          limiter: createRateLimiter(opts.rateLimit, () => now().getTime()),
          now: () => now().getTime(),
          windowMs: opts.signatureWindowMs,
        }),
      authenticateAdmin,
      log,
      bodyLimit: opts.bodyLimit,
    });
    await app.listen({ port: opts.port, host });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : opts.port;
  } catch (err) {
    await app?.close().catch(() => {});
    await db.close();
    throw err;
  }
  log('info', 'central.started', {
    port,
    db: describeDatabase(target),
    keys: keyDir === undefined ? 'none' : (keyDir ?? 'memory'),
  });
  const timers: ReturnType<typeof setInterval>[] = [];
  const housekeeping = (what: string, job: () => Promise<unknown>) =>
    job().catch((err: unknown) =>
      log('warn', 'central.housekeeping-failed', { what, ...describeDbError(err) }),
    );
  // Spent nonces are only needed while their timestamps are inside the window.
  timers.push(
    setInterval(() => housekeeping('nonces', () => kioskRepo.purgeNonces(now())), 60_000),
  );
  timers.push(
    setInterval(() => housekeeping('renewal', () => catalogs.renewExpiring()), 6 * 3600_000),
  );
  for (const timer of timers) timer.unref();
  const server = app;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    services: { submissions, ratings, attachments, statusFeed, enrolment, catalogs },
    close() {
      closing ??= (async () => {
        for (const timer of timers) clearInterval(timer);
        await server.close();
        await db.close();
      })();
      return closing;
    },
  };
}
