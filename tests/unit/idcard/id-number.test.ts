import { describe, expect, it } from 'vitest';
import { checkDigit, validateIdNumber } from '../../../drivers/idcard/index.ts';

describe('GB 11643 ID numbers', () => {
  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(checkDigit('44010619880315122')).toBe('7');
    expect(checkDigit('11010519491231002')).toBe('X');
    expect(checkDigit('44010619880315002')).toBe('1');
    expect(() => checkDigit('4401061988031512')).toThrow(RangeError);
  });

  it('accepts a consistent number', () => {
    expect(
      validateIdNumber('440106198803151227', {
        birthDate: '19880315',
        gender: 'female',
        cardType: 'resident',
      }),
    ).toEqual({ valid: true, reasons: [] });
    expect(
      validateIdNumber('11010519491231002X', { birthDate: '1949-12-31', gender: 'female' }).valid,
    ).toBe(true);
  });

  it('names every problem it finds', () => {
    expect(validateIdNumber('440106198803151228').reasons).toEqual(['check-digit']);
    expect(validateIdNumber('44010619880315122').reasons).toEqual(['format']);
    expect(validateIdNumber('44010619880315122x').reasons).toEqual(['format']);
    const wrongProvince = '99010619880315122';
    expect(validateIdNumber(wrongProvince + checkDigit(wrongProvince)).reasons).toContain(
      'province',
    );
    const badDate = '44010619880230122';
    expect(validateIdNumber(badDate + checkDigit(badDate)).reasons).toEqual(['birth-date']);
    expect(validateIdNumber('440106198803151227', { birthDate: '19880316' }).reasons).toEqual([
      'birth-date-mismatch',
    ]);
    expect(validateIdNumber('440106198803151227', { gender: 'male' }).reasons).toEqual([
      'gender-mismatch',
    ]);
    expect(validateIdNumber('440106198803151227', { gender: 'unspecified' }).valid).toBe(true);
  });

  it('checks the prefix against the card type', () => {
    const permit = '810000199001010019';
    expect(validateIdNumber(permit, { cardType: 'hk-macau-taiwan', gender: 'male' }).valid).toBe(
      true,
    );
    expect(validateIdNumber(permit, { cardType: 'resident' }).reasons).toEqual([
      'card-type-mismatch',
    ]);
    expect(validateIdNumber('440106198803151227', { cardType: 'hk-macau-taiwan' }).reasons).toEqual(
      ['card-type-mismatch'],
    );
    const pr2023 = '944250198506120021';
    expect(
      validateIdNumber(pr2023, {
        cardType: 'foreign-permanent-2023',
        birthDate: '19850612',
        gender: 'female',
      }).valid,
    ).toBe(true);
    expect(validateIdNumber(pr2023, { cardType: 'resident' }).reasons).toEqual([
      'card-type-mismatch',
    ]);
    expect(
      validateIdNumber('440106198803151227', { cardType: 'foreign-permanent-2023' }).reasons,
    ).toEqual(['card-type-mismatch']);
    // 9 + a province that does not exist
    const badPr = '998250198506120' + '02';
    expect(validateIdNumber(badPr + checkDigit(badPr)).reasons).toContain('province');
  });

  it('checks only the shape of a 2017 permanent-residence number', () => {
    expect(validateIdNumber('USA440080051201', { cardType: 'foreign-permanent-2017' }).valid).toBe(
      true,
    );
    expect(
      validateIdNumber('usa440080051201', { cardType: 'foreign-permanent-2017' }).reasons,
    ).toEqual(['format']);
  });
});
