// The remote face verification provider: when the kiosk has no decoded card photo (no vendor
// decoder), the live capture goes to the central platform's verification endpoint, whose default
// provider answers "not configured". Only this request ever carries a face off the kiosk.
import {
  CENTRAL_PATHS,
  FaceVerificationResult,
  type FaceVerificationRequest,
} from '../../contract/central-api.ts';
import type { RequestSigner } from '../../offline-cache/request-signing.ts';

export interface RemoteFaceVerifier {
  verify(request: FaceVerificationRequest): Promise<FaceVerificationResult>;
}

export function centralFaceVerifier(opts: {
  centralUrl: string;
  timeoutMs?: number;
  /** The kiosk's request signature (the same signer as the outbox and the catalog updater). */
  sign?: RequestSigner;
}): RemoteFaceVerifier {
  return {
    async verify(request) {
      const body = JSON.stringify(request);
      const url = new URL(CENTRAL_PATHS.faceVerifications, opts.centralUrl);
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...opts.sign?.({ method: 'POST', path: url.pathname, body }),
        },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 8000),
      });
      if (!res.ok) throw new Error(`face verification endpoint answered ${res.status}`);
      return FaceVerificationResult.parse(await res.json());
    },
  };
}
