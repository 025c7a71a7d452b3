// 修改密码: the current password, and the new one twice (at least MIN_PASSWORD_LENGTH characters).
import { useState, type FormEvent } from 'react';
import { MIN_PASSWORD_LENGTH } from '../../../contract/admin-api.ts';
import type { ConsoleApi } from '../api/console-api.ts';
import { ConsoleApiError } from '../api/http-client.ts';
import { DoneNote, ErrorNote, Field, ScreenHead } from './parts.tsx';
import { useAction } from './use-load.ts';

export function AccountScreen(props: { api: ConsoleApi }) {
  const { api } = props;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (Array.from(next).length < MIN_PASSWORD_LENGTH) {
      setProblem(`新密码至少${MIN_PASSWORD_LENGTH}个字符。`);
      return;
    }
    if (next !== again) {
      setProblem('两次输入的新密码不一致。');
      return;
    }
    void action
      .run(
        () =>
          api.changePassword({ currentPassword: current, newPassword: next }).catch((err) => {
            // Here a 401 means the current password was wrong, not that the session ended.
            if (err instanceof ConsoleApiError && err.status === 401) {
              throw new Error('当前密码不正确。');
            }
            throw err;
          }),
        () => '密码已修改。',
      )
      .then(() => {
        setCurrent('');
        setNext('');
        setAgain('');
      });
  };

  return (
    <section>
      <ScreenHead title="修改密码" />
      <form className="panel narrow" onSubmit={submit}>
        <Field
          label="当前密码"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={setCurrent}
        />
        <Field
          label={`新密码（至少${MIN_PASSWORD_LENGTH}个字符）`}
          type="password"
          autoComplete="new-password"
          required
          value={next}
          onChange={setNext}
        />
        <Field
          label="再次输入新密码"
          type="password"
          autoComplete="new-password"
          required
          value={again}
          onChange={setAgain}
        />
        <ErrorNote error={problem ?? action.error} />
        <DoneNote text={action.done} />
        <button type="submit" className="btn btn-primary" disabled={action.busy}>
          修改密码
        </button>
      </form>
    </section>
  );
}
