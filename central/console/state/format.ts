// Plain Chinese renderings of times, ages and shares for the console's tables.

/** 2026-11-23 08:05 in Guangzhou time, whatever the admin's browser zone. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const local = new Date(ms + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** 45秒 / 12分钟 / 3小时5分 / 2天3小时 */
export function durationText(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}分钟`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}小时${m % 60}分` : `${h}小时`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}天${h % 24}小时` : `${d}天`;
}

export interface Bar {
  label: string;
  count: number;
  /** Share of the largest count, 0–100, for the bar's width. */
  width: number;
  /** Share of the total, 0–100, rounded to one decimal. */
  percent: number;
}

/** Rows for a simple bar table: widths relative to the largest, shares of the total. */
export function bars(rows: readonly { label: string; count: number }[]): Bar[] {
  const max = Math.max(0, ...rows.map((r) => r.count));
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  return rows.map((r) => ({
    label: r.label,
    count: r.count,
    width: max === 0 ? 0 : Math.round((r.count / max) * 100),
    percent: total === 0 ? 0 : Math.round((r.count / total) * 1000) / 10,
  }));
}
