// Search on the item screen: results from the catalog's own query (catalog/catalog-query.ts) and
// tappable completions, since typing on a kiosk's on-screen keyboard is slow.
import type { Catalog } from '../../catalog/schema.ts';
import { searchItems } from '../../catalog/catalog-query.ts';

const normalise = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/**
 * Item names and keywords that contain what was typed (and are longer than it), best first:
 * those that start with it, then shorter ones. Empty input suggests nothing.
 */
export function suggestTerms(catalog: Catalog, query: string, limit = 6): string[] {
  const typed = normalise(query);
  if (!typed) return [];
  const seen = new Set<string>();
  const candidates: { term: string; starts: boolean; index: number }[] = [];
  const consider = (term: string) => {
    const key = normalise(term);
    if (seen.has(key) || key === typed || !key.includes(typed)) return;
    seen.add(key);
    candidates.push({ term, starts: key.startsWith(typed), index: candidates.length });
  };
  for (const item of catalog.items) consider(item.name);
  for (const item of catalog.items) item.keywords.forEach(consider);
  candidates.sort(
    (a, b) =>
      Number(b.starts) - Number(a.starts) ||
      Array.from(a.term).length - Array.from(b.term).length ||
      a.index - b.index,
  );
  return candidates.slice(0, limit).map((c) => c.term);
}

export { searchItems };
