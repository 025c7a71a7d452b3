// Attachments (scanned pages, signatures) as the outbox takes them: bytes plus what the centre
// is told about them (contract AttachmentRef: size and SHA-256, so it can verify the upload).
import { createHash, createHmac } from 'node:crypto';
import type { AttachmentRef } from '../contract/central-api.ts';

export interface AttachmentInput {
  /** Unique within its submission, e.g. "page-1", "signature". */
  id: string;
  kind: AttachmentRef['kind'];
  mediaType: string;
  bytes: Uint8Array;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The list to put in SubmissionRequest.attachments for these files, in this order. */
export function describeAttachments(inputs: readonly AttachmentInput[]): AttachmentRef[] {
  return inputs.map((a) => ({
    id: a.id,
    kind: a.kind,
    mediaType: a.mediaType,
    size: a.bytes.byteLength,
    sha256: sha256Hex(a.bytes),
  }));
}

/** True when a payload's `attachments` (absent, [] or a list) names exactly `refs`, in order. */
export function sameAttachments(listed: unknown, refs: readonly AttachmentRef[]): boolean {
  if (listed === undefined || listed === null) return refs.length === 0;
  if (!Array.isArray(listed) || listed.length !== refs.length) return false;
  return refs.every((ref, i) => {
    const other = listed[i] as Partial<AttachmentRef> | undefined;
    return (
      other?.id === ref.id &&
      other.kind === ref.kind &&
      other.mediaType === ref.mediaType &&
      other.size === ref.size &&
      other.sha256 === ref.sha256
    );
  });
}

/**
 * A keyed hash of an ID number, to find a citizen's submissions when their card is tapped. The
 * key lives inside the encrypted database, so the tag reveals nothing to someone without it.
 */
export function applicantTag(key: Buffer, idNumber: string): string {
  return createHmac('sha256', key).update(idNumber.trim().toUpperCase(), 'utf8').digest('hex');
}
