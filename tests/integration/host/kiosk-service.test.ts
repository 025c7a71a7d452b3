// The host's journey logic with every real part behind it: the SAM driver talking to the card
// simulator, ESC/POS to a virtual printer over TCP, a PDF to the spool folder, the encrypted
// outbox delivering to a real central platform.
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import type { Catalog } from '../../../catalog/schema.ts';
import { startCentral } from '../../../central/index.ts';
import { loadConfig, type KioskConfig } from '../../../config/kiosk-config.ts';
import { prefillValue } from '../../../contract/form-rules.ts';
import { openCardReader } from '../../../host/adapters/card-reader.ts';
import { openDocumentPrinter } from '../../../host/adapters/document-printer.ts';
import { openReceiptPrinter } from '../../../host/adapters/receipt-printer.ts';
import { openSubmissionQueue } from '../../../host/adapters/submission-queue.ts';
import { enrolFromConfig } from '../../../host/kiosk-enrolment.ts';
import { createKioskService } from '../../../host/kiosk-service.ts';
import { createLogger } from '../../../host/log.ts';
import { startVirtualReceiptPrinter } from '../../../printers/index.ts';

// 个人就业登记 needs 实人核验 in the bundled catalog; here its card-only variant, since these
// tests are about devices, delivery and refusals (the face check: tests/integration/face).
const catalog = cardOnly(loadBundledCatalog(), '个人就业登记');

function cardOnly(c: Catalog, name: string): Catalog {
  return {
    ...c,
    items: c.items.map((i) =>
      i.name === name ? { ...i, identity: { ...i.identity, level: 'id-card' as const } } : i,
    ),
  };
}
const byName = (name: string) => catalog.items.find((i) => i.name === name)!;
const logLines: string[] = [];
const log = createLogger('test', (l) => logLines.push(l));

let central: Awaited<ReturnType<typeof startCentral>>;
let printer: Awaited<ReturnType<typeof startVirtualReceiptPrinter>>;
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  central = await startCentral({ port: 0, db: 'pglite:memory' });
  printer = await startVirtualReceiptPrinter({ port: 0 });
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await printer.close();
  await central.close();
});

let serial = 0;

async function kiosk(card: string, centralUrl = central.url, now?: () => Date) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-service-'));
  const config: KioskConfig = loadConfig({
    dataDir,
    overrides: {
      kioskId: `GZ-SVC-${++serial}`,
      central: { url: centralUrl },
      idReader: { transport: 'in-process-simulator', card },
      receiptPrinter: { uri: `tcp://127.0.0.1:${printer.port}` },
    },
  });
  if (centralUrl === central.url) {
    // Enrolled once with a one-time token: every later request to the centre is signed.
    const { token } = await central.services.enrolment.createToken({ kioskId: config.kioskId });
    await enrolFromConfig({ ...config, central: { ...config.central, enrolmentToken: token } });
  }
  const reader = await openCardReader(config.idReader, log);
  const queue = openSubmissionQueue(config, log);
  const service = createKioskService({
    config,
    softwareVersion: 'test',
    catalog: { current: () => catalog },
    reader,
    receipt: openReceiptPrinter(config.receiptPrinter),
    documents: openDocumentPrinter(config.a4Printer),
    queue,
    log,
    deliveryDeadlineMs: 5000,
    ...(now ? { now } : {}),
  });
  closers.push(async () => {
    service.close();
    await queue.close();
    await reader.close();
  });
  return { service, dataDir };
}

async function readCard(service: Awaited<ReturnType<typeof kiosk>>['service'], itemCode: string) {
  const { sessionId } = await service['session.begin']({ itemCode });
  for (let i = 0; i < 10; i++) {
    const outcome = await service['session.readCard']({ sessionId, waitMs: 3000 });
    if (outcome.outcome !== 'no-card') return { sessionId, outcome };
  }
  throw new Error('no card was read');
}

const employmentForm = {
  phone: '13800138000',
  education: '本科',
  employmentForm: '单位就业',
  employerName: '广州市天河区某某科技有限公司',
  employmentStartDate: '2026-11-01',
};

