// Receipt jobs the printer has not confirmed yet, oldest first, kept until it does. With a folder
// each job is a 0600 file written whole (temp + rename), so a kiosk restarted while the roll is
// empty still prints them once paper is back; without one they live in memory and a restart
// loses them (the submission itself is safe in the outbox either way). A receipt carries only
// masked personal data, and one older than `maxAgeMs` is dropped: nobody waits for it any more.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface QueuedReceipt {
  id: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  bytes: Buffer;
}

export interface ReceiptJobQueueOptions {
  /** Where jobs are kept across restarts; null keeps them in memory. */
  dir: string | null;
  /** Default 24 hours. */
  maxAgeMs?: number;
  now?: () => number;
}

const NAME = /^(\d{13})-([0-9a-f]{8})\.job$/;

export class ReceiptJobQueue {
  private readonly memory: QueuedReceipt[] = [];
  private readonly dir: string | null;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(opts: ReceiptJobQueueOptions) {
    this.dir = opts.dir ? path.resolve(opts.dir) : null;
    this.maxAgeMs = opts.maxAgeMs ?? 24 * 3600_000;
    this.now = opts.now ?? Date.now;
    if (this.dir) mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  get persistent(): boolean {
    return this.dir !== null;
  }

  add(bytes: Buffer): QueuedReceipt {
    const createdAt = this.now();
    const id = `${String(createdAt).padStart(13, '0')}-${randomBytes(4).toString('hex')}`;
    const job = { id, createdAt, bytes: Buffer.from(bytes) };
    if (this.dir) {
      const file = path.join(this.dir, `${id}.job`);
      writeFileSync(`${file}.tmp`, bytes, { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    } else this.memory.push(job);
    return job;
  }

  /** Jobs still worth printing, oldest first; expired ones are dropped on the way. */
  list(): QueuedReceipt[] {
    const limit = this.now() - this.maxAgeMs;
    if (!this.dir) {
      const expired = this.memory.filter((j) => j.createdAt < limit);
      for (const j of expired) this.remove(j.id);
      return [...this.memory];
    }
    const jobs: QueuedReceipt[] = [];
    for (const name of readdirSync(this.dir).sort()) {
      const m = NAME.exec(name);
      if (!m) continue;
      const createdAt = Number(m[1]);
      const id = name.slice(0, -'.job'.length);
      if (createdAt < limit) {
        this.remove(id);
        continue;
      }
      try {
        jobs.push({ id, createdAt, bytes: readFileSync(path.join(this.dir, name)) });
      } catch {
        // removed meanwhile
      }
    }
    return jobs;
  }

  remove(id: string): void {
    if (this.dir) rmSync(path.join(this.dir, `${id}.job`), { force: true });
    else {
      const at = this.memory.findIndex((j) => j.id === id);
      if (at >= 0) this.memory.splice(at, 1);
    }
  }

  size(): number {
    return this.list().length;
  }
}
