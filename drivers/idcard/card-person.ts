// From the raw text fields to what the kiosk knows about the person (contract/identity.ts).
// Dates are judged in China Standard Time (UTC+8, no daylight saving), whatever the host's zone.
import type { CardType } from '../../catalog/schema.ts';
import type { CardPerson, Gender } from '../../contract/identity.ts';
import { isCardLayout, type CardLayout, type RawCardText } from './card-text.ts';
import { validateIdNumber } from './id-number.ts';
import { nationName } from './nations.ts';
import { IdCardError } from './status.ts';

export const ELDER_AGE = 65;
export const LONG_TERM = '长期';

export const CARD_TYPE_OF_LAYOUT: Readonly<Record<CardLayout, CardType>> = {
  ' ': 'resident',
  J: 'hk-macau-taiwan',
  I: 'foreign-permanent-2017',
  Y: 'foreign-permanent-2023',
};

export const LAYOUT_OF_CARD_TYPE: Readonly<Record<CardType, CardLayout>> = {
  resident: ' ',
  'hk-macau-taiwan': 'J',
  'foreign-permanent-2017': 'I',
  'foreign-permanent-2023': 'Y',
};

const GENDERS: Readonly<Record<string, Gender>> = {
  '0': 'unknown',
  '1': 'male',
  '2': 'female',
  '9': 'unspecified',
};

/** The calendar date in Asia/Shanghai, YYYY-MM-DD. */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** YYYYMMDD → YYYY-MM-DD, or null when it is not a real date. */
export function isoDate(yyyymmdd: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!m) return null;
  const [, y, mo, d] = m;
  const iso = `${y}-${mo}-${d}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** Completed years between two YYYY-MM-DD dates. */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

function orNull(s: string): string | null {
  return s === '' ? null : s;
}

/** Throws IdCardError('bad-data') for an unknown layout or unreadable dates. */
export function toCardPerson(raw: RawCardText, now: Date): CardPerson {
  if (!isCardLayout(raw.layout)) {
    badDataThrow(
      `unknown card type character U+${raw.layout.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  const layout = raw.layout;
  const cardType = CARD_TYPE_OF_LAYOUT[layout];
  const foreign = layout === 'I' || layout === 'Y';

  const birthDate = isoDate(raw.birthDate) ?? badDataThrow('birth date is not a date');
  const validFrom = isoDate(raw.validFrom) ?? badDataThrow('valid-from is not a date');
  const validTo =
    raw.validTo === LONG_TERM
      ? 'long-term'
      : (isoDate(raw.validTo) ?? badDataThrow('valid-to is not a date'));
  const gender = GENDERS[raw.gender] ?? 'unknown';
  const today = shanghaiDate(now);
  const name = raw.name !== '' ? raw.name : raw.englishName;
  if (name === '' || raw.idNumber === '') badDataThrow('name or number missing');

  return {
    cardType,
    name,
    englishName: foreign ? orNull(raw.englishName) : null,
    gender,
    nation: layout === ' ' ? nationName(raw.nation) : null,
    birthDate,
    address: foreign ? null : orNull(raw.address),
    idNumber: raw.idNumber,
    issuer: foreign ? null : orNull(raw.issuer),
    validFrom,
    validTo,
    passNumber: layout === 'J' ? orNull(raw.passNumber) : null,
    issueCount: layout === 'J' || layout === 'Y' ? orNull(raw.issueCount) : null,
    nationality: foreign ? orNull(raw.nationality) : null,
    // A card is valid through its last day.
    expired: validTo !== 'long-term' && today > validTo,
    idNumberValid: validateIdNumber(raw.idNumber, { birthDate: raw.birthDate, gender, cardType })
      .valid,
    elder: ageOn(birthDate, today) >= ELDER_AGE,
  };
}

function badDataThrow(what: string): never {
  throw new IdCardError('bad-data', `card text: ${what}`);
}
