// One set of form rules for both sides: the renderer uses them to help the citizen, and the host
// re-checks every submitted form with them (the renderer is a convenience, not a guard).
// Values that come from the ID card are taken from the card, whatever the screen sent.
import type { FormField, Item } from '../catalog/schema.ts';
import { GENDER_LABEL, type CardPerson } from './identity.ts';

export interface ServicePoint {
  district: string;
  street: string;
  name: string;
}

export type FormErrors = Record<string, string>;

export function prefillValue(
  field: FormField,
  card: CardPerson | null,
  servicePoint: ServicePoint,
  today: string,
): string | null {
  const source = field.prefill;
  if (!source) return null;
  switch (source.from) {
    case 'card': {
      if (!card) return null;
      if (source.field === 'gender') return GENDER_LABEL[card.gender];
      const value = card[source.field];
      return value === null ? null : String(value);
    }
    case 'kiosk':
      if (source.field === 'today') return today;
      if (source.field === 'servicePoint') return servicePoint.name;
      return servicePoint[source.field];
    case 'constant':
      return source.value;
  }
}

export function validateForm(
  item: Item,
  values: Record<string, string>,
  card: CardPerson | null,
  servicePoint: ServicePoint,
  today: string,
): { values: Record<string, string>; errors: FormErrors } {
  const out: Record<string, string> = {};
  const errors: FormErrors = {};
  const known = new Set(item.form.fields.map((f) => f.id));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) errors[key] = '未知字段';
  }
  for (const field of item.form.fields) {
    const prefilled = prefillValue(field, card, servicePoint, today);
    const locked = field.lockedWhenPrefilled && prefilled !== null;
    const value = (locked ? prefilled : (values[field.id] ?? prefilled ?? '')).trim();
    if (!value) {
      if (field.required) errors[field.id] = `请填写${field.label}`;
      continue;
    }
    if (field.maxLength && Array.from(value).length > field.maxLength) {
      errors[field.id] = `${field.label}不能超过${field.maxLength}个字`;
    } else if (field.pattern && !new RegExp(`^(?:${field.pattern})$`).test(value)) {
      errors[field.id] = field.patternMessage ?? `${field.label}格式不正确`;
    } else if (field.kind === 'select' && !field.options?.some((o) => o.value === value)) {
      errors[field.id] = `请选择${field.label}`;
    } else if (field.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      errors[field.id] = `${field.label}应为日期`;
    }
    out[field.id] = value;
  }
  return { values: out, errors };
}
