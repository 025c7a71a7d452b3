// One valid submission of 个人就业登记 from 阳秀梅's test card, for the cases that fill an outbox
// or a central platform with many of them; each caller names its own keys and kiosk.
import { applicantOf, type SubmissionRequest } from '../contract/central-api.ts';
import { RESIDENT_CARD } from '../tests/support/resident-card.ts';

export const BENCH_ITEM_CODE = '11440100MB2C93297Q4442011900001';

export function benchSubmission(ids: {
  idempotencyKey: string;
  trackingCode: string;
  kioskId: string;
}): SubmissionRequest {
  return {
    ...ids,
    itemCode: BENCH_ITEM_CODE,
    catalogVersion: 1,
    submittedAt: new Date().toISOString(),
    identityMethod: 'id-card',
    applicant: applicantOf(RESIDENT_CARD),
    form: { phone: '13800138000', employerName: '广州市天河区某某科技有限公司' },
  };
}
