// Plain words for the fleet dashboard: connectivity, device and paper states, alert kinds, actions.
import type {
  Connectivity,
  FleetAlertKind,
  FleetDeviceState,
  FleetKiosk,
  PaperState,
  RemoteActionKind,
  RemoteActionState,
} from '../../../contract/fleet-api.ts';

export const CONNECTIVITY_NAME: Record<Connectivity, string> = {
  online: '在线',
  offline: '离线',
  'never-seen': '未上线',
};

export const DEVICE_NAME: Record<string, string> = {
  'id-reader': '身份证读卡器',
  camera: '摄像头',
  'receipt-printer': '凭条打印机',
  'a4-printer': 'A4打印机',
  scanner: '扫描仪',
  central: '中心连接',
  clock: '系统时钟',
};

export const DEVICE_STATE_NAME: Record<FleetDeviceState, string> = {
  ok: '正常',
  warning: '警告',
  fault: '故障',
  offline: '断开',
  unknown: '未知',
  absent: '未配置',
};

export const PAPER_NAME: Record<PaperState, string> = {
  ok: '纸张充足',
  low: '纸张将尽',
  out: '缺纸',
  unknown: '纸张未知',
};

export const ALERT_NAME: Record<FleetAlertKind, string> = {
  'paper-low': '纸张将尽',
  'paper-out': '缺纸',
  'device-fault': '设备故障',
  'queue-stuck': '队列积压',
  'kiosk-offline': '终端离线',
  'disk-low': '磁盘空间不足',
};

export const ACTION_NAME: Record<RemoteActionKind, string> = {
  'sync-now': '立即同步',
  'reload-catalog': '重新加载目录',
  'restart-app': '重启终端程序',
};

export const ACTION_STATE_NAME: Record<RemoteActionState, string> = {
  pending: '等待终端心跳',
  delivered: '已送达',
  done: '已完成',
  failed: '失败',
  expired: '已过期',
};

/** One short text per device that is not simply fine: "A4打印机：缺纸", "摄像头：故障". */
export function deviceProblems(kiosk: Pick<FleetKiosk, 'devices'>): string[] {
  const out: string[] = [];
  for (const d of kiosk.devices) {
    const name = DEVICE_NAME[d.device] ?? d.device;
    if (d.state !== 'ok' && d.state !== 'absent')
      out.push(`${name}：${DEVICE_STATE_NAME[d.state]}`);
    if (d.paper && d.paper !== 'ok') out.push(`${name}：${PAPER_NAME[d.paper]}`);
  }
  return out;
}

/** Free disk as "12.3 GB（41%）". */
export function diskText(disk: FleetKiosk['disk']): string {
  if (!disk) return '—';
  const gb = disk.freeBytes / 1024 ** 3;
  const share = disk.totalBytes > 0 ? Math.round((disk.freeBytes / disk.totalBytes) * 100) : 0;
  return `${gb >= 10 ? gb.toFixed(0) : gb.toFixed(1)} GB（${share}%）`;
}
