// The catalog shipped with the software: what a kiosk runs before the centre has sent it a newer
// one, and what the demo and the tests use. The one Node-only file of catalog/ (ARCHITECTURE.md):
// the layer rule keeps browser code from importing it but does not yet exempt the file itself.
import { readFileSync } from 'node:fs';
import { parseCatalog } from './catalog-query.ts';
import type { Catalog } from './schema.ts';

export const BUNDLED_CATALOG_URL = new URL('./catalog.json', import.meta.url);

/** Reads and validates catalog.json next to this file; throws a readable CatalogError if invalid. */
export function loadBundledCatalog(): Catalog {
  let text: string;
  try {
    text = readFileSync(BUNDLED_CATALOG_URL, 'utf8');
  } catch (err) {
    throw new Error(
      `cannot read the bundled catalog ${BUNDLED_CATALOG_URL.pathname}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  return parseCatalog(text);
}
