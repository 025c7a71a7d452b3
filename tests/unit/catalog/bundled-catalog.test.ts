import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findItem, parseCatalog } from '../../../catalog/catalog-query.ts';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import {
  Catalog,
  TEMPLATE_DATA_PATHS,
  templatePlaceholders,
  type CardType,
  type Item,
} from '../../../catalog/schema.ts';
import { applicantOf } from '../../../contract/central-api.ts';
import { prefillValue, validateForm } from '../../../contract/form-rules.ts';
import { CardPerson, GENDER_LABEL } from '../../../contract/identity.ts';

const catalog = loadBundledCatalog();
const servicePoint = { district: '天河区', street: '五山街道', name: '五山街道党群服务中心' };
const today = '2026-11-22';

const byName = (name: string): Item => {
  const item = catalog.items.find((i) => i.name === name);
  if (!item) throw new Error(`item ${name} missing`);
  return item;
};
const field = (item: Item, id: string) => {
  const f = item.form.fields.find((x) => x.id === id);
  if (!f) throw new Error(`field ${id} missing from ${item.name}`);
  return f;
};
/** As the host and the renderer compile a field pattern. */
const matches = (pattern: string | undefined, value: string) =>
  new RegExp(`^(?:${pattern ?? ''})$`).test(value);

// One sample card per type; null where that card carries no such data.
const baseCard = {
  englishName: null,
  issuer: null,
  validFrom: '2019-06-01',
  validTo: '2039-06-01',
  passNumber: null,
  issueCount: null,
  expired: false,
  idNumberValid: true,
  elder: false,
  nationality: null,
};
const cards: Record<CardType, CardPerson> = {
  resident: CardPerson.parse({
    ...baseCard,
    cardType: 'resident',
    name: '阳秀梅',
    gender: 'female',
    nation: '汉',
    birthDate: '1958-03-15',
    address: '广州市天河区天河路123号',
    idNumber: '440106195803151225',
    issuer: '广州市公安局天河分局',
  }),
  'hk-macau-taiwan': CardPerson.parse({
    ...baseCard,
    cardType: 'hk-macau-taiwan',
    name: '陈嘉欣',
    gender: 'female',
    nation: null,
    birthDate: '1990-07-01',
    address: '广州市南沙区海滨路1号',
    idNumber: '810000199007010025',
    passNumber: 'H12345678',
    issueCount: '01',
  }),
  'foreign-permanent-2017': CardPerson.parse({
    ...baseCard,
    cardType: 'foreign-permanent-2017',
    name: '史密斯',
    englishName: 'SMITH, JOHN',
    gender: 'male',
    nation: null,
    birthDate: '1980-01-01',
    address: null,
    idNumber: 'USA440080010120',
    nationality: 'USA',
  }),
  'foreign-permanent-2023': CardPerson.parse({
    ...baseCard,
    cardType: 'foreign-permanent-2023',
    name: '史密斯',
    englishName: 'SMITH, JOHN',
    gender: 'male',
    nation: null,
    birthDate: '1980-01-01',
    address: null,
    idNumber: '944840800101200014',
    nationality: 'USA',
  }),
};

/** A complete, valid answer for every field the citizen fills in. */
function sampleAnswers(item: Item): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of item.form.fields) {
    if (f.prefill?.from === 'card' && f.lockedWhenPrefilled) continue;
    if (f.kind === 'select') out[f.id] = f.options?.[0]?.value ?? '';
    else if (f.kind === 'date') out[f.id] = '2026-11-01';
    else if (f.kind === 'phone') out[f.id] = '13800138000';
    else if (f.id.toLowerCase().includes('creditcode')) out[f.id] = '91440106MA59C5XN8Q';
    else out[f.id] = '广州市天河区五山路1号';
  }
  return out;
}

/** The document data exactly as host/kiosk-service.ts assembles it. */
function documentData(item: Item, card: CardPerson, form: Record<string, string>) {
  return {
    applicant: { ...applicantOf(card), genderLabel: GENDER_LABEL[card.gender] },
    form,
    trackingCode: 'K7Q2-9D3F-XA41',
    issuedOn: today,
    itemName: item.name,
    servicePoint,
    kioskId: 'GZ-DEMO-0001',
    promisedBy: today,
  };
}

const resolve = (data: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (node, key) =>
        node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
      data,
    );

