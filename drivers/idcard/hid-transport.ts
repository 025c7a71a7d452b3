// The SAM byte stream over USB-HID (node-hid), cut into reports by a per-model framing
// (hid-framing.ts). The device object is a seam: node-hid's HIDAsync on site, any object with
// the same few methods in tests (no virtual HID device exists on the build machines).
import { createRequire } from 'node:module';
import type { HidFraming } from './hid-framing.ts';
import {
  openReopeningTransport,
  type Backoff,
  type ReopeningTransport,
} from './reopening-transport.ts';
import { Listeners, type ByteTransport } from './transport.ts';

/** The part of node-hid's HIDAsync the transport uses. */
export interface HidDeviceLike {
  write(data: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
  on(event: 'data', cb: (data: Buffer) => void): unknown;
  on(event: 'error', cb: (err: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
}

export interface HidTarget {
  vendorId: number;
  productId: number;
  /** A hidraw path (as node-hid's devices() lists it), when several readers share VID:PID. */
  path?: string;
}

export type OpenHidDevice = (target: HidTarget) => Promise<HidDeviceLike>;

export interface HidTransportOptions extends HidTarget {
  framing: HidFraming;
  /** Opens the device; default node-hid's HIDAsync.open (by path, else by VID:PID). */
  openDevice?: OpenHidDevice;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

export function describeHidTarget(t: HidTarget): string {
  return `hid ${hex4(t.vendorId)}:${hex4(t.productId)}${t.path ? ` ${t.path}` : ''}`;
}

/** node-hid, loaded only when an HID reader is configured (it carries a native part). */
export const openNodeHidDevice: OpenHidDevice = async (target) => {
  const hid = createRequire(import.meta.url)('node-hid') as {
    HIDAsync: {
      open(path: string): Promise<HidDeviceLike>;
      open(vid: number, pid: number): Promise<HidDeviceLike>;
    };
  };
  return target.path
    ? hid.HIDAsync.open(target.path)
    : hid.HIDAsync.open(target.vendorId, target.productId);
};

export async function openHidTransport(opts: HidTransportOptions): Promise<ByteTransport> {
  const device = await (opts.openDevice ?? openNodeHidDevice)(opts);
  const { framing } = opts;
  const listeners = new Listeners();
  let closed = false;
  // Reports of one frame must not interleave with another's.
  let writing: Promise<unknown> = Promise.resolve();

  const shut = async (err?: Error) => {
    if (closed) return;
    closed = true;
    device.removeAllListeners('data');
    device.removeAllListeners('error');
    // A late read error must not become an unhandled 'error' event.
    device.on('error', () => {});
    // Already gone when unplugged: closing may fail, and the reader need not wait for it.
    const closing = device.close().catch(() => {});
    listeners.emitClose(err);
    await closing;
  };

  device.on('data', (report: Buffer) => {
    if (closed) return;
    const payload = framing.fromInputReport(
      new Uint8Array(report.buffer, report.byteOffset, report.length),
    );
    if (payload.length > 0) listeners.emitData(payload);
  });
  // node-hid reports an unplugged device as a read error.
  device.on('error', (err: Error) => void shut(err));

  return {
    description: describeHidTarget(opts),
    write(bytes) {
      const run = writing.then(async () => {
        if (closed) throw new Error('HID device is closed');
        for (const report of framing.toOutputReports(bytes)) {
          try {
            await device.write(Buffer.from(report));
          } catch (err) {
            await shut(err instanceof Error ? err : new Error(String(err)));
            throw err;
          }
        }
      });
      writing = run.catch(() => {});
      return run;
    },
    onData: (cb) => listeners.onData(cb),
    onClose: (cb) => listeners.onClose(cb),
    close: () => shut(),
  };
}

/** The HID reader, reopened with backoff whenever it goes away (unplugged, re-enumerated). */
export function openReopeningHidTransport(
  opts: HidTransportOptions & { backoff?: Partial<Backoff>; now?: () => Date },
): Promise<ReopeningTransport> {
  const { backoff, now, ...hid } = opts;
  return openReopeningTransport({
    description: describeHidTarget(hid),
    open: () => openHidTransport(hid),
    ...(backoff ? { backoff } : {}),
    ...(now ? { now } : {}),
  });
}
