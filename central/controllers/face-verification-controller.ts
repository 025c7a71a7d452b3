// POST faceVerifications: the seam for a real-person verification provider (e.g. a national
// 实人认证 service) for kiosks that cannot compare a face with the card photo themselves. The
// default provider is not configured and says so; the kiosk then offers its fallback (staff,
// 云窗口, counter). Nothing of the request is stored or logged: it carries a face.
import type { FastifyInstance } from 'fastify';
import {
  CENTRAL_PATHS,
  FaceVerificationRequest,
  type FaceVerificationResult,
} from '../../contract/central-api.ts';
import { CentralError } from '../errors.ts';
import type { Authenticate } from '../http/authenticate.ts';
import { kioskOf, requireKiosk } from '../http/request-context.ts';

/** A provider compares the live capture with the registry's photo of the card holder. */
export interface FaceVerificationProvider {
  verify(kioskId: string, request: FaceVerificationRequest): Promise<FaceVerificationResult>;
}

export const notConfiguredFaceProvider: FaceVerificationProvider = {
  async verify() {
    return {
      outcome: 'not-configured',
      score: null,
      message: '本平台未配置人脸核验服务',
    };
  },
};

export function registerFaceVerificationRoutes(
  app: FastifyInstance,
  deps: { authenticate: Authenticate; faceProvider?: FaceVerificationProvider },
): void {
  const provider = deps.faceProvider ?? notConfiguredFaceProvider;
  app.post(
    CENTRAL_PATHS.faceVerifications,
    { onRequest: requireKiosk(deps.authenticate) },
    async (request) => {
      const body = FaceVerificationRequest.safeParse(request.body);
      // The schema's message would quote values; say only that it is malformed.
      if (!body.success)
        throw new CentralError('invalid', 'invalid-request', 'malformed face verification request');
      return provider.verify(kioskOf(request).kioskId, body.data);
    },
  );
}
