// The kiosk's offline cache: an encrypted SQLite outbox and the engine that drains it to the
// central platform. The host binds it to its SubmissionQueuePort (host/adapters/submission-queue.ts).
export { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
export {
  CentralClient,
  DeliveryError,
  type CentralClientOptions,
  type RatingAck,
} from './central-client.ts';
export {
  DatabaseKeyError,
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
  Outbox,
  type AuditEntry,
  type OutboxItem,
  type OutboxKind,
  type OutboxState,
  type OutboxSummary,
} from './outbox.ts';
export {
  SyncEngine,
  type CentralPort,
  type SyncEngineOptions,
  type SyncLog,
  type SyncStatus,
} from './sync-engine.ts';
