// The central platform (intake side): `startCentral` opens the database (embedded PGlite or
// PostgreSQL, migrated on open), composes repositories → services → controllers and listens.
// Callers: `kiosk24 central`, the demo's embedded centre, and tests that count what it stored.
import { loadBundledCatalog } from '../catalog/load-bundled-catalog.ts';
import { describeDatabase, openDatabase, parseDatabaseUrl } from './db/open-database.ts';
import { buildServer } from './http/build-server.ts';
import { authenticateByKioskIdHeader, type Authenticate } from './http/authenticate.ts';
import { stderrWarnings, type CentralLog } from './http/log.ts';
import { createSqlRatingRepository } from './repositories/rating-repository.ts';
import { createSqlSubmissionRepository } from './repositories/submission-repository.ts';
import { createRatingService, type RatingService } from './services/rating-service.ts';
import { createSubmissionService, type SubmissionService } from './services/submission-service.ts';

export type { Authenticate, KioskIdentity } from './http/authenticate.ts';
export type { CentralLog, CentralLogFields, CentralLogLevel } from './http/log.ts';
export type { RatingService } from './services/rating-service.ts';
export type { SubmissionService } from './services/submission-service.ts';
export type {
  StoredSubmission,
  SubmissionFilter,
  SubmissionStatus,
} from './repositories/submission-repository.ts';
export type { RatingFilter, StoredRating } from './repositories/rating-repository.ts';
export { CentralError } from './errors.ts';

export interface StartCentralOptions {
  port: number;
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** `pglite:memory`, `pglite:DIR` (created if missing) or `postgres://…`. */
  db: string;
  /** Default: warnings and errors as JSON lines on stderr; requests are logged at 'info'. */
  log?: CentralLog;
  /** Default: the kiosk names itself in `x-kiosk-id` (enrolment and signatures: issue 6). */
  authenticate?: Authenticate;
  /** Largest accepted request body in bytes; default 1 MiB. */
  bodyLimit?: number;
}

export interface CentralPlatform {
  /** Base URL kiosks use, e.g. http://127.0.0.1:8025 */
  url: string;
  port: number;
  services: { submissions: SubmissionService; ratings: RatingService };
  close(): Promise<void>;
}

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
  const submissions = createSubmissionService(createSqlSubmissionRepository(db));
  const ratings = createRatingService(createSqlRatingRepository(db));
  const app = buildServer({
    submissions,
    ratings,
    ping: async () => {
      await db.query('SELECT 1');
    },
    catalog: () => catalog,
    authenticate: opts.authenticate ?? authenticateByKioskIdHeader,
    log,
    bodyLimit: opts.bodyLimit,
  });
  let port: number;
  try {
    await app.listen({ port: opts.port, host });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : opts.port;
  } catch (err) {
    await app.close().catch(() => {});
    await db.close();
    throw err;
  }
  log('info', 'central.started', { port, db: describeDatabase(target) });

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    services: { submissions, ratings },
    close() {
      closing ??= (async () => {
        await app.close();
        await db.close();
      })();
      return closing;
    },
  };
}
