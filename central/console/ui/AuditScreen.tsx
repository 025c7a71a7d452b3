// 操作日志: every admin action (who, what, on which target, the answer), newest first, with a
// check of the hash chain that would show an edited or removed entry.
import { useCallback, useState } from 'react';
import type { AuditQuery } from '../../../contract/admin-api.ts';
import type { ConsoleApi } from '../api/console-api.ts';
import { formatTime } from '../state/format.ts';
import { DoneNote, ErrorNote, Loading, ScreenHead } from './parts.tsx';
import { useAction, useLoad } from './use-load.ts';

export function AuditScreen(props: { api: ConsoleApi }) {
  const { api } = props;
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState<'' | 'ok' | 'refused'>('');
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const query: AuditQuery = {
    ...(actor.trim() ? { actor: actor.trim() } : {}),
    ...(action.trim() ? { action: action.trim() } : {}),
    ...(outcome ? { outcome } : {}),
    ...(cursor ? { cursor } : {}),
    limit: 100,
  };
  const key = JSON.stringify(query);
  const page = useLoad(useCallback(() => api.audit(JSON.parse(key) as AuditQuery), [api, key]));
  const verify = useAction();
  const filter = (apply: () => void) => {
    setCursor(undefined);
    apply();
  };

  return (
    <section>
      <ScreenHead title="操作日志" onRefresh={page.reload}>
        <button
          type="button"
          className="btn"
          disabled={verify.busy}
          onClick={() =>
            void verify.run(
              () => api.auditVerification(),
              (v) =>
                v.ok
                  ? `日志完整：已核对 ${v.checked} 条，未发现篡改。`
                  : `日志链在第 ${v.brokenAt} 条处不一致，可能被修改或删除。`,
            )
          }
        >
          核对日志完整性
        </button>
      </ScreenHead>
      <ErrorNote error={verify.error} />
      <DoneNote text={verify.done} />
      <div className="filters" role="search" aria-label="筛选日志">
        <label className="field">
          <span>操作人</span>
          <input value={actor} onChange={(e) => filter(() => setActor(e.target.value))} />
        </label>
        <label className="field">
          <span>操作（包含）</span>
          <input value={action} onChange={(e) => filter(() => setAction(e.target.value))} />
        </label>
        <label className="field">
          <span>结果</span>
          <select
            value={outcome}
            onChange={(e) => filter(() => setOutcome(e.target.value as '' | 'ok' | 'refused'))}
          >
            <option value="">全部</option>
            <option value="ok">成功</option>
            <option value="refused">被拒绝</option>
          </select>
        </label>
      </div>
      <Loading loading={page.loading && !page.data} />
      <ErrorNote error={page.error} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">时间</th>
            <th scope="col">操作人</th>
            <th scope="col">操作</th>
            <th scope="col">对象</th>
            <th scope="col">结果</th>
            <th scope="col">说明</th>
            <th scope="col">来源IP</th>
          </tr>
        </thead>
        <tbody>
          {page.data?.entries.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                没有记录
              </td>
            </tr>
          )}
          {page.data?.entries.map((e) => (
            <tr key={e.seq}>
              <td>{formatTime(e.at)}</td>
              <td>{e.actor}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                {Object.entries(e.target)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' ')}
              </td>
              <td>{e.status < 400 ? `成功（${e.status}）` : `被拒绝（${e.status}）`}</td>
              <td>{e.detail ?? ''}</td>
              <td>{e.ip ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pager">
        {cursor && (
          <button type="button" className="btn" onClick={() => setCursor(undefined)}>
            回到最新
          </button>
        )}
        {page.data?.next && (
          <button type="button" className="btn" onClick={() => setCursor(page.data!.next!)}>
            更早的记录
          </button>
        )}
      </div>
    </section>
  );
}
