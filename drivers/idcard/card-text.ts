// The 256-byte text block of a card: UCS-2 little-endian, each field right-padded with spaces.
// The character at byte 248 selects the layout. Only trailing spaces are trimmed: foreign names
// contain spaces.

export const TEXT_BLOCK_BYTES = 256;
const TYPE_OFFSET = 248;

/** ' ' resident ID card, 'J' HK/Macau/Taiwan residence permit, 'I' / 'Y' foreign PR 2017 / 2023. */
export type CardLayout = ' ' | 'J' | 'I' | 'Y';
const LAYOUTS: readonly string[] = [' ', 'J', 'I', 'Y'];

export function isCardLayout(c: string): c is CardLayout {
  return LAYOUTS.includes(c);
}

/** Every text field any layout has; fields a layout lacks are ''. Dates stay YYYYMMDD. */
export interface RawCardText {
  /** The character at byte 248 (one of CardLayout on every known card). */
  layout: string;
  /** Chinese name (for 'I' the optional Chinese name field). */
  name: string;
  /** 'I', 'Y' (for 'Y' both parts joined). */
  englishName: string;
  /** GB/T 2261.1 code: 0 unknown, 1 male, 2 female, 9 unspecified. */
  gender: string;
  /** GB 3304 code, resident cards only. */
  nation: string;
  birthDate: string;
  address: string;
  /** Citizen / permit / permanent-residence number. */
  idNumber: string;
  issuer: string;
  validFrom: string;
  /** YYYYMMDD or 长期. */
  validTo: string;
  /** 'J': the HK/Macau/Taiwan travel pass number. */
  passNumber: string;
  /** 'J' issue count; 'Y' renewal count. */
  issueCount: string;
  /** 'I' nationality; 'Y' country code (ISO 3166-1 alpha-3). */
  nationality: string;
  /** 'I' */
  cardVersion: string;
  /** 'I' issuing authority code. */
  authorityCode: string;
  /** 'Y': link to a previous permanent-residence number. */
  previousNumberLink: string;
}

type FieldName = Exclude<keyof RawCardText, 'layout'>;

/** [field, byte offset, byte length]; a field may appear twice (joined in order). */
type Slot = readonly [FieldName, number, number];

const RESIDENT_LIKE: readonly Slot[] = [
  ['name', 0, 30],
  ['gender', 30, 2],
  ['birthDate', 36, 16],
  ['address', 52, 70],
  ['idNumber', 122, 36],
  ['issuer', 158, 30],
  ['validFrom', 188, 16],
  ['validTo', 204, 16],
];

export const TEXT_LAYOUT: Readonly<Record<CardLayout, readonly Slot[]>> = {
  ' ': [...RESIDENT_LIKE, ['nation', 32, 4]],
  J: [...RESIDENT_LIKE, ['passNumber', 220, 18], ['issueCount', 238, 4]],
  I: [
    ['englishName', 0, 120],
    ['gender', 120, 2],
    ['idNumber', 122, 30],
    ['nationality', 152, 6],
    ['name', 158, 30],
    ['validFrom', 188, 16],
    ['validTo', 204, 16],
    ['birthDate', 220, 16],
    ['cardVersion', 236, 4],
    ['authorityCode', 240, 8],
  ],
  Y: [
    ['name', 0, 30],
    ['gender', 30, 2],
    ['issueCount', 32, 4],
    ['birthDate', 36, 16],
    ['englishName', 52, 70],
    ['idNumber', 122, 36],
    ['validFrom', 188, 16],
    ['validTo', 204, 16],
    ['englishName', 220, 22],
    ['nationality', 242, 6],
    ['previousNumberLink', 250, 6],
  ],
};

export function emptyCardText(layout: CardLayout): RawCardText {
  return {
    layout,
    name: '',
    englishName: '',
    gender: '',
    nation: '',
    birthDate: '',
    address: '',
    idNumber: '',
    issuer: '',
    validFrom: '',
    validTo: '',
    passNumber: '',
    issueCount: '',
    nationality: '',
    cardVersion: '',
    authorityCode: '',
    previousNumberLink: '',
  };
}

function decodeUcs2(bytes: Uint8Array, offset: number, length: number): string {
  let s = '';
  for (let i = offset; i + 1 < offset + length; i += 2) {
    s += String.fromCharCode((bytes[i] ?? 0x20) | ((bytes[i + 1] ?? 0) << 8));
  }
  return s;
}

/** Trailing padding only: spaces, and NULs some modules leave in unused fields. */
function trimEnd(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === ' ' || s.charCodeAt(end - 1) === 0)) end--;
  return s.slice(0, end);
}

/**
 * Parses a text block. A block shorter than 256 bytes is read as if padded with spaces; an
 * unknown layout character is kept in `layout` and the block is read as a resident card.
 */
export function parseCardText(block: Uint8Array): RawCardText {
  const bytes = new Uint8Array(TEXT_BLOCK_BYTES).fill(0x20);
  for (let i = 1; i < TEXT_BLOCK_BYTES; i += 2) bytes[i] = 0;
  bytes.set(block.subarray(0, TEXT_BLOCK_BYTES));
  const typeChar = decodeUcs2(bytes, TYPE_OFFSET, 2);
  const layout: CardLayout = isCardLayout(typeChar) ? typeChar : ' ';
  const raw = emptyCardText(layout);
  raw.layout = typeChar;
  const joined = new Map<FieldName, string>();
  for (const [field, offset, length] of TEXT_LAYOUT[layout]) {
    joined.set(field, (joined.get(field) ?? '') + decodeUcs2(bytes, offset, length));
  }
  for (const [field, value] of joined) raw[field] = trimEnd(value);
  return raw;
}

export class CardTextOverflow extends RangeError {
  constructor(
    readonly field: string,
    readonly maxChars: number,
  ) {
    super(`${field} is longer than ${maxChars} characters`);
    this.name = 'CardTextOverflow';
  }
}

/** Capacity in UCS-2 units of each field of a layout (both parts of a split field summed). */
export function fieldCapacity(layout: CardLayout): Partial<Record<FieldName, number>> {
  const cap: Partial<Record<FieldName, number>> = {};
  for (const [field, , length] of TEXT_LAYOUT[layout]) cap[field] = (cap[field] ?? 0) + length / 2;
  return cap;
}

/**
 * The inverse of parseCardText (for the simulator and tests). Fields the layout lacks are
 * ignored; a value too long for its field throws CardTextOverflow.
 */
export function encodeCardText(fields: Partial<RawCardText> & { layout: CardLayout }): Uint8Array {
  const out = new Uint8Array(TEXT_BLOCK_BYTES);
  for (let i = 0; i < TEXT_BLOCK_BYTES; i += 2) out[i] = 0x20;
  const write = (text: string, offset: number, length: number) => {
    for (let k = 0; k < text.length && k * 2 < length; k++) {
      const code = text.charCodeAt(k);
      out[offset + k * 2] = code & 0xff;
      out[offset + k * 2 + 1] = code >> 8;
    }
  };
  const cap = fieldCapacity(fields.layout);
  const remaining = new Map<FieldName, string>();
  for (const [field, max] of Object.entries(cap) as [FieldName, number][]) {
    const value = fields[field] ?? '';
    if (value.length > max) throw new CardTextOverflow(field, max);
    remaining.set(field, value);
  }
  for (const [field, offset, length] of TEXT_LAYOUT[fields.layout]) {
    const value = remaining.get(field) ?? '';
    write(value, offset, length);
    remaining.set(field, value.slice(length / 2));
  }
  write(fields.layout, TYPE_OFFSET, 2);
  return out;
}
