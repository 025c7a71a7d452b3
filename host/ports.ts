// What the kiosk service needs from the devices and the outbox, in its own terms. Adapters in
// host/adapters/ bind these to drivers/, printers/ and offline-cache/, so the service's logic is
// tested against real devices and simulators without knowing their protocols.
import type { Catalog, DocumentTemplate } from '../catalog/schema.ts';
import type { RatingRequest, SubmissionRequest } from '../contract/central-api.ts';
import type { CardPerson } from '../contract/identity.ts';
import type { DeviceHealth } from '../contract/kiosk-api.ts';

export type CardReadOutcome =
  | {
      kind: 'card';
      person: CardPerson;
      /**
       * The card photo as a decoder plug-in produced it (absent without a decoder). Kept only in
       * the session store, for the face check, and wiped with the session.
       */
      photo?: { format: 'png' | 'bmp'; bytes: Uint8Array } | null;
    }
  | { kind: 'timeout' }
  /** The reader answered with a problem the citizen can act on (lift and replace the card). */
  | { kind: 'error'; citizenMessage: string };

export interface CardReaderPort {
  readCard(opts: { timeoutMs: number }): Promise<CardReadOutcome>;
  health(): DeviceHealth;
}

export interface ReceiptLine {
  label: string;
  value: string;
}

export interface ReceiptContent {
  title: string;
  lines: ReceiptLine[];
  qr: string;
  footer: string[];
}

/** Thrown by output ports when the citizen must be told that a printout will not come. */
export class OutputUnavailable extends Error {
  constructor(readonly citizenMessage: string) {
    super(citizenMessage);
    this.name = 'OutputUnavailable';
  }
}

export interface ReceiptPrinterPort {
  print(content: ReceiptContent): Promise<void>;
  health(): Promise<DeviceHealth>;
}

export interface DocumentPrinterPort {
  print(
    template: DocumentTemplate,
    data: Record<string, unknown>,
    jobName: string,
  ): Promise<{ destination: 'printer' | 'spool' }>;
  health(): Promise<DeviceHealth>;
}

export interface SubmissionQueuePort {
  /** Durably queued before it resolves; then tries to deliver within `deadlineMs`. */
  submit(req: SubmissionRequest, deadlineMs: number): Promise<'acknowledged' | 'queued'>;
  rate(req: RatingRequest): Promise<void>;
  reachable(timeoutMs: number): Promise<boolean>;
  pending(): number;
  health(): DeviceHealth;
}

export interface CatalogPort {
  current(): Catalog;
  /**
   * Told when a session begins and when the last one ends (or expires): a catalog from the centre
   * is swapped in only while no session is active (host/catalog-store.ts).
   */
  sessionActivity?(active: boolean): void;
}
