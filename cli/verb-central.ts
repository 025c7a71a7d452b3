import path from 'node:path';
import type { Verb } from './main.ts';
import { parseFlags, portFlag, UsageError } from './usage-error.ts';
import { untilSignal } from './wait-for-signal.ts';

const ADMIN_TOKEN_ENV = 'KIOSK24_ADMIN_TOKEN';

export const centralVerb: Verb = {
  usage: `Usage: kiosk24 central [--port N] [--db URL] [--host ADDR] [--key-dir DIR] [--admin-token T]
       kiosk24 central enrol-token --url URL [--kiosk ID] [--district D] [--hours N]
       kiosk24 central root --url URL [--version N]

  --port N          port to listen on (default 8025)
  --db URL          postgres://USER:PASS@HOST/DB for a real deployment,
                    pglite:DIR for an embedded database kept in DIR (default .kiosk24/central),
                    pglite:memory for a throwaway one
  --host ADDR       address to bind (default 127.0.0.1)
  --key-dir DIR     catalog root and signing keys (default: DIR-keys beside a pglite:DIR
                    database; required with PostgreSQL to publish catalogs). After the first
                    start, copy root.key somewhere offline and delete it from DIR.
  --admin-token T   bearer token of the admin API, at least 24 characters (or ${ADMIN_TOKEN_ENV});
                    without one the admin API is off

  enrol-token       asks a running central platform (admin API, ${ADMIN_TOKEN_ENV} or
                    --admin-token) for a one-time kiosk enrolment token; put it in the kiosk's
                    configuration as central.enrolmentToken
  root              prints a catalog root (default 1) to ship with kiosks as
                    central.trustedRootFile`,
  async run(args) {
    if (args[0] === 'enrol-token') return enrolToken(args.slice(1));
    if (args[0] === 'root') return printRoot(args.slice(1));
    const { values } = parseFlags(args, {
      port: { type: 'string' },
      db: { type: 'string' },
      host: { type: 'string' },
      'key-dir': { type: 'string' },
      'admin-token': { type: 'string' },
    });
    const db = values.db ?? `pglite:${path.resolve('.kiosk24', 'central')}`;
    if (!/^(postgres(ql)?:\/\/|pglite:)/.test(db)) {
      throw new UsageError(`--db must be postgres://… or pglite:DIR or pglite:memory, got "${db}"`);
    }
    const adminToken = values['admin-token'] ?? process.env[ADMIN_TOKEN_ENV];
    if (adminToken !== undefined && adminToken.length < 24) {
      throw new UsageError('the admin token must be at least 24 characters');
    }
    const { startCentral } = await import('../central/index.ts');
    const central = await startCentral({
      port: portFlag(values.port) ?? 8025,
      host: values.host ?? '127.0.0.1',
      db,
      ...(values['key-dir'] === undefined ? {} : { keyDir: path.resolve(values['key-dir']) }),
      ...(adminToken === undefined ? {} : { adminToken }),
    });
    console.log(
      `kiosk24 central: listening on ${central.url} (database ${db.startsWith('pglite:') ? db : 'postgres'})`,
    );
    if (adminToken === undefined) console.log('kiosk24 central: admin API off (no --admin-token)');
    await untilSignal();
    await central.close();
    return 0;
  },
};

function baseUrl(url: string | undefined): string {
  if (!url || !/^https?:\/\//.test(url))
    throw new UsageError('--url http(s)://HOST:PORT is required');
  return url.replace(/\/+$/, '');
}

async function enrolToken(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    url: { type: 'string' },
    kiosk: { type: 'string' },
    district: { type: 'string' },
    hours: { type: 'string' },
    'admin-token': { type: 'string' },
  });
  const token = values['admin-token'] ?? process.env[ADMIN_TOKEN_ENV];
  if (!token)
    throw new UsageError(`the admin token is needed: --admin-token or ${ADMIN_TOKEN_ENV}`);
  const { ENROLMENT_PATHS } = await import('../contract/enrolment-api.ts');
  const res = await fetch(baseUrl(values.url) + ENROLMENT_PATHS.adminTokens, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      ...(values.kiosk ? { kioskId: values.kiosk } : {}),
      ...(values.district ? { district: values.district } : {}),
      ...(values.hours ? { validForHours: Number(values.hours) } : {}),
    }),
  });
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) {
    console.error(
      `kiosk24 central enrol-token: HTTP ${res.status} ${String(body.error ?? '')}: ${String(body.message ?? '')}`,
    );
    return 1;
  }
  console.log(JSON.stringify(body, null, 2));
  return 0;
}

async function printRoot(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { url: { type: 'string' }, version: { type: 'string' } });
  const version = values.version === undefined ? 1 : Number(values.version);
  if (!Number.isInteger(version) || version < 1)
    throw new UsageError('--version must be 1 or more');
  const { rootPath } = await import('../contract/catalog-publishing.ts');
  const res = await fetch(baseUrl(values.url) + rootPath(version));
  if (!res.ok) {
    console.error(`kiosk24 central root: HTTP ${res.status}`);
    return 1;
  }
  console.log(await res.text());
  return 0;
}
