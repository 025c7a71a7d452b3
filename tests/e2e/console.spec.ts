// Issue 6, done when: a catalog change published in the admin console reaches a running kiosk and
// changes its flow at the next session. A central editor signs in to the console (Chromium), renames
// 城乡居民医保参保登记 and adds a form field, sees the schema refuse a bad field id and the preview
// show the new field, and publishes to all kiosks. The kiosk (browser shell, enrolled to this
// centre, polling every 5 s) is in a citizen's session meanwhile: it stages the signed catalog,
// the open session runs to its end on the old form, and the next session shows the change.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { loadBundledCatalog } from '../../catalog/load-bundled-catalog.ts';
import { fillForm } from './support/form-filler.ts';
import { startKioskSite, type KioskSite } from './support/kiosk-site.ts';

const bundled = loadBundledCatalog();
const item = bundled.items.find((i) => i.name === '城乡居民医保参保登记')!;
const NEW_NAME = '城乡居民医保参保登记（新版）';
const NEW_FIELD = '紧急联系人姓名';
const EDITOR = { username: 'gz-editor', password: 'Guangzhou-console-2026' };
const AUDITOR = { username: 'gz-auditor', password: 'Guangzhou-auditor-2026' };
const OFFICER = { username: 'gz-officer', password: 'Guangzhou-officer-2026' };

// The second test reads what the first one left at the centre (a publication, a submission).
test.describe.configure({ mode: 'serial' });
let trackingCode = '';

let site: KioskSite;
test.beforeAll(async () => {
  // Two citizens, one after the other: the reader lays the second card once the first is read.
  site = await startKioskSite({
    a4: 'spool',
    cards: ['resident', 'resident'],
    catalogPollSeconds: 5,
  });
  await site.central.admin.accounts.create({
    ...EDITOR,
    displayName: '李编辑',
    roles: ['catalog-editor'],
  });
  await site.central.admin.accounts.create({
    ...AUDITOR,
    displayName: '王审计',
    roles: ['auditor'],
  });
  await site.central.admin.accounts.create({
    ...OFFICER,
    displayName: '陈专员',
    roles: ['fleet-operator', 'case-officer'],
  });
});
test.afterAll(async () => {
  await site?.close();
});

async function kioskPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const page = await context.newPage();
  await page.goto(site.url);
  return page;
}

async function consolePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1100 } });
  const page = await context.newPage();
  await page.goto(`${site.central.url}/console/`);
  return page;
}

async function signIn(page: Page, who: { username: string; password: string }) {
  await page.getByLabel('用户名').fill(who.username);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('whoami')).toContainText(who.username);
}

/** The kiosk log's JSON lines with this event. */
function kioskEvents(event: string): { version?: number }[] {
  return site
    .kioskLog()
    .split('\n')
    .filter((line) => line.includes(`"event":"${event}"`))
    .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as { version?: number });
}

