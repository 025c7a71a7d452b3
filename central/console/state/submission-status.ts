// The submission life cycle as the inbox shows it: 已接收 → 受理 → 办结, or 退回. Which buttons a
// case officer sees follows the centre's transitions; the centre still answers 409 for others.
import type { SubmissionSummary } from '../../../contract/admin-api.ts';

export type SubmissionStatus = SubmissionSummary['status'];
export type StatusChange = 'accepted' | 'completed' | 'returned';

export const STATUS_NAME: Record<SubmissionStatus, string> = {
  received: '已接收',
  accepted: '已受理',
  completed: '已办结',
  returned: '已退回',
};

export const CHANGE_LABEL: Record<StatusChange, string> = {
  accepted: '受理',
  completed: '办结',
  returned: '退回',
};

export function nextStatuses(status: SubmissionStatus): StatusChange[] {
  switch (status) {
    case 'received':
      return ['accepted', 'completed', 'returned'];
    case 'accepted':
      return ['completed', 'returned'];
    case 'completed':
    case 'returned':
      return [];
  }
}
