// The console's screens, addressed by the URL fragment (#/catalog …) so a reload stays put and the
// server needs no fallback route. A route with `needs` is listed only for admins with that
// permission (permissions.ts).
import type { Permissions } from './permissions.ts';

export const ROUTES = [
  { id: 'catalog', name: '事项目录' },
  { id: 'fleet', name: '终端监控' },
  { id: 'enrolment', name: '终端注册' },
  { id: 'submissions', name: '办件收件箱' },
  { id: 'statistics', name: '统计分析' },
  { id: 'audit', name: '操作日志' },
  { id: 'accounts', name: '账号管理', needs: 'manageAccounts' },
  { id: 'account', name: '修改密码' },
] as const satisfies readonly { id: string; name: string; needs?: keyof Permissions }[];

export type RouteId = (typeof ROUTES)[number]['id'];

export function routeOf(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return ROUTES.find((r) => r.id === id)?.id ?? 'catalog';
}

/** The side navigation: every screen the admin may use (修改密码 sits in the top bar). */
export function navRoutes(can: Permissions) {
  return ROUTES.filter((r) => r.id !== 'account' && (!('needs' in r) || can[r.needs]));
}
