// The console's client against a real central platform (embedded PGlite): session sign-in with
// the HttpOnly cookie, the console header on changes, and the centre's own refusal texts reaching
// the admin (a 403 names the role the action needs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import { startCentral, type CentralPlatform } from '../../../central/index.ts';
import { createConsoleApi } from '../../../central/console/api/console-api.ts';
import {
  ConsoleApiError,
  errorText,
  type FetchLike,
} from '../../../central/console/api/http-client.ts';

let central: CentralPlatform;
const PASSWORD = 'a long enough password';

beforeAll(async () => {
  central = await startCentral({ port: 0, db: 'pglite:memory' });
  await central.admin.accounts.create({
    username: 'editor',
    displayName: '编辑',
    roles: ['catalog-editor'],
    password: PASSWORD,
  });
  await central.admin.accounts.create({
    username: 'auditor',
    displayName: '审计',
    roles: ['auditor'],
    password: PASSWORD,
  });
});
afterAll(async () => {
  await central?.close();
});

/** A browser's cookie jar in miniature: the session cookie comes back on every request. */
function browserLike(): FetchLike {
  let cookie = '';
  return async (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(new URL(input, central.url), { ...init, headers });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    return res;
  };
}

describe('console API client', () => {
  it('signs in, reads, publishes with the console header, and signs out', async () => {
    const api = createConsoleApi(browserLike());
    await expect(api.whoAmI()).rejects.toMatchObject({ status: 401 });
    const self = await api.signIn({ username: 'editor', password: PASSWORD });
    expect(self).toMatchObject({ username: 'editor', roles: ['catalog-editor'] });
    expect(await api.whoAmI()).toMatchObject({ username: 'editor' });

    const current = await api.currentCatalog();
    expect(current.source).toBe('bundled');
    const catalog = { ...current.catalog, items: loadBundledCatalog().items.slice(0, 3) };
    const summary = await api.publish({ catalog, target: { kind: 'all' }, validForDays: 7 });
    expect(summary.version).toBeGreaterThan(current.version);
    expect((await api.currentCatalog()).version).toBe(summary.version);
    expect((await api.publications()).map((p) => p.version)).toContain(summary.version);
    const content = await api.publication(summary.version);
    expect((content.catalog.items as unknown[]).length).toBe(3);

    await api.signOut();
    await expect(api.whoAmI()).rejects.toMatchObject({ status: 401 });
  });

  it('shows the centre’s 403 when a role is missing', async () => {
    const api = createConsoleApi(browserLike());
    await api.signIn({ username: 'auditor', password: PASSWORD });
    const current = await api.currentCatalog();
    const err = await api
      .publish({ catalog: current.catalog, target: { kind: 'all' }, validForDays: 7 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConsoleApiError);
    expect((err as ConsoleApiError).status).toBe(403);
    expect(errorText(err)).toMatch(/^没有权限：.*catalog-editor/);
  });

  it('a password change needs the current one; a 401 elsewhere reports the session ended', async () => {
    await central.admin.accounts.create({
      username: 'changer',
      displayName: '改密',
      roles: ['auditor'],
      password: PASSWORD,
    });
    const api = createConsoleApi(browserLike());
    let ended = 0;
    api.onSessionEnded(() => ended++);
    await api.signIn({ username: 'changer', password: PASSWORD });
    await expect(
      api.changePassword({
        currentPassword: 'wrong wrong wrong',
        newPassword: 'a brand new password',
      }),
    ).rejects.toMatchObject({ status: 401 });
    expect(ended).toBe(0);
    await api.changePassword({ currentPassword: PASSWORD, newPassword: 'a brand new password' });
    expect(await api.whoAmI()).toMatchObject({ username: 'changer' });
    await api.signOut();
    await expect(api.statistics()).rejects.toMatchObject({ status: 401 });
    expect(ended).toBe(1);
    await api.signIn({ username: 'changer', password: 'a brand new password' });
    expect(ended).toBe(1);
  });

  it('a wrong password is a plain 401', async () => {
    const api = createConsoleApi(browserLike());
    await expect(
      api.signIn({ username: 'editor', password: 'not the password' }),
    ).rejects.toMatchObject({
      status: 401,
    });
  });
});
