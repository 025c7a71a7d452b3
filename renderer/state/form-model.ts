// What the form and confirm screens show for an item, derived from the catalog's field list with
// the shared rules of contract/form-rules.ts (so the screen and the host never disagree).
import type { FormField, Item } from '../../catalog/schema.ts';
import {
  prefillValue,
  validateForm,
  type FormErrors,
  type ServicePoint,
} from '../../contract/form-rules.ts';
import type { CardPerson } from '../../contract/identity.ts';
import { maskIdNumber, maskName } from '../../contract/masking.ts';

export interface FormContext {
  card: CardPerson | null;
  servicePoint: ServicePoint;
  today: string;
}

export type FieldMode =
  /** Read from the ID card and not editable: shown in the card panel. */
  | 'card-locked'
  /** Pre-filled by the kiosk (service point, date, constant) and not editable. */
  | 'locked'
  | 'editable';

export interface FieldView {
  field: FormField;
  mode: FieldMode;
  /** The value shown for a locked field (masked when it is an ID number). */
  lockedValue: string | null;
}

export function fieldViews(item: Item, ctx: FormContext): FieldView[] {
  return item.form.fields.map((field) => {
    const prefilled = prefillValue(field, ctx.card, ctx.servicePoint, ctx.today);
    if (!field.lockedWhenPrefilled || prefilled === null) {
      return { field, mode: 'editable', lockedValue: null };
    }
    const fromCard = field.prefill?.from === 'card';
    return {
      field,
      mode: fromCard ? 'card-locked' : 'locked',
      // The card is the authority for the ID number; the citizen needs only to recognise it.
      lockedValue: isIdNumberField(field) ? maskIdNumber(prefilled) : prefilled,
    };
  });
}

/** The starting values of the form: every field's prefill, or empty. */
export function initialDraft(item: Item, ctx: FormContext): Record<string, string> {
  const draft: Record<string, string> = {};
  for (const field of item.form.fields) {
    draft[field.id] = prefillValue(field, ctx.card, ctx.servicePoint, ctx.today) ?? '';
  }
  return draft;
}

/** The same check the host makes on submit. */
export function checkDraft(
  item: Item,
  draft: Record<string, string>,
  ctx: FormContext,
): { values: Record<string, string>; errors: FormErrors; valid: boolean } {
  const { values, errors } = validateForm(item, draft, ctx.card, ctx.servicePoint, ctx.today);
  return { values, errors, valid: Object.keys(errors).length === 0 };
}

function isIdNumberField(field: FormField): boolean {
  return (
    (field.prefill?.from === 'card' && field.prefill.field === 'idNumber') ||
    /idnumber/i.test(field.id)
  );
}

function isNameField(field: FormField): boolean {
  return (
    (field.prefill?.from === 'card' && field.prefill.field === 'name') || /name$/i.test(field.id)
  );
}

/** 13800138000 → 138****8000 */
export function maskPhone(phone: string): string {
  const chars = Array.from(phone.trim());
  if (chars.length <= 7) return '*'.repeat(chars.length);
  return `${chars.slice(0, 3).join('')}${'*'.repeat(chars.length - 7)}${chars.slice(-4).join('')}`;
}

/** How a value appears outside the form (the confirm screen): personal fields masked. */
export function displayValue(field: FormField, value: string): string {
  const label = field.options?.find((o) => o.value === value)?.label ?? value;
  if (!field.personal || !value) return label;
  if (isIdNumberField(field)) return maskIdNumber(value);
  if (field.kind === 'phone') return maskPhone(value);
  if (field.kind === 'date') return `${value.slice(0, 4)}年**月**日`;
  if (isNameField(field)) return maskName(value);
  // Addresses and other free text: the beginning is enough to recognise it.
  const chars = Array.from(value);
  const keep = Math.min(6, Math.floor(chars.length / 2));
  return `${chars.slice(0, keep).join('')}${'*'.repeat(Math.min(6, chars.length - keep))}`;
}

export interface SummaryRow {
  id: string;
  label: string;
  value: string;
}

/** The confirm screen's rows: every field with a value, in catalog order, masked where personal. */
export function summaryRows(item: Item, values: Record<string, string>): SummaryRow[] {
  return item.form.fields.flatMap((field) => {
    const value = values[field.id] ?? '';
    if (!value) return [];
    return [{ id: field.id, label: field.label, value: displayValue(field, value) }];
  });
}
