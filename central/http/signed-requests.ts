// Signed kiosk requests (contract/request-signing.ts), verified before anything is stored:
//   begin:  headers well formed, timestamp inside the window, kiosk enrolled and not revoked
//           (looked up on every request, so a revocation holds from the next request on);
//   finish: Ed25519 signature over method, path, kiosk, timestamp, nonce and SHA-256 of the raw
//           body; then the nonce, recorded once (a replay inside the window is refused); then the
//           kiosk's rate. Both after the signature, and the rate after the nonce, so neither a
//           forger nor someone replaying a captured request can spend another kiosk's budget.
import { createHash } from 'node:crypto';
import {
  canonicalRequest,
  REQUEST_NONCE,
  REQUEST_SIGNATURE,
  REQUEST_TIMESTAMP,
  SIGNED_KIOSK_ID,
  SIGNED_REQUEST_HEADERS as H,
} from '../../contract/request-signing.ts';
import { CentralError } from '../errors.ts';
import type { KioskRepository } from '../repositories/kiosk-repository.ts';
import { publicKeyFromRaw, verifyBytes } from '../security/ed25519.ts';
import type { RateLimiter } from '../security/rate-limiter.ts';
import type { Authenticate, AuthenticationRequest } from './authenticate.ts';

export interface SignedRequestOptions {
  kiosks: Pick<KioskRepository, 'findKiosk' | 'recordNonce'>;
  limiter: RateLimiter;
  now: () => number;
  /** How far a request's timestamp may be from the centre's clock, either way; default 5 min. */
  windowMs?: number;
}

export const DEFAULT_SIGNATURE_WINDOW_MS = 5 * 60_000;

const unauthenticated = (code: string, message: string) =>
  new CentralError('unauthenticated', code, message);

function header(req: AuthenticationRequest, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function createSignedRequestAuthenticator(opts: SignedRequestOptions): Authenticate {
  const windowMs = opts.windowMs ?? DEFAULT_SIGNATURE_WINDOW_MS;
  return {
    async begin(req) {
      const kioskId = header(req, H.kioskId);
      const timestamp = header(req, H.timestamp);
      const nonce = header(req, H.nonce);
      const signature = header(req, H.signature);
      if (!kioskId || !timestamp || !nonce || !signature) {
        throw unauthenticated(
          'signature-missing',
          `signed request required: ${Object.values(H).join(', ')} headers`,
        );
      }
      if (
        !SIGNED_KIOSK_ID.test(kioskId) ||
        !REQUEST_TIMESTAMP.test(timestamp) ||
        !REQUEST_NONCE.test(nonce) ||
        !REQUEST_SIGNATURE.test(signature)
      ) {
        throw unauthenticated('signature-malformed', 'a request signature header is malformed');
      }
      const skew = Number(timestamp) - opts.now();
      if (Math.abs(skew) > windowMs) {
        throw unauthenticated(
          'timestamp-out-of-window',
          `the request timestamp is ${Math.round(skew / 1000)} s off the centre's clock`,
        );
      }
      const kiosk = await opts.kiosks.findKiosk(kioskId);
      if (!kiosk) throw unauthenticated('kiosk-not-enrolled', 'this kiosk is not enrolled');
      if (kiosk.revokedAt !== null) {
        throw new CentralError('forbidden', 'kiosk-revoked', 'this kiosk has been revoked');
      }
      const publicKey = publicKeyFromRaw(kiosk.publicKey);
      if (!publicKey) throw unauthenticated('kiosk-key-invalid', 'the enrolled key is unusable');

      return {
        kioskId,
        async finish(rawBody) {
          const message = canonicalRequest({
            method: req.method,
            path: req.url,
            kioskId,
            timestamp,
            nonce,
            bodySha256: createHash('sha256').update(rawBody).digest('hex'),
          });
          const valid = verifyBytes(
            publicKey,
            Buffer.from(message, 'utf8'),
            Buffer.from(signature, 'base64url'),
          );
          if (!valid) throw unauthenticated('signature-invalid', 'the request signature is wrong');
          // Kept until the timestamp itself falls out of the window; purged after that.
          const expiresAt = new Date(Number(timestamp) + windowMs);
          if (!(await opts.kiosks.recordNonce(kioskId, nonce, expiresAt))) {
            throw unauthenticated('nonce-replayed', 'this request was already received');
          }
          const wait = opts.limiter.take(kioskId);
          if (wait > 0) {
            throw new CentralError(
              'rate-limited',
              'rate-limited',
              `too many requests from this kiosk; retry in ${wait} s`,
              wait,
            );
          }
          return { kioskId };
        },
      };
    },
  };
}
