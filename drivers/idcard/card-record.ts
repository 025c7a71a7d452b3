// The record `kiosk24 device read-card --json` prints: exactly the fields issue 3 names, in a
// fixed order, so scripts can depend on them. (The kiosk's own CardPerson also has `elder`.)
import type { CardPerson } from '../../contract/identity.ts';
import type { ReadOutcome } from './reader.ts';

export interface TechnicianCardRecord {
  cardType: CardPerson['cardType'];
  name: string;
  englishName: string | null;
  gender: CardPerson['gender'];
  nation: string | null;
  birthDate: string;
  address: string | null;
  idNumber: string;
  issuer: string | null;
  validFrom: string;
  validTo: string;
  passNumber: string | null;
  issueCount: string | null;
  nationality: string | null;
  expired: boolean;
  idNumberValid: boolean;
  photo: { format: 'wlt'; bytes: number; decoded: boolean };
  samId: string;
}

export const TECHNICIAN_RECORD_FIELDS = [
  'cardType',
  'name',
  'englishName',
  'gender',
  'nation',
  'birthDate',
  'address',
  'idNumber',
  'issuer',
  'validFrom',
  'validTo',
  'passNumber',
  'issueCount',
  'nationality',
  'expired',
  'idNumberValid',
  'photo',
  'samId',
] as const satisfies readonly (keyof TechnicianCardRecord)[];

export function technicianCardRecord(
  card: Extract<ReadOutcome, { kind: 'card' }>,
  samId: string,
): TechnicianCardRecord {
  const p = card.person;
  return {
    cardType: p.cardType,
    name: p.name,
    englishName: p.englishName,
    gender: p.gender,
    nation: p.nation,
    birthDate: p.birthDate,
    address: p.address,
    idNumber: p.idNumber,
    issuer: p.issuer,
    validFrom: p.validFrom,
    validTo: p.validTo,
    passNumber: p.passNumber,
    issueCount: p.issueCount,
    nationality: p.nationality,
    expired: p.expired,
    idNumberValid: p.idNumberValid,
    photo: { format: 'wlt', bytes: card.photo.bytes.length, decoded: card.photo.decoded !== null },
    samId,
  };
}
