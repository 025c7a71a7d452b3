// The remote face verification provider: when the kiosk has no decoded card photo (no vendor
// decoder), the live capture goes to the central platform's verification endpoint, whose default
// provider answers "not configured". Only this request ever carries a face off the kiosk. The call
// is the route table's (contract/api-routes.ts `verifyFace`): input and answer checked by its schemas.
import { callRoute, fetchTransport } from '../../contract/api-client.ts';
import { API_ROUTES } from '../../contract/api-routes.ts';
import type {
  FaceVerificationRequest,
  FaceVerificationResult,
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
  const transport = fetchTransport({
    baseUrl: opts.centralUrl,
    timeoutMs: opts.timeoutMs ?? 8000,
    ...(opts.sign ? { sign: opts.sign } : {}),
  });
  return {
    async verify(request) {
      const answer = await callRoute(API_ROUTES.verifyFace, { body: request }, transport);
      if (!answer.ok) throw new Error(`face verification endpoint answered ${answer.status}`);
      return answer.body;
    },
  };
}
