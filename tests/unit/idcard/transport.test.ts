import { describe, expect, it } from 'vitest';
import { createInProcessPair } from '../../../drivers/idcard/index.ts';

describe('createInProcessPair', () => {
  it('delivers bytes asynchronously, in order, split or not', async () => {
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const [a, b] = createInProcessPair({ split: true, random });
    const got: number[] = [];
    const chunks: number[] = [];
    b.onData((c) => {
      got.push(...c);
      chunks.push(c.length);
    });
    const sent = Uint8Array.from({ length: 500 }, (_, i) => i & 0xff);
    await a.write(sent.subarray(0, 250));
    await a.write(sent.subarray(250));
    expect(got).toEqual([]); // nothing synchronously
    while (got.length < 500) await new Promise((r) => setImmediate(r));
    expect(Uint8Array.from(got)).toEqual(sent);
    expect(chunks.length).toBeGreaterThan(2);
  });

  it('calls listeners in registration order; unsubscribe works', async () => {
    const [a, b] = createInProcessPair();
    const order: string[] = [];
    b.onData(() => order.push('first'));
    const stop = b.onData(() => order.push('second'));
    await a.write(Uint8Array.of(1));
    await new Promise((r) => setImmediate(r));
    stop();
    await a.write(Uint8Array.of(2));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['first', 'second', 'first']);
  });

  it('closes both ends', async () => {
    const [a, b] = createInProcessPair();
    const closed: string[] = [];
    a.onClose(() => closed.push('a'));
    b.onClose(() => closed.push('b'));
    await b.close();
    expect(closed).toEqual(['a', 'b']);
    await expect(a.write(Uint8Array.of(1))).rejects.toThrow(/closed/);
  });
});
