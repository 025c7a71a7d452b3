// `npm run bench`: the speed targets of the walking skeleton, measured on the real code paths
// (pty + SAM protocol, pdfkit with the CJK font, receiptline, the encrypted outbox).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadBundledCatalog } from '../catalog/load-bundled-catalog.ts';
import { openKioskDatabase, Outbox } from '../offline-cache/index.ts';
import { renderCertificatePdf, renderReceiptEscPos } from '../printers/index.ts';
import { idcardBenchCases } from './idcard-cases.ts';
import { formatTable, runCase, writeResults, type BenchCase, type BenchRow } from './harness.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-bench-'));

function hostColdStart(): BenchCase {
  let n = 0;
  const configFile = path.join(work, 'cold-start.json');
  return {
    name: 'host cold start to ready',
    unit: 'ms',
    runs: 5,
    warmup: 1,
    async setup() {
      writeFileSync(
        configFile,
        JSON.stringify({
          central: { url: 'http://127.0.0.1:9' },
          idReader: { transport: 'in-process-simulator', card: 'resident' },
          receiptPrinter: { uri: 'tcp://127.0.0.1:9' },
        }),
      );
    },
    async run() {
      const started = performance.now();
      const dataDir = path.join(work, `cold-${n++}`);
      const child = spawn(
        process.execPath,
        [
          path.join(root, 'bin', 'kiosk24.mjs'),
          'start',
          '--shell',
          'none',
          '--announce',
          'json',
          '--port',
          '0',
          '--config',
          configFile,
          '--data-dir',
          dataDir,
        ],
        { stdio: ['ignore', 'pipe', 'ignore'] },
      );
      const ready = await new Promise<number>((resolve, reject) => {
        readline.createInterface({ input: child.stdout }).on('line', (line) => {
          if (line.includes('"ready"')) resolve(performance.now() - started);
        });
        child.once('exit', (code) => reject(new Error(`kiosk24 start exited with ${code}`)));
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      return ready;
    },
  };
}

function certificatePdf(): BenchCase {
  const catalog = loadBundledCatalog();
  const template = catalog.templates.find((t) => t.id === 'employment-registration');
  if (!template) throw new Error('employment-registration template missing from the catalog');
  const data = {
    applicant: {
      name: '阳秀梅',
      idNumber: '440106198803151227',
      genderLabel: '女',
      nation: '汉',
      birthDate: '1988-03-15',
      address: '广州市天河区天河路123号',
    },
    form: { employerName: '广州市天河区某某科技有限公司', employmentStartDate: '2026-11-01' },
    trackingCode: 'K7Q2-9D3F-XA41',
    issuedOn: '2026-11-22',
    servicePoint: { district: '天河区', street: '五山街道', name: '五山街道党群服务中心' },
  };
  return {
    name: 'certificate PDF (A4, CJK font, QR)',
    unit: 'ms',
    runs: 10,
    run: async () =>
      void (await renderCertificatePdf(template, data, { qrText: data.trackingCode })),
  };
}

function receiptEncoding(): BenchCase {
  const receipt = {
    title: '广州市政务服务 自助终端回执',
    lines: [
      { label: '事项', value: '个人就业登记' },
      { label: '申请人', value: '阳*梅' },
      { label: '证件号码', value: '440106********1227' },
      { label: '受理编号', value: 'K7Q2-9D3F-XA41' },
    ],
    qr: 'K7Q2-9D3F-XA41',
    footer: ['凭受理编号可在任一政务服务窗口或自助终端查询办理进度'],
  };
  return {
    name: 'receipt ESC/POS encoding (GB18030, QR)',
    unit: 'ms',
    runs: 50,
    run: async () => void renderReceiptEscPos(receipt, { paperWidth: 80 }),
  };
}

function outboxInsert(): BenchCase {
  let outbox: Outbox | null = null;
  let db: ReturnType<typeof openKioskDatabase> | null = null;
  let n = 0;
  return {
    name: 'outbox insert (encrypted, synchronous=FULL)',
    unit: 'ms',
    runs: 50,
    async setup() {
      db = openKioskDatabase({ path: path.join(work, 'outbox.db'), key: Buffer.alloc(32, 7) });
      outbox = new Outbox(db);
    },
    async run() {
      const key = `bench-key-${String(n++).padStart(8, '0')}`;
      outbox!.enqueue('submission', key, 'K7Q2-9D3F-XA41', { bench: true, n });
    },
    teardown: async () => db?.close(),
  };
}

const rows: BenchRow[] = [];
try {
  for (const c of [
    hostColdStart(),
    ...idcardBenchCases(work),
    certificatePdf(),
    receiptEncoding(),
    outboxInsert(),
  ]) {
    process.stderr.write(`bench: ${c.name}…\n`);
    rows.push(await runCase(c));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(formatTable(rows));
writeResults(path.join(root, 'bench', 'results.json'), rows);
console.log(`\nwritten: bench/results.json`);
