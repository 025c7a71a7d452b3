// The publish form's target (all / districts / kiosk list / percentage) as the contract's
// CatalogTarget, and back as a plain sentence for the publications list.
import { CatalogTarget } from '../../../contract/catalog-publishing.ts';

export type TargetKind = CatalogTarget['kind'];

export interface TargetInput {
  kind: TargetKind;
  /** Separated by commas, 、 or new lines. */
  districts: string;
  kioskIds: string;
  percent: string;
}

export const EMPTY_TARGET_INPUT: TargetInput = {
  kind: 'all',
  districts: '',
  kioskIds: '',
  percent: '10',
};

const splitList = (text: string) =>
  [...new Set(text.split(/[\s,，、;；]+/).map((s) => s.trim()))].filter((s) => s.length > 0);

export type TargetResult = { ok: true; target: CatalogTarget } | { ok: false; error: string };

export function buildTarget(input: TargetInput): TargetResult {
  let candidate: unknown;
  switch (input.kind) {
    case 'all':
      candidate = { kind: 'all' };
      break;
    case 'districts': {
      const districts = splitList(input.districts);
      if (districts.length === 0) return { ok: false, error: '请填写至少一个区，例如：天河区' };
      candidate = { kind: 'districts', districts };
      break;
    }
    case 'kiosks': {
      const kioskIds = splitList(input.kioskIds);
      if (kioskIds.length === 0) return { ok: false, error: '请填写至少一个终端编号' };
      candidate = { kind: 'kiosks', kioskIds };
      break;
    }
    case 'percentage': {
      const percent = Number(input.percent.trim());
      if (!/^\d{1,3}$/.test(input.percent.trim()) || percent < 1 || percent > 100) {
        return { ok: false, error: '比例应为 1 到 100 的整数' };
      }
      candidate = { kind: 'percentage', percent };
      break;
    }
  }
  const parsed = CatalogTarget.safeParse(candidate);
  if (!parsed.success) return { ok: false, error: '发布范围不正确，请检查填写内容' };
  return { ok: true, target: parsed.data };
}

export function describeTarget(target: CatalogTarget): string {
  switch (target.kind) {
    case 'all':
      return '全部终端';
    case 'districts':
      return `指定区：${target.districts.join('、')}`;
    case 'kiosks':
      return target.kioskIds.length <= 3
        ? `指定终端：${target.kioskIds.join('、')}`
        : `指定终端：${target.kioskIds.slice(0, 3).join('、')} 等${target.kioskIds.length}台`;
    case 'percentage':
      return `按比例：${target.percent}% 的终端`;
  }
}

/** Validity in days, 1–366 as the contract allows. */
export function parseValidDays(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,3}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= 366 ? n : null;
}
