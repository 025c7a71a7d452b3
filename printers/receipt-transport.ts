// How bytes reach a receipt printer: raw TCP (port 9100), a serial line, or the USB printer-class
// device file (/dev/usb/lp0, Linux usblp). One interface, so the ESC/POS protocol code
// (receipt-printer-client.ts) is the same over all three. A link is opened for one job or one
// status check and closed after it: a printer that was unplugged and plugged back in between two
// jobs is simply opened again.
import { constants } from 'node:fs';
import { open as openFile, type FileHandle } from 'node:fs/promises';
import net from 'node:net';
import { SerialPort } from 'serialport';
import { PrinterError } from './printer-error.ts';

export interface ReceiptLink {
  write(bytes: Buffer): Promise<void>;
  /** The one receiver of bytes from the printer. */
  onData(cb: (chunk: Buffer) => void): void;
  /** Called once if the link is lost (not after close()). */
  onLost(cb: (err: Error) => void): void;
  /** Lets written bytes leave, then closes. */
  close(): Promise<void>;
}

export interface ReceiptTransport {
  /** For health and logs: tcp://HOST:PORT, serial:PATH?baud=N, usblp:PATH. */
  readonly description: string;
  open(timeoutMs: number): Promise<ReceiptLink>;
}

const offline = (where: string, err: unknown) =>
  new PrinterError(
    'offline',
    `${where}: ${(err as NodeJS.ErrnoException)?.code ?? (err as Error)?.message ?? String(err)}`,
    { cause: err },
  );

export function tcpTransport(opts: { host: string; port: number }): ReceiptTransport {
  const description = `tcp://${opts.host}:${opts.port}`;
  return {
    description,
    open: (timeoutMs) =>
      new Promise<ReceiptLink>((resolve, reject) => {
        const socket = net.connect({ host: opts.host, port: opts.port });
        socket.setNoDelay(true);
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new PrinterError('offline', `${description}: no connection in ${timeoutMs} ms`));
        }, timeoutMs);
        socket.once('error', (err) => {
          clearTimeout(timer);
          reject(offline(description, err));
        });
        socket.once('connect', () => {
          clearTimeout(timer);
          socket.removeAllListeners('error');
          let closing = false;
          let lost: ((err: Error) => void) | null = null;
          const lose = (err: Error) => {
            if (!closing) lost?.(err);
          };
          socket.on('error', lose);
          socket.on('close', () => lose(new Error('connection closed')));
          resolve({
            write: (bytes) =>
              new Promise((ok, fail) => socket.write(bytes, (err) => (err ? fail(err) : ok()))),
            onData: (cb) => void socket.on('data', cb),
            onLost: (cb) => void (lost = cb),
            // Half-close and wait for the printer to close its side: the job is complete there.
            close: () =>
              new Promise<void>((done) => {
                closing = true;
                if (socket.destroyed) return done();
                const t = setTimeout(() => {
                  socket.destroy();
                  done();
                }, timeoutMs);
                socket.once('close', () => {
                  clearTimeout(t);
                  done();
                });
                socket.end();
              }),
          });
        });
      }),
  };
}

export function serialTransport(opts: { path: string; baudRate: number }): ReceiptTransport {
  const description = `serial:${opts.path}?baud=${opts.baudRate}`;
  return {
    description,
    async open(timeoutMs) {
      const port = new SerialPort({
        path: opts.path,
        baudRate: opts.baudRate,
        dataBits: 8,
        parity: 'none',
        stopBits: 1,
        autoOpen: false,
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new PrinterError('offline', `${description}: not opened in ${timeoutMs} ms`)),
          timeoutMs,
        );
        port.open((err) => {
          clearTimeout(timer);
          if (err) reject(offline(description, err));
          else resolve();
        });
      });
      let closing = false;
      let lost: ((err: Error) => void) | null = null;
      port.on('error', (err) => !closing && lost?.(err));
      port.on('close', () => !closing && lost?.(new Error('serial port closed')));
      return {
        write: (bytes) =>
          new Promise<void>((resolve, reject) => {
            port.write(bytes, (err) => {
              if (err) return reject(err);
              // The callback means "queued"; drain means "sent down the line".
              port.drain((e) => (e ? reject(e) : resolve()));
            });
          }),
        onData: (cb) => void port.on('data', cb),
        onLost: (cb) => void (lost = cb),
        close: () =>
          new Promise<void>((resolve) => {
            closing = true;
            if (!port.isOpen) return resolve();
            port.drain(() => port.close(() => resolve()));
          }),
      };
    },
  };
}

/**
 * The USB printer-class device (Linux usblp): writes go to the printer, reads return what it
 * sends back (the status bytes) on a bidirectional printer. Opened non-blocking and read by
 * polling, because a blocking read of a device that has nothing to say would hold one of libuv's
 * few threads until it does. Works the same on any character device, e.g. one end of a pty pair.
 */
export function deviceFileTransport(opts: { path: string; pollMs?: number }): ReceiptTransport {
  const description = `usblp:${opts.path}`;
  const pollMs = opts.pollMs ?? 10;
  return {
    description,
    async open() {
      let fh: FileHandle;
      try {
        fh = await openFile(
          opts.path,
          constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK,
        );
      } catch (err) {
        throw offline(description, err);
      }
      let open = true;
      let receiver: ((chunk: Buffer) => void) | null = null;
      let lost: ((err: Error) => void) | null = null;
      const buffer = Buffer.alloc(4096);
      let reading: Promise<void> = Promise.resolve();
      const poll = async () => {
        while (open) {
          try {
            const { bytesRead } = await fh.read(buffer, 0, buffer.length, null);
            if (bytesRead > 0) {
              receiver?.(Buffer.from(buffer.subarray(0, bytesRead)));
              continue;
            }
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && open) {
              lost?.(err as Error);
              return;
            }
          }
          await new Promise((r) => setTimeout(r, pollMs));
        }
      };
      reading = poll();
      return {
        async write(bytes) {
          let at = 0;
          while (at < bytes.length) {
            try {
              const { bytesWritten } = await fh.write(bytes, at, bytes.length - at, null);
              at += bytesWritten;
            } catch (err) {
              const code = (err as NodeJS.ErrnoException).code;
              if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') throw err;
              await new Promise((r) => setTimeout(r, pollMs));
            }
          }
        },
        onData: (cb) => void (receiver = cb),
        onLost: (cb) => void (lost = cb),
        async close() {
          open = false;
          await reading;
          await fh.close();
        },
      };
    },
  };
}

/**
 * `tcp://HOST:PORT`, `serial:PATH?baud=N` (default 115200) or `usblp:PATH` (also `file:PATH`).
 */
export function receiptTransportFromUri(uri: string): ReceiptTransport {
  const tcp = /^tcp:\/\/([^:/]+|\[[^\]]+\]):(\d{1,5})\/?$/.exec(uri);
  if (tcp) return tcpTransport({ host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]) });
  const serial = /^serial:([^?]+)(?:\?baud=(\d+))?$/.exec(uri);
  if (serial) return serialTransport({ path: serial[1]!, baudRate: Number(serial[2] ?? 115200) });
  const device = /^(?:usblp|file):(\/.+)$/.exec(uri);
  if (device) return deviceFileTransport({ path: device[1]! });
  throw new Error(
    `unsupported receipt printer URI "${uri}" (use tcp://HOST:PORT, serial:PATH?baud=N or usblp:/dev/usb/lp0)`,
  );
}
