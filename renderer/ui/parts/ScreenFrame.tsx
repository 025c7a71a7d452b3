// The frame of every screen after the attract screen: a top bar (where, 大字模式, 返回首页),
// the screen's title and content, and a bar of large actions at the bottom within thumb reach.
import { useEffect, useRef, type ReactNode } from 'react';
import { useFlow } from '../kiosk-context.ts';
import { ElderToggle } from './ElderToggle.tsx';

export function ScreenFrame(props: {
  name: string;
  title: string;
  /** A line under the title (e.g. the item being handled). */
  subtitle?: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const { name, title, subtitle, actions, children } = props;
  const flow = useFlow();
  const titleRef = useRef<HTMLHeadingElement>(null);
  // A new screen is announced by moving focus to its title (screen readers read it out).
  useEffect(() => titleRef.current?.focus({ preventScroll: true }), []);
  const titleId = `${name}-title`;
  return (
    <section className={`screen screen--${name}`} data-screen={name} aria-labelledby={titleId}>
      <header className="topbar">
        <div className="topbar-where">
          <span className="topbar-brand">广州市政务服务</span>
          <span className="topbar-point">{flow.status.servicePoint.name}</span>
        </div>
        <ElderToggle on={flow.elder} onChange={flow.setElder} />
        <button
          type="button"
          className="btn btn-exit"
          data-testid="exit"
          aria-label="返回首页，退出本次办理"
          onClick={flow.exit}
        >
          <HomeIcon />
          返回首页
        </button>
      </header>
      <main className="screen-body">
        <h1 id={titleId} ref={titleRef} tabIndex={-1} className="screen-title">
          {title}
        </h1>
        {subtitle && <p className="screen-subtitle">{subtitle}</p>}
        {children}
      </main>
      {actions && <footer className="screen-actions">{actions}</footer>}
    </section>
  );
}

function HomeIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M3 11.5 12 4l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z"
        fill="currentColor"
      />
    </svg>
  );
}
