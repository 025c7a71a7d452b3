// Resumable attachment uploads. Every call is idempotent, so a kiosk that lost an answer (or was
// killed mid-upload) asks again and resumes where the centre's copy ends:
//   declare  → the upload's state (received bytes, complete?); the same declaration again is fine,
//              a different one for the same id is a conflict;
//   chunk    → appended only at offset == received; a chunk the centre already holds (a retry
//              after a lost answer) is acknowledged without appending; a gap is refused;
//   complete → size and SHA-256 verified over the bytes held, then sealed; a mismatch discards the
//              bytes so the kiosk sends them again.
// A submission naming attachments is accepted only when each is sealed with the declared hash.
import type { AttachmentRef, UploadDeclaration, UploadState } from '../../contract/central-api.ts';
import { CentralError } from '../errors.ts';
import type {
  AttachmentRepository,
  UploadId,
  UploadRow,
} from '../repositories/attachment-repository.ts';

export interface AttachmentService {
  declare(id: UploadId, declaration: UploadDeclaration): Promise<UploadState>;
  putChunk(id: UploadId, offset: number, bytes: Uint8Array): Promise<UploadState>;
  complete(id: UploadId): Promise<UploadState>;
  /** Throws a 409 CentralError unless every listed attachment is sealed as described. */
  requireComplete(
    kioskId: string,
    submissionKey: string,
    refs: readonly AttachmentRef[],
  ): Promise<void>;
  /** The stored uploads of a submission (tests, and the caseworker's side later). */
  list(kioskId: string, submissionKey: string): Promise<UploadRow[]>;
  read(id: UploadId): Promise<Buffer | null>;
}

const state = (row: UploadRow): UploadState => ({
  received: row.received,
  size: row.size,
  complete: row.complete,
});

const notDeclared = () =>
  new CentralError('not-found', 'upload-unknown', 'declare the upload before sending its bytes');

export function createAttachmentService(
  repo: AttachmentRepository,
  now: () => Date = () => new Date(),
): AttachmentService {
  return {
    async declare(id, d) {
      const row = await repo.declare({ ...id, ...d }, now());
      if (
        row.kind !== d.kind ||
        row.mediaType !== d.mediaType ||
        row.size !== d.size ||
        row.sha256 !== d.sha256
      ) {
        throw new CentralError(
          'conflict',
          'upload-redeclared',
          'this attachment was declared with another size, type or hash',
        );
      }
      return state(row);
    },

    async putChunk(id, offset, bytes) {
      if (bytes.byteLength === 0) {
        throw new CentralError('invalid', 'empty-chunk', 'a chunk carries at least one byte');
      }
      for (let attempt = 0; attempt < 3; attempt++) {
        const current = await repo.find(id);
        if (!current) throw notDeclared();
        const end = offset + bytes.byteLength;
        if (end > current.size) {
          throw new CentralError(
            'invalid',
            'chunk-too-long',
            'the chunk ends past the declared size',
          );
        }
        // Already held (a retry after a lost answer, or a sealed upload): nothing to append.
        if (current.complete || end <= current.received) return state(current);
        if (offset > current.received) {
          throw new CentralError(
            'conflict',
            'upload-offset-mismatch',
            `the upload holds ${current.received} bytes; send from there`,
          );
        }
        // Overlapping the end of what is held: append the new part only.
        const fresh = bytes.subarray(current.received - offset);
        const appended = await repo.append(id, current.received, fresh);
        if (appended) return state(appended);
        // Another request appended in between: look again.
      }
      throw new CentralError('conflict', 'upload-offset-mismatch', 'the upload kept changing');
    },

    async complete(id) {
      const current = await repo.find(id);
      if (!current) throw notDeclared();
      if (current.complete) return state(current);
      if (current.received !== current.size) {
        throw new CentralError(
          'conflict',
          'upload-offset-mismatch',
          `the upload holds ${current.received} of ${current.size} bytes`,
        );
      }
      if ((await repo.hashOf(id)) !== current.sha256) {
        await repo.reset(id);
        throw new CentralError(
          'invalid',
          'attachment-hash-mismatch',
          'the bytes received do not match the declared SHA-256; send them again',
        );
      }
      const sealed = await repo.seal(id, now());
      if (!sealed) throw notDeclared();
      return state(sealed);
    },

    async requireComplete(kioskId, submissionKey, refs) {
      if (refs.length === 0) return;
      const held = new Map(
        (await repo.listForSubmission(kioskId, submissionKey)).map((u) => [u.attachmentId, u]),
      );
      for (const ref of refs) {
        const u = held.get(ref.id);
        if (!u?.complete || u.size !== ref.size || u.sha256 !== ref.sha256) {
          throw new CentralError(
            'conflict',
            'attachments-incomplete',
            `attachment ${ref.id} has not been uploaded complete with this size and hash`,
          );
        }
      }
    },

    list: (kioskId, submissionKey) => repo.listForSubmission(kioskId, submissionKey),
    read: (id) => repo.read(id),
  };
}
