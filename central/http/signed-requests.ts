// Signed kiosk requests (contract/request-signing.ts), verified before anything is stored:
//   begin:  headers well formed, timestamp inside the window, kiosk enrolled and not revoked;
//   finish: Ed25519 signature over method, path, kiosk, timestamp, nonce and SHA-256 of the raw
//           body; then the nonce, recorded once (a replay inside the window is refused); then the
//           kiosk's rate. Both after the signature, and the rate after the nonce, so neither a
//           forger nor someone replaying a captured request can spend another kiosk's budget.
//
// The hot path of a fleet (every kiosk beats once a minute): with a repository that offers
// `admitRequest`, a kiosk's parsed public key is kept in this process (`keyCacheMs`), so `begin`
// asks the database nothing for a known kiosk, and `finish` re-reads the kiosk row in the very
// statement that records the nonce. A revocation or a new key therefore holds from the next
// request on, whichever central process made it: the cache only decides how early (before or
// after the body is read) a revoked kiosk is refused, never whether. The price: a kiosk revoked
// elsewhere gets its body read and its signature checked once more before its 403, and a kiosk
// whose key was replaced elsewhere costs one extra lookup on its first request.
import { createHash, type KeyObject } from 'node:crypto';
import {
  canonicalRequest,
  REQUEST_NONCE,
  REQUEST_SIGNATURE,
  REQUEST_TIMESTAMP,
  SIGNED_KIOSK_ID,
  SIGNED_REQUEST_HEADERS as H,
} from '../../contract/request-signing.ts';
import { CentralError } from '../errors.ts';
import type { KioskRepository, RequestAdmission } from '../repositories/kiosk-repository.ts';
import { publicKeyFromRaw, verifyBytes } from '../security/ed25519.ts';
import type { RateLimiter } from '../security/rate-limiter.ts';
import type { Authenticate, AuthenticationRequest } from './authenticate.ts';

export interface SignedRequestOptions {
  /** With `admitRequest`, keys are cached (see above); without, the kiosk is read every time. */
  kiosks: Pick<KioskRepository, 'findKiosk' | 'recordNonce'> &
    Partial<Pick<KioskRepository, 'admitRequest'>>;
  limiter: RateLimiter;
  now: () => number;
  /** How far a request's timestamp may be from the centre's clock, either way; default 5 min. */
  windowMs?: number;
  /** How long a kiosk's key is trusted for `begin` without a lookup; default 10 min. */
  keyCacheMs?: number;
  /** Most kiosks whose keys are kept; the least recently fetched go first. Default 100,000. */
  keyCacheSize?: number;
}

export const DEFAULT_SIGNATURE_WINDOW_MS = 5 * 60_000;
/** Longer than a heartbeat interval, or a fleet beating once a minute would never hit it. */
export const DEFAULT_KEY_CACHE_MS = 10 * 60_000;

interface KnownKey {
  raw: string;
  key: KeyObject;
  fetchedAt: number;
  cached: boolean;
}

const unauthenticated = (code: string, message: string) =>
  new CentralError('unauthenticated', code, message);

function header(req: AuthenticationRequest, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function refuseUnless(admission: RequestAdmission): void {
  switch (admission) {
    case 'admitted':
      return;
    case 'replayed':
      throw unauthenticated('nonce-replayed', 'this request was already received');
    case 'revoked':
      throw new CentralError('forbidden', 'kiosk-revoked', 'this kiosk has been revoked');
    case 'unknown':
      throw unauthenticated('kiosk-not-enrolled', 'this kiosk is not enrolled');
    case 'key-changed':
      // Signed with the key the kiosk had a moment ago; its next request is checked afresh.
      throw unauthenticated('signature-invalid', 'the request signature is wrong');
  }
}

export function createSignedRequestAuthenticator(opts: SignedRequestOptions): Authenticate {
  const windowMs = opts.windowMs ?? DEFAULT_SIGNATURE_WINDOW_MS;
  const admit = opts.kiosks.admitRequest?.bind(opts.kiosks);
  const cacheMs = opts.keyCacheMs ?? DEFAULT_KEY_CACHE_MS;
  const cacheSize = opts.keyCacheSize ?? 100_000;
  // Insertion order is fetch order, so the first entry is the one to drop when full.
  const keys = new Map<string, KnownKey>();

  /** The kiosk's key: from the cache when allowed, else from the database (and cached). */
  async function keyOf(kioskId: string, fresh: boolean): Promise<KnownKey> {
    const hit = admit && !fresh ? keys.get(kioskId) : undefined;
    if (hit && opts.now() - hit.fetchedAt < cacheMs) return hit;
    keys.delete(kioskId);
    const kiosk = await opts.kiosks.findKiosk(kioskId);
    if (!kiosk) throw unauthenticated('kiosk-not-enrolled', 'this kiosk is not enrolled');
    if (kiosk.revokedAt !== null) {
      throw new CentralError('forbidden', 'kiosk-revoked', 'this kiosk has been revoked');
    }
    const publicKey = publicKeyFromRaw(kiosk.publicKey);
    if (!publicKey) throw unauthenticated('kiosk-key-invalid', 'the enrolled key is unusable');
    const known = { raw: kiosk.publicKey, key: publicKey, fetchedAt: opts.now(), cached: false };
    if (admit) {
      if (keys.size >= cacheSize) keys.delete(keys.keys().next().value!);
      keys.set(kioskId, { ...known, cached: true });
    }
    return known;
  }

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
      let known = await keyOf(kioskId, false);

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
          const signed = Buffer.from(message, 'utf8');
          const sig = Buffer.from(signature, 'base64url');
          let valid = verifyBytes(known.key, signed, sig);
          if (!valid && known.cached) {
            // The kiosk may have been enrolled again with a new key (by another process).
            const current = await keyOf(kioskId, true);
            if (current.raw !== known.raw) valid = verifyBytes(current.key, signed, sig);
            known = current;
          }
          if (!valid) throw unauthenticated('signature-invalid', 'the request signature is wrong');
          // Kept until the timestamp itself falls out of the window; purged after that.
          const expiresAt = new Date(Number(timestamp) + windowMs);
          if (admit) {
            const admission = await admit(kioskId, known.raw, nonce, expiresAt);
            // What the cache believed is wrong: the next request looks the kiosk up again.
            if (admission !== 'admitted' && admission !== 'replayed') keys.delete(kioskId);
            refuseUnless(admission);
          } else if (!(await opts.kiosks.recordNonce(kioskId, nonce, expiresAt))) {
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
