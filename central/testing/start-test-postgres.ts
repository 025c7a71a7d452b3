// A throwaway PostgreSQL cluster for tests, from Debian's server binaries (`apt-get install
// postgresql`): initdb in a temporary folder, one server on 127.0.0.1 and a unix socket in that
// folder, trust authentication, durability off (it lives for one test file). PostgreSQL refuses
// to run as root, so when we are root the cluster belongs to the `postgres` user.
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const DEBIAN_ROOT = '/usr/lib/postgresql';

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  /** Milliseconds from the call to a server accepting connections. */
  startMs: number;
  stop(): Promise<void>;
}

/** The newest installed server's bin folder, or null when `postgresql` is not installed. */
export function findPostgresBinDir(root: string = DEBIAN_ROOT): string | null {
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = path.join(root, v, 'bin');
    if (existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root but there is no postgres user to own the cluster');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const started = Date.now();
  const bin = findPostgresBinDir();
  if (!bin)
    throw new Error(`no PostgreSQL server under ${DEBIAN_ROOT}: apt-get install postgresql`);
  const owner = postgresUser();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, 'data');
  // cwd: the postgres user may not be allowed into ours.
  const as = { cwd: dir, ...(owner ?? {}), env: { ...process.env, LC_ALL: 'C' } };
  const pgCtl = path.join(bin, 'pg_ctl');
  let running = false;
  const stopNow = () => {
    if (running) spawnSync(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'], as);
    running = false;
    rmSync(dir, { recursive: true, force: true });
  };
  // A test process that dies without calling stop() must not leave a server behind.
  const onExit = () => stopNow();
  process.once('exit', onExit);
  try {
    await run(
      path.join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      as,
    );
    let url = '';
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const options = [
        `-c port=${port}`,
        '-c listen_addresses=127.0.0.1',
        `-c unix_socket_directories=${dir}`,
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
      ].join(' ');
      try {
        await run(
          pgCtl,
          [
            '-D',
            data,
            '-l',
            path.join(dir, 'server.log'),
            '-w',
            '-t',
            '60',
            '-o',
            options,
            'start',
          ],
          as,
        );
        running = true;
        url = `postgres://postgres@127.0.0.1:${port}/postgres`;
        break;
      } catch (err) {
        // Another process may have taken the port between our probe and the server's bind.
        if (attempt >= 3) throw err;
      }
    }
    return {
      url,
      startMs: Date.now() - started,
      async stop() {
        process.removeListener('exit', onExit);
        if (running) await run(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop'], as).catch(() => {});
        running = false;
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    process.removeListener('exit', onExit);
    stopNow();
    throw err;
  }
}
