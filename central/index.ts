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
import { createSqlFleetRepository } from './repositories/fleet-repository.ts';
import { openKeyStore } from './security/key-store.ts';
import { createRateLimiter, type RateLimit } from './security/rate-limiter.ts';
import {
  createCatalogPublishingService,
  type CatalogPublishingService,
} from './services/catalog-publishing-service.ts';
import { createEnrolmentService, type EnrolmentService } from './services/enrolment-service.ts';
import { createFleetService, type FleetService } from './services/fleet-service.ts';
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
import { rememberAdmins } from './http/admin-audit.ts';
import { createAdminAuthenticator } from './http/admin-session.ts';
import type { IpRateLimits } from './http/ip-rate-limit.ts';
import { createSqlAdminRepository } from './repositories/admin-repository.ts';
import { createSqlAuditRepository } from './repositories/audit-repository.ts';
import { createSqlInboxRepository } from './repositories/inbox-repository.ts';
import { createSqlStatisticsRepository } from './repositories/statistics-repository.ts';
import {
  createAdminAccountService,
  type AdminAccountService,
} from './services/admin-account-service.ts';
import { createAuditService, type AuditService } from './services/audit-service.ts';
import { createInboxService, type InboxService } from './services/inbox-service.ts';
import { createStatisticsService, type StatisticsService } from './services/statistics-service.ts';

export type {
  Authenticate,
  AuthenticationRequest,
  KioskIdentity,
  PendingAuthentication,
} from './http/authenticate.ts';
export type { AdminIdentity, AuthenticateAdmin } from './http/admin-auth.ts';
export type { AdminAccountService } from './services/admin-account-service.ts';
export type { AuditService } from './services/audit-service.ts';
export type { InboxService } from './services/inbox-service.ts';
export type { StatisticsService } from './services/statistics-service.ts';
export type { IpRateLimits } from './http/ip-rate-limit.ts';
export type { RateLimit } from './security/rate-limiter.ts';
export type { CatalogPublishingService } from './services/catalog-publishing-service.ts';
export type { EnrolmentService } from './services/enrolment-service.ts';
export type { FleetService } from './services/fleet-service.ts';
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
  /** Per-address limits on sign-in and the other open routes (http/ip-rate-limit.ts). */
  ipRateLimits?: IpRateLimits;
  /** Secure attribute on the console's session cookie; default on unless bound to loopback. */
  secureCookies?: boolean;
  /** The clock (tests move it). */
  now?: () => Date;
  /** Seconds between kiosk heartbeats the centre asks for (and sweeps at); default 60. */
  heartbeatSeconds?: number;
}

export interface CentralPlatform {
  /** Base URL kiosks use, e.g. http://127.0.0.1:8025 */
  url: string;
  port: number;
  /** The admin console's side (contract/admin-api.ts): accounts, audit log, inbox, statistics. */
  admin: {
    accounts: AdminAccountService;
    audit: AuditService;
    inbox: InboxService;
    statistics: StatisticsService;
  };
  services: {
    submissions: SubmissionService;
    ratings: RatingService;
    attachments: AttachmentService;
    statusFeed: StatusFeedService;
    enrolment: EnrolmentService;
    catalogs: CatalogPublishingService;
    fleet: FleetService;
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
  current: async () => null,
  publication: async () => null,
};

const isLoopbackHost = (host: string) =>
  host === 'localhost' || host === '::1' || host.startsWith('127.');

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
  const fleet = createFleetService({
    repo: createSqlFleetRepository(db),
    kiosks: kioskRepo,
    log,
    now,
    heartbeatSeconds: opts.heartbeatSeconds,
  });
  // Certificates are verified with the key each kiosk enrolled with (issue 4).
  const certificates = createCertificateVerificationService({
    find: (kioskId) => kioskRepo.findKiosk(kioskId),
  });
  const accounts = createAdminAccountService(createSqlAdminRepository(db), now);
  const audit = createAuditService(createSqlAuditRepository(db), now);
  const inbox = createInboxService(createSqlInboxRepository(db), submissions, now);
  const statistics = createStatisticsService(createSqlStatisticsRepository(db), now);
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
    // Console sessions or the bearer token (scripts); remembered per request for the audit log.
    const authenticateAdmin = rememberAdmins(
      opts.authenticateAdmin ??
        createAdminAuthenticator({ accounts, bearer: adminBearerToken(opts.adminToken) }),
    );
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
      fleet,
      authenticate:
        opts.authenticate ??
        createSignedRequestAuthenticator({
          kiosks: kioskRepo,
          limiter: createRateLimiter(opts.rateLimit, () => now().getTime()),
          now: () => now().getTime(),
          windowMs: opts.signatureWindowMs,
        }),
      authenticateAdmin,
      adminConsole: {
        accounts,
        audit,
        inbox,
        statistics,
        secureCookies: opts.secureCookies ?? !isLoopbackHost(host),
        ipRateLimits: opts.ipRateLimits,
      },
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
  timers.push(
    setInterval(() => housekeeping('admin-sessions', () => accounts.purgeExpired()), 15 * 60_000),
  );
  // Silent kiosks go offline (with an alert) and undelivered actions expire, once per interval.
  timers.push(
    setInterval(() => housekeeping('fleet', () => fleet.sweep()), fleet.heartbeatSeconds * 1000),
  );
  for (const timer of timers) timer.unref();
  const server = app;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    admin: { accounts, audit, inbox, statistics },
    services: { submissions, ratings, attachments, statusFeed, enrolment, catalogs, fleet },
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
