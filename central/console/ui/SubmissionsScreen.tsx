// 办件收件箱: submissions from the kiosks, newest first, filtered by status, item, kiosk and date;
// a case officer opens one (unmasked for that role only) and moves it: 受理, 办结, 退回. The kiosk
// learns the new status through its feed.
import { useCallback, useMemo, useState } from 'react';
import type { SubmissionQuery } from '../../../contract/admin-api.ts';
import type { ConsoleApi } from '../api/console-api.ts';
import { formatTime } from '../state/format.ts';
import type { Permissions } from '../state/permissions.ts';
import {
  CHANGE_LABEL,
  nextStatuses,
  STATUS_NAME,
  type StatusChange,
  type SubmissionStatus,
} from '../state/submission-status.ts';
import { dayStartIso, dayEndIso } from '../state/date-range.ts';
import { DoneNote, ErrorNote, Loading, ScreenHead } from './parts.tsx';
import { useAction, useLoad } from './use-load.ts';

export function SubmissionsScreen(props: { api: ConsoleApi; can: Permissions }) {
  const { api, can } = props;
  const [status, setStatus] = useState<'' | SubmissionStatus>('');
  const [itemCode, setItemCode] = useState('');
  const [kioskId, setKioskId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState<string | null>(null);

  const query: SubmissionQuery = {
    ...(status ? { status } : {}),
    ...(itemCode.trim() ? { itemCode: itemCode.trim() } : {}),
    ...(kioskId.trim() ? { kioskId: kioskId.trim() } : {}),
    ...(from ? { from: dayStartIso(from) } : {}),
    ...(to ? { to: dayEndIso(to) } : {}),
    ...(cursor ? { cursor } : {}),
    limit: 50,
  };
  const key = JSON.stringify(query);
  const page = useLoad(
    useCallback(() => api.submissions(JSON.parse(key) as SubmissionQuery), [api, key]),
  );
  const filter = (apply: () => void) => {
    setCursor(undefined);
    apply();
  };
  // Item names and field labels from the catalog in force, for a readable inbox.
  const catalog = useLoad(useCallback(() => api.currentCatalog(), [api]));
  const items = useMemo(() => {
    const list = (catalog.data?.catalog.items ?? []) as {
      code: string;
      name: string;
      form: { fields: { id: string; label: string }[] };
    }[];
    return new Map(list.map((i) => [i.code, i]));
  }, [catalog.data]);

  return (
    <section>
      <ScreenHead title="办件收件箱" onRefresh={page.reload} />
      <div className="filters" role="search" aria-label="筛选办件">
        <label className="field">
          <span>状态</span>
          <select
            value={status}
            onChange={(e) => filter(() => setStatus(e.target.value as '' | SubmissionStatus))}
          >
            <option value="">全部</option>
            {(Object.keys(STATUS_NAME) as SubmissionStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_NAME[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>事项编码</span>
          <input value={itemCode} onChange={(e) => filter(() => setItemCode(e.target.value))} />
        </label>
        <label className="field">
          <span>终端编号</span>
          <input value={kioskId} onChange={(e) => filter(() => setKioskId(e.target.value))} />
        </label>
        <label className="field">
          <span>提交日期从</span>
          <input type="date" value={from} onChange={(e) => filter(() => setFrom(e.target.value))} />
        </label>
        <label className="field">
          <span>至</span>
          <input type="date" value={to} onChange={(e) => filter(() => setTo(e.target.value))} />
        </label>
      </div>
      <Loading loading={page.loading && !page.data} />
      <ErrorNote error={page.error} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">受理编号</th>
            <th scope="col">事项</th>
            <th scope="col">终端</th>
            <th scope="col">申请人</th>
            <th scope="col">提交时间</th>
            <th scope="col">状态</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {page.data?.submissions.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                没有符合条件的办件
              </td>
            </tr>
          )}
          {page.data?.submissions.map((s) => (
            <tr key={s.trackingCode}>
              <th scope="row">{s.trackingCode}</th>
              <td>{items.get(s.itemCode)?.name ?? s.itemCode}</td>
              <td>{s.kioskId}</td>
              <td>{s.applicant.name}</td>
              <td>{formatTime(s.submittedAt)}</td>
              <td>{STATUS_NAME[s.status]}</td>
              <td>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`查看办件 ${s.trackingCode}`}
                  onClick={() => setOpen(s.trackingCode)}
                >
                  查看
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pager">
        {cursor && (
          <button type="button" className="btn" onClick={() => setCursor(undefined)}>
            回到第一页
          </button>
        )}
        {page.data?.next && (
          <button type="button" className="btn" onClick={() => setCursor(page.data!.next!)}>
            下一页
          </button>
        )}
      </div>
      {open && (
        <SubmissionDetailPanel
          key={open}
          api={api}
          trackingCode={open}
          items={items}
          can={can}
          onChanged={page.reload}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}

function SubmissionDetailPanel(props: {
  api: ConsoleApi;
  trackingCode: string;
  items: ReadonlyMap<string, { name: string; form: { fields: { id: string; label: string }[] } }>;
  can: Permissions;
  onChanged(): void;
  onClose(): void;
}) {
  const { api, trackingCode, items, can, onChanged } = props;
  const detail = useLoad(useCallback(() => api.submission(trackingCode), [api, trackingCode]));
  const [note, setNote] = useState('');
  const action = useAction();
  const change = (to: StatusChange) =>
    void action
      .run(
        () =>
          api.changeStatus(trackingCode, {
            status: to,
            ...(note.trim() ? { note: note.trim() } : {}),
          }),
        () => `已${CHANGE_LABEL[to]}。终端将通过状态推送获知。`,
      )
      .then((d) => {
        if (!d) return;
        setNote('');
        detail.reload();
        onChanged();
      });
  const d = detail.data;
  const moves = d ? nextStatuses(d.status) : [];
  return (
    <section className="panel" aria-label={`办件 ${trackingCode}`}>
      <div className="screen-head">
        <h2>办件 {trackingCode}</h2>
        <button type="button" className="btn btn-small" onClick={props.onClose}>
          关闭
        </button>
      </div>
      <ErrorNote error={detail.error ?? action.error} />
      <DoneNote text={action.done} />
      {d && (
        <>
          <dl className="facts-list">
            <dt>事项</dt>
            <dd>
              {items.get(d.itemCode)?.name ?? ''}（{d.itemCode}）
            </dd>
            <dt>终端</dt>
            <dd>{d.kioskId}</dd>
            <dt>状态</dt>
            <dd>{STATUS_NAME[d.status]}</dd>
            <dt>申请人</dt>
            <dd>
              {d.applicant.name}（{d.applicant.idNumber}）{d.masked ? '（已遮盖）' : ''}
            </dd>
            <dt>身份核验</dt>
            <dd>{d.identityMethod}</dd>
            <dt>目录版本</dt>
            <dd>第 {d.catalogVersion} 版</dd>
          </dl>
          {d.form && (
            <table className="table">
              <caption>申请表</caption>
              <tbody>
                {Object.entries(d.form).map(([k, v]) => (
                  <tr key={k}>
                    <th scope="row">
                      {items.get(d.itemCode)?.form.fields.find((f) => f.id === k)?.label ?? k}
                    </th>
                    <td>{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <table className="table">
            <caption>办理记录</caption>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">状态</th>
                <th scope="col">经办人</th>
                <th scope="col">备注</th>
              </tr>
            </thead>
            <tbody>
              {d.history.map((h, i) => (
                <tr key={i}>
                  <td>{formatTime(h.at)}</td>
                  <td>{STATUS_NAME[h.status]}</td>
                  <td>{h.by ?? '—'}</td>
                  <td>{h.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {moves.length > 0 && (
            <div className="actions" role="group" aria-label="办理">
              <label className="field">
                <span>办理意见（可不填，将推送给终端）</span>
                <input
                  value={note}
                  maxLength={500}
                  disabled={!can.changeSubmissionStatus}
                  onChange={(e) => setNote(e.target.value)}
                />
              </label>
              {moves.map((to) => (
                <button
                  key={to}
                  type="button"
                  className={to === 'returned' ? 'btn btn-danger' : 'btn btn-primary'}
                  disabled={!can.changeSubmissionStatus || action.busy}
                  onClick={() => change(to)}
                >
                  {CHANGE_LABEL[to]}
                </button>
              ))}
              {!can.changeSubmissionStatus && (
                <span className="muted">需要“窗口受理人员”角色才能办理</span>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
