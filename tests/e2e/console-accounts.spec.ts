// 账号管理 in the admin console (Chromium against a real central platform): an account admin creates
// a catalog-editor account, sees its generated password once in a dialog, signs out; the new
// account signs in with that password and sees the catalog screens but not 账号管理 (nor the
// screen itself when the fragment is typed in).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startCentral, type CentralPlatform } from '../../central/index.ts';

const ACCOUNT_ADMIN = { username: 'gz-accounts', password: 'Guangzhou-accounts-2026' };
const NEW_EDITOR = { username: 'gz-new-editor', displayName: '赵编辑' };

let central: CentralPlatform;
test.beforeAll(async () => {
  central = await startCentral({
    port: 0,
    db: 'pglite:memory',
    keyDir: mkdtempSync(path.join(os.tmpdir(), 'kiosk24-e2e-accounts-keys-')),
    log: () => {},
  });
  await central.admin.accounts.create({
    ...ACCOUNT_ADMIN,
    displayName: '孙账号',
    roles: ['account-admin'],
  });
});
test.afterAll(async () => {
  await central?.close();
});

test('an account admin creates a catalog editor, who signs in with the password shown once', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1100 } });
  const page = await context.newPage();
  await page.goto(`${central.url}/console/`);

  await page.getByLabel('用户名').fill(ACCOUNT_ADMIN.username);
  await page.getByLabel('密码').fill(ACCOUNT_ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('whoami')).toContainText('孙账号');

  const nav = page.getByRole('navigation', { name: '主菜单' });
  await nav.getByRole('link', { name: '账号管理' }).click();
  await expect(page.getByRole('heading', { name: '账号管理', level: 1 })).toBeVisible();
  await expect(page.getByTestId(`account-${ACCOUNT_ADMIN.username}`)).toContainText('账号管理员');
  // One's own account cannot be disabled here.
  await expect(page.getByRole('button', { name: `停用 ${ACCOUNT_ADMIN.username}` })).toBeDisabled();

  // Create the editor: roles are checkboxes with their Chinese labels.
  const form = page.getByRole('form', { name: '新建账号' });
  await form.getByLabel(/^用户名/).fill(NEW_EDITOR.username);
  await form.getByLabel(/^显示名称/).fill(NEW_EDITOR.displayName);
  await form.getByRole('checkbox', { name: '事项目录编辑' }).check();
  await form.getByRole('button', { name: '创建账号' }).click();

  const dialog = page.getByRole('dialog', { name: new RegExp(NEW_EDITOR.username) });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('只显示这一次');
  await expect(dialog).toContainText('无法再次查看');
  const password = (await dialog.getByTestId('one-time-password').textContent())?.trim() ?? '';
  expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
  await dialog.getByRole('button', { name: '我已记下，关闭' }).click();
  await expect(dialog).toBeHidden();
  // Gone for good: the page holds it nowhere any more.
  await expect(page.getByText(password)).toHaveCount(0);
  const row = page.getByTestId(`account-${NEW_EDITOR.username}`);
  await expect(row).toContainText(NEW_EDITOR.displayName);
  await expect(row).toContainText('事项目录编辑');
  await expect(row).toContainText('从未登录');

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();

  // The new editor signs in with the password shown once.
  await page.getByLabel('用户名').fill(NEW_EDITOR.username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('whoami')).toContainText(NEW_EDITOR.displayName);
  await nav.getByRole('link', { name: '事项目录' }).click();
  await expect(page.getByTestId('catalog-version')).toContainText('第 1 版');
  await expect(nav.getByRole('link', { name: '账号管理' })).toHaveCount(0);
  // Typing the screen's address shows the reason, not the screen.
  await page.goto(`${central.url}/console/#/accounts`);
  await expect(page.getByRole('alert')).toContainText('账号管理员');
  await expect(page.getByRole('heading', { name: '账号管理' })).toHaveCount(0);
  await context.close();
});
