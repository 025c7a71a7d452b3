// 账号管理 (account-admin only): the admin accounts, a form to create one, and per account: edit
// display name and roles, disable/enable, reset the password. A generated password is shown once,
// in a dialog; the centre keeps only its hash, so closing the dialog loses it for good.
import { useCallback, useState, type FormEvent } from 'react';
import {
  ADMIN_ROLE_NAMES,
  type AccountWithPassword,
  type AdminAccount,
  type AdminRole,
} from '../../../contract/admin-api.ts';
import type { ConsoleApi } from '../api/console-api.ts';
import {
  accountOffer,
  newAccountProblem,
  newAccountRequest,
  toggleRole,
} from '../state/accounts.ts';
import { formatTime } from '../state/format.ts';
import { ROLE_NAME } from '../state/permissions.ts';
import { Dialog, DoneNote, ErrorNote, Field, Loading, ScreenHead } from './parts.tsx';
import { useAction, useLoad } from './use-load.ts';

function RoleChecks(props: {
  legend: string;
  roles: readonly AdminRole[];
  locked?: readonly AdminRole[];
  onChange(roles: AdminRole[]): void;
}) {
  return (
    <fieldset className="checks">
      <legend>{props.legend}</legend>
      {ADMIN_ROLE_NAMES.map((role) => {
        const locked = props.locked?.includes(role) ?? false;
        return (
          <label className="check" key={role}>
            <input
              type="checkbox"
              checked={props.roles.includes(role)}
              disabled={locked}
              title={locked ? '自己的角色须由其他账号管理员修改' : undefined}
              onChange={(e) => props.onChange(toggleRole(props.roles, role, e.target.checked))}
            />
            {ROLE_NAME[role]}
          </label>
        );
      })}
    </fieldset>
  );
}

/** The one-time password, with the warning that it will not be shown again. */
function PasswordDialog(props: { shown: AccountWithPassword & { why: string }; onClose(): void }) {
  const { account, password, why } = props.shown;
  return (
    <Dialog
      title={`${why}：${account.username}`}
      closeText="我已记下，关闭"
      onClose={props.onClose}
    >
      <p>
        {account.displayName}（{account.username}）的密码：
      </p>
      <code className="token" data-testid="one-time-password">
        {password}
      </code>
      <p className="note note--error">
        此密码只显示这一次，关闭后将无法再次查看。请当面或通过安全渠道交给本人，并提醒其登录后在“修改密码”中改为自己的密码。
      </p>
    </Dialog>
  );
}

function AccountEditor(props: {
  account: AdminAccount;
  locked: readonly AdminRole[];
  busy: boolean;
  onSave(change: { displayName: string; roles: AdminRole[] }): void;
  onCancel(): void;
}) {
  const { account } = props;
  const [displayName, setDisplayName] = useState(account.displayName);
  const [roles, setRoles] = useState<AdminRole[]>([...account.roles]);
  const save = (e: FormEvent) => {
    e.preventDefault();
    props.onSave({ displayName, roles });
  };
  return (
    <form className="panel narrow" onSubmit={save} aria-label={`编辑账号：${account.username}`}>
      <h2>编辑账号：{account.username}</h2>
      <Field
        label="显示名称"
        required
        maxLength={120}
        value={displayName}
        onChange={setDisplayName}
      />
      <RoleChecks legend="角色" roles={roles} locked={props.locked} onChange={setRoles} />
      <button
        type="submit"
        className="btn btn-primary"
        disabled={props.busy || roles.length === 0 || displayName.trim() === ''}
      >
        保存
      </button>{' '}
      <button type="button" className="btn" onClick={props.onCancel}>
        取消
      </button>
      {roles.length === 0 && <p className="muted">请至少选择一个角色。</p>}
    </form>
  );
}

