// Card fixtures: the text fields of one card as JSON, for the simulator, the demo and tests.
// Values are as the card stores them (gender and nation codes, dates YYYYMMDD or 长期), so a
// fixture can describe a broken card too (a wrong check digit, an expired card).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CardType } from '../../catalog/schema.ts';
import { LAYOUT_OF_CARD_TYPE, LONG_TERM, isoDate } from './card-person.ts';
import { SIM_PHOTO_NAME } from './photo.ts';
import { emptyCardText, fieldCapacity, type CardLayout, type RawCardText } from './card-text.ts';

const date8 = z
  .string()
  .regex(/^\d{8}$/, { message: 'must be YYYYMMDD', abort: true })
  .refine((s) => isoDate(s) !== null, 'is not a real date');

export const CardFixture = z
  .strictObject({
    /** Free text for people reading the fixture; not on the card. */
    description: z.string().optional(),
    cardType: CardType,
    /** Chinese name ('foreign-permanent-2017': optional). */
    name: z.string().default(''),
    englishName: z.string().optional(),
    gender: z.enum(['0', '1', '2', '9'], {
      message: 'must be "0", "1", "2" or "9" (unknown, male, female, unspecified)',
    }),
    /** GB 3304 code, resident cards. */
    nation: z
      .string()
      .regex(/^\d{2}$/, 'must be a two-digit GB 3304 code')
      .optional(),
    birthDate: date8,
    address: z.string().optional(),
    idNumber: z.string().min(1),
    issuer: z.string().optional(),
    validFrom: date8,
    validTo: z
      .string()
      .refine(
        (s) => s === LONG_TERM || isoDate(s) !== null,
        `must be a date YYYYMMDD or ${LONG_TERM}`,
      ),
    passNumber: z.string().optional(),
    issueCount: z
      .string()
      .regex(/^\d{1,2}$/, 'must be one or two digits')
      .optional(),
    /** ISO 3166-1 alpha-3 ('foreign-permanent-2017' nationality, '2023' country code). */
    nationality: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be three capital letters')
      .optional(),
    cardVersion: z.string().optional(),
    authorityCode: z.string().optional(),
    previousNumberLink: z.string().optional(),
    /** Answer to "read newest address" (30 03); absent → status 91. */
    newestAddress: z.string().max(35).optional(),
    /**
     * 'portrait': a generated test portrait in the simulator's photo format; any other name: the
     * PNG fixtures/photos/<name>.png (a real face, for face verification), carried by reference.
     */
    photo: z
      .union([
        z.literal('portrait'),
        z.string().regex(SIM_PHOTO_NAME, 'must name a photo in fixtures/photos'),
      ])
      .optional(),
    /** Whether the card holds fingerprints (1,024 bytes of filler for 30 10). */
    fingerprint: z.boolean().optional(),
  })
  .superRefine((f, ctx) => {
    const need = (field: keyof typeof f, why: string) => {
      if (f[field] === undefined || f[field] === '')
        ctx.addIssue({ code: 'custom', path: [field], message: `required ${why}` });
    };
    if (f.cardType === 'resident') need('nation', 'on a resident card');
    if (f.cardType === 'foreign-permanent-2017')
      need('englishName', 'on a 2017 permanent-residence card');
    if (f.cardType !== 'foreign-permanent-2017') need('name', 'on this card type');
    if (f.cardType.startsWith('foreign')) need('nationality', 'on a permanent-residence card');
    const cap = fieldCapacity(LAYOUT_OF_CARD_TYPE[f.cardType]);
    for (const [field, max] of Object.entries(cap)) {
      const value = (f as Record<string, unknown>)[field];
      if (typeof value === 'string' && value.length > max) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `at most ${max} characters on this card type`,
        });
      }
    }
  });
export type CardFixture = z.infer<typeof CardFixture>;

/** Validates parsed JSON; the error lists every problem as `field: message`. */
export function parseCardFixture(json: unknown, source = 'card fixture'): CardFixture {
  const result = CardFixture.safeParse(json);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (i) => `  - ${i.path.length ? i.path.join('.') : '(card)'}: ${i.message}`,
  );
  throw new Error(`${source} is not a valid card:\n${lines.join('\n')}`);
}

export async function loadCardFixture(path: string): Promise<CardFixture> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read card fixture ${path}: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`card fixture ${path} is not JSON: ${(err as Error).message}`, { cause: err });
  }
  return parseCardFixture(json, `card fixture ${path}`);
}

/** The text-block fields of a fixture, ready for encodeCardText. */
export function fixtureToCardText(f: CardFixture): RawCardText & { layout: CardLayout } {
  const layout = LAYOUT_OF_CARD_TYPE[f.cardType];
  return {
    ...emptyCardText(layout),
    layout,
    name: f.name,
    englishName: f.englishName ?? '',
    gender: f.gender,
    nation: f.nation ?? '',
    birthDate: f.birthDate,
    address: f.address ?? '',
    idNumber: f.idNumber,
    issuer: f.issuer ?? '',
    validFrom: f.validFrom,
    validTo: f.validTo,
    passNumber: f.passNumber ?? '',
    issueCount: f.issueCount ?? '',
    nationality: f.nationality ?? '',
    cardVersion: f.cardVersion ?? '',
    authorityCode: f.authorityCode ?? '',
    previousNumberLink: f.previousNumberLink ?? '',
  };
}
