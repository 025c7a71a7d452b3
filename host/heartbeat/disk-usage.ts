// Free and total bytes of the file system holding the kiosk's data folder (outbox, spool, kept
// receipts): the centre raises 'disk-low' from it before the outbox has nowhere to write.
import { statfs } from 'node:fs/promises';
import type { DiskReport } from '../../contract/fleet-api.ts';

export async function diskUsage(dir: string): Promise<DiskReport> {
  const s = await statfs(dir);
  // bavail, not bfree: what this (unprivileged) process can still write.
  const freeBytes = Math.min(Number(s.bavail) * Number(s.bsize), Number.MAX_SAFE_INTEGER);
  const totalBytes = Math.min(Number(s.blocks) * Number(s.bsize), Number.MAX_SAFE_INTEGER);
  return { freeBytes, totalBytes: Math.max(totalBytes, freeBytes) };
}
