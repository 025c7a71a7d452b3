// 发布记录: every publication, newest first, with its target and validity. 回滚 publishes an older
// version's content again as a new version (kiosks never go back to a lower version number).
import { useState } from 'react';
import type { ConsoleApi } from '../../api/console-api.ts';
import { formatTime } from '../../state/format.ts';
import { describeTarget } from '../../state/publish-target.ts';
import type { Loaded } from '../use-load.ts';
import type { PublicationSummary } from '../../../../contract/catalog-publishing.ts';
import { DoneNote, ErrorNote, Loading } from '../parts.tsx';
import { useAction } from '../use-load.ts';

export function PublicationList(props: {
  api: ConsoleApi;
  list: Loaded<PublicationSummary[]>;
  canPublish: boolean;
  onRolledBack(): void;
}) {
  const { api, list, canPublish, onRolledBack } = props;
  const [confirming, setConfirming] = useState<number | null>(null);
  const action = useAction();
  const rows = [...(list.data ?? [])].sort((a, b) => b.version - a.version);
  const newest = rows[0]?.version;

  const rollBack = (version: number) => {
    setConfirming(null);
    void action
      .run(
        async () => {
          const old = await api.publication(version);
          return api.publish({
            catalog: old.catalog,
            target: old.summary.target,
            validForDays: 30,
          });
        },
        (s) => `已将第 ${version} 版的内容发布为第 ${s.version} 版。`,
      )
      .then((s) => s && onRolledBack());
  };

  return (
    <section className="panel" aria-labelledby="publications-title">
      <h2 id="publications-title">发布记录</h2>
      <Loading loading={list.loading && !list.data} />
      <ErrorNote error={list.error ?? action.error} />
      <DoneNote text={action.done} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">版本</th>
            <th scope="col">发布时间</th>
            <th scope="col">范围</th>
            <th scope="col">有效至</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && !list.loading && (
            <tr>
              <td colSpan={5} className="muted">
                尚未发布过，终端使用随软件提供的目录。
              </td>
            </tr>
          )}
          {rows.map((p) => (
            <tr key={p.version}>
              <td>
                第 {p.version} 版{p.version === newest && <span className="badge">最新</span>}
              </td>
              <td>{formatTime(p.publishedAt)}</td>
              <td>{describeTarget(p.target)}</td>
              <td>{formatTime(p.expiresAt)}</td>
              <td>
                {p.version !== newest &&
                  (confirming === p.version ? (
                    <>
                      <button
                        type="button"
                        className="btn btn-small btn-danger"
                        onClick={() => rollBack(p.version)}
                      >
                        确认回滚到第 {p.version} 版
                      </button>
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => setConfirming(null)}
                      >
                        取消
                      </button>
                    </>
                  ) : (
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={!canPublish || action.busy}
                      title={canPublish ? undefined : '需要“事项目录编辑”角色'}
                      onClick={() => setConfirming(p.version)}
                    >
                      回滚到此版本
                    </button>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
