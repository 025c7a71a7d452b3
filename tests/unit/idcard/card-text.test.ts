import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CardTextOverflow,
  encodeCardText,
  parseCardText,
  type CardLayout,
  type RawCardText,
} from '../../../drivers/idcard/index.ts';

/** The UCS-2LE text at a byte offset, padding included. */
function at(block: Uint8Array, offset: number, bytes: number): string {
  return Buffer.from(block.subarray(offset, offset + bytes)).toString('utf16le');
}

const EMPTY: Omit<RawCardText, 'layout'> = {
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

const CARDS: Record<CardLayout, RawCardText & { layout: CardLayout }> = {
  ' ': {
    ...EMPTY,
    layout: ' ',
    name: '阳秀梅',
    gender: '2',
    nation: '01',
    birthDate: '19880315',
    address: '广州市天河区天河路123号',
    idNumber: '440106198803151227',
    issuer: '广州市公安局天河分局',
    validFrom: '20190601',
    validTo: '长期',
  },
  J: {
    ...EMPTY,
    layout: 'J',
    name: '陈家明',
    gender: '1',
    birthDate: '19900101',
    address: '广东省广州市天河区体育西路88号',
    idNumber: '810000199001010019',
    issuer: '广州市公安局天河分局',
    validFrom: '20240301',
    validTo: '20290301',
    passNumber: 'H60123456',
    issueCount: '01',
  },
  I: {
    ...EMPTY,
    layout: 'I',
    englishName: 'SMITH, JOHN WILLIAM',
    gender: '1',
    idNumber: 'USA440080051201',
    nationality: 'USA',
    name: '史密斯',
    validFrom: '20190101',
    validTo: '20290101',
    birthDate: '19800512',
    cardVersion: '02',
    authorityCode: '1500',
  },
  Y: {
    ...EMPTY,
    layout: 'Y',
    name: '马丽',
    gender: '2',
    issueCount: '00',
    birthDate: '19850612',
    // Longer than part 1 (35 characters): continues in part 2 at byte 220.
    englishName: 'MARTIN-DUPONT, MARIE CLAIRE ANNE SOPHIE',
    idNumber: '944250198506120021',
    validFrom: '20230601',
    validTo: '20330601',
    nationality: 'FRA',
    previousNumberLink: 'A01',
  },
};

describe('the 256-byte text block', () => {
  it.each(Object.keys(CARDS) as CardLayout[])('round-trips layout %j', (layout) => {
    const card = CARDS[layout];
    const block = encodeCardText(card);
    expect(block.length).toBe(256);
    expect(at(block, 248, 2)).toBe(layout);
    expect(parseCardText(block)).toEqual(card);
  });

  it('puts resident fields at the documented offsets, space-padded', () => {
    const block = encodeCardText(CARDS[' ']);
    expect(at(block, 0, 30)).toBe('阳秀梅' + ' '.repeat(12));
    expect(at(block, 30, 2)).toBe('2');
    expect(at(block, 32, 4)).toBe('01');
    expect(at(block, 36, 16)).toBe('19880315');
    expect(at(block, 122, 36)).toBe('440106198803151227');
    expect(at(block, 188, 16)).toBe('20190601');
    expect(at(block, 204, 16)).toBe('长期      ');
    expect(at(block, 220, 36)).toBe(' '.repeat(18));
  });

  it('puts the other layouts’ own fields at their offsets', () => {
    const j = encodeCardText(CARDS.J);
    expect(at(j, 220, 18)).toBe('H60123456');
    expect(at(j, 238, 4)).toBe('01');
    const i = encodeCardText(CARDS.I);
    expect(at(i, 0, 120).trimEnd()).toBe('SMITH, JOHN WILLIAM');
    expect(at(i, 120, 2)).toBe('1');
    expect(at(i, 122, 30)).toBe('USA440080051201');
    expect(at(i, 152, 6)).toBe('USA');
    expect(at(i, 158, 30).trimEnd()).toBe('史密斯');
    expect(at(i, 220, 16)).toBe('19800512');
    expect(at(i, 236, 4)).toBe('02');
    expect(at(i, 240, 8)).toBe('1500');
    const y = encodeCardText(CARDS.Y);
    expect(at(y, 32, 4)).toBe('00');
    expect(at(y, 52, 70)).toBe('MARTIN-DUPONT, MARIE CLAIRE ANNE SO');
    expect(at(y, 220, 22)).toBe('PHIE       ');
    expect(at(y, 242, 6)).toBe('FRA');
    expect(at(y, 250, 6)).toBe('A01');
  });

  it('trims trailing spaces only', () => {
    const block = encodeCardText({ ...CARDS.I, englishName: ' VAN DER BERG, ANNA  ' });
    expect(parseCardText(block).englishName).toBe(' VAN DER BERG, ANNA');
  });

  it('refuses a value too long for its field', () => {
    expect(() => encodeCardText({ ...CARDS[' '], name: '阳'.repeat(16) })).toThrow(
      CardTextOverflow,
    );
    expect(() => encodeCardText({ ...CARDS.Y, englishName: 'A'.repeat(47) })).toThrow(
      CardTextOverflow,
    );
  });

  it('reads a short block as if space-padded, and keeps an unknown type character', () => {
    const block = encodeCardText(CARDS[' ']);
    expect(parseCardText(block.subarray(0, 60)).name).toBe('阳秀梅');
    const odd = block.slice();
    odd[248] = 0x51; // 'Q'
    expect(parseCardText(odd).layout).toBe('Q');
  });

  it('round-trips arbitrary resident text (any BMP characters, no trailing spaces)', () => {
    const text = (max: number) =>
      fc
        .array(
          fc.integer({ min: 0x21, max: 0xffff }).filter((c) => c < 0xd800 || c > 0xdfff),
          { maxLength: max },
        )
        .map((codes) => String.fromCharCode(...codes));
    fc.assert(
      fc.property(text(15), text(35), text(15), (name, address, issuer) => {
        const card = { ...CARDS[' '], name, address, issuer };
        expect(parseCardText(encodeCardText(card))).toEqual(card);
      }),
    );
  });
});
