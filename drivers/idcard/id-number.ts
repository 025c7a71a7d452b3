// GB 11643 citizen identity numbers (and the residence-permit and 2023 permanent-residence numbers
// built the same way): 6-digit area + YYYYMMDD + 3-digit sequence (odd male, even female) +
// ISO 7064 MOD 11-2 check character.
import type { CardType } from '../../catalog/schema.ts';
import type { Gender } from '../../contract/identity.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Mainland province codes; 71 is Taiwan (as listed on mainland-issued numbers). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65, 71,
]);
/** Residence permits for residents of Hong Kong, Macau, Taiwan. */
const PERMIT_PREFIXES = new Set([81, 82, 83]);

/** The check character for the first 17 digits. Throws on anything but 17 digits. */
export function checkDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('checkDigit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '?';
}

export type IdNumberProblem =
  | 'format'
  | 'check-digit'
  | 'province'
  | 'birth-date'
  | 'birth-date-mismatch'
  | 'gender-mismatch'
  | 'card-type-mismatch';

export interface IdNumberCheck {
  valid: boolean;
  reasons: IdNumberProblem[];
}

function isRealDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1800 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Validates an 18-character number and cross-checks it with what the card says. For the 2017
 * foreign permanent-residence card (15 characters: nationality letters + 12 digits) no public
 * check algorithm is known, so only its shape is checked.
 */
export function validateIdNumber(
  num: string,
  opts: { birthDate?: string; gender?: Gender; cardType?: CardType } = {},
): IdNumberCheck {
  const reasons: IdNumberProblem[] = [];
  const done = (): IdNumberCheck => ({ valid: reasons.length === 0, reasons });

  if (opts.cardType === 'foreign-permanent-2017') {
    if (!/^[A-Z]{3}\d{12}$/.test(num)) reasons.push('format');
    return done();
  }
  if (!/^\d{17}[\dX]$/.test(num)) {
    reasons.push('format');
    return done();
  }
  if (checkDigit(num.slice(0, 17)) !== num[17]) reasons.push('check-digit');

  const foreign2023 = num.startsWith('9');
  // The 2023 number is 9 + province + 3-digit nationality: its province sits one digit later.
  const province = Number(foreign2023 ? num.slice(1, 3) : num.slice(0, 2));
  const permit = !foreign2023 && PERMIT_PREFIXES.has(province);
  if (!PROVINCES.has(province) && !permit) reasons.push('province');

  const birth = num.slice(6, 14);
  if (!isRealDate(birth)) reasons.push('birth-date');
  if (opts.birthDate !== undefined && opts.birthDate.replace(/-/g, '') !== birth) {
    reasons.push('birth-date-mismatch');
  }

  const sequenceOdd = Number(num[16]) % 2 === 1;
  if ((opts.gender === 'male' && !sequenceOdd) || (opts.gender === 'female' && sequenceOdd)) {
    reasons.push('gender-mismatch');
  }

  if (opts.cardType !== undefined) {
    const expected =
      opts.cardType === 'hk-macau-taiwan'
        ? permit
        : opts.cardType === 'foreign-permanent-2023'
          ? foreign2023
          : !permit && !foreign2023;
    if (!expected) reasons.push('card-type-mismatch');
  }
  return done();
}
