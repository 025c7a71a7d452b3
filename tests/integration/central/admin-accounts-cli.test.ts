// `kiosk24 central admin add --role account-admin` makes the first account admin, who then manages
// accounts in the console; the CLI refuses to disable the last enabled account admin.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { startCentral } from '../../../central/index.ts';
import { ADMIN_PATHS, AdminAccountList } from '../../../contract/admin-api.ts';
import { ConsoleBrowser } from './support/admin-console.ts';
import { runKiosk24 } from '../../support/run-kiosk24.ts';

const kiosk24 = runKiosk24;

it('adds an account admin, who lists accounts; the last one is not disabled', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-accounts-cli-'));
  const db = `pglite:${path.join(dir, 'central')}`;
  const noRole = await kiosk24('central', 'admin', 'add', '--db', db, '--username', 'x.admin');
  expect(noRole.code).not.toBe(0);
  expect(noRole.stderr).toContain('account-admin');

  const added = await kiosk24(
    'central',
    'admin',
    'add',
    '--db',
    db,
    '--username',
    'sun.accounts',
    '--role',
    'account-admin',
  );
  expect(added.code).toBe(0);
  expect(added.stdout).toContain('sun.accounts (account-admin) created');
  const password = /password \(shown once[^)]*\): (\S+)/.exec(added.stdout)?.[1];
  expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

  const central = await startCentral({ port: 0, db, keyDir: null, log: () => {} });
  try {
    const b = new ConsoleBrowser(central.url);
    expect((await b.signIn('sun.accounts', password!)).body.roles).toEqual(['account-admin']);
    const list = await b.get(ADMIN_PATHS.accounts);
    expect(list.status).toBe(200);
    expect(AdminAccountList.parse(list.body).map((a) => a.username)).toEqual(['sun.accounts']);
  } finally {
    await central.close();
  }

  const disabled = await kiosk24(
    'central',
    'admin',
    'disable',
    '--db',
    db,
    '--username',
    'sun.accounts',
  );
  expect(disabled.code).toBe(1);
  expect(disabled.stderr).toContain('last enabled account-admin');
}, 180_000);
