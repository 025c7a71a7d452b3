// The submissions inbox of the console. Minimum necessary (PIPL): every admin sees applicants
// masked (contract/masking.ts); only a case officer (窗口受理人员) sees the full applicant, the form
// and the officers' notes, and only a case officer changes a status — through the submission
// service's transitions, so the kiosks' status feed (a trigger on the status) carries it back.
import {
  type AdminRole,
  type MaskedApplicant,
  type StatusChangeRequest,
  type SubmissionDetail,
  type SubmissionPage,
  type SubmissionSummary,
} from '../../contract/admin-api.ts';
import type { Applicant } from '../../contract/central-api.ts';
import { maskIdNumber, maskName } from '../../contract/masking.ts';
import { CentralError } from '../errors.ts';
import type { InboxFilter, InboxRepository, InboxRow } from '../repositories/inbox-repository.ts';
import type { SubmissionService } from './submission-service.ts';

export const UNMASKED_ROLE: AdminRole = 'case-officer';

export interface InboxViewer {
  adminId: string;
  roles: readonly AdminRole[];
}

export interface InboxService {
  list(
    filter: Omit<InboxFilter, 'before'> & { cursor?: string },
    limit: number,
  ): Promise<SubmissionPage>;
  detail(trackingCode: string, viewer: InboxViewer): Promise<SubmissionDetail | null>;
  changeStatus(
    trackingCode: string,
    change: StatusChangeRequest,
    officer: InboxViewer,
  ): Promise<SubmissionDetail | null>;
}

const mask = (a: Pick<Applicant, 'cardType' | 'name' | 'idNumber'>): MaskedApplicant => ({
  cardType: a.cardType,
  name: maskName(a.name),
  idNumber: maskIdNumber(a.idNumber),
});

function summaryOf(row: InboxRow): SubmissionSummary {
  return { ...row, applicant: mask(row.applicant) };
}

const encodeCursor = (row: InboxRow) =>
  Buffer.from(JSON.stringify([row.receivedAt, row.trackingCode])).toString('base64url');

function decodeCursor(cursor: string): InboxFilter['before'] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string' &&
      value[1].length <= 64
    ) {
      return { receivedAt: value[0], trackingCode: value[1] };
    }
  } catch {
    // falls through to the refusal
  }
  throw new CentralError('invalid', 'invalid-cursor', 'cursor must be a `next` of this inbox');
}

export function createInboxService(
  repo: InboxRepository,
  submissions: SubmissionService,
  now: () => Date = () => new Date(),
): InboxService {
  async function detail(trackingCode: string, viewer: InboxViewer) {
    const s = await submissions.get(trackingCode);
    if (!s) return null;
    const unmasked = viewer.roles.includes(UNMASKED_ROLE);
    const history = (await repo.history(trackingCode)).map((h) => ({
      ...h,
      note: unmasked ? h.note : null,
    }));
    return {
      trackingCode: s.trackingCode,
      kioskId: s.kioskId,
      itemCode: s.itemCode,
      catalogVersion: s.catalogVersion,
      status: s.status,
      submittedAt: s.submittedAt,
      receivedAt: s.receivedAt,
      statusChangedAt: s.statusChangedAt,
      identityMethod: s.identityMethod,
      masked: !unmasked,
      applicant: unmasked ? s.applicant : mask(s.applicant),
      form: unmasked ? s.form : null,
      history: [
        { status: 'received' as const, at: s.receivedAt, by: null, note: null },
        ...history,
      ],
    } satisfies SubmissionDetail;
  }

  return {
    async list(filter, limit) {
      const { cursor, ...rest } = filter;
      const rows = await repo.list(
        { ...rest, ...(cursor === undefined ? {} : { before: decodeCursor(cursor) }) },
        limit + 1,
      );
      const page = rows.slice(0, limit);
      return {
        submissions: page.map(summaryOf),
        next: rows.length > limit ? encodeCursor(page.at(-1)!) : null,
      };
    },

    detail,

    async changeStatus(trackingCode, change, officer) {
      if (!officer.roles.includes(UNMASKED_ROLE)) {
        throw new CentralError(
          'forbidden',
          'admin-role-required',
          `this action needs the ${UNMASKED_ROLE} role`,
        );
      }
      const before = await submissions.get(trackingCode);
      if (!before) return null;
      if (before.status !== change.status) {
        const after = await submissions.setStatus(trackingCode, change.status);
        if (!after) return null;
        await repo.addNote({
          trackingCode,
          status: change.status,
          at: now().toISOString(),
          changedBy: officer.adminId,
          note: change.note?.trim() || null,
        });
      }
      return detail(trackingCode, officer);
    },
  };
}
