// A4 templates are data (catalog/schema.ts DocumentTemplate): `{{path}}` placeholders are filled
// from the document data the host passes. A missing or non-text value prints as nothing, never
// as "undefined" or "[object Object]".
import { TEMPLATE_PLACEHOLDER, type DocumentTemplate } from '../catalog/schema.ts';

export interface FilledSection {
  heading?: string;
  rows: { label: string; value: string }[];
}

export interface FilledCertificate {
  title: string;
  subtitle?: string;
  issuer: string;
  sections: FilledSection[];
  footer: string[];
}

/** The value at a dotted path of own properties (no prototype lookups), or undefined. */
export function valueAtPath(data: unknown, dotted: string): unknown {
  let at: unknown = data;
  for (const key of dotted.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date && !Number.isNaN(value.getTime()))
    return value.toISOString().slice(0, 10);
  return '';
}

export function fillPlaceholders(text: string, data: Record<string, unknown>): string {
  return text.replace(TEMPLATE_PLACEHOLDER, (_m, dotted: string) =>
    asText(valueAtPath(data, dotted)),
  );
}

export function fillTemplate(
  template: DocumentTemplate,
  data: Record<string, unknown>,
): FilledCertificate {
  const fill = (text: string) => fillPlaceholders(text, data);
  return {
    title: fill(template.title),
    ...(template.subtitle !== undefined ? { subtitle: fill(template.subtitle) } : {}),
    issuer: fill(template.issuer),
    sections: template.sections.map((s) => ({
      ...(s.heading !== undefined ? { heading: fill(s.heading) } : {}),
      rows: s.rows.map((r) => ({ label: fill(r.label), value: fill(r.value) })),
    })),
    footer: (template.footer ?? []).map(fill),
  };
}
