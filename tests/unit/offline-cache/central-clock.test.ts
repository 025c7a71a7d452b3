// The kiosk's view of the centre's time: learnt from answers' `Date` headers, applied only when
// the local clock is off by more than the trusted 30 s, dropped again once the local clock is
// right; and the kiosk's signers sign on it.
import { describe, expect, it } from 'vitest';
import {
  centralClockFor,
  createCentralClock,
  describeOffset,
} from '../../../offline-cache/central-clock.ts';
import { kioskRequestSigner } from '../../../offline-cache/request-signing.ts';
import { tmpDirs } from './tmp-dir.ts';

const tmp = tmpDirs('clock');
const CENTRE = Date.parse('2026-11-23T03:00:00Z');
const httpDate = (ms: number) => new Date(ms).toUTCString();

describe('central clock', () => {
  it('trusts a local clock within 30 s of the centre', () => {
    const local = CENTRE - 20_000;
    const clock = createCentralClock(() => local);
    clock.observe(httpDate(CENTRE), local - 50, local + 50);
    expect(clock.offsetMs()).toBe(0);
    expect(clock.now()).toBe(local);
  });

  it("signs on the centre's time when the local clock is 10 minutes behind, to the second", () => {
    let local = CENTRE - 600_000;
    const clock = createCentralClock(() => local);
    clock.observe(httpDate(CENTRE), local - 40, local + 40);
    expect(Math.abs(clock.offsetMs() - 600_000)).toBeLessThanOrEqual(1000);
    local += 5000;
    expect(Math.abs(clock.now() - (CENTRE + 5000))).toBeLessThanOrEqual(1000);
  });

  it('forgets the offset once the local clock is right again (NTP came back)', () => {
    let local = CENTRE + 3_600_000; // an hour ahead
    const clock = createCentralClock(() => local);
    clock.observe(httpDate(CENTRE), local, local + 10);
    expect(clock.offsetMs()).toBeLessThan(-3_500_000);
    local = CENTRE + 1000;
    clock.observe(httpDate(CENTRE + 1000), local, local + 10);
    expect(clock.offsetMs()).toBe(0);
  });

  it('ignores answers without a usable Date or too slow to say when it was written', () => {
    const local = CENTRE - 600_000;
    const clock = createCentralClock(() => local);
    clock.observe(null, local, local + 10);
    clock.observe('yesterday-ish', local, local + 10);
    clock.observe(httpDate(CENTRE), local, local + 60_000);
    clock.observe(httpDate(CENTRE), local, local - 5); // the local clock stepped back meanwhile
    expect(clock.offsetMs()).toBe(0);
  });

  it('says how far off and which way, for the technician', () => {
    expect(describeOffset(600_400)).toBe('10 min 0 s behind');
    expect(describeOffset(-(2 * 86_400_000 + 3 * 3_600_000 + 61_000))).toBe(
      '2 d 3 h 1 min 1 s ahead of',
    );
  });

  it("is one per data folder, and the kiosk's signer signs on it", () => {
    const dataDir = tmp();
    const clock = centralClockFor(dataDir);
    expect(centralClockFor(`${dataDir}/.`)).toBe(clock);
    expect(centralClockFor(tmp())).not.toBe(clock);
    const now = Date.now();
    clock.observe(httpDate(now + 3_600_000), now, now + 10);
    const headers = kioskRequestSigner(dataDir, 'GZ-TEST-0001')({ method: 'GET', path: '/x' });
    const stamp = Number(Object.values(headers).find((v) => /^\d{13}$/.test(v)));
    expect(Math.abs(stamp - (now + 3_600_000))).toBeLessThan(5000);
  });
});
