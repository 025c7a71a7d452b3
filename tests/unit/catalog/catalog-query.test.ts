import { describe, expect, it } from 'vitest';
import {
  CatalogError,
  findItem,
  itemsByCategory,
  parseCatalog,
  popularItems,
  searchItems,
} from '../../../catalog/catalog-query.ts';
import { loadBundledCatalog } from '../../../catalog/load-bundled-catalog.ts';

const catalog = loadBundledCatalog();
const names = (items: { name: string }[]) => items.map((i) => i.name);
/** A fresh, mutable copy of the bundled catalog to break on purpose. */
const copy = (): Record<string, any> => structuredClone(catalog) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function rejection(input: unknown): CatalogError {
  try {
    parseCatalog(input);
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogError);
    return err as CatalogError;
  }
  throw new Error('the catalog was accepted');
}

describe('parseCatalog', () => {
  it('accepts the bundled catalog as an object and as JSON text', () => {
    expect(parseCatalog(JSON.parse(JSON.stringify(catalog)))).toEqual(catalog);
    expect(parseCatalog(JSON.stringify(catalog))).toEqual(catalog);
  });

  it('rejects a tampered catalog (wrong type of a field) with a message naming the path', () => {
    const bad = copy();
    bad.items[0].form.fields[5].required = 'yes';
    bad.items[2].legalTimeLimitDays = '1';
    const err = rejection(bad);
    expect(err.message).toMatch(/^invalid catalog \(2 issues\):/);
    expect(err.message).toContain(`items[0](${catalog.items[0]!.code}).form.fields[5].required:`);
    expect(err.message).toContain(`items[2](${catalog.items[2]!.code}).legalTimeLimitDays:`);
    expect(err.message).toMatch(/expected boolean/);
    expect(err.issues.map((i) => i.path)).toContainEqual([
      'items',
      0,
      'form',
      'fields',
      5,
      'required',
    ]);
  });

  it('rejects an unknown field kind, a bad code and a wrong schema version', () => {
    const bad = copy();
    bad.schemaVersion = 2;
    bad.items[1].code = '440100 社保';
    bad.items[1].form.fields[0].kind = 'checkbox';
    const err = rejection(bad);
    expect(err.issues).toHaveLength(3);
    expect(err.message).toContain('schemaVersion:');
    expect(err.message).toContain('.code:');
    expect(err.message).toContain('.form.fields[0].kind:');
  });

  it('reports a duplicate item code, an unknown template and a select without options by path', () => {
    const bad = copy();
    bad.items[1].code = bad.items[0].code;
    bad.items[3].outputs.document = 'no-such-template';
    const select = bad.items[0].form.fields.findIndex((f: { kind: string }) => f.kind === 'select');
    delete bad.items[0].form.fields[select].options;
    const err = rejection(bad);
    expect(err.issues.map((i) => [i.path, i.message])).toEqual(
      expect.arrayContaining([
        [['items', 1, 'code'], `duplicate item code ${catalog.items[0]!.code}`],
        [['items', 3, 'outputs', 'document'], 'unknown template no-such-template'],
        [['items', 0, 'form', 'fields', select], 'a select field needs options'],
      ]),
    );
    expect(err.message).toContain(`items[1](${catalog.items[0]!.code}).code: duplicate item code`);
    expect(err.message).toContain('.outputs.document: unknown template no-such-template');
    expect(err.message).toContain(`.form.fields[${select}]: a select field needs options`);
  });

  it('reports the added rules: placeholders, patterns, time limits, duplicates, dates', () => {
    const bad = copy();
    bad.templates[0].sections[0].rows[0].value = '{{applicant.passport}}';
    bad.templates[2].footer.push('{{form.employerName}}'); // a field of no item printing this template
    bad.items[0].form.fields.find((f: { id: string }) => f.id === 'phone').pattern = '1[3-9';
    bad.items[1].promisedTimeLimitDays = 1; // instant
    bad.items[3].promisedTimeLimitDays = bad.items[3].legalTimeLimitDays + 1;
    bad.templates.push({ ...bad.templates[1] });
    bad.categories.push({ ...bad.categories[0] });
    bad.items[5].materials.push({ ...bad.items[5].materials[0] });
    bad.items[5].form.fields[6].options.push({ ...bad.items[5].form.fields[6].options[0] });
    bad.expiresAt = bad.issuedAt;
    const err = rejection(bad);
    const found = err.issues.map((i) => i.path.join('.'));
    expect(found).toEqual(
      expect.arrayContaining([
        'templates.0.sections.0.rows.0.value',
        `templates.2.footer.${bad.templates[2].footer.length - 1}`,
        `items.0.form.fields.${bad.items[0].form.fields.findIndex((f: { id: string }) => f.id === 'phone')}.pattern`,
        'items.1.promisedTimeLimitDays',
        'items.3.promisedTimeLimitDays',
        `templates.${bad.templates.length - 1}.id`,
        `categories.${bad.categories.length - 1}.id`,
        `items.5.materials.${bad.items[5].materials.length - 1}.id`,
        `items.5.form.fields.6.options.${bad.items[5].form.fields[6].options.length - 1}.value`,
        'expiresAt',
      ]),
    );
    expect(err.message).toContain('unknown placeholder {{applicant.passport}}');
    expect(err.message).toContain(
      'templates[0](employment-registration).sections[0].rows[0].value',
    );
  });

  it('says plainly when the text is not JSON', () => {
    expect(() => parseCatalog('{ "schemaVersion": 1,')).toThrow(/invalid catalog: not JSON/);
  });
});

