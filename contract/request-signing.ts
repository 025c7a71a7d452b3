// Signed kiosk requests (issue 6): the text a kiosk signs with its Ed25519 key and the centre
// verifies with the public key it stored at enrolment. Both sides build it here so they can never
// disagree; the crypto itself lives on each side (this folder runs in the browser too).
//
// Covered: the method, the path with its query as sent, the kiosk id, a timestamp (replays outside
// a short window are refused), a nonce (replays inside it are refused) and the SHA-256 of the raw
// body (any change to one byte of the body breaks the signature).

export const SIGNED_REQUEST_HEADERS = {
  kioskId: 'x-kiosk-id',
  /** Milliseconds since the Unix epoch, decimal. */
  timestamp: 'x-kiosk-timestamp',
  /** 16–64 base64url characters, fresh for every request. */
  nonce: 'x-kiosk-nonce',
  /** Ed25519 signature of `canonicalRequest(…)`, base64url without padding (86 characters). */
  signature: 'x-kiosk-signature',
} as const;

export const REQUEST_SIGNATURE_SCHEME = 'kiosk24-request-v1';

/** Printable ASCII without spaces, as the centre has always accepted in x-kiosk-id. */
export const SIGNED_KIOSK_ID = /^[\x21-\x7e]{1,64}$/;
export const REQUEST_TIMESTAMP = /^\d{1,16}$/;
export const REQUEST_NONCE = /^[A-Za-z0-9_-]{16,64}$/;
export const REQUEST_SIGNATURE = /^[A-Za-z0-9_-]{86}$/;

export interface CanonicalRequestParts {
  method: string;
  /** Path and query exactly as on the request line, e.g. `/api/v1/submissions`. */
  path: string;
  kioskId: string;
  timestamp: string;
  nonce: string;
  /** Lowercase hex SHA-256 of the raw body; of zero bytes for a request without one. */
  bodySha256: string;
}

/** One field per line; none of them can contain a newline (checked patterns, HTTP request line). */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  return [
    REQUEST_SIGNATURE_SCHEME,
    parts.method.toUpperCase(),
    parts.path,
    parts.kioskId,
    parts.timestamp,
    parts.nonce,
    parts.bodySha256,
  ].join('\n');
}