describe('the bundled catalog', () => {
  it('validates against the schema, from the file as shipped', () => {
    const raw: unknown = JSON.parse(
      readFileSync(new URL('../../../catalog/catalog.json', import.meta.url), 'utf8'),
    );
    const parsed = Catalog.safeParse(raw);
    expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
    expect(parseCatalog(raw)).toEqual(catalog);
    expect(catalog).toMatchObject({
      schemaVersion: 1,
      version: 1,
      issuedAt: '2026-11-01T00:00:00+08:00',
      expiresAt: '2027-11-01T00:00:00+08:00',
    });
    expect(catalog.categories.map((c) => c.name)).toEqual(
      expect.arrayContaining(['就业创业', '社会保障', '医疗保障', '市场监管', '养老服务']),
    );
    for (const c of catalog.categories) expect(c.icon).toMatch(/^[a-z0-9-]+$/);
  });

  it('describes every item with the national elements, at no fee and no visit', () => {
    for (const item of catalog.items) {
      expect(item.code).toMatch(/^440100-/);
      expect(findItem(catalog, item.code)).toBe(item);
      expect(item.department).toMatch(/^广州市/);
      expect(item.legalBasis.every((b) => b.startsWith('《'))).toBe(true);
      expect(item.conditions.length).toBeGreaterThan(0);
      expect(item.fee).toBe('不收费');
      expect(item.visits).toBe(0);
      expect(item.materials.some((m) => m.source === 'id-card')).toBe(true);
      for (const f of item.form.fields) {
        expect(f.id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
        if (f.kind === 'select') expect(f.options?.length).toBeGreaterThan(0);
        // Elders read these: one short line.
        if (f.help) expect(Array.from(f.help).length).toBeLessThanOrEqual(30);
      }
    }
  });

  it('has the six required items with their types, identity, outputs and offline policies', () => {
    const expected: [
      string,
      Item['type'],
      Item['identity']['level'],
      string | undefined,
      Item['offline']['policy'],
    ][] = [
      ['个人就业登记', 'instant', 'id-card-and-face', 'employment-registration', 'queue'],
      ['社保卡挂失', 'instant', 'id-card-and-face', undefined, 'online-only'],
      ['个人参保证明打印', 'instant', 'id-card', 'social-insurance-certificate', 'online-only'],
      ['城乡居民医保参保登记', 'committed', 'id-card', 'acceptance-receipt', 'queue'],
      ['个体工商户注销登记', 'committed', 'id-card-and-face', 'acceptance-receipt', 'queue'],
      ['公办养老机构轮候申请', 'committed', 'id-card', 'acceptance-receipt', 'queue'],
    ];
    for (const [name, type, level, document, policy] of expected) {
      const item = byName(name);
      expect({
        name,
        type: item.type,
        level: item.identity.level,
        document: item.outputs.document,
        policy: item.offline.policy,
      }).toEqual({ name, type, level, document, policy });
      expect(item.outputs.receipt).toBe(true);
      if (type === 'instant') expect(item.promisedTimeLimitDays).toBe(0);
      else expect(item.promisedTimeLimitDays).toBeGreaterThan(0);
      expect(item.promisedTimeLimitDays).toBeLessThanOrEqual(item.legalTimeLimitDays);
      if (policy === 'online-only') expect(item.offline.note).toBeTruthy();
    }
    expect(byName('社保卡挂失').offline.note).toContain('12333');
    expect(byName('公办养老机构轮候申请').identity.minimumAge).toBe(60);
    expect(byName('个人就业登记').popular).toBe(true);
    expect(byName('个人就业登记').identity.acceptedCardTypes).toEqual([
      'resident',
      'hk-macau-taiwan',
    ]);
    expect(byName('个体工商户注销登记').materials).toContainEqual(
      expect.objectContaining({
        source: 'scan',
        required: true,
        name: expect.stringContaining('营业执照'),
      }),
    );
  });

  it('gives 个人就业登记 the form the registration needs', () => {
    const item = byName('个人就业登记');
    for (const [id, source] of [
      ['name', 'name'],
      ['idNumber', 'idNumber'],
      ['gender', 'gender'],
      ['nation', 'nation'],
      ['birthDate', 'birthDate'],
    ] as const) {
      expect(field(item, id)).toMatchObject({
        prefill: { from: 'card', field: source },
        lockedWhenPrefilled: true,
      });
    }
    // 户籍地址 starts from the card but stays editable: the household may have moved since.
    expect(field(item, 'registeredResidence')).toMatchObject({
      prefill: { from: 'card', field: 'address' },
      lockedWhenPrefilled: false,
    });
    const phone = field(item, 'phone');
    expect(phone).toMatchObject({ kind: 'phone', required: true, pattern: '^1[3-9]\\d{9}$' });
    expect(phone.patternMessage).toBeTruthy();
    expect(matches(phone.pattern, '13800138000')).toBe(true);
    expect(matches(phone.pattern, '12800138000')).toBe(false);
    expect(matches(phone.pattern, '1380013800')).toBe(false);
    expect(field(item, 'education').options?.map((o) => o.label)).toEqual([
      '初中及以下',
      '高中',
      '中专',
      '大专',
      '本科',
      '研究生',
    ]);
    expect(field(item, 'employmentForm').options?.map((o) => o.label)).toEqual(
      expect.arrayContaining(['单位就业', '灵活就业', '自主创业']),
    );
    expect(field(item, 'employerName')).toMatchObject({ kind: 'text', required: true });
    expect(field(item, 'employmentStartDate')).toMatchObject({ kind: 'date', required: true });
    const code = field(item, 'employerCreditCode');
    expect(matches(code.pattern, '91440106MA59C5XN8Q')).toBe(true);
    expect(matches(code.pattern, '91440106MA59C5XN8')).toBe(false);
    expect(matches(code.pattern, '91440106MA59C5XN8O')).toBe(false); // O is not in the code set
  });

  it('accepts a complete form for every item through the shared form rules, with card values locked', () => {
    for (const item of catalog.items) {
      const card = cards[item.identity.acceptedCardTypes[0]!];
      const form = { ...sampleAnswers(item), name: 'someone else' };
      if (!item.form.fields.some((f) => f.id === 'name'))
        delete (form as Record<string, string>).name;
      const { values, errors } = validateForm(item, form, card, servicePoint, today);
      expect({ item: item.name, errors }).toEqual({ item: item.name, errors: {} });
      if ('name' in values) expect(values.name).toBe(card.name);
    }
  });

  it('prefills only from real card fields, and every accepted card carries the required ones', () => {
    const cardFields = Object.keys(CardPerson.shape);
    for (const item of catalog.items) {
      for (const f of item.form.fields) {
        if (f.prefill?.from !== 'card') continue;
        expect(cardFields).toContain(f.prefill.field);
        if (!f.required) continue;
        for (const type of item.identity.acceptedCardTypes) {
          expect({
            item: item.name,
            field: f.id,
            type,
            value: prefillValue(f, cards[type], servicePoint, today),
          }).toEqual(expect.objectContaining({ value: expect.any(String) }));
        }
      }
    }
  });

  it('uses only known data paths in its templates, and every template is printed by some item', () => {
    const known = new Set(TEMPLATE_DATA_PATHS);
    for (const template of catalog.templates) {
      const users = catalog.items.filter((i) => i.outputs.document === template.id);
      expect(users.length, template.id).toBeGreaterThan(0);
      const placeholders = templatePlaceholders(template);
      expect(placeholders.length).toBeGreaterThan(0);
      for (const { path } of placeholders) {
        if (path.startsWith('form.')) {
          const id = path.slice('form.'.length);
          expect(
            users.some((i) => i.form.fields.some((f) => f.id === id)),
            `${template.id}: ${path}`,
          ).toBe(true);
        } else {
          expect(known.has(path), `${template.id}: ${path}`).toBe(true);
        }
      }
      // And against the data the host really builds: no placeholder resolves to nothing.
      for (const item of users) {
        const card = cards[item.identity.acceptedCardTypes[0]!];
        const { values } = validateForm(item, sampleAnswers(item), card, servicePoint, today);
        const data = documentData(item, card, values);
        for (const { path } of placeholders) {
          expect(resolve(data, path), `${template.id}: ${path}`).toEqual(expect.any(String));
        }
      }
    }
  });

  it('prints the 就业登记证明 in the shape of the 《就业创业证》 registration page', () => {
    const t = catalog.templates.find((x) => x.id === 'employment-registration')!;
    expect(t.title).toBe('就业登记证明');
    expect(t.subtitle).toContain('就业创业证');
    expect(t.issuer).toBe('广州市{{servicePoint.district}}人力资源和社会保障局');
    const labels = (heading: string) =>
      t.sections.find((s) => s.heading === heading)?.rows.map((r) => r.label);
    expect(labels('持证人基本信息')).toEqual(
      expect.arrayContaining(['姓名', '性别', '民族', '出生日期', '公民身份号码', '户籍地址']),
    );
    expect(labels('就业登记')).toEqual(
      expect.arrayContaining([
        '用人单位名称',
        '统一社会信用代码',
        '就业形式',
        '就业日期',
        '登记日期',
        '登记机构',
      ]),
    );
    expect(t.footer.some((line) => line.includes('{{trackingCode}}'))).toBe(true);
    expect(t.footer.some((line) => line.includes('核验'))).toBe(true);
    const receipt = catalog.templates.find((x) => x.id === 'acceptance-receipt')!;
    expect(receipt.sections.flatMap((s) => s.rows.map((r) => r.value))).toEqual(
      expect.arrayContaining([
        '{{itemName}}',
        '{{applicant.name}}',
        '{{applicant.idNumber}}',
        '{{trackingCode}}',
        '{{promisedBy}}',
      ]),
    );
  });
});
