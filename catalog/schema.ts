// The item catalog: government service items (政务服务事项) described as data, so that a
// catalog update from the centre changes a kiosk's flows without a software release.
// Element names follow the national item standard (GB/T 39554.1): code, name, type,
// competent department, implementing body, legal basis, conditions, materials, time limits, fees.
import { z } from 'zod';

/** Where a form field's initial value comes from. */
export const PrefillSource = z.discriminatedUnion('from', [
  z.object({
    from: z.literal('card'),
    field: z.enum([
      'name',
      'englishName',
      'gender',
      'nation',
      'birthDate',
      'address',
      'idNumber',
      'cardType',
      'nationality',
    ]),
  }),
  z.object({
    from: z.literal('kiosk'),
    field: z.enum(['district', 'street', 'servicePoint', 'today']),
  }),
  z.object({ from: z.literal('constant'), value: z.string() }),
]);
export type PrefillSource = z.infer<typeof PrefillSource>;

export const FieldOption = z.object({ value: z.string().min(1), label: z.string().min(1) });

export const FormField = z.object({
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/),
  label: z.string().min(1),
  kind: z.enum(['text', 'select', 'date', 'phone', 'number', 'textarea']),
  required: z.boolean(),
  prefill: PrefillSource.optional(),
  /** A value taken from the ID card is shown but not editable: the card is the authority. */
  lockedWhenPrefilled: z.boolean().default(false),
  options: z.array(FieldOption).optional(),
  pattern: z.string().optional(),
  patternMessage: z.string().optional(),
  maxLength: z.number().int().positive().optional(),
  help: z.string().optional(),
  /** Personal data that must be masked on receipts and screens outside the form. */
  personal: z.boolean().default(false),
});
export type FormField = z.infer<typeof FormField>;

export const Material = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  required: z.boolean(),
  /** id-card: read electronically instead of a photocopy; e-licence: fetched by the government. */
  source: z.enum(['id-card', 'scan', 'e-licence', 'form', 'none']),
  note: z.string().optional(),
});
export type Material = z.infer<typeof Material>;

export const CardType = z.enum([
  'resident',
  'hk-macau-taiwan',
  'foreign-permanent-2017',
  'foreign-permanent-2023',
]);
export type CardType = z.infer<typeof CardType>;

export const Item = z.object({
  /** 事项编码 (basic code + implementation code). */
  code: z.string().regex(/^[0-9A-Z-]{6,40}$/),
  name: z.string().min(2),
  category: z.string().min(1),
  department: z.string().min(1),
  implementingBody: z.string().min(1),
  type: z.enum(['instant', 'committed']),
  legalBasis: z.array(z.string().min(1)).min(1),
  conditions: z.array(z.string().min(1)),
  legalTimeLimitDays: z.number().int().nonnegative(),
  promisedTimeLimitDays: z.number().int().nonnegative(),
  fee: z.string().min(1),
  visits: z.number().int().nonnegative(),
  popular: z.boolean().default(false),
  keywords: z.array(z.string()).default([]),
  identity: z.object({
    level: z.enum(['id-card', 'id-card-and-face']),
    acceptedCardTypes: z.array(CardType).min(1),
    minimumAge: z.number().int().nonnegative().optional(),
    /**
     * Face verification (level 'id-card-and-face'): the least similarity (0..1) between the live
     * face and the card photo that counts as the same person. Calibrated: renderer/face/CALIBRATION.md.
     */
    face: z.object({ threshold: z.number().min(0.3).max(0.95) }).optional(),
  }),
  form: z.object({ fields: z.array(FormField).min(1) }),
  materials: z.array(Material),
  outputs: z.object({
    /** Template id of the A4 document printed at once (instant items) or the acceptance receipt. */
    document: z.string().optional(),
    receipt: z.boolean().default(true),
    electronicLicence: z.string().optional(),
  }),
  offline: z.object({
    /** queue: accept while offline and sync later; online-only: refuse when the centre is away. */
    policy: z.enum(['queue', 'online-only']),
    note: z.string().optional(),
  }),
});
export type Item = z.infer<typeof Item>;

/** One line of an A4 template; `{{path}}` placeholders are filled from the document data. */
export const TemplateRow = z.object({ label: z.string(), value: z.string() });

export const DocumentTemplate = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  subtitle: z.string().optional(),
  issuer: z.string().min(1),
  sections: z
    .array(z.object({ heading: z.string().optional(), rows: z.array(TemplateRow).min(1) }))
    .min(1),
  footer: z.array(z.string()).default([]),
});
export type DocumentTemplate = z.infer<typeof DocumentTemplate>;

export const Category = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  icon: z.string(),
});
export type Category = z.infer<typeof Category>;

/** `{{ path }}` in a template string (global: use with matchAll/replace); group 1 is the path. */
export const TEMPLATE_PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * Paths of the document data the host passes to every template (host/kiosk-service.ts);
 * `form.<fieldId>` is known only for fields of an item that prints the template.
 */
export const TEMPLATE_DATA_PATHS: readonly string[] = [
  'applicant.cardType',
  'applicant.name',
  'applicant.idNumber',
  'applicant.gender',
  'applicant.genderLabel',
  'applicant.birthDate',
  'applicant.nation',
  'applicant.nationality',
  'applicant.address',
  'trackingCode',
  'issuedOn',
  'itemName',
  'servicePoint.district',
  'servicePoint.street',
  'servicePoint.name',
  'kioskId',
  'promisedBy',
];

