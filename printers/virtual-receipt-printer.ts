// A receipt printer that is a program: a raw TCP server (port 9100 style) that answers DLE EOT
// status requests at once and GS r in order with the data, like a real printer, and keeps each
// connection's bytes as one job, decoded. Connections that only asked for status are not jobs.
// With paper out or the cover open it prints nothing: the job is dropped, the status says why.
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { RealtimeStatusKind } from './escpos-commands.ts';
import { EscPosDecoder, type DecodedReceipt } from './escpos-decoder.ts';
import { paperStatusByte, realtimeStatusByte, type PrinterMode } from './escpos-status.ts';

export interface VirtualReceiptJob {
  bytes: Buffer;
  decoded: DecodedReceipt;
  /** The raw bytes as written to outDir, or null without an outDir. */
  file: string | null;
}

export interface VirtualReceiptPrinter {
  port: number;
  jobs: VirtualReceiptJob[];
  setMode(m: { paperOut?: boolean; coverOpen?: boolean; paperNearEnd?: boolean }): void;
  close(): Promise<void>;
}

interface Connection {
  socket: net.Socket;
  decoder: EscPosDecoder;
  dropped: boolean;
}

const stopped = (m: PrinterMode) => m.paperOut || m.coverOpen || m.error;

/** The next free job number in dir (jobs of an earlier run are kept). */
function nextJobNumber(dir: string): number {
  let last = 0;
  for (const name of readdirSync(dir)) {
    const m = /^(\d+)\.bin$/.exec(name);
    if (m) last = Math.max(last, Number(m[1]));
  }
  return last + 1;
}

export function formatDecoded(decoded: DecodedReceipt): string {
  const extra = [...decoded.qrCodes.map((q) => `[QR] ${q}`), ...(decoded.cut ? ['[CUT]'] : [])];
  return [decoded.text, ...extra].join('\n') + '\n';
}

export async function startVirtualReceiptPrinter(opts: {
  port: number;
  host?: string;
  outDir?: string;
}): Promise<VirtualReceiptPrinter> {
  const mode: PrinterMode = {
    paperOut: false,
    coverOpen: false,
    paperNearEnd: false,
    error: false,
  };
  const jobs: VirtualReceiptJob[] = [];
  const open = new Set<Connection>();
  const outDir = opts.outDir ? path.resolve(opts.outDir) : null;
  let jobNumber = 1;
  if (outDir) {
    mkdirSync(outDir, { recursive: true, mode: 0o700 });
    jobNumber = nextJobNumber(outDir);
  }

  function keep(bytes: Buffer, decoded: DecodedReceipt): void {
    let file: string | null = null;
    if (outDir) {
      const base = path.join(outDir, String(jobNumber++).padStart(4, '0'));
      // Receipts carry masked personal data: owner-only files. The .bin appears whole (rename),
      // so a reader polling for it never sees half a job.
      writeFileSync(`${base}.txt`, formatDecoded(decoded), { mode: 0o600 });
      writeFileSync(`${base}.bin.tmp`, bytes, { mode: 0o600 });
      renameSync(`${base}.bin.tmp`, `${base}.bin`);
      file = `${base}.bin`;
    }
    jobs.push({ bytes, decoded, file });
  }

  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.setNoDelay(true);
    const chunks: Buffer[] = [];
    const conn: Connection = {
      socket,
      dropped: false,
      decoder: new EscPosDecoder({
        onRealtimeStatus: (n) => {
          if (n >= 1 && n <= 4)
            socket.write(Buffer.from([realtimeStatusByte(n as RealtimeStatusKind, mode)]));
        },
        // A stopped printer does not work through its buffer, so GS r goes unanswered.
        onTransmitStatus: () => {
          if (!stopped(mode)) socket.write(Buffer.from([paperStatusByte(mode)]));
        },
      }),
    };
    open.add(conn);
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      open.delete(conn);
      const decoded = conn.decoder.finish();
      if (conn.decoder.hasJobData && !conn.dropped) keep(Buffer.concat(chunks), decoded);
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      conn.decoder.push(chunk);
      if (conn.decoder.hasJobData && stopped(mode)) conn.dropped = true;
    });
    socket.on('end', () => {
      finish();
      socket.end();
    });
    socket.on('error', () => finish());
    socket.on('close', () => finish());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as net.AddressInfo).port,
    jobs,
    setMode(m) {
      if (m.paperOut !== undefined) mode.paperOut = m.paperOut;
      if (m.coverOpen !== undefined) mode.coverOpen = m.coverOpen;
      if (m.paperNearEnd !== undefined) mode.paperNearEnd = m.paperNearEnd;
      // A job being received when the printer stops does not come out.
      if (stopped(mode)) for (const c of open) if (c.decoder.hasJobData) c.dropped = true;
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const c of open) c.socket.destroy();
        server.close(() => resolve());
      });
    },
  };
}
