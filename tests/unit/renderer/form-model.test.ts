import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import {
  checkDraft,
  displayValue,
  fieldViews,
  initialDraft,
  maskPhone,
  summaryRows,
} from '../../../renderer/state/form-model.ts';
import { todayInShanghai } from '../../../renderer/state/shanghai-date.ts';
import { RESIDENT_CARD } from '../../support/resident-card.ts';

const catalog = loadBundledCatalog();
const employment = catalog.items.find((i) => i.name === '个人就业登记')!;
const servicePoint = { district: '天河区', street: '五山街道', name: '五山街道党群服务中心' };
const card = RESIDENT_CARD;
const ctx = { card, servicePoint, today: '2026-11-22' };

describe('form model', () => {
  it('pre-fills from the card and locks what the card is the authority for', () => {
    const views = fieldViews(employment, ctx);
    const mode = (id: string) => views.find((v) => v.field.id === id)?.mode;
    expect(mode('name')).toBe('card-locked');
    expect(mode('idNumber')).toBe('card-locked');
    expect(mode('phone')).toBe('editable');
    // The address comes from the card but may be corrected (户口迁过).
    expect(mode('registeredResidence')).toBe('editable');
    const draft = initialDraft(employment, ctx);
    expect(draft.name).toBe('阳秀梅');
    expect(draft.gender).toBe('女');
    expect(draft.registeredResidence).toBe('广州市天河区天河路123号');
    expect(draft.phone).toBe('');
  });

  it('shows the locked ID number masked', () => {
    const id = fieldViews(employment, ctx).find((v) => v.field.id === 'idNumber');
    expect(id?.lockedValue).toBe('440106********1227');
    expect(fieldViews(employment, ctx).find((v) => v.field.id === 'name')?.lockedValue).toBe(
      '阳秀梅',
    );
  });

  it('checks a draft with the host rules: errors per field, then clean values', () => {
    const draft = initialDraft(employment, ctx);
    const empty = checkDraft(employment, draft, ctx);
    expect(empty.valid).toBe(false);
    expect(Object.keys(empty.errors)).toEqual(
      expect.arrayContaining(['phone', 'education', 'employmentForm', 'employerName']),
    );
    const filled = {
      ...draft,
      phone: '13912345678',
      education: '本科',
      employmentForm: '单位就业',
      employerName: '广州市某某科技有限公司',
      employmentStartDate: '2026-11-01',
      name: 'someone else', // locked: the card wins
    };
    const ok = checkDraft(employment, filled, ctx);
    expect(ok.errors).toEqual({});
    expect(ok.valid).toBe(true);
    expect(ok.values.name).toBe('阳秀梅');
    expect(checkDraft(employment, { ...filled, phone: '12345' }, ctx).errors.phone).toBeTruthy();
  });

  it('masks personal values on the summary and leaves the rest as chosen', () => {
    const values = {
      name: '阳秀梅',
      idNumber: '440106198803151227',
      birthDate: '1988-03-15',
      phone: '13912345678',
      education: '本科',
      employerName: '广州市某某科技有限公司',
      registeredResidence: '广州市天河区天河路123号',
      employerCreditCode: '',
    };
    const rows = Object.fromEntries(summaryRows(employment, values).map((r) => [r.id, r.value]));
    expect(rows.name).toBe('阳*梅');
    expect(rows.idNumber).toBe('440106********1227');
    expect(rows.phone).toBe('139****5678');
    expect(rows.birthDate).toBe('1988年**月**日');
    expect(rows.education).toBe('本科');
    expect(rows.employerName).toBe('广州市某某科技有限公司');
    expect(rows.registeredResidence).not.toContain('天河路123号');
    expect(rows).not.toHaveProperty('employerCreditCode'); // empty optional fields are left out
    const all = JSON.stringify(rows);
    for (const secret of ['阳秀梅', '440106198803151227', '13912345678', '1988-03-15']) {
      expect(all).not.toContain(secret);
    }
  });

  it('shows an option by its label', () => {
    const field = { ...employment.form.fields.find((f) => f.kind === 'select')! };
    field.options = [{ value: 'a', label: '甲' }];
    expect(displayValue(field, 'a')).toBe('甲');
  });

  it('masks phone numbers of any length', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('1234')).toBe('****');
  });

  it('knows the date in Guangzhou whatever the machine time zone', () => {
    expect(todayInShanghai(new Date('2026-11-22T15:59:59Z'))).toBe('2026-11-22');
    expect(todayInShanghai(new Date('2026-11-22T16:00:00Z'))).toBe('2026-11-23');
  });

  it('works for every item of the bundled catalog', () => {
    for (const item of catalog.items) {
      const draft = initialDraft(item, ctx);
      expect(Object.keys(draft)).toEqual(item.form.fields.map((f) => f.id));
      expect(fieldViews(item, ctx)).toHaveLength(item.form.fields.length);
    }
  });
});
