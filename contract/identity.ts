// What the kiosk knows about the person whose card is on the reader. Field names match the
// technician CLI's JSON (`kiosk24 device read-card --json`), which scripts depend on.
import { z } from 'zod';
import { CardType } from '../catalog/schema.ts';

export const Gender = z.enum(['male', 'female', 'unknown', 'unspecified']);
export type Gender = z.infer<typeof Gender>;

export const CardPerson = z.object({
  cardType: CardType,
  name: z.string(),
  englishName: z.string().nullable(),
  gender: Gender,
  nation: z.string().nullable(),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  address: z.string().nullable(),
  idNumber: z.string(),
  issuer: z.string().nullable(),
  validFrom: z.string(),
  /** YYYY-MM-DD or `long-term` (长期). */
  validTo: z.string(),
  passNumber: z.string().nullable(),
  issueCount: z.string().nullable(),
  nationality: z.string().nullable(),
  expired: z.boolean(),
  idNumberValid: z.boolean(),
  /** 65 or over: the screens offer elder mode (适老化). */
  elder: z.boolean(),
});
export type CardPerson = z.infer<typeof CardPerson>;

export const GENDER_LABEL: Record<Gender, string> = {
  male: '男',
  female: '女',
  unknown: '未知',
  unspecified: '未说明',
};
