// The admin audit log: append-only entries, each with a SHA-256 over the previous entry's hash and
// its own fields (a hash chain), so an edited, inserted or removed entry breaks every hash after
// it. `verifyAuditChain` walks the whole log; the newest hash (`head`) kept elsewhere also exposes
// removal of the newest entries. What goes in: who, what route, which target, the outcome status,
// a short detail, the address — never applicants' data or passwords.
import { createHash } from 'node:crypto';
import type { AuditPage, AuditVerification } from '../../contract/admin-api.ts';
import { CentralError } from '../errors.ts';
import type {
  AuditFields,
  AuditFilter,
  AuditRepository,
  StoredAuditEntry,
} from '../repositories/audit-repository.ts';

export interface AuditService {
  record(fields: Omit<AuditFields, 'at'> & { at?: string }): Promise<StoredAuditEntry>;
  list(
    filter: Omit<AuditFilter, 'before'> & { cursor?: string },
    limit: number,
  ): Promise<AuditPage>;
  verifyAuditChain(): Promise<AuditVerification>;
}

/** Object keys sorted, so the same target always hashes the same. */
function canonicalTarget(target: Record<string, string>): [string, string][] {
  return Object.keys(target)
    .sort()
    .map((k) => [k, target[k]!]);
}

export function auditHash(previous: string | null, f: AuditFields): string {
  const fields = [f.at, f.actor, f.action, canonicalTarget(f.target), f.status, f.detail, f.ip];
  return createHash('sha256')
    .update(`${previous ?? ''}\n${JSON.stringify(fields)}`, 'utf8')
    .digest('hex');
}

const BATCH = 1000;

export function createAuditService(
  repo: AuditRepository,
  now: () => Date = () => new Date(),
): AuditService {
  return {
    async record(input) {
      const fields: AuditFields = {
        at: input.at ?? now().toISOString(),
        actor: input.actor.slice(0, 64),
        action: input.action.slice(0, 200),
        target: Object.fromEntries(
          Object.entries(input.target).map(([k, v]) => [k.slice(0, 64), String(v).slice(0, 200)]),
        ),
        status: input.status,
        detail: input.detail === null ? null : input.detail.slice(0, 300),
        ip: input.ip === null ? null : input.ip.slice(0, 64),
      };
      return repo.append(fields, (previous) => auditHash(previous, fields));
    },

    async list(filter, limit) {
      if (filter.cursor !== undefined && !/^\d{1,19}$/.test(filter.cursor)) {
        throw new CentralError('invalid', 'invalid-cursor', 'cursor must be a `next` of this log');
      }
      const { cursor, ...rest } = filter;
      const rows = await repo.list({ ...rest, before: cursor }, limit + 1);
      const entries = rows.slice(0, limit);
      return { entries, next: rows.length > limit ? entries.at(-1)!.seq : null };
    },

    async verifyAuditChain() {
      let previous: string | null = null;
      let after = '0';
      let checked = 0;
      for (;;) {
        const rows = await repo.inOrder(after, BATCH);
        for (const row of rows) {
          if (auditHash(previous, row) !== row.hash) {
            return { ok: false, checked, brokenAt: row.seq, head: previous };
          }
          previous = row.hash;
          checked++;
        }
        if (rows.length < BATCH) return { ok: true, checked, brokenAt: null, head: previous };
        after = rows.at(-1)!.seq;
      }
    },
  };
}
