// The kiosk's identity towards the central platform (issue 6): an Ed25519 key pair made on the
// kiosk and never sent anywhere, a one-time enrolment that registers its public key, and a
// signature on every request (contract/request-signing.ts says what is signed).
//
// The private key is a 0600 PEM file in the data folder, beside the outbox key; a deployment that
// keeps keys in the OS credential store replaces `loadOrCreateKioskKey`, not its callers.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../contract/central-api.ts';
import {
  ENROLMENT_PATHS,
  EnrolmentAnswer,
  type EnrolmentRequest,
} from '../contract/enrolment-api.ts';
import { canonicalRequest, SIGNED_REQUEST_HEADERS as H } from '../contract/request-signing.ts';
import { centralClockFor } from './central-clock.ts';

export const KIOSK_KEY_FILE = 'kiosk-identity.key';

/** The kiosk's private key, made on first use. */
export function loadOrCreateKioskKey(dataDir: string): KeyObject {
  const file = path.join(dataDir, KIOSK_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    try {
      // 'wx': two processes starting at once keep whichever key was written first.
      writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const key = createPrivateKey(readFileSync(file, 'utf8'));
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${file} does not hold an Ed25519 private key`);
  }
  return key;
}

/** The raw 32-byte public key, base64url: what the kiosk enrols with. */
export function kioskPublicKey(privateKey: KeyObject): string {
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' });
  if (typeof x !== 'string') throw new Error('not an Ed25519 key');
  return x;
}

export interface RequestToSign {
  method: string;
  /** Path and query as they will appear on the request line. */
  path: string;
  /** The exact bytes to be sent; omit for a request without a body. */
  body?: string | Uint8Array;
}

/** The signature headers for one request; call it once per attempt (each gets a fresh nonce). */
export type RequestSigner = (req: RequestToSign) => Record<string, string>;

export function createRequestSigner(opts: {
  kioskId: string;
  privateKey: KeyObject;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
}): RequestSigner {
  const now = opts.now ?? Date.now;
  return (req) => {
    const timestamp = String(now());
    const nonce = randomBytes(18).toString('base64url');
    const bodySha256 = createHash('sha256')
      .update(req.body ?? '')
      .digest('hex');
    const message = canonicalRequest({
      method: req.method,
      path: req.path,
      kioskId: opts.kioskId,
      timestamp,
      nonce,
      bodySha256,
    });
    return {
      [H.kioskId]: opts.kioskId,
      [H.timestamp]: timestamp,
      [H.nonce]: nonce,
      [H.signature]: sign(null, Buffer.from(message, 'utf8'), opts.privateKey).toString(
        'base64url',
      ),
    };
  };
}

/** The path and query of `url` as a server sees them on the request line. */
export function requestPath(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

export class EnrolmentError extends Error {
  constructor(
    message: string,
    /** The centre's error code (e.g. enrolment-token-used), or null for network failures. */
    readonly code: string | null,
    readonly status: number | null,
    /** Worth trying again later with the same token (network, 5xx, 429). */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'EnrolmentError';
  }
}

/**
 * Registers this kiosk's public key with the centre, spending the one-time token. Repeating it
 * with the same token, kiosk id and key is harmless (the centre confirms, `replayed: true`), so a
 * kiosk whose first answer was lost simply tries again.
 */
export async function enrolKiosk(opts: {
  centralUrl: string;
  token: string;
  kioskId: string;
  district: string;
  privateKey: KeyObject;
  timeoutMs?: number;
}): Promise<EnrolmentAnswer> {
  const body: EnrolmentRequest = {
    token: opts.token,
    kioskId: opts.kioskId,
    district: opts.district,
    publicKey: kioskPublicKey(opts.privateKey),
  };
  let res: Response;
  try {
    res = await fetch(opts.centralUrl.replace(/\/+$/, '') + ENROLMENT_PATHS.enrol, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
  } catch (err) {
    const reason = err instanceof Error ? err.name : 'unknown';
    throw new EnrolmentError(`enrolment failed: network error (${reason})`, null, null, true);
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = ApiError.safeParse(json);
    const code =
      parsed.success && /^[a-z0-9-]{1,64}$/.test(parsed.data.error) ? parsed.data.error : null;
    throw new EnrolmentError(
      `enrolment refused: HTTP ${res.status}${code ? ` (${code})` : ''}`,
      code,
      res.status,
      res.status >= 500 || res.status === 429 || res.status === 408,
    );
  }
  const answer = EnrolmentAnswer.safeParse(json);
  if (!answer.success) {
    throw new EnrolmentError('enrolment: invalid answer from the centre', null, res.status, false);
  }
  return answer.data;
}

/**
 * The signer of the kiosk whose key lives in `dataDir` (made there on first use), on the centre's
 * time as the kiosk's heartbeat learnt it (central-clock.ts).
 */
export function kioskRequestSigner(dataDir: string, kioskId: string): RequestSigner {
  return createRequestSigner({
    kioskId,
    privateKey: loadOrCreateKioskKey(dataDir),
    now: centralClockFor(dataDir).now,
  });
}
