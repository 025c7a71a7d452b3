import { describe, expect, it } from 'vitest';
import { bars, durationText, formatTime } from '../../../central/console/state/format.ts';
import {
  dayEndIso,
  dayStartIso,
  daysBefore,
  todayInGuangzhou,
} from '../../../central/console/state/date-range.ts';
import { deviceProblems, diskText } from '../../../central/console/state/fleet-view.ts';
import { permissionsOf } from '../../../central/console/state/permissions.ts';
import { satisfaction } from '../../../central/console/state/ratings.ts';
import { routeOf } from '../../../central/console/state/routes.ts';
import { nextStatuses } from '../../../central/console/state/submission-status.ts';
import { canMoveTo } from '../../../central/services/status-transitions.ts';

describe('times', () => {
  it('shows Guangzhou time whatever the zone of the instant', () => {
    expect(formatTime('2026-11-22T16:30:00Z')).toBe('2026-11-23 00:30');
    expect(formatTime('2026-11-23T00:30:00+08:00')).toBe('2026-11-23 00:30');
    expect(formatTime(null)).toBe('—');
  });

  it('durations in plain words', () => {
    expect(durationText(45)).toBe('45秒');
    expect(durationText(12 * 60)).toBe('12分钟');
    expect(durationText(3 * 3600 + 5 * 60)).toBe('3小时5分');
    expect(durationText(2 * 86400 + 3 * 3600)).toBe('2天3小时');
    expect(durationText(null)).toBe('—');
  });

  it('calendar days in UTC+8', () => {
    expect(todayInGuangzhou(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(Date.parse(dayStartIso('2026-11-23'))).toBe(Date.parse('2026-11-22T16:00:00Z'));
    expect(Date.parse(dayEndIso('2026-11-23')) + 1).toBe(Date.parse('2026-11-23T16:00:00Z'));
  });
});

describe('bars', () => {
  it('widths against the largest, shares of the total', () => {
    expect(
      bars([
        { label: 'a', count: 3 },
        { label: 'b', count: 1 },
      ]),
    ).toEqual([
      { label: 'a', count: 3, width: 100, percent: 75 },
      { label: 'b', count: 1, width: 33, percent: 25 },
    ]);
    expect(bars([{ label: 'none', count: 0 }])[0]).toMatchObject({ width: 0, percent: 0 });
  });

  it('satisfaction counts levels 4 and 5', () => {
    expect(satisfaction([1, 0, 1, 1, 1])).toBe('50%');
    expect(satisfaction([0, 0, 0, 0, 0])).toBe('—');
  });
});

describe('roles', () => {
  it('each action belongs to one role', () => {
    expect(permissionsOf(['auditor'])).toEqual({
      editCatalog: false,
      publish: false,
      enrol: false,
      revoke: false,
      remoteActions: false,
      changeSubmissionStatus: false,
      seeUnmaskedApplicants: false,
      manageAccounts: false,
    });
    expect(permissionsOf(['catalog-editor'])).toMatchObject({ publish: true, enrol: false });
    expect(permissionsOf(['fleet-operator'])).toMatchObject({
      remoteActions: true,
      revoke: true,
      publish: false,
    });
    expect(permissionsOf(['case-officer'])).toMatchObject({
      changeSubmissionStatus: true,
      publish: false,
    });
  });
});

describe('submission moves', () => {
  it('the buttons offered are the moves the centre allows', () => {
    for (const from of ['received', 'accepted', 'completed', 'returned'] as const) {
      for (const to of ['accepted', 'completed', 'returned'] as const) {
        expect(nextStatuses(from).includes(to), `${from} → ${to}`).toBe(canMoveTo(from, to));
      }
    }
  });
});

describe('fleet words', () => {
  it('lists only devices that need attention, paper included', () => {
    expect(
      deviceProblems({
        devices: [
          { device: 'id-reader', state: 'ok', detail: '' },
          { device: 'receipt-printer', state: 'ok', detail: '', paper: 'low' },
          { device: 'a4-printer', state: 'fault', detail: '' },
          { device: 'scanner', state: 'absent', detail: '' },
        ],
      }),
    ).toEqual(['凭条打印机：纸张将尽', 'A4打印机：故障']);
    expect(diskText({ freeBytes: 5 * 1024 ** 3, totalBytes: 20 * 1024 ** 3 })).toBe(
      '5.0 GB（25%）',
    );
  });

  it('routes by fragment, the catalog by default', () => {
    expect(routeOf('#/fleet')).toBe('fleet');
    expect(routeOf('#/nowhere')).toBe('catalog');
    expect(routeOf('')).toBe('catalog');
  });
});
