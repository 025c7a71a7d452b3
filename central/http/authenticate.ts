// Who is calling. For now a kiosk names itself in the `x-kiosk-id` header; enrolment and signed
// requests (issue 6) replace this function, not its callers: every kiosk route runs it before
// its body is read, and the handlers only ever see the identity it returns.
import type { IncomingHttpHeaders } from 'node:http';
import { CentralError } from '../errors.ts';

export interface KioskIdentity {
  kioskId: string;
}

export interface AuthenticationRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** Resolves to the calling kiosk, or throws a CentralError ('unauthenticated' / 'forbidden'). */
export type Authenticate = (req: AuthenticationRequest) => Promise<KioskIdentity>;

export const KIOSK_ID_HEADER = 'x-kiosk-id';
/** Printable ASCII, as the kiosk configuration allows (contract: 1–64 characters). */
const KIOSK_ID = /^[\x21-\x7e]{1,64}$/;

export const authenticateByKioskIdHeader: Authenticate = async (req) => {
  const value = req.headers[KIOSK_ID_HEADER];
  if (typeof value !== 'string' || value.length === 0) {
    throw new CentralError(
      'unauthenticated',
      'kiosk-id-missing',
      `${KIOSK_ID_HEADER} header required`,
    );
  }
  if (!KIOSK_ID.test(value)) {
    throw new CentralError(
      'unauthenticated',
      'kiosk-id-invalid',
      `${KIOSK_ID_HEADER} header is malformed`,
    );
  }
  return { kioskId: value };
};
