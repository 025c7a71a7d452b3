import { describe, expect, it } from 'vitest';
import { Item } from '../../../catalog/schema.ts';
import { prefillValue, validateForm } from '../../../contract/form-rules.ts';
import { RESIDENT_CARD } from '../../support/resident-card.ts';

const servicePoint = { district: '天河区', street: '五山街道', name: '五山街道党群服务中心' };
const card = RESIDENT_CARD;

const item = Item.parse({
  code: '440100-TEST-0001',
  name: '测试事项',
  category: 'test',
  department: '测试局',
  implementingBody: '测试街道',
  type: 'instant',
  legalBasis: ['测试规定'],
  conditions: [],
  legalTimeLimitDays: 0,
  promisedTimeLimitDays: 0,
  fee: '不收费',
  visits: 0,
  identity: { level: 'id-card', acceptedCardTypes: ['resident'] },
  form: {
    fields: [
      {
        id: 'name',
        label: '姓名',
        kind: 'text',
        required: true,
        prefill: { from: 'card', field: 'name' },
        lockedWhenPrefilled: true,
      },
      {
        id: 'gender',
        label: '性别',
        kind: 'text',
        required: true,
        prefill: { from: 'card', field: 'gender' },
        lockedWhenPrefilled: true,
      },
      {
        id: 'phone',
        label: '手机号码',
        kind: 'phone',
        required: true,
        pattern: '1[3-9]\\d{9}',
        patternMessage: '请输入11位手机号码',
      },
      {
        id: 'education',
        label: '文化程度',
        kind: 'select',
        required: true,
        options: [{ value: 'bachelor', label: '本科' }],
      },
      { id: 'startDate', label: '就业日期', kind: 'date', required: true },
      {
        id: 'street',
        label: '街道',
        kind: 'text',
        required: false,
        prefill: { from: 'kiosk', field: 'street' },
      },
      { id: 'note', label: '备注', kind: 'textarea', required: false, maxLength: 5 },
    ],
  },
  materials: [],
  outputs: { receipt: true },
  offline: { policy: 'queue' },
});
const field = (id: string) => item.form.fields.find((f) => f.id === id)!;

describe('prefill', () => {
  it('takes values from the card, the kiosk and labels the gender', () => {
    expect(prefillValue(field('name'), card, servicePoint, '2026-11-22')).toBe('阳秀梅');
    expect(prefillValue(field('gender'), card, servicePoint, '2026-11-22')).toBe('女');
    expect(prefillValue(field('street'), card, servicePoint, '2026-11-22')).toBe('五山街道');
    expect(prefillValue(field('phone'), card, servicePoint, '2026-11-22')).toBeNull();
    expect(prefillValue(field('name'), null, servicePoint, '2026-11-22')).toBeNull();
  });
});

describe('validateForm', () => {
  const good = { phone: '13800138000', education: 'bachelor', startDate: '2026-11-01' };

  it('accepts a complete form and fills locked fields from the card', () => {
    const { values, errors } = validateForm(item, good, card, servicePoint, '2026-11-22');
    expect(errors).toEqual({});
    expect(values).toMatchObject({
      name: '阳秀梅',
      gender: '女',
      street: '五山街道',
      phone: '13800138000',
    });
  });

  it('ignores a screen that tries to change a value taken from the card', () => {
    const { values } = validateForm(
      item,
      { ...good, name: '别人' },
      card,
      servicePoint,
      '2026-11-22',
    );
    expect(values.name).toBe('阳秀梅');
  });

  it('reports each problem against its field', () => {
    const { errors } = validateForm(
      item,
      { phone: '12345', education: 'phd', startDate: '1 Nov', note: '太长太长太长', hacked: 'x' },
      card,
      servicePoint,
      '2026-11-22',
    );
    expect(errors).toEqual({
      phone: '请输入11位手机号码',
      education: '请选择文化程度',
      startDate: '就业日期应为日期',
      note: '备注不能超过5个字',
      hacked: '未知字段',
    });
  });

  it('requires required fields', () => {
    const { errors } = validateForm(item, {}, card, servicePoint, '2026-11-22');
    expect(errors.phone).toBe('请填写手机号码');
    expect(errors.note).toBeUndefined();
  });
});
