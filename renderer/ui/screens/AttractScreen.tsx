// The screen nobody is using: what this kiosk is, where it is, and one big way in.
import type { DeviceHealth, KioskStatus } from '../../../contract/kiosk-api.ts';
import type { ConnectionState } from '../../rpc/ws-transport.ts';
import { ElderToggle } from '../parts/ElderToggle.tsx';

const DEVICE_LABEL: Record<DeviceHealth['device'], string> = {
  'id-reader': '身份证读卡器',
  'receipt-printer': '回执打印机',
  'a4-printer': '文书打印机',
  central: '政务服务平台',
};

const STEPS = ['选择事项', '放身份证', '填写核对', '取走回执'];

export function AttractScreen(props: {
  status: KioskStatus | null;
  linkState: ConnectionState;
  hasToken: boolean;
  elder: boolean;
  onElder(on: boolean): void;
  onStart(): void;
}) {
  const { status, linkState, hasToken, elder, onElder, onStart } = props;
  const ready = status !== null && linkState === 'open';
  const troubled = status?.devices.filter((d) => d.device !== 'central' && d.state !== 'ok') ?? [];
  return (
    <section
      className="screen screen--attract"
      data-screen="attract"
      aria-labelledby="attract-title"
    >
      <header className="attract-hero">
        <div className="attract-top">
          <ElderToggle on={elder} onChange={onElder} />
        </div>
        <Emblem />
        <h1 id="attract-title" className="attract-title">
          <span className="attract-title-line">广州市政务服务</span>
          <span className="attract-title-line attract-title-line--big">24小时自助服务</span>
        </h1>
        {status && (
          <p className="attract-point">
            {status.servicePoint.district} · {status.servicePoint.street} ·{' '}
            {status.servicePoint.name}
          </p>
        )}
      </header>
      <main className="attract-body">
        <button
          type="button"
          className="btn btn-primary btn-start"
          data-testid="attract-start"
          disabled={!ready}
          onClick={onStart}
        >
          {ready ? '开始办理' : '正在准备…'}
        </button>
        <p className="attract-hint">请轻触“开始办理”，按屏幕提示操作。办理时请准备好本人身份证。</p>
        <ol className="attract-steps" aria-label="办理步骤">
          {STEPS.map((step, i) => (
            <li key={step} className="attract-step">
              <span className="attract-step-number" aria-hidden="true">
                {i + 1}
              </span>
              {step}
            </li>
          ))}
        </ol>
      </main>
      <footer className="status-line" aria-label="终端状态">
        {!hasToken && <span>缺少访问凭证，请由工作人员重新启动自助终端</span>}
        {status && (
          <>
            <span>{status.online ? '网络：已连接' : '网络：已中断'}</span>
            <span>网络中断时仍可办理，联网后自动提交</span>
            {status.pendingSubmissions > 0 && <span>待提交 {status.pendingSubmissions} 件</span>}
            {troubled.map((d) => (
              <span key={d.device}>{DEVICE_LABEL[d.device]}：暂不可用</span>
            ))}
            <span>终端 {status.kioskId}</span>
          </>
        )}
      </footer>
    </section>
  );
}

/** A plain seal-like mark (no official emblem is reproduced). */
function Emblem() {
  return (
    <svg className="attract-emblem" viewBox="0 0 120 120" aria-hidden="true" focusable="false">
      <circle cx="60" cy="60" r="56" fill="#0b4f9c" />
      <circle cx="60" cy="60" r="46" fill="none" stroke="#ffffff" strokeWidth="4" />
      <path
        d="M30 78h60M36 78V52M48 78V52M60 78V52M72 78V52M84 78V52M28 50l32-20 32 20z"
        stroke="#ffffff"
        strokeWidth="5"
        fill="none"
        strokeLinejoin="round"
      />
      <path d="M54 38h12" stroke="#ffffff" strokeWidth="4" />
    </svg>
  );
}
