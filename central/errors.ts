// Failures the services report in their own terms; the HTTP layer maps each kind to a status
// code. Messages are shown to the kiosk and may be logged: they never carry personal data.
export type CentralErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'unavailable';

export class CentralError extends Error {
  override readonly name = 'CentralError';
  constructor(
    readonly kind: CentralErrorKind,
    /** Stable machine-readable code, the `error` field of ApiError. */
    readonly code: string,
    message: string,
    /** For 'rate-limited': sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
