import { describe, expect, it } from 'vitest';
import {
  buildTarget,
  describeTarget,
  EMPTY_TARGET_INPUT,
  parseValidDays,
} from '../../../central/console/state/publish-target.ts';

describe('buildTarget', () => {
  it('all', () => {
    expect(buildTarget(EMPTY_TARGET_INPUT)).toEqual({ ok: true, target: { kind: 'all' } });
  });

  it('districts and kiosks split on commas, 、 and new lines, without duplicates', () => {
    expect(
      buildTarget({
        ...EMPTY_TARGET_INPUT,
        kind: 'districts',
        districts: '天河区、越秀区，天河区',
      }),
    ).toEqual({
      ok: true,
      target: { kind: 'districts', districts: ['天河区', '越秀区'] },
    });
    expect(
      buildTarget({ ...EMPTY_TARGET_INPUT, kind: 'kiosks', kioskIds: 'GZ-1\nGZ-2, GZ-3' }),
    ).toEqual({
      ok: true,
      target: { kind: 'kiosks', kioskIds: ['GZ-1', 'GZ-2', 'GZ-3'] },
    });
  });

  it('refuses empty lists and percentages outside 1–100', () => {
    expect(buildTarget({ ...EMPTY_TARGET_INPUT, kind: 'districts', districts: ' ' }).ok).toBe(
      false,
    );
    expect(buildTarget({ ...EMPTY_TARGET_INPUT, kind: 'kiosks', kioskIds: '' }).ok).toBe(false);
    for (const percent of ['0', '101', '5.5', 'abc', '']) {
      expect(buildTarget({ ...EMPTY_TARGET_INPUT, kind: 'percentage', percent }).ok, percent).toBe(
        false,
      );
    }
    expect(buildTarget({ ...EMPTY_TARGET_INPUT, kind: 'percentage', percent: ' 25 ' })).toEqual({
      ok: true,
      target: { kind: 'percentage', percent: 25 },
    });
  });
});

describe('describeTarget', () => {
  it('says who gets it', () => {
    expect(describeTarget({ kind: 'all' })).toBe('全部终端');
    expect(describeTarget({ kind: 'percentage', percent: 10 })).toBe('按比例：10% 的终端');
    expect(describeTarget({ kind: 'kiosks', kioskIds: ['a', 'b', 'c', 'd'] })).toBe(
      '指定终端：a、b、c 等4台',
    );
  });
});

describe('parseValidDays', () => {
  it('1 to 366 whole days', () => {
    expect(parseValidDays('30')).toBe(30);
    expect(parseValidDays('0')).toBeNull();
    expect(parseValidDays('367')).toBeNull();
    expect(parseValidDays('1.5')).toBeNull();
  });
});
