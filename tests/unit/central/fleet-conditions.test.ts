import { describe, expect, it } from 'vitest';
import {
  connectivityOf,
  HeartbeatRequest,
  isDiskLow,
  type HeartbeatDevice,
} from '../../../contract/fleet-api.ts';
import {
  conditionKey,
  conditionsOf,
  diffConditions,
  OFFLINE_CONDITION_KEY,
} from '../../../central/services/fleet-conditions.ts';

const GiB = 1024 ** 3;
const fine = {
  devices: [] as HeartbeatDevice[],
  queue: { pending: 0, oldestPendingAgeSeconds: null as number | null },
  disk: { freeBytes: 40 * GiB, totalBytes: 64 * GiB },
};
const kinds = (over: Partial<typeof fine>) =>
  conditionsOf({ ...fine, ...over }).map((c) => conditionKey(c));

describe('conditionsOf', () => {
  it('finds nothing wrong with a healthy kiosk', () => {
    expect(conditionsOf(fine)).toEqual([]);
  });

  it('names paper low and out per printer; out wins over the printer’s fault state', () => {
    expect(
      kinds({
        devices: [
          { device: 'receipt-printer', state: 'fault', detail: 'stopped', paper: 'out' },
          { device: 'a4-printer', state: 'ok', detail: '', paper: 'low' },
        ],
      }),
    ).toEqual(['paper-out:receipt-printer', 'paper-low:a4-printer']);
  });

  it('raises device-fault for fault and offline, not for warning, absent, unknown or the central link', () => {
    expect(
      kinds({
        devices: [
          { device: 'camera', state: 'fault', detail: 'no frames' },
          { device: 'id-reader', state: 'offline', detail: '' },
          { device: 'scanner', state: 'absent', detail: '' },
          { device: 'a4-printer', state: 'warning', detail: '' },
          { device: 'x-light', state: 'unknown', detail: '' },
          { device: 'central', state: 'offline', detail: '' },
        ],
      }),
    ).toEqual(['device-fault:camera', 'device-fault:id-reader']);
    const [fault] = conditionsOf({
      ...fine,
      devices: [{ device: 'camera', state: 'fault', detail: 'y'.repeat(200) }],
    });
    expect(fault!.detail.length).toBe(200);
  });

  it('calls a queue stuck only past 30 minutes', () => {
    expect(kinds({ queue: { pending: 2, oldestPendingAgeSeconds: 1800 } })).toEqual([]);
    expect(kinds({ queue: { pending: 2, oldestPendingAgeSeconds: 1801 } })).toEqual([
      'queue-stuck:',
    ]);
  });

  it('calls a disk low under 1 GiB or under 5 %', () => {
    expect(isDiskLow({ freeBytes: GiB - 1, totalBytes: 8 * GiB })).toBe(true);
    expect(isDiskLow({ freeBytes: 4 * GiB, totalBytes: 100 * GiB })).toBe(true);
    expect(isDiskLow({ freeBytes: 5 * GiB, totalBytes: 100 * GiB })).toBe(false);
    expect(kinds({ disk: { freeBytes: 0, totalBytes: 0 } })).toEqual(['disk-low:']);
  });
});

describe('diffConditions', () => {
  it('raises only new conditions and clears only gone ones, the offline one included', () => {
    const now = conditionsOf({
      ...fine,
      devices: [{ device: 'a4-printer', state: 'ok', detail: '', paper: 'out' }],
    });
    const { raise, clear } = diffConditions(
      ['paper-out:a4-printer', 'paper-low:receipt-printer', OFFLINE_CONDITION_KEY],
      now,
    );
    expect(raise).toEqual([]);
    expect(clear).toEqual(['paper-low:receipt-printer', 'kiosk-offline:']);
    expect(diffConditions([], now).raise.map(conditionKey)).toEqual(['paper-out:a4-printer']);
  });
});

describe('connectivityOf', () => {
  const last = new Date('2026-11-23T10:00:00Z');
  it('is offline once three intervals passed without a beat', () => {
    expect(connectivityOf(null, last)).toBe('never-seen');
    expect(connectivityOf(last, new Date(last.getTime() + 180_000))).toBe('online');
    expect(connectivityOf(last, new Date(last.getTime() + 180_001))).toBe('offline');
    expect(connectivityOf(last, new Date(last.getTime() + 50_000), 10)).toBe('offline');
  });
});

describe('HeartbeatRequest', () => {
  const beat = {
    sentAt: '2026-11-23T10:00:00+08:00',
    softwareVersion: '1.0.0',
    catalogVersion: 3,
    devices: [{ device: 'receipt-printer', state: 'ok', detail: 'ready', paper: 'ok' }],
    queue: { pending: 0, oldestPendingAgeSeconds: null },
    disk: { freeBytes: 10, totalBytes: 20 },
    uptimeSeconds: 5,
    sessionActive: false,
  };

  it('accepts a beat with an offset timestamp and fills in no completed actions', () => {
    const parsed = HeartbeatRequest.parse(beat);
    expect(parsed.completedActions).toEqual([]);
  });

  it('accepts unknown lowercase device names but bounds everything', () => {
    const device = (d: object) => HeartbeatRequest.safeParse({ ...beat, devices: [d] }).success;
    expect(device({ device: 'fingerprint-reader', state: 'ok', detail: '' })).toBe(true);
    expect(device({ device: 'Fingerprint Reader', state: 'ok', detail: '' })).toBe(false);
    expect(device({ device: 'camera', state: 'broken', detail: '' })).toBe(false);
    expect(device({ device: 'camera', state: 'ok', detail: 'x'.repeat(201) })).toBe(false);
    const many = Array.from({ length: 17 }, (_, i) => ({
      device: `d-${i}`,
      state: 'ok',
      detail: '',
    }));
    expect(HeartbeatRequest.safeParse({ ...beat, devices: many }).success).toBe(false);
    expect(HeartbeatRequest.safeParse({ ...beat, softwareVersion: '' }).success).toBe(false);
    expect(HeartbeatRequest.safeParse({ ...beat, uptimeSeconds: -1 }).success).toBe(false);
    expect(
      HeartbeatRequest.safeParse({ ...beat, queue: { pending: 1.5, oldestPendingAgeSeconds: 0 } })
        .success,
    ).toBe(false);
  });
});