describe('kiosk service with real devices behind it', () => {
  it('keeps a session alive while the screen reports activity, and ends a silent one', async () => {
    let at = Date.now();
    const { service } = await kiosk('resident', central.url, () => new Date(at));
    const item = byName('城乡居民医保参保登记');
    // The host's expiry: idle + countdown + 30 s without any call (defaults 90 + 30 + 30).
    const almost = 140_000;
    const active = await readCard(service, item.code);
    at += almost;
    await service['session.touch']({ sessionId: active.sessionId });
    at += almost;
    await expect(service['session.touch']({ sessionId: active.sessionId })).resolves.toEqual({
      ok: true,
    });
    const silent = await readCard(service, item.code);
    at += 2 * almost;
    await expect(service['session.touch']({ sessionId: silent.sessionId })).rejects.toThrow(
      '会话已结束',
    );
  });

  it('registers employment: delivered once, receipt printed masked, certificate spooled', async () => {
    const { service, dataDir } = await kiosk('resident');
    const item = byName('个人就业登记');
    const { sessionId, outcome } = await readCard(service, item.code);
    expect(outcome.outcome).toBe('card');
    const jobsBefore = printer.jobs.length;
    const result = await service['session.submit']({ sessionId, form: employmentForm });
    expect(result.delivery).toBe('acknowledged');
    expect(result.receipt.status).toBe('printed');
    expect(result.document.status).toBe('spooled');
    expect(await central.services.submissions.count({ trackingCode: result.trackingCode })).toBe(1);

    const job = printer.jobs[jobsBefore]!;
    expect(job.decoded.text).toContain('阳*梅');
    expect(job.decoded.text).toContain(result.trackingCode);
    expect(job.decoded.text).not.toContain('阳秀梅');

    const spooled = path.join(dataDir, 'spool', `${result.trackingCode}.pdf`);
    expect(existsSync(spooled)).toBe(true);
    expect(statSync(spooled).mode & 0o077).toBe(0);

    // A second submit of the same session is refused: one trip, one record.
    await expect(service['session.submit']({ sessionId, form: employmentForm })).rejects.toThrow(
      '请勿重复提交',
    );
    await service['session.rate']({ sessionId, level: 5, reasons: [], comment: '' });
    await service['session.end']({ sessionId, reason: 'completed' });
    await expect(service['session.submit']({ sessionId, form: employmentForm })).rejects.toThrow(
      '会话已结束',
    );
  });

  it('refuses an expired card with a message the citizen can act on', async () => {
    const { service } = await kiosk('expired');
    const { outcome } = await readCard(service, byName('个人就业登记').code);
    expect(outcome).toMatchObject({ outcome: 'refused', card: null });
    expect(outcome.outcome === 'refused' && outcome.message).toContain('有效期');
  });

  it('refuses a card whose ID number fails the GB 11643 check', async () => {
    const { service } = await kiosk('invalid-number');
    const { outcome } = await readCard(service, byName('个人就业登记').code);
    expect(outcome).toMatchObject({ outcome: 'refused', card: null });
    expect(outcome.outcome === 'refused' && outcome.message).toContain('证件号码校验未通过');
  });

  const servicePoint = { district: '天河区', street: '五山街道', name: '五山街道党群服务中心' };

  it.each([
    ['resident', '阳秀梅', '440106198803151227', '汉'],
    ['hk-resident-permit', '陈家明', '810000199001010019', null],
  ])('pre-fills 个人就业登记 from a %s card', async (fixture, name, idNumber, nation) => {
    const { service } = await kiosk(fixture);
    const item = byName('个人就业登记');
    const { outcome } = await readCard(service, item.code);
    expect(outcome.outcome).toBe('card');
    if (outcome.outcome !== 'card') return;
    const prefill = (id: string) =>
      prefillValue(
        item.form.fields.find((f) => f.id === id)!,
        outcome.card,
        servicePoint,
        '2026-11-22',
      );
    expect(prefill('name')).toBe(name);
    expect(prefill('idNumber')).toBe(idNumber);
    expect(prefill('nation')).toBe(nation);
    expect(prefill('birthDate')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(['男', '女']).toContain(prefill('gender'));
  });

  it.each([
    ['foreign-2017', '史密斯', 'USA440080051201'],
    ['foreign-2023', '马丽', '944250198506120021'],
  ])('pre-fills 个人参保证明打印 from a %s card', async (fixture, name, idNumber) => {
    const { service } = await kiosk(fixture);
    const item = byName('个人参保证明打印');
    const { outcome } = await readCard(service, item.code);
    expect(outcome.outcome).toBe('card');
    if (outcome.outcome !== 'card') return;
    const prefill = (id: string) =>
      prefillValue(
        item.form.fields.find((f) => f.id === id)!,
        outcome.card,
        servicePoint,
        '2026-11-22',
      );
    expect(prefill('name')).toBe(name);
    expect(prefill('idNumber')).toBe(idNumber);
  });

  it('refuses a foreign permanent-residence card for an item that does not accept it', async () => {
    const { service } = await kiosk('foreign-2023');
    const { outcome } = await readCard(service, byName('个人就业登记').code);
    expect(outcome).toMatchObject({ outcome: 'refused', card: null });
    expect(outcome.outcome === 'refused' && outcome.message).toContain('外国人永久居留身份证');
  });

  it('refuses an applicant below the minimum age of 公办养老机构轮候申请', async () => {
    const { service } = await kiosk('resident');
    const { outcome } = await readCard(service, byName('公办养老机构轮候申请').code);
    expect(outcome.outcome === 'refused' && outcome.message).toContain('年满60周岁');
  });

  it('keeps a submission when the central platform is away, and refuses online-only items', async () => {
    const { service, dataDir } = await kiosk('resident', 'http://127.0.0.1:9');
    const item = byName('个人就业登记');
    const { sessionId } = await readCard(service, item.code);
    const result = await service['session.submit']({ sessionId, form: employmentForm });
    expect(result.delivery).toBe('queued');
    expect((await service['kiosk.status']({})).pendingSubmissions).toBe(1);
    expect(readdirSync(dataDir)).toContain('outbox.db');

    const lost = byName('社保卡挂失');
    const second = await readCard(service, lost.code);
    expect(second.outcome.outcome).toBe('card');
    const fields = Object.fromEntries(
      lost.form.fields
        .filter((f) => !f.prefill && f.required)
        .map((f) => [f.id, f.options?.[0]?.value ?? '13800138000']),
    );
    await expect(
      service['session.submit']({ sessionId: second.sessionId, form: fields }),
    ).rejects.toThrow('联网');
  });

  it('logs no personal data', () => {
    const all = logLines.join('\n');
    expect(all).not.toContain('阳秀梅');
    expect(all).not.toContain('440106198803151227');
  });
});
