// POST /api/v1/certificates/verify { code, content }: is this certificate what the kiosk printed?
// Open like a public verification page (the paper's holder is no kiosk and no admin): it reveals
// nothing the asker did not send, only "valid" or why not. Always 200 for a well-formed question,
// 400 for a malformed one.
import type { FastifyInstance } from 'fastify';
import {
  CERTIFICATE_PATHS,
  CertificateVerifyRequest,
} from '../../contract/certificate-verification-api.ts';
import { CentralError } from '../errors.ts';
import { describeIssues } from '../http/api-error.ts';
import type { CentralLog } from '../http/log.ts';
import type { CertificateVerificationService } from '../services/certificate-verification-service.ts';

// The request's schema and path are the contract's (contract/certificate-verification-api.ts).
export const CERTIFICATE_VERIFY_PATH = CERTIFICATE_PATHS.verify;
export { CertificateVerifyRequest };

export interface CertificateVerificationControllerDeps {
  certificates: CertificateVerificationService;
  log: CentralLog;
}

export function registerCertificateVerificationRoutes(
  app: FastifyInstance,
  deps: CertificateVerificationControllerDeps,
): void {
  app.post(CERTIFICATE_VERIFY_PATH, async (request) => {
    const parsed = CertificateVerifyRequest.safeParse(request.body);
    if (!parsed.success) {
      throw new CentralError('invalid', 'invalid-request', describeIssues(parsed.error.issues));
    }
    const answer = await deps.certificates.verify(parsed.data.code, parsed.data.content);
    // The log names the kiosk and the outcome, never the content.
    deps.log('info', 'certificate.verified', {
      kioskId: parsed.data.content.kioskId,
      valid: answer.valid,
      reason: answer.valid ? null : answer.reason,
    });
    return answer;
  });
}
