// What the signed-in admin may do, by role (contract/admin-api.ts): the console hides or disables
// what the roles cannot do; the centre decides anyway and its 403 is shown if it comes.
import type { AdminRole } from '../../../contract/admin-api.ts';

export interface Permissions {
  editCatalog: boolean;
  publish: boolean;
  enrol: boolean;
  revoke: boolean;
  remoteActions: boolean;
  changeSubmissionStatus: boolean;
  seeUnmaskedApplicants: boolean;
  /** 账号管理: the screen is shown to account admins only. */
  manageAccounts: boolean;
}

export function permissionsOf(roles: readonly AdminRole[]): Permissions {
  const has = (role: AdminRole) => roles.includes(role);
  return {
    editCatalog: has('catalog-editor'),
    publish: has('catalog-editor'),
    enrol: has('fleet-operator'),
    revoke: has('fleet-operator'),
    remoteActions: has('fleet-operator'),
    changeSubmissionStatus: has('case-officer'),
    seeUnmaskedApplicants: has('case-officer'),
    manageAccounts: has('account-admin'),
  };
}

export const ROLE_NAME: Record<AdminRole, string> = {
  'catalog-editor': '事项目录编辑',
  'fleet-operator': '终端运维',
  auditor: '审计员',
  'case-officer': '窗口受理人员',
  'account-admin': '账号管理员',
};

/** The role an action needs, named for a disabled button's explanation. */
export function needsRole(role: AdminRole): string {
  return `需要“${ROLE_NAME[role]}”角色`;
}
