// Fills an item's form the way a citizen would, field by field, from the catalog's description.
import type { Page } from '@playwright/test';
import type { Item } from '../../../catalog/schema.ts';

/** Valid answers for fields whose format the catalog constrains. */
const ANSWERS: Record<string, string> = {
  phone: '13800138000',
  date: '2026-11-01',
  number: '1',
  text: '广州市天河区某某科技有限公司',
  textarea: '无',
};

export async function fillForm(
  page: Page,
  item: Item,
  overrides: Record<string, string> = {},
): Promise<void> {
  for (const field of item.form.fields) {
    if (field.prefill?.from === 'card' && field.lockedWhenPrefilled) continue;
    if (!field.required && !(field.id in overrides)) continue;
    if (field.kind === 'select') {
      const value = overrides[field.id] ?? field.options![0]!.value;
      await page.getByTestId(`field-${field.id}-option-${value}`).click();
      continue;
    }
    const input = page.getByTestId(`field-${field.id}`);
    if (!(field.id in overrides) && field.prefill && (await input.inputValue()) !== '') continue;
    await input.fill(overrides[field.id] ?? exampleFor(field.pattern) ?? ANSWERS[field.kind] ?? '');
  }
}

/** A value for the patterns the catalog uses; an unknown pattern fails loudly. */
function exampleFor(pattern: string | undefined): string | null {
  if (!pattern) return null;
  const examples = ['13800138000', '91440101MA59XXXX0Q', '2026-11-01', '510000'];
  const match = examples.find((e) => new RegExp(`^(?:${pattern})$`).test(e));
  if (!match) throw new Error(`form-filler has no example for pattern ${pattern}`);
  return match;
}
