// A citizen walks away mid-form: the countdown shows, runs out, and the session is wiped from
// the screen, the DOM, storage and the renderer's heap; the host forgets the card too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { loadBundledCatalog } from '../../catalog/load-bundled-catalog.ts';
import { maskIdNumber } from '../../contract/masking.ts';
import { expectNoPersonalData } from './support/personal-data.ts';
import { startKioskSite, type KioskSite } from './support/kiosk-site.ts';

const NAME = '阳秀梅';
const PHONE = '13912345678';
const card = JSON.parse(
  readFileSync(
    path.join(import.meta.dirname, '../../drivers/idcard/fixtures/resident.json'),
    'utf8',
  ),
) as { idNumber: string };
// A card-only item, so the form follows the card at once (the face step has its own spec).
const item = loadBundledCatalog().items.find((i) => i.name === '城乡居民医保参保登记')!;

let site: KioskSite;
test.beforeAll(async () => {
  site = await startKioskSite({
    card: 'resident',
    a4: 'spool',
    session: { idleSeconds: 5, countdownSeconds: 4 },
  });
});
test.afterAll(async () => {
  await site?.close();
});

test('the idle countdown wipes a half-filled form', async ({ page }) => {
  // The RPC calls the screen sends over its socket (to see the session's keep-alive).
  const sent: { method: string; params: { sessionId?: string } }[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => sent.push(JSON.parse(String(f.payload)) as (typeof sent)[0])),
  );
  await page.goto(site.url);
  await page.getByTestId('attract-start').click();
  await page.getByTestId(`item-${item.code}`).click();
  await page.getByTestId('item-start').click();
  await expect(page.locator('[data-screen="form"]')).toContainText(NAME, { timeout: 30_000 });
  const phone = item.form.fields.find((f) => f.kind === 'phone')!;
  const touches = () => sent.filter((c) => c.method === 'session.touch').length;
  expect(touches()).toBe(0); // the taps so far came before the session began
  await page.getByTestId(`field-${phone.id}`).fill(PHONE);
  // Typing is activity within the session: it keeps the host's session alive (session.touch,
  // the first at once, then at most every 30 s), not only the screen's countdown.
  await expect.poll(touches).toBe(1);
  const began = sent.find((c) => c.method === 'session.touch')!;
  expect(began.params.sessionId).toMatch(/\S/);

  // Nobody touches the screen: "还在吗？" with a visible countdown.
  const dialog = page.getByTestId('idle-dialog');
  await expect(dialog).toBeVisible({ timeout: 15_000 });
  await expect(dialog).toContainText('还在吗');
  const first = Number(await page.getByTestId('idle-countdown').textContent());
  expect(first).toBeGreaterThan(0);
  expect(first).toBeLessThanOrEqual(4);
  await expect
    .poll(async () => Number(await page.getByTestId('idle-countdown').textContent()))
    .toBeLessThan(first);

  // The countdown runs out: back to the attract screen with nothing left behind.
  await expect(page.locator('[data-screen="attract"]')).toBeVisible({ timeout: 15_000 });
  await expect(dialog).toBeHidden();
  await expectNoPersonalData(page, [NAME, card.idNumber, maskIdNumber(card.idNumber), PHONE]);

  // Touching the screen again starts from scratch: the old form is gone.
  await page.getByTestId('attract-start').click();
  await expect(page.locator('[data-screen="items"]')).toBeVisible();
  await expect(page.locator('body')).not.toContainText(NAME);
});

test('touching "continue" keeps the session', async ({ page }) => {
  await page.goto(site.url);
  await page.getByTestId('attract-start').click();
  await page.getByTestId(`item-${item.code}`).click();
  await page.getByTestId('item-start').click();
  // The card was read in the previous test and still lies on the reader: lift-and-replace is
  // the simulator's job in the next issue; here the session itself is what matters.
  await expect(page.locator('[data-screen="identify"]')).toBeVisible();
  await expect(page.getByTestId('idle-dialog')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('idle-continue').click();
  await expect(page.getByTestId('idle-dialog')).toBeHidden();
  await expect(page.locator('[data-screen="identify"]')).toBeVisible();
});