test('a catalog change published in the console reaches the kiosk at its next session', async ({
  browser,
}) => {
  expect(item, '城乡居民医保参保登记 is in the bundled catalog').toBeDefined();

  // A citizen is in the middle of the item's form at the kiosk (old catalog, version 1).
  const kiosk = await kioskPage(browser);
  await kiosk.getByTestId('attract-start').click();
  await kiosk.getByTestId(`item-${item.code}`).click();
  await expect(kiosk.locator('[data-screen="intro"]')).toContainText(item.name);
  await kiosk.getByTestId('item-start').click();
  await expect(kiosk.locator('[data-screen="form"]')).toBeVisible({ timeout: 30_000 });

  // The editor signs in to the console.
  const admin = await consolePage(browser);
  await admin.getByLabel('用户名').fill(EDITOR.username);
  await admin.getByLabel('密码').fill(EDITOR.password);
  await admin.getByRole('button', { name: '登录' }).click();
  await expect(admin.getByTestId('whoami')).toContainText('李编辑');
  await expect(admin.getByTestId('catalog-version')).toContainText('第 1 版');

  // Edit the item: a new name and a new form field.
  await admin
    .getByRole('navigation', { name: '事项列表' })
    .getByRole('button', { name: new RegExp(item.name) })
    .click();
  const editor = admin.getByRole('region', { name: `编辑事项：${item.name}` });
  await editor.getByLabel('事项名称').fill(NEW_NAME);
  const edited = admin.getByRole('region', { name: `编辑事项：${NEW_NAME}` });
  await edited.getByRole('button', { name: '添加字段' }).click();
  const fieldNo = item.form.fields.length + 1;
  const field = edited.getByRole('group', { name: new RegExp(`^字段 ${fieldNo}：`) });
  await field.getByLabel('字段名称').fill(NEW_FIELD);

  // The kiosk's schema, run in the browser, refuses a field id the host could not use.
  await field.getByLabel('字段标识').fill('9contact');
  await expect(admin.getByText(/校验未通过/)).toBeVisible();
  await expect(admin.getByRole('button', { name: '发布', exact: true })).toBeDisabled();
  await field.getByLabel('字段标识').fill('emergencyContact');
  await expect(admin.getByText('校验通过：终端将接受此目录。')).toBeVisible();

  // The preview shows the form as the kiosk will lay it out, with the new field.
  const preview = admin.getByRole('region', { name: '终端预览' });
  await expect(preview.getByTestId('preview-form')).toContainText(NEW_FIELD);
  await preview.getByRole('button', { name: /事项说明/ }).click();
  await expect(preview).toContainText(NEW_NAME);

  // Publish to all kiosks.
  await expect(admin.getByRole('radio', { name: '全部终端' })).toBeChecked();
  await admin.getByRole('button', { name: '发布', exact: true }).click();
  await expect(admin.getByText(/已发布第 2 版/)).toBeVisible();
  await expect(admin.getByTestId('catalog-version')).toContainText('第 2 版');
  await expect(
    admin
      .getByRole('table')
      .filter({ hasText: '发布时间' })
      .getByRole('row', { name: /第 2 版/ }),
  ).toContainText('全部终端');

  // The kiosk fetched and verified it, and holds it back while the citizen is served.
  await expect
    .poll(() => kioskEvents('catalog.staged').some((e) => e.version === 2), { timeout: 30_000 })
    .toBe(true);
  expect(kioskEvents('catalog.applied').some((e) => e.version === 2)).toBe(false);
  const form = kiosk.locator('[data-screen="form"]');
  await expect(form).not.toContainText(NEW_FIELD);

  // The open session finishes on the old form, and the host accepts it under the old catalog.
  await fillForm(kiosk, item);
  await kiosk.getByTestId('form-next').click();
  await kiosk.getByTestId('confirm-submit').click();
  await expect(kiosk.getByTestId('result-tracking-code')).toBeVisible({ timeout: 30_000 });
  trackingCode = (await kiosk.getByTestId('result-tracking-code').textContent())!.trim();
  await kiosk.getByTestId('result-done').click();
  await kiosk.getByTestId('rate-5').click();
  await kiosk.getByTestId('rating-submit').click();
  await expect(kiosk.locator('[data-screen="attract"]')).toBeVisible({ timeout: 20_000 });

  // Between sessions the kiosk switches; the next citizen sees the new flow.
  await expect
    .poll(() => kioskEvents('catalog.applied').some((e) => e.version === 2), { timeout: 15_000 })
    .toBe(true);
  await kiosk.getByTestId('attract-start').click();
  await expect(kiosk.getByTestId(`item-${item.code}`)).toContainText(NEW_NAME);
  await kiosk.getByTestId(`item-${item.code}`).click();
  await expect(kiosk.locator('[data-screen="intro"]')).toContainText(NEW_NAME);
  await kiosk.getByTestId('item-start').click();
  await expect(kiosk.locator('[data-screen="form"]')).toContainText(NEW_FIELD, {
    timeout: 30_000,
  });

  // The publication is in the audit log, under the editor's name.
  await admin.getByRole('link', { name: '操作日志' }).click();
  await expect(
    admin.getByRole('row').filter({ hasText: 'POST /api/v1/admin/catalog/publications' }),
  ).toContainText(EDITOR.username);
});

