// Wraps the intake so that a submission naming attachments is recorded only once the centre holds
// each of them sealed with the declared size and hash: the record is then complete the moment it
// exists, and exactly-once stays the one INSERT … ON CONFLICT of the submission service.
import type { AttachmentService } from './attachment-service.ts';
import type { SubmissionService } from './submission-service.ts';

export function requireAttachments(
  submissions: SubmissionService,
  attachments: AttachmentService,
): SubmissionService {
  return {
    ...submissions,
    async receive(req, kioskId) {
      // Checked for repeats too: the uploads of a recorded submission are never removed, so a
      // replay passes, and a reused key with other attachments is refused as the service would.
      if (req.kioskId === kioskId) {
        await attachments.requireComplete(kioskId, req.idempotencyKey, req.attachments ?? []);
      }
      return submissions.receive(req, kioskId);
    },
  };
}
