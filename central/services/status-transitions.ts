// The life of a submission at the centre: 收件 (received) → 受理 (accepted) → 办结 (completed), or
// 退回 (returned). An instant item (即办件) may complete straight from received. Completed and
// returned are final: a returned application is a new submission when the citizen tries again.
import type { SubmissionStatus } from '../repositories/submission-repository.ts';

const NEXT: Record<SubmissionStatus, readonly SubmissionStatus[]> = {
  received: ['accepted', 'completed', 'returned'],
  accepted: ['completed', 'returned'],
  completed: [],
  returned: [],
};

export function canMoveTo(from: SubmissionStatus, to: SubmissionStatus): boolean {
  return NEXT[from].includes(to);
}
