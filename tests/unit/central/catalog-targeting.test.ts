import { expect, it } from 'vitest';
import { rolloutBucket, targetIncludes } from '../../../contract/catalog-publishing.ts';

const kiosk = { kioskId: 'GZ-TH-0001', district: '天河区' };

it('targets all, districts, listed kiosks', () => {
  expect(targetIncludes({ kind: 'all' }, kiosk)).toBe(true);
  expect(targetIncludes({ kind: 'districts', districts: ['天河区', '越秀区'] }, kiosk)).toBe(true);
  expect(targetIncludes({ kind: 'districts', districts: ['越秀区'] }, kiosk)).toBe(false);
  expect(targetIncludes({ kind: 'kiosks', kioskIds: ['GZ-TH-0001'] }, kiosk)).toBe(true);
  expect(targetIncludes({ kind: 'kiosks', kioskIds: ['GZ-TH-0002'] }, kiosk)).toBe(false);
});

it('puts each kiosk in a stable bucket, so a growing percentage only adds kiosks', () => {
  // FNV-1a 32 of the UTF-8 bytes: fixed values, the same on every machine and release.
  expect(rolloutBucket('')).toBe(0x811c9dc5 % 100);
  expect(rolloutBucket('GZ-TH-0001')).toBe(rolloutBucket('GZ-TH-0001'));
  const ids = Array.from({ length: 2000 }, (_, i) => `GZ-${String(i).padStart(5, '0')}`);
  const within = (percent: number) =>
    new Set(
      ids.filter((kioskId) =>
        targetIncludes({ kind: 'percentage', percent }, { kioskId, district: '' }),
      ),
    );
  const ten = within(10);
  const fifty = within(50);
  for (const id of ten) expect(fifty.has(id)).toBe(true);
  expect(within(100).size).toBe(ids.length);
  // Roughly the share asked for.
  expect(ten.size).toBeGreaterThan(100);
  expect(ten.size).toBeLessThan(300);
  expect(fifty.size).toBeGreaterThan(850);
  expect(fifty.size).toBeLessThan(1150);
});
