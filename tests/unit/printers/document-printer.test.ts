import { describe, expect, it } from 'vitest';
import { citizenMessageFor, DocumentPrinterError, refusal } from '../../../printers/index.ts';

const idle = { state: 'idle', reasons: [], message: '', acceptingJobs: true };

describe('A4 printer state', () => {
  it('lets an idle or busy printer take jobs, warnings included', () => {
    expect(refusal(idle)).toBeNull();
    expect(
      refusal({ ...idle, state: 'processing', reasons: ['media-low-warning', 'toner-low-report'] }),
    ).toBeNull();
  });

  it('refuses a stopped queue, with the keyword of its state message (cupsdisable -r)', () => {
    expect(
      refusal({ ...idle, state: 'stopped', reasons: ['paused'], message: 'media-empty' }),
    ).toEqual(['paused', 'media-empty']);
    expect(refusal({ ...idle, state: 'stopped' })).toEqual(['stopped']);
    // A sentence is not a reason keyword.
    expect(
      refusal({ ...idle, state: 'stopped', reasons: ['paused'], message: 'Paused by admin.' }),
    ).toEqual(['paused']);
  });

  it('refuses on blocking reasons even while the queue says idle', () => {
    expect(refusal({ ...idle, reasons: ['media-empty-error'] })).toEqual(['media-empty-error']);
    expect(refusal({ ...idle, reasons: ['offline-report'] })).toEqual(['offline-report']);
    expect(refusal({ ...idle, reasons: ['door-open'] })).toEqual(['door-open']);
    expect(refusal({ ...idle, acceptingJobs: false })).toEqual(['not-accepting-jobs']);
  });

  it('tells the citizen what is wrong in words they know', () => {
    expect(citizenMessageFor(['paused', 'media-empty'])).toContain('缺纸');
    expect(citizenMessageFor(['media-jam-error'])).toContain('卡纸');
    expect(citizenMessageFor(['offline-report'])).toContain('未连接');
    expect(citizenMessageFor(['unreachable'])).toContain('未连接');
    expect(citizenMessageFor(['paused'])).toContain('暂停服务');
    const err = new DocumentPrinterError('A4 printer x refused: media-empty', ['media-empty']);
    expect(err).toMatchObject({ name: 'DocumentPrinterError', reasons: ['media-empty'] });
    expect(err.citizenMessage).toBe('A4打印机缺纸，暂时无法打印证明');
  });
});
