// Editing a catalog in the browser: immutable updates of one item, and validation with the very
// schema the kiosk and the centre apply (catalog/schema.ts), so what the console accepts is what a
// kiosk will accept. The version and dates are the centre's to set at publication; for the check
// they get stand-ins that pass.
import { Catalog, type FormField, type Item, type Material } from '../../../catalog/schema.ts';

export interface EditIssue {
  /** Path inside the catalog, e.g. ['items', 2, 'form', 'fields', 0, 'label']. */
  path: (string | number)[];
  message: string;
}

/** What the centre overwrites at publication, filled so the schema can check everything else. */
export function withPublicationStandIns(catalog: Record<string, unknown>, now: Date): unknown {
  const version = typeof catalog.version === 'number' && catalog.version > 0 ? catalog.version : 1;
  return {
    ...catalog,
    version,
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
  };
}

/** Every schema issue of the catalog as it would be published (empty: publishable). */
export function validateDraft(catalog: Record<string, unknown>, now: Date): EditIssue[] {
  const result = Catalog.safeParse(withPublicationStandIns(catalog, now));
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: issue.message,
  }));
}

/** The issues of item `index`, with paths relative to the item. */
export function itemIssues(issues: readonly EditIssue[], index: number): EditIssue[] {
  return issues
    .filter((i) => i.path[0] === 'items' && i.path[1] === index)
    .map((i) => ({ path: i.path.slice(2), message: i.message }));
}

/** Issues outside any item (templates, categories, the catalog itself). */
export function catalogLevelIssues(issues: readonly EditIssue[]): EditIssue[] {
  return issues.filter((i) => i.path[0] !== 'items');
}

/** Items with at least one issue, by index. */
export function itemsWithIssues(issues: readonly EditIssue[]): Set<number> {
  const out = new Set<number>();
  for (const i of issues)
    if (i.path[0] === 'items' && typeof i.path[1] === 'number') out.add(i.path[1]);
  return out;
}

/** `form.fields[1].label` */
export function pathText(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key),
    '',
  );
}

export function replaceItem(catalog: Catalog, index: number, item: Item): Catalog {
  return { ...catalog, items: catalog.items.map((it, i) => (i === index ? item : it)) };
}

/** One line per entry; blank lines dropped (legal basis, conditions, keywords). */
export function linesToList(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

export function listToLines(list: readonly string[]): string {
  return list.join('\n');
}

/** `value=label` per line, or just `label` (then the value is the label too). */
export function linesToOptions(text: string): { value: string; label: string }[] {
  return linesToList(text).map((line) => {
    const eq = line.indexOf('=');
    if (eq <= 0) return { value: line, label: line };
    return {
      value: line.slice(0, eq).trim(),
      label: line.slice(eq + 1).trim() || line.slice(0, eq).trim(),
    };
  });
}

export function optionsToLines(
  options: readonly { value: string; label: string }[] | undefined,
): string {
  return (options ?? [])
    .map((o) => (o.value === o.label ? o.label : `${o.value}=${o.label}`))
    .join('\n');
}

/** A template section's rows as "标签 | 值" per line, and back. */
export function rowsToLines(rows: readonly { label: string; value: string }[]): string {
  return rows.map((r) => `${r.label} | ${r.value}`).join('\n');
}

export function linesToRows(text: string): { label: string; value: string }[] {
  return linesToList(text).map((line) => {
    const bar = line.indexOf('|');
    if (bar < 0) return { label: line, value: '' };
    return { label: line.slice(0, bar).trim(), value: line.slice(bar + 1).trim() };
  });
}

/** A field id not yet used in the item: field1, field2, … */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

export function newField(item: Item): FormField {
  return {
    id: freshId(
      'field',
      item.form.fields.map((f) => f.id),
    ),
    label: '新字段',
    kind: 'text',
    required: false,
    lockedWhenPrefilled: false,
    personal: false,
  };
}

export function newMaterial(item: Item): Material {
  return {
    id: freshId(
      'material',
      item.materials.map((m) => m.id),
    ),
    name: '新材料',
    required: true,
    source: 'scan',
  };
}

/** The list with entry `from` moved by `by` places (clamped); a new array. */
export function moveEntry<T>(list: readonly T[], from: number, by: number): T[] {
  const to = Math.max(0, Math.min(list.length - 1, from + by));
  const out = [...list];
  const [moved] = out.splice(from, 1);
  if (moved !== undefined) out.splice(to, 0, moved);
  return out;
}

export function removeEntry<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

export function updateEntry<T>(list: readonly T[], index: number, entry: T): T[] {
  return list.map((e, i) => (i === index ? entry : e));
}

/** Names of the items whose content differs between two catalogs (added, changed or removed). */
export function changedItems(before: Catalog, after: Catalog): string[] {
  const old = new Map(before.items.map((i) => [i.code, JSON.stringify(i)]));
  const names: string[] = [];
  for (const item of after.items) {
    if (old.get(item.code) !== JSON.stringify(item)) names.push(item.name);
    old.delete(item.code);
  }
  const removed = before.items.filter((i) => old.has(i.code)).map((i) => `${i.name}（已删除）`);
  return [...names, ...removed];
}

/** Whether the templates differ (they are published with the items). */
export function templatesChanged(before: Catalog, after: Catalog): boolean {
  return JSON.stringify(before.templates) !== JSON.stringify(after.templates);
}
