// 终端监控: counts, the kiosk table (online/offline, versions, devices and paper, queue), open
// alerts, and remote actions delivered on the kiosk's next heartbeat.
import { useCallback, useState } from 'react';
import {
  FLEET_ALERT_KINDS,
  REMOTE_ACTION_KINDS,
  type FleetKiosk,
  type RemoteActionKind,
} from '../../../contract/fleet-api.ts';
import type { ConsoleApi } from '../api/console-api.ts';
import { durationText, formatTime } from '../state/format.ts';
import {
  ACTION_NAME,
  ACTION_STATE_NAME,
  ALERT_NAME,
  CONNECTIVITY_NAME,
  DEVICE_NAME,
  deviceProblems,
  diskText,
} from '../state/fleet-view.ts';
import type { Permissions } from '../state/permissions.ts';
import { DoneNote, ErrorNote, Loading, ScreenHead } from './parts.tsx';
import { useAction, useLoad } from './use-load.ts';

export function FleetScreen(props: { api: ConsoleApi; can: Permissions }) {
  const { api, can } = props;
  const [connectivity, setConnectivity] = useState('');
  const [district, setDistrict] = useState('');
  const summary = useLoad(useCallback(() => api.fleetSummary(), [api]));
  const kiosks = useLoad(
    useCallback(
      () =>
        api.fleetKiosks({
          connectivity: connectivity || undefined,
          district: district.trim() || undefined,
        }),
      [api, connectivity, district],
    ),
  );
  const alerts = useLoad(useCallback(() => api.fleetAlerts({ state: 'open' }), [api]));
  const [openKiosk, setOpenKiosk] = useState<string | null>(null);
  const refresh = () => {
    summary.reload();
    kiosks.reload();
    alerts.reload();
  };
  const s = summary.data;

  return (
    <section>
      <ScreenHead title="终端监控" onRefresh={refresh} />
      <ErrorNote error={summary.error ?? kiosks.error ?? alerts.error} />
      {s && (
        <dl className="stats-cards" aria-label="终端概况">
          <div>
            <dt>终端总数</dt>
            <dd>{s.total}</dd>
          </div>
          <div>
            <dt>在线</dt>
            <dd>{s.online}</dd>
          </div>
          <div>
            <dt>离线</dt>
            <dd>{s.offline}</dd>
          </div>
          <div>
            <dt>未上线</dt>
            <dd>{s.neverSeen}</dd>
          </div>
          <div>
            <dt>已吊销</dt>
            <dd>{s.revoked}</dd>
          </div>
          {FLEET_ALERT_KINDS.map((k) => (
            <div key={k}>
              <dt>{ALERT_NAME[k]}</dt>
              <dd>{s.openAlerts[k] ?? 0}</dd>
            </div>
          ))}
        </dl>
      )}
      {s && s.catalogVersions.length > 0 && (
        <p className="muted">
          目录版本分布：
          {s.catalogVersions.map((v) => `第${v.version}版 ${v.kiosks}台`).join('；')}
        </p>
      )}

      <div className="filters" role="search" aria-label="筛选终端">
        <label className="field">
          <span>状态</span>
          <select value={connectivity} onChange={(e) => setConnectivity(e.target.value)}>
            <option value="">全部</option>
            <option value="online">在线</option>
            <option value="offline">离线</option>
            <option value="never-seen">未上线</option>
          </select>
        </label>
        <label className="field">
          <span>区</span>
          <input value={district} onChange={(e) => setDistrict(e.target.value)} />
        </label>
      </div>

      <Loading loading={kiosks.loading && !kiosks.data} />
      <table className="table">
        <caption>终端列表</caption>
        <thead>
          <tr>
            <th scope="col">终端编号</th>
            <th scope="col">区</th>
            <th scope="col">状态</th>
            <th scope="col">最近心跳</th>
            <th scope="col">软件版本</th>
            <th scope="col">目录版本</th>
            <th scope="col">设备</th>
            <th scope="col">待上传</th>
            <th scope="col">最久等待</th>
            <th scope="col">可用磁盘</th>
            <th scope="col">告警</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {kiosks.data?.kiosks.length === 0 && (
            <tr>
              <td colSpan={12} className="muted">
                没有符合条件的终端
              </td>
            </tr>
          )}
          {kiosks.data?.kiosks.map((k) => (
            <KioskRow
              key={k.kioskId}
              kiosk={k}
              open={openKiosk === k.kioskId}
              onToggle={() => setOpenKiosk(openKiosk === k.kioskId ? null : k.kioskId)}
            />
          ))}
        </tbody>
      </table>
      {openKiosk && (
        <KioskDetail api={api} kioskId={openKiosk} can={can} onClose={() => setOpenKiosk(null)} />
      )}

      <h2>未解除的告警</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">时间</th>
            <th scope="col">终端</th>
            <th scope="col">类型</th>
            <th scope="col">设备</th>
            <th scope="col">说明</th>
          </tr>
        </thead>
        <tbody>
          {alerts.data?.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                暂无告警
              </td>
            </tr>
          )}
          {alerts.data?.map((a) => (
            <tr key={a.id}>
              <td>{formatTime(a.raisedAt)}</td>
              <td>{a.kioskId}</td>
              <td>{ALERT_NAME[a.kind]}</td>
              <td>{a.device ? (DEVICE_NAME[a.device] ?? a.device) : '—'}</td>
              <td>{a.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function KioskRow(props: { kiosk: FleetKiosk; open: boolean; onToggle(): void }) {
  const { kiosk: k } = props;
  const problems = deviceProblems(k);
  const state = k.revokedAt ? '已吊销' : CONNECTIVITY_NAME[k.connectivity];
  return (
    <tr data-kiosk={k.kioskId}>
      <th scope="row">{k.kioskId}</th>
      <td>{k.district}</td>
      <td>
        <span className={`status status--${k.revokedAt ? 'revoked' : k.connectivity}`}>
          {state}
        </span>
      </td>
      <td>{formatTime(k.lastHeartbeatAt)}</td>
      <td>{k.softwareVersion ?? '—'}</td>
      <td>{k.catalogVersion ?? '—'}</td>
      <td>{problems.length ? problems.join('；') : k.devices.length ? '正常' : '—'}</td>
      <td className="num">{k.queue?.pending ?? '—'}</td>
      <td>{durationText(k.queue?.oldestPendingAgeSeconds)}</td>
      <td>{diskText(k.disk)}</td>
      <td className="num">{k.openAlerts}</td>
      <td>
        <button
          type="button"
          className="btn btn-small"
          aria-expanded={props.open}
          aria-label={`详情与远程操作：${k.kioskId}`}
          onClick={props.onToggle}
        >
          详情
        </button>
      </td>
    </tr>
  );
}

function KioskDetail(props: {
  api: ConsoleApi;
  kioskId: string;
  can: Permissions;
  onClose(): void;
}) {
  const { api, kioskId, can } = props;
  const detail = useLoad(useCallback(() => api.fleetKiosk(kioskId), [api, kioskId]));
  const action = useAction();
  const send = (kind: RemoteActionKind) =>
    void action
      .run(
        () => api.remoteAction(kioskId, kind),
        (r) => `已下发“${ACTION_NAME[r.kind]}”，终端下次心跳时执行。`,
      )
      .then(() => detail.reload());
  const d = detail.data;
  return (
    <section className="panel" aria-label={`终端 ${kioskId}`}>
      <div className="screen-head">
        <h2>终端 {kioskId}</h2>
        <button type="button" className="btn btn-small" onClick={props.onClose}>
          关闭
        </button>
      </div>
      <ErrorNote error={detail.error ?? action.error} />
      <DoneNote text={action.done} />
      <div className="actions" role="group" aria-label="远程操作">
        {REMOTE_ACTION_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            className="btn"
            disabled={!can.remoteActions || action.busy}
            title={can.remoteActions ? undefined : '需要“终端运维”角色'}
            onClick={() => send(kind)}
          >
            {ACTION_NAME[kind]}
          </button>
        ))}
        {!can.remoteActions && <span className="muted">需要“终端运维”角色才能远程操作</span>}
      </div>
      {d && (
        <>
          <table className="table">
            <caption>设备状态</caption>
            <thead>
              <tr>
                <th scope="col">设备</th>
                <th scope="col">状态</th>
                <th scope="col">纸张</th>
                <th scope="col">说明</th>
              </tr>
            </thead>
            <tbody>
              {d.devices.map((dev) => (
                <tr key={dev.device}>
                  <th scope="row">{DEVICE_NAME[dev.device] ?? dev.device}</th>
                  <td>{dev.state}</td>
                  <td>{dev.paper ?? '—'}</td>
                  <td>{[dev.detail, dev.lastError].filter(Boolean).join('；')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="table">
            <caption>远程操作记录</caption>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">操作</th>
                <th scope="col">状态</th>
                <th scope="col">发起人</th>
                <th scope="col">结果</th>
              </tr>
            </thead>
            <tbody>
              {d.actions.map((a) => (
                <tr key={a.id}>
                  <td>{formatTime(a.requestedAt)}</td>
                  <td>{ACTION_NAME[a.kind]}</td>
                  <td>{ACTION_STATE_NAME[a.state]}</td>
                  <td>{a.requestedBy}</td>
                  <td>{a.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
