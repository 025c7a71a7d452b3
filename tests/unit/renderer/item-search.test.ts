import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';
import { searchItems, suggestTerms } from '../../../renderer/state/item-search.ts';
import {
  acceptedCardsText,
  outputsText,
  timeLimitText,
} from '../../../renderer/state/item-facts.ts';

const catalog = loadBundledCatalog();

describe('item search', () => {
  it('suggests longer names and keywords containing what was typed, prefixes first', () => {
    const terms = suggestTerms(catalog, '社保');
    expect(terms.length).toBeGreaterThan(0);
    expect(terms.every((t) => t.includes('社保'))).toBe(true);
    expect(terms).toContain('社保卡挂失');
    expect(terms).not.toContain('社保'); // not what was typed already
    const firstNotPrefix = terms.findIndex((t) => !t.startsWith('社保'));
    if (firstNotPrefix >= 0)
      expect(terms.slice(firstNotPrefix).every((t) => !t.startsWith('社保'))).toBe(true);
  });

  it('suggests nothing for empty input and at most the limit', () => {
    expect(suggestTerms(catalog, '  ')).toEqual([]);
    expect(suggestTerms(catalog, '证', 3).length).toBeLessThanOrEqual(3);
  });

  it('normalises full-width input like the catalog search', () => {
    expect(suggestTerms(catalog, '社保　')).toEqual(suggestTerms(catalog, '社保'));
  });

  it('finds an item by a keyword a citizen would use', () => {
    expect(searchItems(catalog, '上班').map((i) => i.name)).toContain('个人就业登记');
  });
});

describe('item facts', () => {
  it('describes time limits, outputs and accepted cards in plain words', () => {
    const employment = catalog.items.find((i) => i.name === '个人就业登记')!;
    expect(timeLimitText(employment)).toBe('当场办结');
    expect(outputsText(employment, catalog)[0]).toContain('就业登记证明');
    expect(acceptedCardsText(employment)).toBe('居民身份证、港澳台居民居住证');
    const committed = catalog.items.find((i) => i.type === 'committed')!;
    expect(timeLimitText(committed)).toContain(`${committed.promisedTimeLimitDays}个工作日`);
  });
});
