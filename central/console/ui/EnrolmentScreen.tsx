// 终端注册: one-time enrolment tokens (shown once: the centre keeps only a hash) and the enrolled
// kiosks, each revocable (its requests are refused at once).
import { useCallback, useState, type FormEvent } from 'react';
import type { EnrolmentTokenAnswer } from '../../../contract/enrolment-api.ts';
import type { ConsoleApi } from '../api/console-api.ts';
import { formatTime } from '../state/format.ts';
import type { Permissions } from '../state/permissions.ts';
import { DoneNote, ErrorNote, Loading, ScreenHead } from './parts.tsx';
import { useAction, useLoad } from './use-load.ts';

export function EnrolmentScreen(props: { api: ConsoleApi; can: Permissions }) {
  const { api, can } = props;
  const kiosks = useLoad(useCallback(() => api.enrolledKiosks(), [api]));
  const [kioskId, setKioskId] = useState('');
  const [district, setDistrict] = useState('');
  const [hours, setHours] = useState('72');
  const [token, setToken] = useState<EnrolmentTokenAnswer | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const issue = useAction();
  const revoke = useAction();

  const create = (e: FormEvent) => {
    e.preventDefault();
    setToken(null);
    void issue
      .run(() =>
        api.createEnrolmentToken({
          ...(kioskId.trim() ? { kioskId: kioskId.trim() } : {}),
          ...(district.trim() ? { district: district.trim() } : {}),
          validForHours: Number(hours) || 72,
        }),
      )
      .then((answer) => answer && setToken(answer));
  };

  const doRevoke = (id: string) => {
    setConfirming(null);
    void revoke
      .run(
        () => api.revokeKiosk(id),
        (k) => `终端 ${k.kioskId} 已吊销，其请求将被拒绝。`,
      )
      .then(() => kiosks.reload());
  };

  return (
    <section>
      <ScreenHead title="终端注册" onRefresh={kiosks.reload} />
      <form className="panel narrow" onSubmit={create} aria-labelledby="token-title">
        <h2 id="token-title">生成注册令牌</h2>
        <p className="muted">
          令牌只显示一次，仅可使用一次。绑定终端编号后可用于重装终端（替换密钥）。
        </p>
        <label className="field">
          <span>绑定终端编号（可不填）</span>
          <input value={kioskId} onChange={(e) => setKioskId(e.target.value)} />
        </label>
        <label className="field">
          <span>绑定区（可不填）</span>
          <input value={district} onChange={(e) => setDistrict(e.target.value)} />
        </label>
        <label className="field">
          <span>有效时间（小时）</span>
          <input
            type="number"
            min={1}
            max={720}
            value={hours}
            onChange={(e) => setHours(e.target.value)}
          />
        </label>
        <ErrorNote error={issue.error} />
        <button type="submit" className="btn btn-primary" disabled={!can.enrol || issue.busy}>
          生成令牌
        </button>
        {!can.enrol && <p className="muted">需要“终端运维”角色才能生成令牌</p>}
        {token && (
          <div className="note note--ok" role="status">
            <p>注册令牌（请复制到终端配置 central.enrolmentToken，关闭后无法再次查看）：</p>
            <code className="token" data-testid="enrolment-token">
              {token.token}
            </code>
            <p>
              有效至 {formatTime(token.expiresAt)}
              {token.kioskId ? `，仅限终端 ${token.kioskId}` : ''}
              {token.district ? `，区：${token.district}` : ''}
            </p>
          </div>
        )}
      </form>

      <h2>已注册终端</h2>
      <Loading loading={kiosks.loading && !kiosks.data} />
      <ErrorNote error={kiosks.error ?? revoke.error} />
      <DoneNote text={revoke.done} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">终端编号</th>
            <th scope="col">区</th>
            <th scope="col">注册时间</th>
            <th scope="col">状态</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {kiosks.data?.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                尚无终端注册
              </td>
            </tr>
          )}
          {kiosks.data?.map((k) => (
            <tr key={k.kioskId}>
              <th scope="row">{k.kioskId}</th>
              <td>{k.district}</td>
              <td>{formatTime(k.enrolledAt)}</td>
              <td>{k.revokedAt ? `已吊销（${formatTime(k.revokedAt)}）` : '正常'}</td>
              <td>
                {!k.revokedAt &&
                  (confirming === k.kioskId ? (
                    <>
                      <button
                        type="button"
                        className="btn btn-small btn-danger"
                        onClick={() => doRevoke(k.kioskId)}
                      >
                        确认吊销 {k.kioskId}
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
                      disabled={!can.revoke || revoke.busy}
                      title={can.revoke ? undefined : '需要“终端运维”角色'}
                      aria-label={`吊销终端 ${k.kioskId}`}
                      onClick={() => setConfirming(k.kioskId)}
                    >
                      吊销
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
