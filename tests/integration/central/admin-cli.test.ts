// `kiosk24 central admin add|passwd` against an embedded database, then a sign-in over HTTP with
// what it printed (or read from the file).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { startCentral } from '../../../central/index.ts';
import { ConsoleBrowser } from './support/admin-console.ts';
import { runKiosk24 } from '../../support/run-kiosk24.ts';

const kiosk24 = runKiosk24;

it('adds an admin with a generated password, and sets another from a file', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk24-admin-cli-'));
  const db = `pglite:${path.join(dir, 'central')}`;
  const added = await kiosk24(
    'central',
    'admin',
    'add',
    '--db',
    db,
    '--username',
    'wang.officer',
    '--role',
    'case-officer,auditor',
    '--display-name',
    '王窗口',
  );
  expect(added.code).toBe(0);
  const password = /password \(shown once[^)]*\): (\S+)/.exec(added.stdout)?.[1];
  expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

  const again = await kiosk24(
    'central',
    'admin',
    'add',
    '--db',
    db,
    '--username',
    'wang.officer',
    '--role',
    'auditor',
  );
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('this username is taken');
  const badRole = await kiosk24(
    'central',
    'admin',
    'add',
    '--db',
    db,
    '--username',
    'li.admin',
    '--role',
    'superuser',
  );
  expect(badRole.code).toBe(1);

  const file = path.join(dir, 'password.txt');
  writeFileSync(file, 'a password from a file\n', { mode: 0o600 });
  const passwd = await kiosk24(
    'central',
    'admin',
    'passwd',
    '--db',
    db,
    '--username',
    'wang.officer',
    '--password-file',
    file,
  );
  expect(passwd.code).toBe(0);
  expect(passwd.stdout).not.toContain('a password from a file');

  const central = await startCentral({ port: 0, db, keyDir: null, log: () => {} });
  try {
    const b = new ConsoleBrowser(central.url);
    expect((await b.signIn('wang.officer', password!)).status).toBe(401);
    const ok = await b.signIn('wang.officer', 'a password from a file');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      username: 'wang.officer',
      displayName: '王窗口',
      roles: ['case-officer', 'auditor'],
    });
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
    'wang.officer',
  );
  expect(disabled.code).toBe(0);
  const afterDisable = await startCentral({ port: 0, db, keyDir: null, log: () => {} });
  try {
    const refused = await new ConsoleBrowser(afterDisable.url).signIn(
      'wang.officer',
      'a password from a file',
    );
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('sign-in-failed');
  } finally {
    await afterDisable.close();
  }
}, 180_000);
