// The console's catalog editing: what it accepts is exactly what the kiosk's schema accepts, and the
// list/option text round trips keep what the admin typed.
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../catalog/catalog-query.ts';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import {
  changedItems,
  freshId,
  itemIssues,
  itemsWithIssues,
  linesToList,
  linesToOptions,
  linesToRows,
  moveEntry,
  newField,
  newMaterial,
  optionsToLines,
  pathText,
  replaceItem,
  rowsToLines,
  templatesChanged,
  validateDraft,
  withPublicationStandIns,
} from '../../../central/console/state/catalog-edit.ts';

const bundled = loadBundledCatalog();
const now = new Date('2026-11-23T01:00:00Z');
const asRecord = (c: unknown) => c as Record<string, unknown>;

describe('validateDraft', () => {
  it('accepts the bundled catalog', () => {
    expect(validateDraft(asRecord(bundled), now)).toEqual([]);
  });

  it('fills version and dates the centre sets, so an expired draft still checks', () => {
    const stale = {
      ...bundled,
      expiresAt: '2020-01-01T00:00:00Z',
      issuedAt: '2021-01-01T00:00:00Z',
    };
    expect(validateDraft(asRecord(stale), now)).toEqual([]);
    const filled = withPublicationStandIns(asRecord(stale), now) as {
      issuedAt: string;
      expiresAt: string;
    };
    expect(Date.parse(filled.expiresAt)).toBeGreaterThan(Date.parse(filled.issuedAt));
  });

  it('names a bad field id at its path, as the kiosk schema would refuse it', () => {
    const item = bundled.items[3]!;
    const fields = [...item.form.fields, { ...newField(item), id: '9contact' }];
    const draft = replaceItem(bundled, 3, { ...item, form: { fields } });
    const issues = validateDraft(asRecord(draft), now);
    expect(issues.length).toBeGreaterThan(0);
    expect(itemsWithIssues(issues)).toEqual(new Set([3]));
    expect(itemIssues(issues, 3).map((i) => i.path)).toContainEqual([
      'form',
      'fields',
      fields.length - 1,
      'id',
    ]);
    // The same catalog, stand-ins included, fails the kiosk's own parser too.
    expect(() => parseCatalog(withPublicationStandIns(asRecord(draft), now))).toThrow(
      /9contact|fields/,
    );
  });

  it('catches cross-item rules: duplicate codes, a select without options, promised > legal', () => {
    const a = bundled.items[0]!;
    const b = { ...bundled.items[1]!, code: a.code };
    const select = { ...newField(a), id: 'choice', kind: 'select' as const };
    const draft = {
      ...bundled,
      items: [
        { ...a, form: { fields: [...a.form.fields, select] } },
        b,
        {
          ...bundled.items[2]!,
          type: 'committed' as const,
          legalTimeLimitDays: 1,
          promisedTimeLimitDays: 5,
        },
        ...bundled.items.slice(3),
      ],
    };
    const messages = validateDraft(asRecord(draft), now).map((i) => i.message);
    expect(messages).toContain(`duplicate item code ${a.code}`);
    expect(messages).toContain('a select field needs options');
    expect(messages).toContain('the promised time limit may not exceed the legal one');
  });
});

describe('list and option texts', () => {
  it('one entry per line, blank lines and edge spaces dropped', () => {
    expect(linesToList(' 甲 \n\n乙\n  \n')).toEqual(['甲', '乙']);
  });

  it('options as value=label or a bare label, round trip', () => {
    const options = linesToOptions('本科\nmaster=研究生\n =x');
    expect(options).toEqual([
      { value: '本科', label: '本科' },
      { value: 'master', label: '研究生' },
      { value: '=x', label: '=x' },
    ]);
    expect(linesToOptions(optionsToLines(options))).toEqual(options);
  });

  it('template rows as "label | value", round trip', () => {
    const rows = [
      { label: '姓名', value: '{{applicant.name}}' },
      { label: '备注', value: '' },
    ];
    expect(linesToRows(rowsToLines(rows))).toEqual(rows);
  });
});

describe('entries', () => {
  it('fresh ids skip those taken', () => {
    expect(freshId('field', ['field1', 'field2', 'x'])).toBe('field3');
    const item = bundled.items[0]!;
    expect(item.form.fields.map((f) => f.id)).not.toContain(newField(item).id);
    expect(item.materials.map((m) => m.id)).not.toContain(newMaterial(item).id);
  });

  it('moves clamp at the ends', () => {
    expect(moveEntry(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveEntry(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveEntry(['a', 'b', 'c'], 2, 5)).toEqual(['a', 'b', 'c']);
  });

  it('paths read as code', () => {
    expect(pathText(['form', 'fields', 2, 'label'])).toBe('form.fields[2].label');
  });

  it('changed items are named, removed ones marked', () => {
    const renamed = replaceItem(bundled, 1, { ...bundled.items[1]!, fee: '收费' });
    expect(changedItems(bundled, renamed)).toEqual([bundled.items[1]!.name]);
    const fewer = { ...bundled, items: bundled.items.slice(1) };
    expect(changedItems(bundled, fewer)).toEqual([`${bundled.items[0]!.name}（已删除）`]);
    expect(templatesChanged(bundled, renamed)).toBe(false);
  });
});
