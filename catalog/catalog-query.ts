// Reading and querying a catalog. Browser-safe (no Node imports): the renderer searches the
// catalog the host gives it, and the host validates a catalog from the centre with parseCatalog.
import type { z } from 'zod';
import { Catalog, type Category, type Item } from './schema.ts';

/** A catalog that failed validation; `issues` are the zod issues, `message` lists them by path. */
export class CatalogError extends Error {
  constructor(
    message: string,
    readonly issues: readonly z.core.$ZodIssue[],
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}

/** `items[2].form.fields[0].options`, with the item's code added when the input has one. */
function describePath(path: readonly PropertyKey[], input: unknown): string {
  let out = '';
  let node: unknown = input;
  path.forEach((key, depth) => {
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
    node =
      node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    // Name the item or template so a reader need not count array entries.
    if (
      depth === 1 &&
      (path[0] === 'items' || path[0] === 'templates') &&
      node &&
      typeof node === 'object'
    ) {
      const label =
        (node as { code?: unknown; id?: unknown }).code ?? (node as { id?: unknown }).id;
      if (typeof label === 'string') out += `(${label})`;
    }
  });
  return out || '(catalog)';
}

/** Validates a catalog (already parsed JSON, or JSON text); throws a CatalogError listing every issue. */
export function parseCatalog(json: unknown): Catalog {
  let input = json;
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json);
    } catch (err) {
      throw new CatalogError(`invalid catalog: not JSON (${(err as Error).message})`, []);
    }
  }
  const result = Catalog.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `  - ${describePath(issue.path, input)}: ${issue.message}`,
  );
  const count = result.error.issues.length;
  throw new CatalogError(
    `invalid catalog (${count} issue${count === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    result.error.issues,
  );
}

export function findItem(catalog: Catalog, code: string): Item | undefined {
  return catalog.items.find((item) => item.code === code);
}

/** Full-width to half-width, lower case, no spaces: "ＳＳ 社保" and "ss社保" compare equal. */
function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** How well one search term matches an item; 0 = not at all. */
function termScore(item: Item, categoryName: string, term: string): number {
  const name = normalise(item.name);
  if (name === term) return 100;
  if (name.startsWith(term)) return 60;
  if (name.includes(term)) return 40;
  const keywords = item.keywords.map(normalise);
  if (keywords.includes(term)) return 30;
  if (keywords.some((k) => k.includes(term) || (k.length >= 2 && term.includes(k)))) return 20;
  if (normalise(categoryName).includes(term)) return 15;
  if (normalise(item.department).includes(term) || normalise(item.implementingBody).includes(term))
    return 10;
  if (normalise(item.code).includes(term)) return 5;
  return 0;
}

/**
 * Items matching every whitespace-separated term of the query (name, keywords, category,
 * department, code; plain substrings, no pinyin). Order: the exact name, then items whose name
 * holds every term, popular ones first within each group, then the better match, then catalog
 * order. An empty query finds nothing.
 */
export function searchItems(catalog: Catalog, query: string): Item[] {
  const terms = query
    .normalize('NFKC')
    .split(/\s+/)
    .map(normalise)
    .filter((t) => t.length > 0);
  if (terms.length === 0) return [];
  const categoryName = new Map(catalog.categories.map((c) => [c.id, c.name]));
  const whole = normalise(query);
  const hits: { item: Item; exact: boolean; inName: boolean; score: number; index: number }[] = [];
  catalog.items.forEach((item, index) => {
    let score = 0;
    for (const term of terms) {
      const s = termScore(item, categoryName.get(item.category) ?? '', term);
      if (s === 0) return;
      score += s;
    }
    const name = normalise(item.name);
    hits.push({
      item,
      exact: name === whole,
      inName: terms.every((t) => name.includes(t)),
      score,
      index,
    });
  });
  hits.sort(
    (a, b) =>
      Number(b.exact) - Number(a.exact) ||
      Number(b.inName) - Number(a.inName) ||
      Number(b.item.popular) - Number(a.item.popular) ||
      b.score - a.score ||
      a.index - b.index,
  );
  return hits.map((h) => h.item);
}

/** The items for the home screen's "热门事项", in catalog order. */
export function popularItems(catalog: Catalog): Item[] {
  return catalog.items.filter((item) => item.popular);
}

/** Categories in catalog order with their items; a category without items is left out. */
export function itemsByCategory(catalog: Catalog): { category: Category; items: Item[] }[] {
  return catalog.categories
    .map((category) => ({
      category,
      items: catalog.items.filter((i) => i.category === category.id),
    }))
    .filter((group) => group.items.length > 0);
}