test('each role sees what it may do; rollback, fleet, enrolment, inbox, statistics and audit', async ({
  browser,
}) => {
  expect(trackingCode, 'the first test left a submission').not.toBe('');

  // An auditor reads everything and changes nothing.
  const auditor = await consolePage(browser);
  await signIn(auditor, AUDITOR);
  await expect(auditor.getByText('只读：需要“事项目录编辑”角色才能修改')).toBeVisible();
  await expect(auditor.getByLabel('事项名称')).toBeDisabled();
  await expect(auditor.getByRole('button', { name: '发布', exact: true })).toBeDisabled();
  await auditor.getByRole('link', { name: '终端注册' }).click();
  await expect(auditor.getByRole('button', { name: '生成令牌' })).toBeDisabled();
  await auditor.getByRole('link', { name: '操作日志' }).click();
  await auditor.getByRole('button', { name: '核对日志完整性' }).click();
  await expect(auditor.getByText(/日志完整：已核对 \d+ 条/)).toBeVisible();
  // …and changes their own password, then signs out and back in with it.
  await auditor.getByRole('link', { name: '修改密码' }).click();
  await auditor.getByLabel('当前密码').fill(AUDITOR.password);
  await auditor.getByLabel(/^新密码/).fill('Guangzhou-auditor-2027');
  await auditor.getByLabel('再次输入新密码').fill('Guangzhou-auditor-2027');
  await auditor.getByRole('button', { name: '修改密码' }).click();
  await expect(auditor.getByText('密码已修改。')).toBeVisible();
  await auditor.getByRole('button', { name: '退出登录' }).click();
  await signIn(auditor, { ...AUDITOR, password: 'Guangzhou-auditor-2027' });

  // Rollback: the editor publishes again (version 3), then brings version 2's content back as 4.
  const editor = await consolePage(browser);
  await signIn(editor, EDITOR);
  await editor.getByRole('button', { name: '发布', exact: true }).click();
  await expect(editor.getByText(/已发布第 3 版/)).toBeVisible();
  const list = editor.getByRole('table').filter({ hasText: '发布时间' });
  await list
    .getByRole('row', { name: /第 2 版/ })
    .getByRole('button', { name: '回滚到此版本' })
    .click();
  await list.getByRole('button', { name: '确认回滚到第 2 版' }).click();
  await expect(editor.getByText('已将第 2 版的内容发布为第 4 版。')).toBeVisible();
  await expect(list.getByRole('row', { name: /第 4 版/ })).toContainText('最新');

  // A fleet operator and case officer: the kiosk in the fleet, a remote action, a token.
  const officer = await consolePage(browser);
  await signIn(officer, OFFICER);
  await officer.getByRole('link', { name: '终端监控' }).click();
  const row = officer.getByRole('row', { name: /GZ-TEST-0001/ });
  await expect(row).toContainText('天河区');
  await row.getByRole('button', { name: '详情与远程操作：GZ-TEST-0001' }).click();
  await officer
    .getByRole('group', { name: '远程操作' })
    .getByRole('button', { name: '立即同步' })
    .click();
  await expect(officer.getByText('已下发“立即同步”，终端下次心跳时执行。')).toBeVisible();

  await officer.getByRole('link', { name: '终端注册' }).click();
  await officer.getByLabel('绑定终端编号（可不填）').fill('GZ-TEST-0002');
  await officer.getByRole('button', { name: '生成令牌' }).click();
  await expect(officer.getByTestId('enrolment-token')).toHaveText(/^[A-Za-z0-9_-]{32,128}$/);

  // The inbox: the kiosk's submission, accepted then completed.
  await officer.getByRole('link', { name: '办件收件箱' }).click();
  await officer.getByRole('button', { name: `查看办件 ${trackingCode}` }).click();
  const detail = officer.getByRole('region', { name: `办件 ${trackingCode}` });
  await expect(detail).toContainText('已接收');
  await detail.getByLabel('办理意见（可不填，将推送给终端）').fill('材料齐全，予以受理');
  await detail.getByRole('button', { name: '受理', exact: true }).click();
  await expect(detail.getByText('已受理。终端将通过状态推送获知。')).toBeVisible();
  await expect(detail).toContainText('材料齐全，予以受理');
  await detail.getByRole('button', { name: '办结', exact: true }).click();
  await expect(detail.getByText('已办结。终端将通过状态推送获知。')).toBeVisible();
  await expect(officer.getByRole('row', { name: new RegExp(trackingCode) }).first()).toContainText(
    '已办结',
  );

  // Statistics: the submission counted under its item.
  await officer.getByRole('link', { name: '统计分析' }).click();
  await expect(
    officer
      .getByRole('table', { name: '按事项统计办件量' })
      .getByRole('row', { name: /城乡居民医保参保登记/ }),
  ).toContainText('1');
});
