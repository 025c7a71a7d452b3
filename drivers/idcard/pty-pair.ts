// A linked pseudo-terminal pair made by socat: the kiosk opens one end as its reader's serial
// port, a simulator the other. Both ends are symlinks in `dir` (host, device).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface PtyPair {
  hostPath: string;
  devicePath: string;
  close(): Promise<void>;
}

const READY_TIMEOUT_MS = 5000;

export async function createPtyPair(dir?: string): Promise<PtyPair> {
  const ownDir = dir === undefined;
  const where = dir ?? (await mkdtemp(path.join(os.tmpdir(), 'kiosk24-pty-')));
  await mkdir(where, { recursive: true });
  const hostPath = path.join(where, 'host');
  const devicePath = path.join(where, 'device');
  // Stale links from an earlier run would make the wait below succeed too early.
  await rm(hostPath, { force: true });
  await rm(devicePath, { force: true });

  const child = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));

  const cleanUp = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(hostPath, { force: true });
    await rm(devicePath, { force: true });
    if (ownDir) await rm(where, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const onError = (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'ENOENT'
            ? new Error('socat is not installed (apt-get install socat): it makes the pty pair', {
                cause: err,
              })
            : err,
        );
      child.once('error', onError);
      child.once('exit', (code) =>
        reject(new Error(`socat exited (${code}) before the ptys were ready: ${stderr.trim()}`)),
      );
      const check = () => {
        // socat logs this once both ptys exist and their links are made.
        if (
          existsSync(hostPath) &&
          existsSync(devicePath) &&
          stderr.includes('starting data transfer loop')
        )
          return resolve();
        if (Date.now() - started > READY_TIMEOUT_MS)
          return reject(new Error(`socat pty pair not ready after ${READY_TIMEOUT_MS} ms`));
        setTimeout(check, 10);
      };
      check();
    });
  } catch (err) {
    await cleanUp();
    throw err;
  }
  let closing: Promise<void> | null = null;
  return { hostPath, devicePath, close: () => (closing ??= cleanUp()) };
}