describe('queries', () => {
  it('finds an item by code', () => {
    const first = catalog.items[0]!;
    expect(findItem(catalog, first.code)).toBe(first);
    expect(findItem(catalog, '440100-00-000000-000')).toBeUndefined();
  });

  it('searches names, keywords and departments', () => {
    expect(names(searchItems(catalog, '就业'))).toEqual(['个人就业登记']);
    expect(names(searchItems(catalog, '养老'))[0]).toBe('公办养老机构轮候申请');
    expect(names(searchItems(catalog, '养老院'))).toEqual(['公办养老机构轮候申请']); // a keyword
    expect(names(searchItems(catalog, '医疗保障局'))).toEqual(['城乡居民医保参保登记']); // the department
    expect(names(searchItems(catalog, '市场监督管理'))).toEqual(['个体工商户注销登记']);
    expect(names(searchItems(catalog, '我要挂失社保卡'))).toEqual(['社保卡挂失']); // a sentence holding keywords
    expect(names(searchItems(catalog, '社保卡 挂失'))).toEqual(['社保卡挂失']); // every term must match
    expect(names(searchItems(catalog, '　个人就业登记　'))).toEqual(['个人就业登记']); // full-width spaces
    expect(searchItems(catalog, '护照')).toEqual([]);
    expect(searchItems(catalog, '   ')).toEqual([]);
  });

  it('ranks an exact name first, then name matches, popular items first', () => {
    const social = names(searchItems(catalog, '社保'));
    expect(social[0]).toBe('社保卡挂失');
    expect(social).toContain('个人参保证明打印');
    expect(names(searchItems(catalog, '城乡居民医保参保登记'))[0]).toBe('城乡居民医保参保登记');
    // A department matches all its items: the popular ones come first.
    const hr = searchItems(catalog, '人力资源和社会保障局');
    expect(hr.length).toBeGreaterThanOrEqual(3);
    const firstUnpopular = hr.findIndex((i) => !i.popular);
    if (firstUnpopular >= 0) expect(hr.slice(firstUnpopular).every((i) => !i.popular)).toBe(true);
  });

  it('lists popular items and groups items by category in catalog order', () => {
    expect(popularItems(catalog).every((i) => i.popular)).toBe(true);
    expect(names(popularItems(catalog))).toContain('个人就业登记');
    const groups = itemsByCategory(catalog);
    expect(groups.map((g) => g.category.name)).toEqual([
      '就业创业',
      '社会保障',
      '医疗保障',
      '市场监管',
      '养老服务',
    ]);
    expect(groups.flatMap((g) => g.items)).toHaveLength(catalog.items.length);
    const empty = copy();
    empty.categories.push({ id: 'empty', name: '空类别', icon: 'none' });
    expect(itemsByCategory(parseCatalog(empty)).map((g) => g.category.id)).not.toContain('empty');
  });
});
