// Plain-language facts about an item for the intro and result screens.
import type { Catalog, CardType, Item } from '../../catalog/schema.ts';

export function timeLimitText(item: Item): string {
  if (item.type === 'instant') return '当场办结';
  return `${item.promisedTimeLimitDays}个工作日内办结（法定${item.legalTimeLimitDays}个工作日）`;
}

export function documentTitle(item: Item, catalog: Catalog): string | null {
  return catalog.templates.find((t) => t.id === item.outputs.document)?.title ?? null;
}

/** What the citizen takes away: the printed document by name, the receipt, an e-licence. */
export function outputsText(item: Item, catalog: Catalog): string[] {
  const out: string[] = [];
  const title = documentTitle(item, catalog);
  if (title) out.push(`${title}（A4纸，当场打印）`);
  if (item.outputs.receipt) out.push('办理回执（凭条，含受理编号）');
  if (item.outputs.electronicLicence) out.push(`电子证照：${item.outputs.electronicLicence}`);
  return out;
}

const CARD_TYPE_LABEL: Record<CardType, string> = {
  resident: '居民身份证',
  'hk-macau-taiwan': '港澳台居民居住证',
  'foreign-permanent-2017': '外国人永久居留身份证',
  'foreign-permanent-2023': '外国人永久居留身份证',
};

/** The cards an item accepts, named once each (both foreigner's card generations share a name). */
export function acceptedCardsText(item: Item): string {
  return [...new Set(item.identity.acceptedCardTypes.map((t) => CARD_TYPE_LABEL[t]))].join('、');
}
