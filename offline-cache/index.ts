// The kiosk's offline cache: an encrypted SQLite outbox and the engine that drains it to the
// central platform. The host binds it to its SubmissionQueuePort (host/adapters/submission-queue.ts).
export {
  applicantTag,
  describeAttachments,
  sha256Hex,
  type AttachmentInput,
} from './attachments.ts';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
export {
  CentralClient,
  DeliveryError,
  type CentralClientOptions,
  type RatingAck,
} from './central-client.ts';
export {
  callControl,
  ControlUnavailableError,
  describeQueue,
  handleControlRequest,
  serveControl,
  type ControlRequest,
  type ControlServer,
  type QueueStatus,
  type RetryAnswer,
} from './control-channel.ts';
export {
  DatabaseKeyError,
  NoOutboxDatabaseError,
  openKioskDatabase,
  type KioskDatabase,
  type OpenKioskDatabaseOptions,
} from './kiosk-database.ts';
export {
  migrate,
  MIGRATIONS,
  SCHEMA_VERSION,
  SchemaTooNewError,
  schemaVersion,
  type Migration,
} from './migrations.ts';
export {
  FINAL_STATUSES,
  Outbox,
  type AuditEntry,
  type CentralStatus,
  type OutboxAttachment,
  type OutboxItem,
  type OutboxKind,
  type OutboxState,
  type OutboxSummary,
  type Progress,
  type RetryOutcome,
} from './outbox.ts';
export {
  SyncEngine,
  type CentralPort,
  type SyncEngineOptions,
  type SyncLog,
  type SyncReport,
  type SyncStatus,
} from './sync-engine.ts';
export {
  acquireWriterLock,
  isWriterLockHeld,
  OutboxLockedError,
  writerLockPath,
  type WriterLock,
} from './writer-lock.ts';
