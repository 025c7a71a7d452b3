// Requests as a kiosk sends them, with fresh random identifiers each time.
import { randomBytes, randomUUID } from 'node:crypto';
import type { RatingRequest, SubmissionRequest } from '../../../../contract/central-api.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const NAME = '阳秀梅';
export const ID_NUMBER = '440106198805120029';

export function trackingCode(): string {
  const chars = Array.from(randomBytes(12), (b) => ALPHABET[b % 32]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export const idempotencyKey = () => randomUUID().replaceAll('-', '');
export const kioskId = () => `GZ-TEST-${randomBytes(4).toString('hex')}`;

export function submission(
  kiosk: string,
  over: Partial<SubmissionRequest> = {},
): SubmissionRequest {
  return {
    idempotencyKey: idempotencyKey(),
    trackingCode: trackingCode(),
    kioskId: kiosk,
    itemCode: '440100-20-000107-001',
    catalogVersion: 1,
    submittedAt: new Date().toISOString(),
    identityMethod: 'id-card',
    applicant: {
      cardType: 'resident',
      name: NAME,
      idNumber: ID_NUMBER,
      gender: 'female',
      birthDate: '1988-05-12',
      nation: '汉',
      nationality: null,
      address: '广州市天河区五山路1号',
    },
    form: { phone: '13800138000', employer: '广州某某科技有限公司' },
    ...over,
  };
}

export function rating(
  kiosk: string,
  code: string,
  over: Partial<RatingRequest> = {},
): RatingRequest {
  return {
    idempotencyKey: idempotencyKey(),
    trackingCode: code,
    kioskId: kiosk,
    itemCode: '440100-20-000107-001',
    level: 2,
    reasons: ['等待时间长'],
    comment: '',
    ratedAt: new Date().toISOString(),
    ...over,
  };
}
