// The console's frame: who is signed in (asked once at start; a 401 anywhere shows the sign-in
// again), the navigation, and the screen the URL fragment names.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { AdminSelf } from '../../../contract/admin-api.ts';
import type { ConsoleApi } from '../api/console-api.ts';
import { ConsoleApiError } from '../api/http-client.ts';
import { needsRole, permissionsOf, ROLE_NAME } from '../state/permissions.ts';
import { navRoutes, routeOf, type RouteId } from '../state/routes.ts';
import { AccountScreen } from './AccountScreen.tsx';
import { AccountsScreen } from './AccountsScreen.tsx';
import { AuditScreen } from './AuditScreen.tsx';
import { CatalogScreen } from './catalog/CatalogScreen.tsx';
import { EnrolmentScreen } from './EnrolmentScreen.tsx';
import { FleetScreen } from './FleetScreen.tsx';
import { ErrorNote } from './parts.tsx';
import { SignInScreen } from './SignInScreen.tsx';
import { StatisticsScreen } from './StatisticsScreen.tsx';
import { SubmissionsScreen } from './SubmissionsScreen.tsx';

const subscribeHash = (notify: () => void) => {
  window.addEventListener('hashchange', notify);
  return () => window.removeEventListener('hashchange', notify);
};
const readHash = () => window.location.hash;

type Who =
  { state: 'asking' } | { state: 'signed-out'; notice?: string } | { state: 'in'; self: AdminSelf };

export function App(props: { api: ConsoleApi }) {
  const { api } = props;
  const [who, setWho] = useState<Who>({ state: 'asking' });
  const [error, setError] = useState<string | null>(null);
  const route = routeOf(useSyncExternalStore(subscribeHash, readHash));

  // A 401 from any screen: the session is over; back to the sign-in with a word why.
  useEffect(
    () =>
      api.onSessionEnded(() =>
        setWho((current) =>
          current.state === 'in'
            ? { state: 'signed-out', notice: '登录已过期或已在别处退出，请重新登录。' }
            : current,
        ),
      ),
    [api],
  );

  useEffect(() => {
    api.whoAmI().then(
      (self) => setWho({ state: 'in', self }),
      (err: unknown) => {
        setWho({ state: 'signed-out' });
        if (!(err instanceof ConsoleApiError && err.status === 401)) {
          setError('无法确认登录状态，请登录。');
        }
      },
    );
  }, [api]);

  const signOut = useCallback(() => {
    api.signOut().then(
      () => setWho({ state: 'signed-out' }),
      () => setWho({ state: 'signed-out' }),
    );
  }, [api]);

  if (who.state === 'asking') {
    return (
      <p className="muted center" role="status">
        正在加载…
      </p>
    );
  }
  if (who.state === 'signed-out') {
    return (
      <SignInScreen
        api={api}
        notice={who.notice ?? error}
        onSignedIn={(self) => {
          setError(null);
          setWho({ state: 'in', self });
        }}
      />
    );
  }

  const { self } = who;
  const can = permissionsOf(self.roles);
  return (
    <div className="console">
      <header className="topbar">
        <p className="brand">广州市政务服务自助终端 · 管理平台</p>
        <div className="whoami">
          <span data-testid="whoami">
            {self.displayName}（{self.username}）
          </span>
          <span className="roles">
            {self.roles.length ? self.roles.map((r) => ROLE_NAME[r]).join('、') : '无角色'}
          </span>
          <a className="btn btn-small" href="#/account">
            修改密码
          </a>
          <button type="button" className="btn btn-small" onClick={signOut}>
            退出登录
          </button>
        </div>
      </header>
      <div className="body">
        <nav className="sidenav" aria-label="主菜单">
          <ul>
            {navRoutes(can).map((r) => (
              <li key={r.id}>
                <a href={`#/${r.id}`} aria-current={route === r.id ? 'page' : undefined}>
                  {r.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main className="main">
          <ErrorNote error={error} />
          <Screen route={route} api={api} can={can} self={self} />
        </main>
      </div>
    </div>
  );
}

function Screen(props: {
  route: RouteId;
  api: ConsoleApi;
  can: ReturnType<typeof permissionsOf>;
  self: AdminSelf;
}) {
  const { route, api, can, self } = props;
  switch (route) {
    case 'catalog':
      return <CatalogScreen api={api} can={can} />;
    case 'fleet':
      return <FleetScreen api={api} can={can} />;
    case 'enrolment':
      return <EnrolmentScreen api={api} can={can} />;
    case 'submissions':
      return <SubmissionsScreen api={api} can={can} />;
    case 'statistics':
      return <StatisticsScreen api={api} />;
    case 'audit':
      return <AuditScreen api={api} />;
    case 'accounts':
      // Not in the menu without the role; a typed-in #/accounts gets the reason, not the screen.
      return can.manageAccounts ? (
        <AccountsScreen api={api} self={self.username} />
      ) : (
        <ErrorNote error={`没有权限：${needsRole('account-admin')}`} />
      );
    case 'account':
      return <AccountScreen api={api} />;
  }
}
