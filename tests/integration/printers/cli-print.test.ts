// The technician's print verbs as a person runs them: `node bin/kiosk24.mjs …` child processes
// against the virtual receipt printer (itself `kiosk24 sim receipt-printer`, switched to paper
// out through its control file and SIGUSR2) and a CUPS queue of this test's own.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateData } from './certificate-data.ts';

const jsQR = jsQRModule.default;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(root, 'bin', 'kiosk24.mjs');
const QUEUE = 'KIOSK24_TEST_CLI';
const work = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-cli-print-'));
const outDir = path.join(work, 'receipts');
let sim: ChildProcess;
const simLines: string[] = [];
let printerUri: string;

function kiosk24(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function until(what: string, probe: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const qrOf = (pngFile: string) => {
  const png = PNG.sync.read(readFileSync(pngFile));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
};

beforeAll(async () => {
  sim = spawn(process.execPath, [bin, 'sim', 'receipt-printer', '--listen', '0', '--out', outDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  readline.createInterface({ input: sim.stdout! }).on('line', (l) => simLines.push(l));
  await until('the simulator', () => simLines.some((l) => l.includes('listening on')), 20_000);
  const port = /tcp:\/\/127\.0\.0\.1:(\d+)/.exec(simLines.join('\n'))![1];
  printerUri = `tcp://127.0.0.1:${port}`;
  execFileSync('lpadmin', [
    ...['-p', QUEUE, '-E', '-v', 'cups-pdf:/'],
    ...['-m', 'lsb/usr/cups-pdf/CUPS-PDF_opt.ppd', '-o', 'PageSize=A4'],
  ]);
}, 30_000);

afterAll(async () => {
  if (sim && sim.exitCode === null) {
    const exited = new Promise((r) => sim.once('exit', r));
    sim.kill('SIGTERM');
    await exited;
  }
  try {
    execFileSync('lpadmin', ['-x', QUEUE], { stdio: 'ignore' });
  } catch {
    // never created
  }
});

describe('kiosk24 print test-receipt and printer status against the virtual printer', () => {
  it('prints a test receipt the printer confirms; the job is kept as text and picture', async () => {
    const { code, stdout } = await kiosk24(['print', 'test-receipt', '--printer', printerUri]);
    expect(code).toBe(0);
    expect(stdout).toContain('confirmed');
    const bins = readdirSync(outDir).filter((f) => f.endsWith('.bin'));
    expect(bins).toHaveLength(1);
    const base = path.join(outDir, bins[0]!.replace(/\.bin$/, ''));
    const txt = readFileSync(`${base}.txt`, 'utf8');
    expect(txt).toContain('打印机测试页');
    expect(txt).toContain('[QR] KIOSK24-TEST');
    // The line with 𠮷 䶮 went as a picture (a GBK printer font lacks them).
    expect(txt).toMatch(/\[IMAGE 576x32\]/);
    expect(txt).not.toContain('𠮷');
    expect(qrOf(`${base}.png`)).toBe('KIOSK24-TEST');
    await until('the job line', () => simLines.some((l) => /job 0001 printed/.test(l)));
  }, 60_000);

  it('reports status as JSON, and paper out from the control file and SIGUSR2', async () => {
    const ok = await kiosk24(['printer', 'status', '--printer', printerUri]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      kind: 'receipt',
      ready: true,
      status: { online: true, paperOut: false, coverOpen: false },
    });

    writeFileSync(path.join(outDir, 'printer-mode'), 'paper-out near-end\n');
    await until('the state change', () => simLines.some((l) => l.includes('state paper-out')));
    const out = await kiosk24(['printer', 'status', '--printer', printerUri]);
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({
      ready: false,
      blocked: 'paper-out',
      status: { paperOut: true, paperNearEnd: true },
    });
    const refused = await kiosk24(['print', 'test-receipt', '--printer', printerUri]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('paper-out');
    expect(readdirSync(outDir).filter((f) => f.endsWith('.bin'))).toHaveLength(1);

    sim.kill('SIGUSR2'); // toggles paper out: back to near end only
    await until('paper back', () => simLines.some((l) => l.endsWith('state near-end')));
    const back = await kiosk24(['printer', 'status', '--printer', printerUri]);
    expect(JSON.parse(back.stdout)).toMatchObject({ ready: true, status: { paperNearEnd: true } });
  }, 60_000);

  it('says offline for a printer that is not there', async () => {
    const { code, stdout } = await kiosk24(['printer', 'status', '--printer', 'tcp://127.0.0.1:9']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ reachable: false, blocked: 'offline' });
  }, 30_000);
});

describe('kiosk24 print certificate and print a4', () => {
  it('renders a signed certificate, prints it through CUPS, and reads the queue state', async () => {
    const dataFile = path.join(work, 'data.json');
    writeFileSync(dataFile, JSON.stringify(certificateData('CL1P-R1NT-0001')));
    const keyFile = path.join(work, 'kiosk.pem');
    const key = generateKeyPairSync('ed25519').privateKey;
    writeFileSync(keyFile, key.export({ format: 'pem', type: 'pkcs8' }).toString());
    const pdf = path.join(work, 'certificate.pdf');
    const made = await kiosk24([
      ...['print', 'certificate', '--template', 'employment-registration'],
      ...['--data', dataFile, '--out', pdf, '--key', keyFile],
    ]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('signed verification code');
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain('阳秀梅');
    execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', pdf, path.join(work, 'page')]);
    expect(qrOf(path.join(work, 'page.png'))).toMatch(/^K24C1\.GZ-DEMO-0001\.CL1P-R1NT-0001\./);

    const queueUri = `ipp://localhost:631/printers/${QUEUE}`;
    const sent = await kiosk24(['print', 'a4', '--printer', queueUri, '--file', pdf]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/^job \d+ sent to/);

    const status = await kiosk24(['printer', 'status', '--printer', queueUri]);
    expect(JSON.parse(status.stdout)).toMatchObject({ kind: 'a4', ready: true, reachable: true });
    execFileSync('cupsdisable', ['-r', 'media-empty', QUEUE]);
    try {
      const stopped = await kiosk24(['printer', 'status', '--printer', queueUri]);
      expect(stopped.code).toBe(1);
      const report = JSON.parse(stopped.stdout);
      expect(report).toMatchObject({
        ready: false,
        citizenMessage: 'A4打印机缺纸，暂时无法打印证明',
      });
      expect(report.refused).toContain('media-empty');
      const refused = await kiosk24(['print', 'a4', '--printer', queueUri, '--file', pdf]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('media-empty');
    } finally {
      execFileSync('cupsenable', [QUEUE]);
    }
  }, 120_000);

  it('refuses what it cannot use, with usage exit status 2', async () => {
    const unknown = await kiosk24([
      'print',
      'certificate',
      '--template',
      'nope',
      '--data',
      'x',
      '--out',
      'y',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('employment-registration');
    const bad = await kiosk24(['print', 'test-receipt', '--printer', 'lpt1']);
    expect(bad.code).toBe(2);
    expect(existsSync(path.join(root, 'y'))).toBe(false);
  }, 30_000);
});
