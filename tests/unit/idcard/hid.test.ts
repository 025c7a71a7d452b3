// USB-HID: the framing adapter on its own (properties), then the real driver and simulator talking
// through openHidTransport over a device object with node-hid's HIDAsync interface. No virtual HID
// device exists on these machines, so that object is the seam: it turns reports into bytes for
// the simulator and back, with the same framing a reader model would use.
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHidFraming,
  createInProcessPair,
  encodeResponse,
  FrameParser,
  IdCardReader,
  IdCardSimulator,
  loadCardFixture,
  openHidTransport,
  openReopeningHidTransport,
  parseHidFraming,
  type ByteTransport,
  type HidDeviceLike,
  type HidFraming,
  type HidFramingOptions,
} from '../../../drivers/idcard/index.ts';

const fixtures = fileURLToPath(new URL('../../../drivers/idcard/fixtures/', import.meta.url));
const card = (name: string) => loadCardFixture(path.join(fixtures, `${name}.json`));
const NOW = new Date('2026-06-01T04:00:00Z');

const concat = (parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

const framingArb = fc.record({
  reportSize: fc.integer({ min: 2, max: 300 }),
  outputReportId: fc.integer({ min: 0, max: 255 }),
  inputReportId: fc.boolean(),
  lengthPrefix: fc.boolean(),
  padByte: fc.integer({ min: 0, max: 255 }),
});

describe('HID framing', () => {
  it('lays bytes into reports: report ID first, length byte, zero padding', () => {
    const f = createHidFraming(8, { outputReportId: 2, lengthPrefix: true });
    const reports = f.toOutputReports(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(reports.map((r) => [...r])).toEqual([
      [2, 7, 1, 2, 3, 4, 5, 6, 7],
      [2, 3, 8, 9, 10, 0, 0, 0, 0],
    ]);
    expect([...f.fromInputReport(Uint8Array.from([3, 8, 9, 10, 0, 0, 0, 0]))]).toEqual([8, 9, 10]);
  });

  it('without a length byte, hands the whole report on, padding included', () => {
    const f = createHidFraming(4, { inputReportId: true, padByte: 0xee });
    expect(f.toOutputReports(Uint8Array.of(1, 2, 3, 4, 5)).map((r) => [...r])).toEqual([
      [0, 1, 2, 3, 4],
      [0, 5, 0xee, 0xee, 0xee],
    ]);
    expect([...f.fromInputReport(Uint8Array.of(9, 5, 0xee, 0xee, 0xee))]).toEqual([
      5, 0xee, 0xee, 0xee,
    ]);
  });

  it('parses a framing spec', () => {
    const f = parseHidFraming(64, 'report-id=0x02, input-report-id, length, pad=255');
    expect(f.options).toEqual({
      outputReportId: 2,
      inputReportId: true,
      lengthPrefix: true,
      padByte: 255,
    });
    expect(f.payloadSize).toBe(63);
    expect(parseHidFraming(32, '').options.lengthPrefix).toBe(false);
    expect(() => parseHidFraming(64, 'report-id=300')).toThrow(/byte/);
    expect(() => parseHidFraming(64, 'endian=big')).toThrow(/unknown part "endian"/);
    expect(() => createHidFraming(1, { lengthPrefix: true })).toThrow(/reportSize/);
  });

  it('round-trips any bytes with a length byte, in both directions', () => {
    fc.assert(
      fc.property(framingArb, fc.uint8Array({ maxLength: 3000 }), (cfg, bytes) => {
        const f = createHidFraming(cfg.reportSize, { ...cfg, lengthPrefix: true });
        const out = f.toOutputReports(bytes);
        expect(
          out.every((r) => r.length === cfg.reportSize + 1 && r[0] === cfg.outputReportId),
        ).toBe(true);
        expect(concat(out.map((r) => f.fromOutputReport(r)))).toEqual(bytes);
        expect(concat(f.toInputReports(bytes).map((r) => f.fromInputReport(r)))).toEqual(bytes);
      }),
    );
  });

  it('delivers every SAM frame through any framing, padding or not', () => {
    const frameArb = fc
      .record({ sw3: fc.integer({ min: 0, max: 255 }), data: fc.uint8Array({ maxLength: 1300 }) })
      .map(({ sw3, data }) => encodeResponse(0, 0, sw3, data));
    fc.assert(
      fc.property(framingArb, fc.array(frameArb, { minLength: 1, maxLength: 4 }), (cfg, frames) => {
        const f: HidFraming = createHidFraming(cfg.reportSize, cfg as HidFramingOptions);
        const parser = new FrameParser();
        const got: Uint8Array[] = [];
        // A device sends each answer in its own reports, padded at the end.
        for (const frame of frames) {
          for (const report of f.toInputReports(frame)) {
            for (const fr of parser.push(f.fromInputReport(report)))
              got.push(encodeResponse(fr.sw1, fr.sw2, fr.sw3, fr.data));
          }
        }
        expect(got).toEqual(frames);
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * A reader module on USB-HID, as node-hid's HIDAsync shows it: write(report) takes output
 * reports (report ID first); input reports come as 'data' events; an unplug is an 'error'.
 */
class FakeHidReader extends EventEmitter implements HidDeviceLike {
  readonly written: Uint8Array[] = [];
  closed = false;
  readonly simulator: IdCardSimulator;
  private readonly wire: ByteTransport;
  private readonly framing: HidFraming;

  constructor(framing: HidFraming, cardOnReader: Awaited<ReturnType<typeof card>> | null) {
    super();
    const [moduleSide, simSide] = createInProcessPair();
    this.wire = moduleSide;
    this.simulator = new IdCardSimulator({ transport: simSide, card: cardOnReader });
    moduleSide.onData((bytes) => {
      for (const report of framing.toInputReports(bytes)) {
        if (!this.closed) this.emit('data', Buffer.from(report));
      }
    });
    this.framing = framing;
  }

  async write(data: number[] | Buffer): Promise<number> {
    if (this.closed) throw new Error('Cannot write to hid device');
    const report = Uint8Array.from(data);
    if (report.length !== this.framing.reportSize + 1) throw new Error('bad report length');
    this.written.push(report);
    await this.wire.write(this.framing.fromOutputReport(report));
    return report.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.simulator.close();
  }

  unplug(): void {
    this.emit('error', new Error('could not read from HID device'));
  }
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('openHidTransport with the real driver', () => {
  it.each<[string, HidFramingOptions & { size: number }]>([
    ['64-byte reports, no report ID, no length', { size: 64 }],
    [
      '32-byte numbered reports with a length byte',
      { size: 32, outputReportId: 3, inputReportId: true, lengthPrefix: true },
    ],
    ['tiny 8-byte reports padded with FF', { size: 8, padByte: 0xff }],
  ])('reads a card over %s', async (_label, { size, ...opts }) => {
    const framing = createHidFraming(size, opts);
    let device: FakeHidReader | null = null;
    const transport = await openHidTransport({
      vendorId: 0x0400,
      productId: 0xc35a,
      framing,
      openDevice: async (target) => {
        expect(target).toMatchObject({ vendorId: 0x0400, productId: 0xc35a });
        device = new FakeHidReader(framing, await card('foreign-2017'));
        return device;
      },
    });
    expect(transport.description).toBe('hid 0400:c35a');
    const reader = new IdCardReader({ transport, now: () => NOW });
    closers.push(() => reader.close());
    expect(await reader.start()).toEqual({ samId: '05.01-20101129-0001228293-0296863149' });
    const outcome = await reader.readCard({ timeoutMs: 3000 });
    expect(outcome).toMatchObject({
      kind: 'card',
      person: { cardType: 'foreign-permanent-2017', englishName: 'SMITH, JOHN WILLIAM' },
    });
    expect(device!.written.every((r) => r[0] === (opts.outputReportId ?? 0))).toBe(true);
  });

  it('reports an unplugged HID reader offline and reads again once it is back', async () => {
    const framing = createHidFraming(64, { lengthPrefix: true });
    let present = true;
    const devices: FakeHidReader[] = [];
    const resident = await card('resident');
    const transport = await openReopeningHidTransport({
      vendorId: 0x0400,
      productId: 0xc35a,
      path: '/dev/hidraw7',
      framing,
      backoff: { initialMs: 10, maxMs: 20 },
      openDevice: async () => {
        if (!present) throw new Error('could not open HID device');
        const d = new FakeHidReader(framing, resident);
        devices.push(d);
        return d;
      },
    });
    const reader = new IdCardReader({ transport, now: () => NOW });
    closers.push(() => reader.close());
    await reader.start();
    expect((await reader.readCard({ timeoutMs: 3000 })).kind).toBe('card');

    present = false;
    devices[0]!.unplug();
    expect(devices[0]!.closed).toBe(true);
    expect(reader.health().state).toBe('offline');
    expect(reader.health().detail).toContain('hid 0400:c35a /dev/hidraw7 unavailable');
    while (!reader.health().detail.includes('could not open HID device'))
      await new Promise((r) => setTimeout(r, 5));

    present = true;
    while (reader.health().state !== 'ok') await new Promise((r) => setTimeout(r, 5));
    expect((await reader.readCard({ timeoutMs: 3000 })).kind).toBe('card');
    expect(devices).toHaveLength(2);
  });
});
