// 账号管理 through real HTTP (contract/admin-api.ts ADMIN_PATHS.accounts…): only account-admin may
// list, create and change accounts (never the bearer token); generated one-time passwords that work
// once shown and appear in no log or audit entry; sessions ended on disable and reset; the guards on
// one's own account and on the last enabled account-admin; validation that changes nothing; and
// the audit entries under the acting admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentral, type CentralPlatform } from '../../../../central/index.ts';
import {
  AccountWithPassword,
  ADMIN_PATHS,
  AdminAccount,
  AdminAccountList,
  AuditPage,
  accountPasswordPath,
  accountPath,
  type AuditEntry,
} from '../../../../contract/admin-api.ts';
import type { Backend } from './backends.ts';
import { call, ConsoleBrowser } from './admin-console.ts';

const ADMIN_TOKEN = 'an-admin-token-for-the-accounts-suite-0123';
const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };
const PASSWORD = 'correct horse battery staple';

export function defineAdminAccountsSuite(backend: Backend): void {
  describe.skipIf(backend.unavailable !== null)(`admin accounts on ${backend.name}`, () => {
    let central: CentralPlatform;
    const logged: string[] = [];
    /** Every one-time password the centre answered: none may show up in a log or the audit log. */
    const shownPasswords: string[] = [];
    const run = Math.random().toString(36).slice(2, 8);
    const user = (name: string) => `${name}.${run}`;
    const ACCOUNTS = user('accounts');
    const KEEPER = user('keeper');

    beforeAll(async () => {
      const db = await backend.start();
      central = await startCentral({
        port: 0,
        db,
        adminToken: ADMIN_TOKEN,
        keyDir: null,
        ipRateLimits: { signIn: { max: 1000, windowMs: 60_000 } },
        log: (level, event, fields) => logged.push(JSON.stringify({ level, event, fields })),
      });
      const accounts = central.admin.accounts;
      await accounts.create({
        username: ACCOUNTS,
        displayName: '张账号',
        roles: ['account-admin', 'auditor'],
        password: PASSWORD,
      });
      await accounts.create({ username: KEEPER, roles: ['account-admin'], password: PASSWORD });
      for (const role of ['catalog-editor', 'auditor', 'case-officer', 'fleet-operator']) {
        await accounts.create({ username: user(role), roles: [role], password: PASSWORD });
      }
    }, 120_000);
    afterAll(async () => {
      await central?.close();
      await backend.stop();
    });

    const signedIn = async (username: string, password = PASSWORD) => {
      const b = new ConsoleBrowser(central.url);
      expect((await b.signIn(username, password)).status).toBe(200);
      return b;
    };
    const listOf = async (b: ConsoleBrowser) => {
      const answer = await b.get(ADMIN_PATHS.accounts);
      expect(answer.status).toBe(200);
      return AdminAccountList.parse(answer.body);
    };
    const accountIn = (list: AdminAccount[], username: string) =>
      list.find((a) => a.username === username);
    const create = async (b: ConsoleBrowser, body: Record<string, unknown>) => {
      const answer = await b.send('POST', ADMIN_PATHS.accounts, body);
      if (answer.status === 201) {
        shownPasswords.push(AccountWithPassword.parse(answer.body).password);
      }
      return answer;
    };
    /** The newest audit entries whose action matches, newest first. */
    const auditOf = async (action: string): Promise<AuditEntry[]> => {
      const page = await call(
        central.url,
        'GET',
        `${ADMIN_PATHS.audit}?limit=500&action=${encodeURIComponent(action)}`,
        { headers: bearer },
      );
      return AuditPage.parse(page.body).entries;
    };

    it('refuses the bearer token and every other role, naming account-admin', async () => {
      // The token stands for the other roles, not this one (managing people is a person's act).
      const self = await call(central.url, 'GET', ADMIN_PATHS.session, { headers: bearer });
      expect(self.body.roles).not.toContain('account-admin');
      const before = await central.admin.accounts.accounts();
      const attempts: [string, string, unknown][] = [
        ['GET', ADMIN_PATHS.accounts, undefined],
        ['POST', ADMIN_PATHS.accounts, { username: user('script'), roles: ['auditor'] }],
        ['PATCH', accountPath(user('auditor')), { roles: ['account-admin'] }],
        ['POST', accountPasswordPath(user('auditor')), undefined],
      ];
      for (const [method, path, body] of attempts) {
        const byToken = await call(central.url, method, path, { body, headers: bearer });
        expect(byToken.status, `${method} ${path} with the token`).toBe(403);
        expect(byToken.body).toEqual({
          error: 'admin-role-required',
          message: 'this action needs the account-admin role',
        });
        for (const role of ['catalog-editor', 'auditor', 'case-officer', 'fleet-operator']) {
          const b = await signedIn(user(role));
          const refused = await b.send(method, path, body);
          expect(refused.status, `${method} ${path} as ${role}`).toBe(403);
          expect(refused.body.message).toBe('this action needs the account-admin role');
        }
      }
      // Nothing changed (but the last sign-ins of the refused admins).
      const withoutSignIns = (list: AdminAccount[]) =>
        list.map(({ lastSignInAt: _, ...rest }) => rest);
      expect(withoutSignIns(await central.admin.accounts.accounts())).toEqual(
        withoutSignIns(before),
      );
      // The refusals are in the audit log, with who was refused.
      const refusedPatch = (await auditOf(`PATCH ${ADMIN_PATHS.account}`)).filter(
        (e) => e.status === 403,
      );
      expect(refusedPatch.map((e) => e.actor)).toEqual(
        expect.arrayContaining(['admin-token', user('auditor'), user('case-officer')]),
      );
    });

    it('lists accounts without hashes, with the last sign-in once there was one', async () => {
      const admin = await signedIn(ACCOUNTS);
      const answer = await admin.get(ADMIN_PATHS.accounts);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.text).not.toMatch(/scrypt|passwordHash|password_hash/);
      const list = AdminAccountList.parse(answer.body);
      for (const a of list) expect(Object.keys(a).sort()).toEqual(Object.keys(list[0]!).sort());
      expect(accountIn(list, ACCOUNTS)).toMatchObject({
        displayName: '张账号',
        roles: ['account-admin', 'auditor'],
        disabled: false,
      });
      expect(Date.parse(accountIn(list, ACCOUNTS)!.lastSignInAt!)).toBeGreaterThan(
        Date.now() - 60_000,
      );
      const unused = user('unused');
      await central.admin.accounts.create({
        username: unused,
        roles: ['auditor'],
        password: PASSWORD,
      });
      expect(accountIn(await listOf(admin), unused)?.lastSignInAt).toBeNull();
    });

    it('creates an account whose one-time password signs in, audited without the password', async () => {
      const admin = await signedIn(ACCOUNTS);
      const username = user('new-editor');
      const answer = await create(admin, {
        username,
        displayName: '李编辑',
        roles: ['catalog-editor'],
      });
      expect(answer.status).toBe(201);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const { account, password } = AccountWithPassword.parse(answer.body);
      expect(account).toMatchObject({
        username,
        displayName: '李编辑',
        roles: ['catalog-editor'],
        disabled: false,
        lastSignInAt: null,
      });
      // Strong and random: 24 base64url characters (144 bits), a different one each time.
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const other = await create(admin, { username: user('second'), roles: ['auditor'] });
      expect(AccountWithPassword.parse(other.body).password).not.toBe(password);

      const newcomer = new ConsoleBrowser(central.url);
      const signIn = await newcomer.signIn(username, password);
      expect(signIn.status).toBe(200);
      expect(signIn.body).toEqual({ username, displayName: '李编辑', roles: ['catalog-editor'] });
      // A catalog editor is no account admin.
      expect((await newcomer.get(ADMIN_PATHS.accounts)).status).toBe(403);

      const entry = (await auditOf(`POST ${ADMIN_PATHS.accounts}`)).find(
        (e) => e.target.username === username,
      );
      expect(entry).toMatchObject({
        actor: ACCOUNTS,
        status: 201,
        target: { username },
        detail: `account ${username} created with roles catalog-editor`,
      });
    });

    it('refuses invalid requests with a clear 400 and changes nothing', async () => {
      const admin = await signedIn(ACCOUNTS);
      const before = await listOf(admin);
      const bad: Record<string, unknown>[] = [
        { username: 'No Capitals', roles: ['auditor'] },
        { username: 'ab', roles: ['auditor'] },
        { username: user('x1'), roles: [] },
        { username: user('x2'), roles: ['superuser'] },
        { username: user('x3'), roles: ['auditor', 'auditor'] },
        { username: user('x4'), roles: ['auditor'], displayName: 'x'.repeat(121) },
        { username: user('x5'), roles: ['auditor'], displayName: '   ' },
        { username: user('x6'), roles: ['auditor'], password: 'chosen by me, 123' },
        { roles: ['auditor'] },
      ];
      for (const body of bad) {
        const refused = await create(admin, body);
        expect(refused.status, JSON.stringify(body)).toBe(400);
        expect(refused.body.error).toBe('invalid-request');
        expect(String(refused.body.message).length).toBeGreaterThan(0);
      }
      const taken = await create(admin, { username: user('auditor'), roles: ['case-officer'] });
      expect(taken.status).toBe(409);
      expect(taken.body).toEqual({ error: 'admin-exists', message: 'this username is taken' });

      const target = accountPath(user('auditor'));
      for (const body of [
        {},
        { roles: [] },
        { roles: ['root'] },
        { disabled: 'yes' },
        { displayName: '' },
        { username: 'renamed' },
      ]) {
        const refused = await admin.send('PATCH', target, body);
        expect(refused.status, JSON.stringify(body)).toBe(400);
        expect(refused.body.error).toBe('invalid-request');
      }
      expect(await listOf(admin)).toEqual(before);

      const unknown = await admin.send('PATCH', accountPath(user('nobody')), { disabled: true });
      expect(unknown.status).toBe(404);
      expect((await admin.send('POST', accountPasswordPath(user('nobody')))).status).toBe(404);
    });

    it('changes roles and display name, effective at once for a signed-in account', async () => {
      const admin = await signedIn(ACCOUNTS);
      const username = user('promoted');
      await central.admin.accounts.create({ username, roles: ['auditor'], password: PASSWORD });
      const them = await signedIn(username);
      const changed = await admin.send('PATCH', accountPath(username), {
        roles: ['fleet-operator', 'auditor'],
        displayName: '王运维',
      });
      expect(changed.status).toBe(200);
      expect(AdminAccount.parse(changed.body)).toMatchObject({
        username,
        displayName: '王运维',
        roles: ['fleet-operator', 'auditor'],
      });
      // Roles are read at every request: their open session has the new ones.
      expect((await them.get(ADMIN_PATHS.session)).body).toMatchObject({
        displayName: '王运维',
        roles: ['fleet-operator', 'auditor'],
      });
      const entry = (await auditOf(`PATCH ${ADMIN_PATHS.account}`)).find(
        (e) => e.target.username === username && e.status === 200,
      );
      expect(entry?.actor).toBe(ACCOUNTS);
      expect(entry?.detail).toBe(
        `account ${username}: roles auditor → fleet-operator, auditor; display name changed ` +
          `(roles now fleet-operator, auditor)`,
      );
    });

    it('disabling ends the sessions and refuses sign-in; enabling lets them back', async () => {
      const admin = await signedIn(ACCOUNTS);
      const username = user('leaving');
      await central.admin.accounts.create({
        username,
        roles: ['catalog-editor'],
        password: PASSWORD,
      });
      const them = await signedIn(username);
      const disabled = await admin.send('PATCH', accountPath(username), { disabled: true });
      expect(disabled.status).toBe(200);
      expect(disabled.body.disabled).toBe(true);
      const after = await them.get(ADMIN_PATHS.session);
      expect(after.status).toBe(401);
      expect(after.body.error).toBe('session-expired');
      expect((await new ConsoleBrowser(central.url).signIn(username, PASSWORD)).status).toBe(401);
      expect(accountIn(await listOf(admin), username)?.disabled).toBe(true);

      const enabled = await admin.send('PATCH', accountPath(username), { disabled: false });
      expect(enabled.status).toBe(200);
      await signedIn(username);
      const details = (await auditOf(`PATCH ${ADMIN_PATHS.account}`))
        .filter((e) => e.target.username === username)
        .map((e) => e.detail);
      expect(details).toEqual([
        `account ${username}: enabled (roles now catalog-editor)`,
        `account ${username}: disabled; sessions ended (roles now catalog-editor)`,
      ]);
    });

    it('resets a password: the new one is shown once, the old one and the sessions end', async () => {
      const admin = await signedIn(ACCOUNTS);
      const username = user('forgetful');
      await central.admin.accounts.create({ username, roles: ['auditor'], password: PASSWORD });
      const them = await signedIn(username);
      const reset = await admin.send('POST', accountPasswordPath(username));
      expect(reset.status).toBe(200);
      expect(reset.headers.get('cache-control')).toBe('no-store');
      const { account, password } = AccountWithPassword.parse(reset.body);
      shownPasswords.push(password);
      expect(account.username).toBe(username);
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect((await them.get(ADMIN_PATHS.session)).status).toBe(401);
      expect((await new ConsoleBrowser(central.url).signIn(username, PASSWORD)).status).toBe(401);
      await signedIn(username, password);
      const entry = (await auditOf(`POST ${ADMIN_PATHS.accountPassword}`)).find(
        (e) => e.target.username === username,
      );
      expect(entry).toMatchObject({
        actor: ACCOUNTS,
        status: 200,
        detail: `password of ${username} reset; sessions ended (roles auditor)`,
      });
    });

    it('refuses to disable oneself, change one’s own roles or reset one’s own password', async () => {
      const admin = await signedIn(ACCOUNTS);
      const self = accountPath(ACCOUNTS);
      const disable = await admin.send('PATCH', self, { disabled: true });
      expect(disable.status).toBe(409);
      expect(disable.body).toEqual({
        error: 'own-account',
        message: 'you cannot disable your own account',
      });
      const demote = await admin.send('PATCH', self, { roles: ['auditor'] });
      expect(demote.status).toBe(409);
      expect(demote.body).toEqual({
        error: 'own-account',
        message: 'you cannot change your own roles: another account-admin does that',
      });
      // Nor a role more: the case officer's unmasked applicants are granted by someone else.
      const grant = await admin.send('PATCH', self, {
        roles: ['account-admin', 'auditor', 'case-officer'],
      });
      expect(grant.status).toBe(409);
      expect(grant.body.error).toBe('own-account');
      const reset = await admin.send('POST', accountPasswordPath(ACCOUNTS));
      expect(reset.status).toBe(409);
      expect(reset.body.error).toBe('own-account');
      expect((await admin.get(ADMIN_PATHS.session)).status).toBe(200);
      expect(accountIn(await listOf(admin), ACCOUNTS)).toMatchObject({
        roles: ['account-admin', 'auditor'],
        disabled: false,
      });
      // Other changes to one's own account are fine.
      const renamed = await admin.send('PATCH', self, {
        displayName: '张账号',
        roles: ['auditor', 'account-admin'],
      });
      expect(renamed.status).toBe(200);
      const refused = (await auditOf(`PATCH ${ADMIN_PATHS.account}`)).filter(
        (e) => e.target.username === ACCOUNTS && e.status === 409,
      );
      expect(refused.map((e) => e.detail)).toEqual([
        `change of account ${ACCOUNTS} refused (own-account)`,
        `change of account ${ACCOUNTS} refused (own-account)`,
        `change of account ${ACCOUNTS} refused (own-account)`,
      ]);
    });

    it('never disables or demotes the last enabled account-admin', async () => {
      const accounts = central.admin.accounts;
      // Leave two: ACCOUNTS and KEEPER (a shared database may hold others from earlier runs).
      for (const a of await accounts.accounts()) {
        if (a.username !== ACCOUNTS && a.username !== KEEPER && a.roles.includes('account-admin')) {
          await accounts.setDisabled(a.username, true);
        }
      }
      // Two account admins demoting each other at once: at most one succeeds.
      const [a, k] = [await signedIn(ACCOUNTS), await signedIn(KEEPER)];
      const [byA, byK] = await Promise.all([
        a.send('PATCH', accountPath(KEEPER), { roles: ['auditor'] }),
        k.send('PATCH', accountPath(ACCOUNTS), { roles: ['auditor'] }),
      ]);
      expect([byA.status, byK.status].filter((s) => s === 200)).toHaveLength(1);
      const left = (await accounts.accounts()).filter(
        (x) => !x.disabled && x.roles.includes('account-admin'),
      );
      expect(left).toHaveLength(1);
      const last = left[0]!.username;
      const lastBrowser = last === ACCOUNTS ? a : k;
      const demoted = last === ACCOUNTS ? KEEPER : ACCOUNTS;

      // Through the service (the CLI's path, where no "own account" applies): 409 as well.
      const refusal = {
        kind: 'conflict',
        code: 'last-account-admin',
        message:
          'this is the last enabled account-admin: give another account the account-admin role first',
      };
      await expect(accounts.setDisabled(last, true)).rejects.toMatchObject(refusal);
      await expect(accounts.updateAccount(last, { roles: ['auditor'] })).rejects.toMatchObject(
        refusal,
      );
      expect((await accounts.accounts()).find((x) => x.username === last)).toMatchObject({
        disabled: false,
        roles: expect.arrayContaining(['account-admin']),
      });

      // Promote the other back, and the first may then step down (by the other's hand).
      const restore = await lastBrowser.send('PATCH', accountPath(demoted), {
        roles: ['account-admin', 'auditor'],
      });
      expect(restore.status).toBe(200);
      await accounts.setDisabled(last, true);
      await accounts.setDisabled(last, false);
    });

    it('refuses a change sent with the cookie but without the console header', async () => {
      const admin = await signedIn(ACCOUNTS);
      const forged = await admin.send(
        'POST',
        ADMIN_PATHS.accounts,
        { username: user('forged'), roles: ['account-admin'] },
        { consoleHeader: false },
      );
      expect(forged.status).toBe(403);
      expect(forged.body.error).toBe('console-header-required');
      expect(accountIn(await listOf(admin), user('forged'))).toBeUndefined();
    });

    it('keeps every shown password out of the logs and the audit log, whose chain holds', async () => {
      expect(shownPasswords.length).toBeGreaterThanOrEqual(3);
      const audit = await call(central.url, 'GET', `${ADMIN_PATHS.audit}?limit=500`, {
        headers: bearer,
      });
      for (const password of shownPasswords) {
        expect(audit.text).not.toContain(password);
        expect(logged.join('\n')).not.toContain(password);
      }
      expect(logged.join('\n')).not.toContain(PASSWORD);
      const verified = await call(central.url, 'GET', ADMIN_PATHS.auditVerification, {
        headers: bearer,
      });
      expect(verified.body.ok).toBe(true);
    });
  });
}
