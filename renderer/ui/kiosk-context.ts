// What every screen of a session may use: the host's API, the kiosk's status, and the chrome
// (大字模式, 返回首页) of the session flow.
import { createContext, useContext } from 'react';
import type { KioskApi, KioskStatus } from '../../contract/kiosk-api.ts';

export interface FlowChrome {
  api: KioskApi;
  status: KioskStatus;
  elder: boolean;
  setElder(on: boolean): void;
  /** 返回首页 / 退出: ends the session (asking first where entries would be lost). */
  exit(): void;
}

export const FlowContext = createContext<FlowChrome | null>(null);

export function useFlow(): FlowChrome {
  const flow = useContext(FlowContext);
  if (!flow) throw new Error('useFlow outside a session flow');
  return flow;
}
