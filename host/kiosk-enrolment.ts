// Enrolment at start: with a one-time token in the configuration (central.enrolmentToken), the
// kiosk registers its public key once; a note in the data folder remembers which token was spent
// for which key, so later starts skip it. A network failure is retried in the background (the
// outbox keeps everything meanwhile, refused with 401 and retried); a refusal is logged for the
// technician, who then asks the admin for a new token.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { KioskConfig } from '../config/kiosk-config.ts';
import {
  enrolKiosk,
  EnrolmentError,
  kioskPublicKey,
  loadOrCreateKioskKey,
} from '../offline-cache/request-signing.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { errorText, type Logger } from './log.ts';

export type EnrolmentOutcome = 'no-token' | 'already-enrolled' | 'enrolled';

interface EnrolmentNote {
  tokenSha256: string;
  publicKey: string;
  kioskId: string;
  centralUrl: string;
  enrolledAt: string;
}

export const enrolmentNoteFile = (dataDir: string) => path.join(dataDir, 'kiosk-enrolment.json');

function readNote(file: string): EnrolmentNote | null {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as EnrolmentNote) : null;
  } catch {
    return null;
  }
}

/**
 * One attempt: enrols with the configured token unless this token already enrolled this key.
 * Throws an EnrolmentError (`retryable` says whether a later attempt can succeed).
 */
export async function enrolFromConfig(
  config: KioskConfig,
  opts: { timeoutMs?: number } = {},
): Promise<EnrolmentOutcome> {
  const token = config.central.enrolmentToken;
  if (!token) return 'no-token';
  const privateKey = loadOrCreateKioskKey(config.dataDir);
  const publicKey = kioskPublicKey(privateKey);
  const tokenSha256 = createHash('sha256').update(token).digest('hex');
  const file = enrolmentNoteFile(config.dataDir);
  const note = readNote(file);
  if (
    note?.tokenSha256 === tokenSha256 &&
    note.publicKey === publicKey &&
    note.kioskId === config.kioskId
  ) {
    return 'already-enrolled';
  }
  const answer = await enrolKiosk({
    centralUrl: config.central.url,
    token,
    kioskId: config.kioskId,
    district: config.servicePoint.district,
    privateKey,
    timeoutMs: opts.timeoutMs,
  });
  const written: EnrolmentNote = {
    tokenSha256,
    publicKey,
    kioskId: answer.kioskId,
    centralUrl: config.central.url,
    enrolledAt: answer.enrolledAt,
  };
  writeFileAtomic(file, `${JSON.stringify(written, null, 2)}\n`);
  return 'enrolled';
}

export interface KioskEnrolment {
  /** Settles after the first attempt (never rejects). */
  readonly firstAttempt: Promise<void>;
  stop(): void;
}

/** Enrols now and, after a network failure, again every `retryMs` until it succeeds or stops. */
export function startKioskEnrolment(
  config: KioskConfig,
  log: Logger,
  opts: { retryMs?: number; timeoutMs?: number } = {},
): KioskEnrolment {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const attempt = async (): Promise<void> => {
    try {
      const outcome = await enrolFromConfig(config, { timeoutMs: opts.timeoutMs ?? 5000 });
      if (outcome === 'enrolled') log.info('kiosk.enrolled', { kioskId: config.kioskId });
    } catch (err) {
      const retryable = !(err instanceof EnrolmentError) || err.retryable;
      const code = err instanceof EnrolmentError ? err.code : null;
      if (retryable && !stopped) {
        log.warn('kiosk.enrolment-failed', { reason: errorText(err), retry: true });
        timer = setTimeout(() => void attempt(), opts.retryMs ?? 30_000);
        timer.unref();
      } else {
        log.error('kiosk.enrolment-refused', { reason: errorText(err), code });
      }
    }
  };
  return {
    firstAttempt: attempt(),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
