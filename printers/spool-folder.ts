// The spool folder: where A4 documents go when no printer is configured, for the service desk.
// Documents carry personal data, so the folder is owner-only (0700) and each file 0600, and a
// file appears whole or not at all (written beside, flushed, then renamed into place).
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

/** A job name as a file name: letters, digits, '.', '_' and '-' only, never a path. */
export function spoolFileName(jobName: string): string {
  const safe = jobName
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 120);
  return `${safe || 'document'}.pdf`;
}

export function ensureSpoolDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Writes `<dir>/<jobName>.pdf` atomically with mode 0600; returns its path. */
export function writeSpoolFile(dir: string, jobName: string, bytes: Buffer): string {
  ensureSpoolDir(dir);
  const file = path.join(dir, spoolFileName(jobName));
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(temp, file);
  return file;
}
