// 账号管理 in the console: the create form's checks, role checkboxes in the contract's order, what
// each account offers to the signed-in admin, and the screen shown to account admins only.
import { describe, expect, it } from 'vitest';
import {
  accountOffer,
  newAccountProblem,
  newAccountRequest,
  toggleRole,
} from '../../../central/console/state/accounts.ts';
import { permissionsOf, ROLE_NAME } from '../../../central/console/state/permissions.ts';
import { navRoutes, routeOf } from '../../../central/console/state/routes.ts';
import { ADMIN_ROLE_NAMES, type AdminAccount } from '../../../contract/admin-api.ts';

const account = (username: string, roles: AdminAccount['roles']): AdminAccount => ({
  username,
  displayName: username,
  roles,
  disabled: false,
  createdAt: '2026-01-05T01:00:00.000Z',
  lastSignInAt: null,
});

describe('role checkboxes', () => {
  it('keep the contract order and each role once', () => {
    expect(toggleRole([], 'auditor', true)).toEqual(['auditor']);
    expect(toggleRole(['auditor'], 'catalog-editor', true)).toEqual(['catalog-editor', 'auditor']);
    expect(toggleRole(['auditor'], 'auditor', true)).toEqual(['auditor']);
    expect(toggleRole(['catalog-editor', 'account-admin'], 'catalog-editor', false)).toEqual([
      'account-admin',
    ]);
  });

  it('every role has its Chinese label', () => {
    for (const role of ADMIN_ROLE_NAMES) expect(ROLE_NAME[role]).toMatch(/\p{Script=Han}/u);
    expect(ROLE_NAME['account-admin']).toBe('账号管理员');
  });
});

describe('new account form', () => {
  it('names what is missing, in Chinese', () => {
    const ok = { username: 'li.editor', displayName: '', roles: ['catalog-editor'] as const };
    expect(newAccountProblem(ok)).toBeNull();
    expect(newAccountProblem({ ...ok, username: 'Li Editor' })).toMatch(/用户名/);
    expect(newAccountProblem({ ...ok, username: 'li' })).toMatch(/用户名/);
    expect(newAccountProblem({ ...ok, roles: [] })).toBe('请至少选择一个角色。');
    expect(newAccountProblem({ ...ok, displayName: '名'.repeat(121) })).toMatch(/120/);
  });

  it('sends a trimmed request, without an empty display name', () => {
    expect(
      newAccountRequest({ username: ' li.editor ', displayName: '  ', roles: ['auditor'] }),
    ).toEqual({ username: 'li.editor', roles: ['auditor'] });
    expect(
      newAccountRequest({ username: 'li.editor', displayName: ' 李编辑 ', roles: ['auditor'] }),
    ).toEqual({ username: 'li.editor', displayName: '李编辑', roles: ['auditor'] });
  });
});

describe('what each account offers', () => {
  it('someone else: everything', () => {
    expect(accountOffer(account('li', ['account-admin']), 'zhang')).toEqual({
      canToggleDisabled: true,
      canResetPassword: true,
      lockedRoles: [],
      reason: null,
    });
  });

  it('one’s own: no disabling, no reset, every role locked (another account-admin changes them)', () => {
    const offer = accountOffer(account('zhang', ['auditor', 'account-admin']), 'zhang');
    expect(offer).toMatchObject({
      canToggleDisabled: false,
      canResetPassword: false,
      lockedRoles: [...ADMIN_ROLE_NAMES],
    });
    expect(offer.reason).toMatch(/修改密码/);
  });
});

describe('账号管理 in the navigation', () => {
  it('is listed for account admins only, and addressable by its fragment', () => {
    const names = (roles: Parameters<typeof permissionsOf>[0]) =>
      navRoutes(permissionsOf(roles)).map((r) => r.name);
    expect(names(['account-admin'])).toContain('账号管理');
    for (const role of ['catalog-editor', 'fleet-operator', 'auditor', 'case-officer'] as const) {
      expect(names([role])).not.toContain('账号管理');
      expect(names([role])).toContain('事项目录');
    }
    expect(names(['account-admin'])).not.toContain('修改密码');
    expect(routeOf('#/accounts')).toBe('accounts');
    expect(permissionsOf(['account-admin']).manageAccounts).toBe(true);
    expect(permissionsOf(['auditor', 'case-officer']).manageAccounts).toBe(false);
  });
});