/** Every placeholder path in a template, with where it occurs (for error paths). */
export function templatePlaceholders(
  template: z.input<typeof DocumentTemplate>,
): { path: string; at: (string | number)[] }[] {
  const found: { path: string; at: (string | number)[] }[] = [];
  const scan = (text: string | undefined, at: (string | number)[]) => {
    if (text === undefined) return;
    for (const m of text.matchAll(TEMPLATE_PLACEHOLDER)) found.push({ path: m[1] ?? '', at });
  };
  scan(template.title, ['title']);
  scan(template.subtitle, ['subtitle']);
  scan(template.issuer, ['issuer']);
  template.sections.forEach((section, j) => {
    scan(section.heading, ['sections', j, 'heading']);
    section.rows.forEach((row, k) => {
      scan(row.label, ['sections', j, 'rows', k, 'label']);
      scan(row.value, ['sections', j, 'rows', k, 'value']);
    });
  });
  (template.footer ?? []).forEach((line, j) => scan(line, ['footer', j]));
  return found;
}

/** The data paths a template may use: the host's fixed paths plus its items' form fields. */
export function knownTemplatePaths(
  catalog: {
    items: readonly {
      outputs: { document?: string | undefined };
      form: { fields: readonly { id: string }[] };
    }[];
  },
  templateId: string,
): Set<string> {
  const known = new Set(TEMPLATE_DATA_PATHS);
  for (const item of catalog.items) {
    if (item.outputs.document !== templateId) continue;
    for (const field of item.form.fields) known.add(`form.${field.id}`);
  }
  return known;
}

export const Catalog = z
  .object({
    schemaVersion: z.literal(1),
    /** Monotonic: a kiosk never applies a lower version than the one it runs. */
    version: z.number().int().positive(),
    issuedAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }),
    categories: z.array(Category).min(1),
    items: z.array(Item).min(1),
    templates: z.array(DocumentTemplate),
  })
  .superRefine((catalog, ctx) => {
    // Additions to the first rules: each catches a catalog that would validate but misbehave
    // at a kiosk (a pattern the host cannot compile, a placeholder that prints blank, …).
    if (Date.parse(catalog.expiresAt) <= Date.parse(catalog.issuedAt)) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiresAt'],
        message: 'expiresAt must be after issuedAt',
      });
    }
    const categoryIds = new Set<string>();
    catalog.categories.forEach((category, i) => {
      if (categoryIds.has(category.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['categories', i, 'id'],
          message: `duplicate category ${category.id}`,
        });
      }
      categoryIds.add(category.id);
    });
    const templateIds = new Set<string>();
    catalog.templates.forEach((template, i) => {
      if (templateIds.has(template.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['templates', i, 'id'],
          message: `duplicate template ${template.id}`,
        });
      }
      templateIds.add(template.id);
      const known = knownTemplatePaths(catalog, template.id);
      for (const { path, at } of templatePlaceholders(template)) {
        if (!known.has(path)) {
          ctx.addIssue({
            code: 'custom',
            path: ['templates', i, ...at],
            message: `unknown placeholder {{${path}}} (not in the document data of template ${template.id})`,
          });
        }
      }
    });
    catalog.items.forEach((item, i) => {
      if (item.promisedTimeLimitDays > item.legalTimeLimitDays) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'promisedTimeLimitDays'],
          message: 'the promised time limit may not exceed the legal one',
        });
      }
      if (item.type === 'instant' && item.promisedTimeLimitDays !== 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'promisedTimeLimitDays'],
          message:
            'an instant item (即办件) is finished on the spot: promisedTimeLimitDays must be 0',
        });
      }
      const materialIds = new Set<string>();
      item.materials.forEach((material, j) => {
        if (materialIds.has(material.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['items', i, 'materials', j, 'id'],
            message: `duplicate material ${material.id}`,
          });
        }
        materialIds.add(material.id);
      });
      item.form.fields.forEach((field, j) => {
        if (field.pattern !== undefined) {
          // The host and the renderer compile it as ^(?:pattern)$; a broken one would fail a submit.
          try {
            new RegExp(`^(?:${field.pattern})$`);
          } catch {
            ctx.addIssue({
              code: 'custom',
              path: ['items', i, 'form', 'fields', j, 'pattern'],
              message: `invalid regular expression ${field.pattern}`,
            });
          }
        }
        const values = new Set<string>();
        field.options?.forEach((option, k) => {
          if (values.has(option.value)) {
            ctx.addIssue({
              code: 'custom',
              path: ['items', i, 'form', 'fields', j, 'options', k, 'value'],
              message: `duplicate option ${option.value}`,
            });
          }
          values.add(option.value);
        });
      });
    });
    const codes = new Set<string>();
    const templates = new Set(catalog.templates.map((t) => t.id));
    const categories = new Set(catalog.categories.map((c) => c.id));
    catalog.items.forEach((item, i) => {
      if (codes.has(item.code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'code'],
          message: `duplicate item code ${item.code}`,
        });
      }
      codes.add(item.code);
      if (!categories.has(item.category)) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'category'],
          message: `unknown category ${item.category}`,
        });
      }
      if (item.outputs.document && !templates.has(item.outputs.document)) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'outputs', 'document'],
          message: `unknown template ${item.outputs.document}`,
        });
      }
      const ids = new Set<string>();
      item.form.fields.forEach((field, j) => {
        if (ids.has(field.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['items', i, 'form', 'fields', j, 'id'],
            message: `duplicate field ${field.id}`,
          });
        }
        ids.add(field.id);
        if (field.kind === 'select' && !field.options?.length) {
          ctx.addIssue({
            code: 'custom',
            path: ['items', i, 'form', 'fields', j],
            message: 'a select field needs options',
          });
        }
      });
    });
  });
export type Catalog = z.infer<typeof Catalog>;

export const ITEM_TYPE_LABEL: Record<Item['type'], string> = {
  instant: '即办件',
  committed: '承诺件',
};
