// 账号管理 (account-admin): the create form's checks, role checkboxes kept in the contract's order,
// and what the screen offers for each account. The centre decides anyway (its 409 for one's own
// account or the last account admin is shown as it comes); the screen just does not offer what
// it would refuse.
import {
  ADMIN_ROLE_NAMES,
  Username,
  type AdminAccount,
  type AdminRole,
} from '../../../contract/admin-api.ts';

/** The roles with `role` switched on or off, in the contract's order, each once. */
export function toggleRole(roles: readonly AdminRole[], role: AdminRole, on: boolean): AdminRole[] {
  const set = new Set(roles);
  if (on) set.add(role);
  else set.delete(role);
  return ADMIN_ROLE_NAMES.filter((r) => set.has(r));
}

export interface NewAccountDraft {
  username: string;
  displayName: string;
  roles: readonly AdminRole[];
}

/** Why the form cannot be sent yet, in Chinese, or null. */
export function newAccountProblem(draft: NewAccountDraft): string | null {
  if (!Username.safeParse(draft.username.trim()).success) {
    return '用户名须为3至64个小写字母、数字或“.”“_”“-”，以字母或数字开头。';
  }
  if (draft.displayName.trim().length > 120) return '显示名称不超过120个字符。';
  if (draft.roles.length === 0) return '请至少选择一个角色。';
  return null;
}

/** The request body of a new account (display name left out when empty: the centre uses the username). */
export function newAccountRequest(draft: NewAccountDraft) {
  const displayName = draft.displayName.trim();
  return {
    username: draft.username.trim(),
    ...(displayName ? { displayName } : {}),
    roles: [...draft.roles],
  };
}

export interface AccountOffer {
  /** Own account: disabling oneself is refused. */
  canToggleDisabled: boolean;
  /** Own account: the own password is changed under 修改密码 (it needs the current one). */
  canResetPassword: boolean;
  /** Roles whose checkbox is locked in the editor (all of them on one's own account). */
  lockedRoles: AdminRole[];
  /** Why something is not offered, or null. */
  reason: string | null;
}

/** What the screen offers for `account` to the signed-in admin `self` (a username). */
export function accountOffer(account: AdminAccount, self: string): AccountOffer {
  if (account.username !== self) {
    return { canToggleDisabled: true, canResetPassword: true, lockedRoles: [], reason: null };
  }
  return {
    canToggleDisabled: false,
    canResetPassword: false,
    lockedRoles: [...ADMIN_ROLE_NAMES],
    reason: '这是您自己的账号：不能停用自己，角色须由其他账号管理员修改；修改密码请用“修改密码”。',
  };
}
