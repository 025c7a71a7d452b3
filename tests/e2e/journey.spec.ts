// 阳女士 registers employment at the kiosk (seed 004), alone, on simulated devices that speak the
// real protocols: card over a pty (SAM frames), receipt over TCP (ESC/POS, GB18030), the
// certificate as a PDF through CUPS (IPP) to a virtual A4 printer, the submission through the
// SQLite outbox to the central platform.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import iconv from 'iconv-lite';
import { loadBundledCatalog } from '../../catalog/load-bundled-catalog.ts';
import { maskIdNumber } from '../../contract/masking.ts';
import { decodeEscPos } from '../../printers/index.ts';
import { expectNoPersonalData } from './support/personal-data.ts';
import { FACE_CARD } from '../../drivers/camera/fake-camera-clips.ts';
import { fillForm } from './support/form-filler.ts';
import { startKioskSite, type KioskSite } from './support/kiosk-site.ts';

const NAME = '阳秀梅';
const MASKED_NAME = '阳*梅';
const card = JSON.parse(
  readFileSync(
    path.join(import.meta.dirname, '../../drivers/idcard/fixtures/resident.json'),
    'utf8',
  ),
) as { idNumber: string };
const item = loadBundledCatalog().items.find((i) => i.name === '个人就业登记');

let site: KioskSite;
test.beforeAll(async () => {
  // Where 个人就业登记 needs 实人核验: the card with a real portrait and the fake camera showing
  // the same person (playwright.config.ts); the site pins the one challenge a photo can perform.
  site = await startKioskSite({ card: FACE_CARD, a4: 'cups' });
});
test.afterAll(async () => {
  await site?.close();
});

/** The PDF the CUPS queue's printer received whose text holds `needle`. */
function printedPdf(needle: string): string | null {
  for (const job of site.a4Printer?.jobs ?? []) {
    if (!job.file) continue;
    if (execFileSync('pdftotext', [job.file, '-'], { encoding: 'utf8' }).includes(needle))
      return job.file;
  }
  return null;
}

test('个人就业登记 from attract screen to rating, with receipt, certificate and one central record', async ({
  page,
}) => {
  expect(item, '个人就业登记 is in the catalog').toBeDefined();
  await page.goto(site.url);

  await page.getByTestId('attract-start').click();
  await page.getByTestId(`item-${item!.code}`).click();
  await expect(page.locator('[data-screen="intro"]')).toContainText('个人就业登记');
  await page.getByTestId('item-start').click();

  // The simulator's card lies on the reader: the driver finds, selects and reads it. When the
  // catalog asks 实人核验 for this item, the face step: consent, the blink, the host's match
  // against the card photo (the catalog decides, so the journey follows it either way).
  const faceStep = item!.identity.level === 'id-card-and-face';
  if (faceStep) {
    await expect(page.locator('[data-screen="face"]')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('face-consent-agree').click();
    await expect(page.getByTestId('face-result')).toHaveAttribute('data-outcome', 'match', {
      timeout: 40_000,
    });
    await page.getByTestId('face-continue').click();
  }
  await expect(page.locator('[data-screen="form"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-screen="form"]')).toContainText(NAME);
  await fillForm(page, item!);
  await page.getByTestId('form-next').click();

  await expect(page.locator('[data-screen="confirm"]')).toBeVisible();
  await page.getByTestId('confirm-submit').click();

  const code = page.getByTestId('result-tracking-code');
  await expect(code).toHaveText(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){2,3}$/, { timeout: 30_000 });
  const trackingCode = (await code.textContent())!.trim();
  await expect(page.getByTestId('result-delivery')).toContainText('已提交');

  // The receipt: ESC/POS bytes at the virtual printer, Chinese in GB18030.
  await expect
    .poll(() =>
      existsSync(site.receiptsDir)
        ? readdirSync(site.receiptsDir).filter((f) => f.endsWith('.bin')).length
        : 0,
    )
    .toBe(1);
  const bin = readdirSync(site.receiptsDir).find((f) => f.endsWith('.bin'))!;
  const bytes = readFileSync(path.join(site.receiptsDir, bin));
  const decoded = decodeEscPos(bytes);
  expect(decoded.text).toContain(MASKED_NAME);
  expect(decoded.text).toContain(trackingCode);
  expect(decoded.text).not.toContain(NAME);
  expect(decoded.text).not.toContain(card.idNumber);
  expect(decoded.qrCodes).toContain(trackingCode);
  // Independent of our decoder: the raw bytes hold the GB18030 encoding of the masked name.
  expect(bytes.includes(iconv.encode(MASKED_NAME, 'gb18030'))).toBe(true);

  // The certificate: a PDF through CUPS whose text has the name and the ID number.
  let pdf: string | null = null;
  await expect
    .poll(() => (pdf = printedPdf(trackingCode)), {
      timeout: 30_000,
      message: 'a PDF with the tracking code reached the printer through CUPS',
    })
    .not.toBeNull();
  const pdfText = execFileSync('pdftotext', [pdf!, '-'], { encoding: 'utf8' });
  expect(execFileSync('pdffonts', [pdf!], { encoding: 'utf8' })).toMatch(/NotoSansCJK/);
  expect(pdfText).toContain(NAME);
  expect(pdfText).toContain(card.idNumber);

  // The central platform holds it exactly once.
  expect(await site.central.services.submissions.count({ trackingCode })).toBe(1);
  // What the kiosk logged of the face check: the decision and the score, never a descriptor.
  if (faceStep) expect(site.kioskLog()).toMatch(/face\.attempt.*match/);

  await page.getByTestId('result-done').click();
  await page.getByTestId('rate-5').click();
  await page.getByTestId('rating-submit').click();
  await expect(page.locator('[data-screen="attract"]')).toBeVisible({ timeout: 20_000 });

  await expectNoPersonalData(page, [
    NAME,
    MASKED_NAME,
    card.idNumber,
    maskIdNumber(card.idNumber),
    '13800138000',
  ]);
  expect(site.kioskLog()).not.toContain(NAME);
  expect(site.kioskLog()).not.toContain(card.idNumber);
});
