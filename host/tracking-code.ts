// Tracking codes (受理编号) are read aloud and typed at counters: Crockford-style base32 without
// I, L, O, U so that no two characters are confused, grouped in fours.
import { randomBytes, randomUUID } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newTrackingCode(bytes: (n: number) => Buffer = randomBytes): string {
  const raw = bytes(12);
  const chars = Array.from(raw, (b) => ALPHABET[b % 32]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** Client-generated key the central platform deduplicates on (exactly-once intake). */
export function newIdempotencyKey(): string {
  return randomUUID().replaceAll('-', '');
}

export function newSessionId(): string {
  return randomBytes(18).toString('base64url');
}