export function AccountsScreen(props: { api: ConsoleApi; self: string }) {
  const { api, self } = props;
  const accounts = useLoad(useCallback(() => api.accounts(), [api]));
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<AdminRole[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [shown, setShown] = useState<(AccountWithPassword & { why: string }) | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<{ username: string; what: 'reset' | 'disable' }>();
  const create = useAction();
  const change = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const draft = { username, displayName, roles };
    const why = newAccountProblem(draft);
    setProblem(why);
    if (why) return;
    void create
      .run(() => api.createAccount(newAccountRequest(draft)))
      .then((answer) => {
        if (!answer) return;
        setShown({ ...answer, why: '账号已创建' });
        setUsername('');
        setDisplayName('');
        setRoles([]);
        accounts.reload();
      });
  };

  const update = (
    account: AdminAccount,
    body: { displayName?: string; roles?: AdminRole[]; disabled?: boolean },
    done: string,
  ) => {
    setConfirming(undefined);
    void change
      .run(
        () => api.updateAccount(account.username, body),
        () => done,
      )
      .then((answer) => {
        if (answer) setEditing(null);
        accounts.reload();
      });
  };

  const reset = (account: AdminAccount) => {
    setConfirming(undefined);
    void change
      .run(
        () => api.resetAccountPassword(account.username),
        () => `已重置 ${account.username} 的密码，其登录已全部失效。`,
      )
      .then((answer) => answer && setShown({ ...answer, why: '密码已重置' }));
  };

  const editingAccount = accounts.data?.find((a) => a.username === editing) ?? null;

  return (
    <section>
      <ScreenHead title="账号管理" onRefresh={accounts.reload} />
      <form className="panel narrow" onSubmit={submit} aria-labelledby="new-account-title">
        <h2 id="new-account-title">新建账号</h2>
        <p className="muted">初始密码由平台随机生成，只显示一次。</p>
        <Field
          label="用户名（小写字母、数字、“.”“_”“-”）"
          required
          autoComplete="off"
          value={username}
          onChange={setUsername}
        />
        <Field
          label="显示名称（可不填，默认为用户名）"
          maxLength={120}
          value={displayName}
          onChange={setDisplayName}
        />
        <RoleChecks legend="角色" roles={roles} onChange={setRoles} />
        <ErrorNote error={problem ?? create.error} />
        <button type="submit" className="btn btn-primary" disabled={create.busy}>
          创建账号
        </button>
      </form>

      {shown && <PasswordDialog shown={shown} onClose={() => setShown(null)} />}

      {editingAccount && (
        <AccountEditor
          key={editingAccount.username}
          account={editingAccount}
          locked={accountOffer(editingAccount, self).lockedRoles}
          busy={change.busy}
          onSave={(body) =>
            update(editingAccount, body, `账号 ${editingAccount.username} 已保存。`)
          }
          onCancel={() => setEditing(null)}
        />
      )}

      <h2>全部账号</h2>
      <Loading loading={accounts.loading && !accounts.data} />
      <ErrorNote error={accounts.error ?? change.error} />
      <DoneNote text={change.done} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">用户名</th>
            <th scope="col">显示名称</th>
            <th scope="col">角色</th>
            <th scope="col">状态</th>
            <th scope="col">创建时间</th>
            <th scope="col">最近登录</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {accounts.data?.map((a) => {
            const offer = accountOffer(a, self);
            const asking = confirming?.username === a.username ? confirming.what : null;
            return (
              <tr key={a.username} data-testid={`account-${a.username}`}>
                <th scope="row">{a.username}</th>
                <td>{a.displayName}</td>
                <td>{a.roles.map((r) => ROLE_NAME[r]).join('、')}</td>
                <td>{a.disabled ? '已停用' : '正常'}</td>
                <td>{formatTime(a.createdAt)}</td>
                <td>{a.lastSignInAt ? formatTime(a.lastSignInAt) : '从未登录'}</td>
                <td>
                  {asking ? (
                    <>
                      <button
                        type="button"
                        className="btn btn-small btn-danger"
                        onClick={() =>
                          asking === 'reset'
                            ? reset(a)
                            : update(
                                a,
                                { disabled: true },
                                `账号 ${a.username} 已停用，其登录已全部失效。`,
                              )
                        }
                      >
                        {asking === 'reset'
                          ? `确认重置 ${a.username} 的密码`
                          : `确认停用 ${a.username}`}
                      </button>
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => setConfirming(undefined)}
                      >
                        取消
                      </button>
                    </>
                  ) : (
                    <>
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={`编辑 ${a.username}`}
                        onClick={() => setEditing(a.username)}
                      >
                        编辑
                      </button>
                      {a.disabled ? (
                        <button
                          type="button"
                          className="btn btn-small"
                          aria-label={`启用 ${a.username}`}
                          disabled={change.busy}
                          onClick={() =>
                            update(a, { disabled: false }, `账号 ${a.username} 已启用。`)
                          }
                        >
                          启用
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="btn btn-small"
                          aria-label={`停用 ${a.username}`}
                          disabled={!offer.canToggleDisabled || change.busy}
                          title={offer.canToggleDisabled ? undefined : '不能停用自己的账号'}
                          onClick={() => setConfirming({ username: a.username, what: 'disable' })}
                        >
                          停用
                        </button>
                      )}
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={`重置 ${a.username} 的密码`}
                        disabled={!offer.canResetPassword || change.busy}
                        title={
                          offer.canResetPassword ? undefined : '自己的密码请在“修改密码”中修改'
                        }
                        onClick={() => setConfirming({ username: a.username, what: 'reset' })}
                      >
                        重置密码
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
