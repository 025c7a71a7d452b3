// 登录: username and password; the centre answers the same for an unknown user and a wrong
// password, and locks a username after repeated failures (its message is shown as it comes).
import { useState, type FormEvent } from 'react';
import type { AdminSelf } from '../../../contract/admin-api.ts';
import type { ConsoleApi } from '../api/console-api.ts';
import { ConsoleApiError, errorText } from '../api/http-client.ts';
import { ErrorNote, Field } from './parts.tsx';

export function SignInScreen(props: {
  api: ConsoleApi;
  notice: string | null;
  onSignedIn(self: AdminSelf): void;
}) {
  const { api, notice, onSignedIn } = props;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    api.signIn({ username: username.trim(), password }).then(
      (self) => {
        setPassword('');
        onSignedIn(self);
      },
      (err: unknown) => {
        setBusy(false);
        setError(
          err instanceof ConsoleApiError && err.status === 401
            ? '用户名或密码不正确。'
            : errorText(err),
        );
      },
    );
  };

  return (
    <main className="signin">
      <form className="panel signin-form" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">管理平台登录</h1>
        <p className="muted">广州市政务服务自助终端</p>
        <ErrorNote error={notice} />
        <Field
          label="用户名"
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={setUsername}
        />
        <Field
          label="密码"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
        />
        <ErrorNote error={error} />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? '正在登录…' : '登录'}
        </button>
      </form>
    </main>
  );
}
