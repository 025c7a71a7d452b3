// The Electron shell runs the kiosk host as a child Node process (ELECTRON_RUN_AS_NODE), so a
// host crash never takes the window down and the host is the same program the browser shell
// runs. The host announces its address on stdout as one JSON line.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface HostHandle {
  port: number;
  secret: string;
  child: ChildProcess;
}

export function spawnHost(
  appRoot: string,
  extraArgs: string[] = [],
  extraEnv: Record<string, string> = {},
): Promise<HostHandle> {
  const child = spawn(
    process.execPath,
    [
      path.join(appRoot, 'bin', 'kiosk24.mjs'),
      'start',
      '--shell',
      'none',
      '--announce',
      'json',
      ...extraArgs,
    ],
    {
      env: { ...process.env, ...extraEnv, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { event?: string; port?: number; secret?: string };
        if (msg.event === 'ready' && msg.port && msg.secret) {
          resolve({ port: msg.port, secret: msg.secret, child });
        }
      } catch {
        // Not the announcement: ordinary output.
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`kiosk host exited before it was ready (code ${code})`)),
    );
  });
}
