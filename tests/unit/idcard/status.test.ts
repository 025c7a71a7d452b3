import { describe, expect, it } from 'vitest';
import { IdCardError, statusError, SW3 } from '../../../drivers/idcard/index.ts';

const REPLACE = '请重新放置身份证';
const FAULT = '读卡器故障，请联系工作人员';

describe('SW3 → typed errors', () => {
  it('treats 90 and 9F as success', () => {
    expect(statusError(0x90)).toBeNull();
    expect(statusError(0x9f)).toBeNull();
  });

  it.each([
    [0x91, 'no-content', REPLACE],
    [0x10, 'line-error', FAULT],
    [0x11, 'line-error', FAULT],
    [0x21, 'reader-fault', FAULT],
    [0x23, 'reader-fault', FAULT],
    [0x24, 'reread', REPLACE],
    [0x31, 'reread', REPLACE],
    [0x32, 'reread', REPLACE],
    [0x33, 'reread', REPLACE],
    [0x40, 'reread', REPLACE],
    [0x41, 'reread', REPLACE],
    [0x47, 'reread', REPLACE],
    [0x60, 'reader-fault', FAULT],
    [0x66, 'reader-fault', FAULT],
    [0x80, 'no-card', '请放置身份证'],
    [0x81, 'reread', REPLACE],
    [0x55, 'reader-fault', FAULT],
  ])('SW3 %s → %s', (sw3, code, citizenMessage) => {
    const err = statusError(sw3);
    expect(err).toBeInstanceOf(IdCardError);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code, sw3, citizenMessage });
    expect(err!.message).toContain(sw3.toString(16).toUpperCase());
  });

  it('covers every SW3 constant of the spec', () => {
    for (const sw3 of Object.values(SW3)) {
      if (sw3 === SW3.OK || sw3 === SW3.FIND_OK) continue;
      expect(statusError(sw3)!.message).not.toContain('undocumented');
    }
  });
});
