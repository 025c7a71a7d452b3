import path from 'node:path';
import type { Verb } from './main.ts';
import { parseFlags, portFlag, UsageError } from './usage-error.ts';
import { untilSignal } from './wait-for-signal.ts';

const ADMIN_TOKEN_ENV = 'KIOSK24_ADMIN_TOKEN';

export const centralVerb: Verb = {
  usage: `Usage: kiosk24 central [--port N] [--db URL] [--host ADDR] [--key-dir DIR] [--admin-token T]
       kiosk24 central enrol-token --url URL [--kiosk ID] [--district D] [--hours N]
       kiosk24 central root --url URL [--version N]
       kiosk24 central admin add --username NAME --role ROLE[,ROLE] [--display-name N]
                                 [--password-file F] [--db URL]
       kiosk24 central admin passwd --username NAME [--password-file F] [--db URL]
       kiosk24 central admin disable|enable --username NAME [--db URL]

  --port N          port to listen on (default 8025)
  --db URL          postgres://USER:PASS@HOST/DB for a real deployment,
                    pglite:DIR for an embedded database kept in DIR (default .kiosk24/central),
                    pglite:memory for a throwaway one
  --host ADDR       address to bind (default 127.0.0.1)
  --key-dir DIR     catalog root and signing keys (default: DIR-keys beside a pglite:DIR
                    database; required with PostgreSQL to publish catalogs). After the first
                    start, copy root.key somewhere offline and delete it from DIR.
  --admin-token T   bearer token of the admin API, at least 24 characters (or ${ADMIN_TOKEN_ENV});
                    for scripts; without one the admin API takes console sessions only
  --secure-cookies yes|no
                    Secure attribute of the console's session cookie (default yes, unless
                    --host is a loopback address); say no only for plain HTTP on a test LAN

  enrol-token       asks a running central platform (admin API, ${ADMIN_TOKEN_ENV} or
                    --admin-token) for a one-time kiosk enrolment token; put it in the kiosk's
                    configuration as central.enrolmentToken
  root              prints a catalog root (default 1) to ship with kiosks as
                    central.trustedRootFile
  admin add         creates an admin account of the console; roles: catalog-editor,
                    fleet-operator, auditor, case-officer (窗口受理人员, the only role that sees
                    applicants unmasked), account-admin (账号管理员, manages the other accounts
                    in the console's 账号管理; create the first one here). Without
                    --password-file a password is generated and printed once. An embedded
                    pglite:DIR database must not be in use (stop the centre first)
  admin passwd      sets an admin's password (file or generated) and ends their sessions
  admin disable     refuses an admin's sign-in and ends their sessions (enable undoes it); the
                    last enabled account-admin cannot be disabled`,
  async run(args) {
    if (args[0] === 'enrol-token') return enrolToken(args.slice(1));
    if (args[0] === 'root') return printRoot(args.slice(1));
    if (args[0] === 'admin') return adminAccount(args.slice(1));
    const { values } = parseFlags(args, {
      port: { type: 'string' },
      db: { type: 'string' },
      host: { type: 'string' },
      'key-dir': { type: 'string' },
      'admin-token': { type: 'string' },
      'secure-cookies': { type: 'string' },
    });
    const secureCookies = values['secure-cookies'];
    if (secureCookies !== undefined && secureCookies !== 'yes' && secureCookies !== 'no') {
      throw new UsageError(`--secure-cookies takes yes or no, got "${secureCookies}"`);
    }
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
      ...(secureCookies === undefined ? {} : { secureCookies: secureCookies === 'yes' }),
    });
    console.log(
      `kiosk24 central: listening on ${central.url} (database ${db.startsWith('pglite:') ? db : 'postgres'})`,
    );
    console.log(
      `kiosk24 central: admin console ${central.url}/console/ (kiosk24 central admin add …)`,
    );
    if (adminToken === undefined) {
      console.log('kiosk24 central: no --admin-token: the admin API takes console sessions only');
    }
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

/** Default database of `kiosk24 central`, so `admin add` finds the same one. */
const defaultCentralDb = () => `pglite:${path.resolve('.kiosk24', 'central')}`;

async function adminAccount(args: string[]): Promise<number> {
  const action = args[0];
  if (action !== 'add' && action !== 'passwd' && action !== 'disable' && action !== 'enable') {
    throw new UsageError('kiosk24 central admin add|passwd|disable|enable --username NAME …');
  }
  const { values } = parseFlags(args.slice(1), {
    db: { type: 'string' },
    username: { type: 'string' },
    role: { type: 'string' },
    'display-name': { type: 'string' },
    'password-file': { type: 'string' },
  });
  const username = values.username;
  if (!username) throw new UsageError('--username NAME is required');
  const roles = (values.role ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (action === 'add' && roles.length === 0) {
    throw new UsageError(
      '--role is required: catalog-editor, fleet-operator, auditor, case-officer, account-admin',
    );
  }
  const file = values['password-file'];
  const { readFileSync } = await import('node:fs');
  const { withAdminAccounts, generatePassword } = await import('../central/admin-accounts.ts');
  const { CentralError } = await import('../central/errors.ts');
  const toggle = action === 'disable' || action === 'enable';
  // The file's one line, without its line break; never echoed.
  const password = file ? readFileSync(file, 'utf8').replace(/\r?\n$/, '') : generatePassword();
  try {
    await withAdminAccounts(values.db ?? defaultCentralDb(), async (accounts) => {
      if (action === 'add') {
        await accounts.create({
          username,
          roles,
          password,
          ...(values['display-name'] ? { displayName: values['display-name'] } : {}),
        });
      } else if (toggle) {
        await accounts.setDisabled(username, action === 'disable');
      } else {
        await accounts.setPassword(username, password);
      }
    });
  } catch (err) {
    if (err instanceof CentralError) {
      console.error(`kiosk24 central admin ${action}: ${err.message}`);
      return 1;
    }
    throw err;
  }
  console.log(
    action === 'add'
      ? `kiosk24 central admin add: ${username} (${roles.join(', ')}) created`
      : toggle
        ? `kiosk24 central admin ${action}: ${username} ${action}d`
        : `kiosk24 central admin passwd: password of ${username} set; their sessions ended`,
  );
  if (toggle) return 0;
  if (!file) console.log(`password (shown once, keep it safe): ${password}`);
  return 0;
}
