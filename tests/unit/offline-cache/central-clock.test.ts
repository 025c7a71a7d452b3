// The kiosk's view of the centre's time: learnt from the centre's answers, applied only when the
// local clock is off by more than the trusted 30 s (and dropped under 20 s, so a clock near the
// limit does not flap), kept in the data folder for the next process; the kiosk's signers sign
// on it.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CLOCK_FILE,
  centralClockFor,
  centreTimeOfDateHeader,
  createCentralClock,
  describeOffset,
} from '../../../offline-cache/central-clock.ts';
import { kioskRequestSigner } from '../../../offline-cache/request-signing.ts';
import { tmpDirs } from './tmp-dir.ts';

const tmp = tmpDirs('clock');
const CENTRE = Date.parse('2026-11-23T03:00:00.250Z');

describe('central clock', () => {
  it('trusts a local clock within 30 s of the centre, once it has heard from it', () => {
    const local = CENTRE - 20_000;
    const clock = createCentralClock({ local: () => local });
    expect(clock.learnt()).toBe(false);
    clock.observe(CENTRE, local - 50, local + 50);
    expect(clock.learnt()).toBe(true);
    expect(clock.offsetMs()).toBe(0);
    expect(clock.now()).toBe(local);
  });

  it("signs on the centre's time when the local clock is 10 minutes behind", () => {
    let local = CENTRE - 600_000;
    const clock = createCentralClock({ local: () => local });
    clock.observe(CENTRE, local - 40, local + 40);
    expect(clock.offsetMs()).toBe(600_000);
    local += 5000;
    expect(clock.now()).toBe(CENTRE + 5000);
  });

  it('reads an HTTP Date as the middle of its second', () => {
    expect(centreTimeOfDateHeader('Mon, 23 Nov 2026 03:00:00 GMT')).toBe(
      Date.parse('2026-11-23T03:00:00.500Z'),
    );
    expect(centreTimeOfDateHeader('yesterday-ish')).toBeNaN();
    expect(centreTimeOfDateHeader(null)).toBeNaN();
  });

  it('drops the offset only once the local clock is within 20 s again (no flapping)', () => {
    let local = CENTRE - 40_000;
    const clock = createCentralClock({ local: () => local });
    clock.observe(CENTRE, local, local);
    expect(clock.offsetMs()).toBe(40_000);
    local = CENTRE - 25_000; // NTP half way: still corrected, on the new offset
    clock.observe(CENTRE, local, local);
    expect(clock.offsetMs()).toBe(25_000);
    local = CENTRE - 1000; // NTP came back
    clock.observe(CENTRE, local, local);
    expect(clock.offsetMs()).toBe(0);
    local = CENTRE - 25_000; // 25 s off with no offset in force: trusted
    clock.observe(CENTRE, local, local);
    expect(clock.offsetMs()).toBe(0);
  });

  it('ignores answers without a time or too slow to say when it was read', () => {
    const local = CENTRE - 600_000;
    const clock = createCentralClock({ local: () => local });
    clock.observe(Number.NaN, local, local + 10);
    clock.observe(CENTRE, local, local + 60_000);
    clock.observe(CENTRE, local, local - 5); // the local clock stepped back meanwhile
    expect(clock.offsetMs()).toBe(0);
    expect(clock.learnt()).toBe(false);
  });

  it('says how far off and which way, for the technician', () => {
    expect(describeOffset(600_400)).toBe('10 min 0 s behind');
    expect(describeOffset(-(2 * 86_400_000 + 3 * 3_600_000 + 61_000))).toBe(
      '2 d 3 h 1 min 1 s ahead of',
    );
  });

  it('keeps the offset in a file for the next process, and ignores a broken file', () => {
    const file = path.join(tmp(), CLOCK_FILE);
    const local = CENTRE - 3_600_000;
    const first = createCentralClock({ local: () => local, file });
    first.observe(CENTRE, local, local);
    expect(existsSync(file)).toBe(true);
    const next = createCentralClock({ local: () => local, file });
    expect(next.offsetMs()).toBe(3_600_000);
    expect(next.learnt()).toBe(false); // remembered, not yet confirmed
    writeFileSync(file, '{"offsetMs": "soon"}');
    expect(createCentralClock({ file }).offsetMs()).toBe(0);
  });

  it("is one per data folder, and the kiosk's signer signs on it", () => {
    const dataDir = tmp();
    const clock = centralClockFor(dataDir);
    expect(centralClockFor(`${dataDir}/.`)).toBe(clock);
    expect(centralClockFor(tmp())).not.toBe(clock);
    const now = Date.now();
    clock.observe(now + 3_600_000, now, now + 10);
    const headers = kioskRequestSigner(dataDir, 'GZ-TEST-0001')({ method: 'GET', path: '/x' });
    const stamp = Number(Object.values(headers).find((v) => /^\d{13}$/.test(v)));
    expect(Math.abs(stamp - (now + 3_600_000))).toBeLessThan(5000);
  });
});
