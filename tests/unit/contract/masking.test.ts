import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName } from '../../../contract/masking.ts';

describe('masking for receipts and screens', () => {
  it('keeps the first and last character of a name', () => {
    expect(maskName('阳秀梅')).toBe('阳*梅');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('阳梅')).toBe('阳*');
    expect(maskName('梅')).toBe('*');
    expect(maskName('JOHN SMITH')).toBe('J********H');
  });

  it('counts characters outside the BMP as one', () => {
    expect(maskName('吉𠮷祥')).toBe('吉*祥');
    expect(maskName('𠮷祥')).toBe('𠮷*');
  });

  it('keeps area code and last four of an ID number only', () => {
    expect(maskIdNumber('440106198803151227')).toBe('440106********1227');
    expect(maskIdNumber('440106198803151227')).not.toContain('19880315');
    expect(maskIdNumber('1234567')).toBe('*******');
    // Permit and passport numbers: never whole, never a crash (10 characters used to show all).
    expect(maskIdNumber('H12345678')).toBe('H1*****78');
    expect(maskIdNumber('8100000123')).toBe('81******23');
    for (let n = 1; n <= 36; n++) {
      const masked = maskIdNumber('7'.repeat(n));
      expect(masked).toHaveLength(n);
      const hidden = Array.from(masked).filter((c) => c === '*').length;
      expect(hidden).toBeGreaterThanOrEqual(n < 18 ? n / 2 : n - 10);
    }
  });
});
