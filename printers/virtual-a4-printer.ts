// An A4 printer that is a program: a raw TCP server (AppSocket/JetDirect, port 9100 style) that
// keeps each connection's bytes as one job. Behind a CUPS queue with a PDF driver
// (`socket://127.0.0.1:PORT`, lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd), it receives the
// PDF exactly as CUPS would send it to a PDF-capable printer, so tests can read back its text and
// fonts. (cups-pdf cannot serve for that: it converts through PostScript, which turns the CJK
// font into Type 3 glyphs without text.)
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface VirtualA4Job {
  bytes: Buffer;
  /** `<NNNN>.pdf` in outDir, or null without an outDir. */
  file: string | null;
}

export interface VirtualA4Printer {
  port: number;
  jobs: VirtualA4Job[];
  close(): Promise<void>;
}

export async function startVirtualA4Printer(opts: {
  port: number;
  host?: string;
  outDir?: string;
}): Promise<VirtualA4Printer> {
  const jobs: VirtualA4Job[] = [];
  const sockets = new Set<net.Socket>();
  const outDir = opts.outDir ? path.resolve(opts.outDir) : null;
  let next = 1;
  if (outDir) {
    mkdirSync(outDir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(outDir)) {
      const m = /^(\d+)\.pdf$/.exec(name);
      if (m) next = Math.max(next, Number(m[1]) + 1);
    }
  }

  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => {
      const bytes = Buffer.concat(chunks);
      // CUPS may open a connection only to see that the printer is there.
      if (bytes.length > 0) {
        let file: string | null = null;
        if (outDir) {
          file = path.join(outDir, `${String(next++).padStart(4, '0')}.pdf`);
          writeFileSync(`${file}.tmp`, bytes, { mode: 0o600 });
          renameSync(`${file}.tmp`, file);
        }
        jobs.push({ bytes, file });
      }
      socket.end();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
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
    close() {
      return new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
}
