// The `kiosk24` command as a technician runs it: a child process of bin/kiosk24.mjs, its exit
// code and output kept (a non-zero exit is a result to check, not a thrown error).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/kiosk24.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runKiosk24(...args: string[]): Promise<CliResult> {
  return run(process.execPath, [BIN, ...args], { timeout: 60_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: CliResult) => e,
  );
}
