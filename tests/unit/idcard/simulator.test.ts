// The simulator as a peer on the wire: raw request bytes in, raw answer bytes out.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createInProcessPair,
  encodeRequest,
  FrameParser,
  fromHex,
  IdCardSimulator,
  loadCardFixture,
  toHex,
  type ByteTransport,
  type ResponseFrame,
} from '../../../drivers/idcard/index.ts';

const fixtures = fileURLToPath(new URL('../../../drivers/idcard/fixtures/', import.meta.url));
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** A host end that collects the raw bytes and the frames the simulator sends. */
function peer() {
  const [host, device] = createInProcessPair({ split: true });
  const simulator = new IdCardSimulator({ transport: device });
  closers.push(() => simulator.close());
  const parser = new FrameParser();
  const frames: ResponseFrame[] = [];
  const raw: number[] = [];
  host.onData((chunk) => {
    raw.push(...chunk);
    frames.push(...parser.push(chunk));
  });
  const ask = async (bytes: Uint8Array, answers = 1): Promise<ResponseFrame[]> => {
    const before = frames.length;
    await host.write(bytes);
    while (frames.length < before + answers) await new Promise((r) => setImmediate(r));
    return frames.slice(before);
  };
  return { host: host as ByteTransport, simulator, ask, raw, frames };
}

describe('IdCardSimulator on the wire', () => {
  it('answers the spec’s find-card request with the spec’s bytes', async () => {
    const { simulator, ask, raw } = peer();
    await ask(fromHex('AA AA AA 96 69 00 03 20 01 22'));
    expect(toHex(Uint8Array.from(raw))).toBe('AA AA AA 96 69 00 04 00 00 80 84');
    raw.length = 0;
    simulator.placeCard(await loadCardFixture(path.join(fixtures, 'resident.json')));
    await ask(fromHex('AA AA AA 96 69 00 03 20 01 22'));
    expect(toHex(Uint8Array.from(raw))).toBe('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
  });

  it('answers a read with LEN 0x0508 (1,295 bytes) and then says 80 until the card is lifted', async () => {
    const { simulator, ask, raw } = peer();
    simulator.placeCard(await loadCardFixture(path.join(fixtures, 'resident.json')));
    await ask(encodeRequest(0x20, 0x01));
    await ask(encodeRequest(0x20, 0x02));
    raw.length = 0;
    const [read] = await ask(encodeRequest(0x30, 0x01));
    expect(raw.length).toBe(1295);
    expect(toHex(Uint8Array.from(raw.slice(5, 10)))).toBe('05 08 00 00 90');
    expect(toHex(read!.data.subarray(0, 4))).toBe('01 00 04 00');
    expect(simulator.cardState).toBe('read');
    expect((await ask(encodeRequest(0x20, 0x01)))[0]!.sw3).toBe(0x80);
    simulator.liftCard();
    expect((await ask(encodeRequest(0x20, 0x01)))[0]!.sw3).toBe(0x80);
    simulator.placeCard(await loadCardFixture(path.join(fixtures, 'resident.json')));
    expect((await ask(encodeRequest(0x20, 0x01)))[0]!.sw3).toBe(0x9f);
  });

  it('refuses select and read without a found card', async () => {
    const { ask } = peer();
    expect((await ask(encodeRequest(0x20, 0x02)))[0]!.sw3).toBe(0x81);
    expect((await ask(encodeRequest(0x30, 0x01)))[0]!.sw3).toBe(0x41);
  });

  it('answers the other commands of the spec', async () => {
    const { simulator, ask } = peer();
    expect((await ask(encodeRequest(0x10, 0xff)))[0]!.sw3).toBe(0x90);
    expect((await ask(encodeRequest(0x11, 0xff)))[0]!.sw3).toBe(0x90);
    const [id] = await ask(encodeRequest(0x12, 0xff));
    expect(id!.data.length).toBe(16);
    expect((await ask(encodeRequest(0x60, 0x00)))[0]!.sw3).toBe(0x90);
    expect((await ask(encodeRequest(0x61, 0xff, Uint8Array.of(0x50))))[0]!.sw3).toBe(0x90);
    expect((await ask(encodeRequest(0x77, 0x00)))[0]!.sw3).toBe(0x21);

    simulator.placeCard({
      ...(await loadCardFixture(path.join(fixtures, 'resident.json'))),
      newestAddress: '广州市天河区体育东路1号',
    });
    await ask(encodeRequest(0x20, 0x01));
    await ask(encodeRequest(0x20, 0x02));
    const [addr] = await ask(encodeRequest(0x30, 0x03));
    expect(addr!.sw3).toBe(0x90);
    expect(Buffer.from(addr!.data).toString('utf16le').trimEnd()).toBe('广州市天河区体育东路1号');
    simulator.placeCard(await loadCardFixture(path.join(fixtures, 'resident.json')));
    await ask(encodeRequest(0x20, 0x01));
    await ask(encodeRequest(0x20, 0x02));
    expect((await ask(encodeRequest(0x30, 0x03)))[0]!.sw3).toBe(0x91);
  });

  it('answers a corrupted request with 10, and speaks only when asked', async () => {
    const { ask, raw } = peer();
    const bad = encodeRequest(0x20, 0x01);
    bad[bad.length - 1]! ^= 1;
    expect((await ask(bad))[0]!.sw3).toBe(0x10);
    raw.length = 0;
    await new Promise((r) => setTimeout(r, 30));
    expect(raw).toEqual([]);
  });

  it('injects faults into the next answer', async () => {
    const { simulator, ask, frames, host } = peer();
    simulator.inject('sw3:0x24');
    expect((await ask(encodeRequest(0x11, 0xff)))[0]!.sw3).toBe(0x24);
    simulator.inject('noise');
    expect((await ask(encodeRequest(0x11, 0xff)))[0]!.sw3).toBe(0x90);
    simulator.inject('silence');
    simulator.inject('bad-checksum');
    await host.write(encodeRequest(0x11, 0xff));
    await host.write(encodeRequest(0x11, 0xff));
    const n = frames.length;
    expect((await ask(encodeRequest(0x12, 0xff)))[0]!.data.length).toBe(16);
    expect(frames.length).toBe(n + 1);
    expect(() => simulator.inject('explode' as never)).toThrow(RangeError);
  });
});
