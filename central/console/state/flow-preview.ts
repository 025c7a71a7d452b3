// What a citizen will see at a kiosk for one item, step by step, in the order the kiosk's screens
// run (renderer/state/journey.ts): intro, identify, face (when asked), form, confirm, result,
// rating. Derived from the catalog only, so the preview follows every edit at once.
import type { Catalog, CardType, FormField, Item } from '../../../catalog/schema.ts';

export interface PreviewStep {
  id: 'intro' | 'identify' | 'face' | 'form' | 'confirm' | 'result' | 'rating';
  title: string;
  lines: string[];
}

export const CARD_TYPE_NAME: Record<CardType, string> = {
  resident: '居民身份证',
  'hk-macau-taiwan': '港澳台居民居住证',
  'foreign-permanent-2017': '外国人永久居留身份证（2017版）',
  'foreign-permanent-2023': '外国人永久居留身份证（2023版）',
};

export const MATERIAL_SOURCE_NAME: Record<Item['materials'][number]['source'], string> = {
  'id-card': '读取身份证即可，无需复印件',
  scan: '需在本机扫描',
  'e-licence': '由政府部门调取电子证照，无需提供',
  form: '在本机填写',
  none: '无需提供',
};

export function timeLimitText(item: Item): string {
  if (item.type === 'instant') return '当场办结';
  return `${item.promisedTimeLimitDays}个工作日内办结（法定${item.legalTimeLimitDays}个工作日）`;
}

export function outputsText(item: Item, catalog: Pick<Catalog, 'templates'>): string[] {
  const out: string[] = [];
  const title = catalog.templates.find((t) => t.id === item.outputs.document)?.title;
  if (title) out.push(`${title}（A4纸，当场打印）`);
  if (item.outputs.receipt) out.push('办理回执（凭条，含受理编号）');
  if (item.outputs.electronicLicence) out.push(`电子证照：${item.outputs.electronicLicence}`);
  return out;
}

export type PreviewFieldMode = 'card' | 'kiosk' | 'input';

export interface PreviewField {
  field: FormField;
  mode: PreviewFieldMode;
  /** What the citizen sees in place of a value they do not type. */
  shownAs: string | null;
}

const KIOSK_SOURCE_NAME = {
  district: '本机所在区',
  street: '本机所在街道',
  servicePoint: '本机服务点名称',
  today: '当天日期',
} as const;

/** How each field appears on the form screen: from the card, filled by the kiosk, or typed. */
export function previewFields(item: Item): PreviewField[] {
  return item.form.fields.map((field) => {
    const source = field.prefill;
    if (!source) return { field, mode: 'input', shownAs: null };
    const shownAs =
      source.from === 'card'
        ? '（读取自证件）'
        : source.from === 'kiosk'
          ? `（${KIOSK_SOURCE_NAME[source.field]}）`
          : source.value;
    if (!field.lockedWhenPrefilled) return { field, mode: 'input', shownAs };
    return { field, mode: source.from === 'card' ? 'card' : 'kiosk', shownAs };
  });
}

export function flowSteps(item: Item, catalog: Pick<Catalog, 'templates'>): PreviewStep[] {
  const steps: PreviewStep[] = [];
  steps.push({
    id: 'intro',
    title: '事项说明',
    lines: [
      `${item.name}（${item.type === 'instant' ? '即办件' : '承诺件'}）`,
      `办理时限：${timeLimitText(item)}`,
      `收费标准：${item.fee}`,
      `跑动次数：${item.visits === 0 ? '0次（不用跑窗口）' : `${item.visits}次`}`,
      ...item.materials.map(
        (m) =>
          `所需材料：${m.name}${m.required ? '' : '（如有）'}：${m.note ?? MATERIAL_SOURCE_NAME[m.source]}`,
      ),
      ...(item.offline.policy === 'online-only'
        ? [`本事项需要联网办理。${item.offline.note ?? ''}`]
        : item.offline.note
          ? [item.offline.note]
          : []),
    ],
  });
  const cards = [...new Set(item.identity.acceptedCardTypes.map((t) => CARD_TYPE_NAME[t]))];
  steps.push({
    id: 'identify',
    title: '读取证件',
    lines: [
      `请将证件放在读卡区：${cards.join('、')}`,
      ...(item.identity.minimumAge !== undefined
        ? [`年满${item.identity.minimumAge}周岁方可办理`]
        : []),
    ],
  });
  if (item.identity.level === 'id-card-and-face') {
    steps.push({
      id: 'face',
      title: '人脸核验',
      lines: [
        '先征得同意，再开启摄像头（生物识别信息单独同意）',
        '按提示眨眼或转头，与证件照片比对',
        `相似度阈值：${item.identity.face?.threshold ?? '默认'}`,
        '三次未通过：可呼叫工作人员、视频帮办或前往窗口',
      ],
    });
  }
  const typed = previewFields(item).filter((f) => f.mode === 'input').length;
  steps.push({
    id: 'form',
    title: '填写信息',
    lines: [`共${item.form.fields.length}项，其中需本人填写或选择${typed}项`],
  });
  steps.push({ id: 'confirm', title: '确认信息', lines: ['核对后提交；个人信息以遮盖方式显示'] });
  steps.push({
    id: 'result',
    title: '办理结果',
    lines: outputsText(item, catalog).map((o) => `可获得：${o}`),
  });
  steps.push({
    id: 'rating',
    title: '好差评',
    lines: ['请对本次服务评价（非常满意 … 非常不满意）'],
  });
  return steps;
}
