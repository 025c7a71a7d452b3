// Names the printer's own font cannot draw: the rule that finds them, and the picture of the line
// that goes to paper instead (GS v 0), drawn with the CJK font where the text would have stood.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  CELL_DOTS,
  charactersMissing,
  decodeEscPos,
  fromRasterRows,
  printerFontHas,
  renderReceiptEscPos,
  renderTextLine,
  type ReceiptDocument,
} from '../../../printers/index.ts';
import { kioskReceipt } from './receipt-fixture.ts';

const withName = (name: string): ReceiptDocument => ({
  ...kioskReceipt,
  lines: kioskReceipt.lines.map((l) => (l.label === '申请人' ? { ...l, value: name } : l)),
});

describe('printer font coverage', () => {
  it('knows what GB2312, GBK and GB18030 fonts hold', () => {
    for (const c of ['阳', '梅', 'A', '*', '·']) {
      expect(printerFontHas(c, { coverage: 'gb2312' }), c).toBe(true);
    }
    // 喆 is GBK (0x86B4) but not GB 2312.
    expect(printerFontHas('喆', { coverage: 'gb2312' })).toBe(false);
    expect(printerFontHas('喆', { coverage: 'gbk' })).toBe(true);
    // 𠮷 and 㛃 need four-byte GB18030 codes; 䶮 sits at 0xFE9F, remapped by GB18030-2005.
    for (const c of ['𠮷', '㛃', '䶮']) {
      expect(printerFontHas(c, { coverage: 'gbk' }), c).toBe(false);
      expect(printerFontHas(c, { coverage: 'gb18030' }), c).toBe(true);
    }
    expect(iconv.encode('䶮', 'gb18030').toString('hex')).toBe('fe9f');
  });

  it('takes a glyph list of what the font lacks besides', () => {
    expect(charactersMissing('阳*梅', { coverage: 'gbk', missing: '梅' })).toEqual(['梅']);
    expect(charactersMissing('阳*梅')).toEqual([]);
  });
});

describe('a line the printer cannot draw, as a raster image', () => {
  it('prints the applicant line of 𠮷*芳 as a picture and everything else as text', () => {
    const bytes = renderReceiptEscPos(withName('𠮷*芳'), { paperWidth: 80 });
    expect(bytes.includes(iconv.encode('𠮷', 'gb18030'))).toBe(false);
    const decoded = decodeEscPos(bytes);
    expect(decoded.text).not.toContain('申请人');
    for (const { label, value } of kioskReceipt.lines.filter((l) => l.label !== '申请人')) {
      expect(decoded.text).toContain(label);
      expect(decoded.text).toContain(value);
    }
    const images = decoded.blocks.filter((b) => b.kind === 'image');
    expect(images).toHaveLength(1);
    // In the place of the row it replaces: after 事项, before 证件号码.
    const order = decoded.blocks.map((b) =>
      b.kind === 'text' ? b.segments.map((s) => s.text).join('') : b.kind,
    );
    const at = order.indexOf('image');
    expect(order[at - 1]).toContain('事项');
    expect(order[at + 1]).toContain('证件号码');
  });

  it('draws the row cell for cell where receiptline would have put the text', () => {
    const decoded = decodeEscPos(renderReceiptEscPos(withName('𠮷*芳'), { paperWidth: 80 }));
    const image = decoded.blocks.find((b) => b.kind === 'image')!;
    expect(image).toMatchObject({ width: 576, height: 32 });
    if (image.kind !== 'image') return;
    const picture = fromRasterRows(image.data, image.width, image.height);
    // The value column starts where the text rows have it (the 事项 row's second segment).
    const textRow = decoded.blocks.find((b) => b.kind === 'text' && b.segments[0]?.text === '事项');
    const valueX = textRow?.kind === 'text' ? textRow.segments[1]!.x : -1;
    expect(valueX % CELL_DOTS).toBe(0);
    const expected = renderTextLine(
      '申请人'.padEnd(3 + valueX / CELL_DOTS - 6, ' ') + '𠮷*芳',
      576,
    );
    const band = (b: { width: number; dots: Uint8Array }, top: number) =>
      Array.from({ length: 24 }, (_, y) => b.dots.subarray((top + y) * 576, (top + y + 1) * 576));
    expect(band(picture, 4)).toEqual(band(expected, 0));
    // The 𠮷 cell really has ink (a glyph, not a blank box left by a missing font).
    let ink = 0;
    for (let y = 4; y < 28; y++)
      for (let x = valueX; x < valueX + 24; x++) ink += picture.dots[y * 576 + x]!;
    expect(ink).toBeGreaterThan(40);
  });

  it('wraps a long value the way the text would wrap, on 58 mm paper too', () => {
    const long = '广东省广州市天河区五山路某某街道某某社区䶮某号某某房';
    const doc = { ...kioskReceipt, lines: [{ label: '地址', value: long }] };
    const decoded = decodeEscPos(renderReceiptEscPos(doc, { paperWidth: 58 }));
    const images = decoded.blocks.filter((b) => b.kind === 'image');
    expect(images.length).toBe(2);
    expect(images.every((b) => b.kind === 'image' && b.width === 384)).toBe(true);
  });

  it('keeps the text path when the printer font has the characters', () => {
    const decoded = decodeEscPos(
      renderReceiptEscPos(withName('𠮷*芳'), { paperWidth: 80, font: { coverage: 'gb18030' } }),
    );
    expect(decoded.blocks.some((b) => b.kind === 'image')).toBe(false);
    expect(decoded.text).toContain('𠮷*芳');
  });
});
