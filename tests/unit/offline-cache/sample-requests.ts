// Requests shaped by the contract, with a test citizen whose name and ID number must never be
// readable on disk or in a log line.
import { randomUUID } from 'node:crypto';
import type { RatingRequest, SubmissionRequest } from '../../../contract/central-api.ts';

export const CITIZEN = { name: '阳秀梅', idNumber: '440106198803151227' };

let serial = 0;

export function newKey(): string {
  return randomUUID().replaceAll('-', '');
}

export function trackingCode(): string {
  serial += 1;
  return `K7Q2-9D3F-${String(serial).padStart(4, '0')}`;
}

export function submission(over: Partial<SubmissionRequest> = {}): SubmissionRequest {
  return {
    idempotencyKey: newKey(),
    trackingCode: trackingCode(),
    kioskId: 'GZ-TH-WS-001',
    itemCode: '11440100MB2C93297Q4442011900001',
    catalogVersion: 1,
    submittedAt: '2026-11-22T03:04:05+08:00',
    identityMethod: 'id-card',
    applicant: {
      cardType: 'resident',
      name: CITIZEN.name,
      idNumber: CITIZEN.idNumber,
      gender: 'female',
      birthDate: '1988-03-15',
      nation: '汉',
      nationality: null,
      address: '广州市天河区天河路123号',
    },
    form: { phone: '13800138000', employerName: '广州市天河区某某科技有限公司' },
    ...over,
  };
}

export function rating(of: SubmissionRequest, level = 5): RatingRequest {
  return {
    idempotencyKey: newKey(),
    trackingCode: of.trackingCode,
    kioskId: of.kioskId,
    itemCode: of.itemCode,
    level,
    reasons: [],
    comment: '',
    ratedAt: '2026-11-22T03:09:00+08:00',
  };
}
