// Which characters the receipt printer's own font can draw. Chinese thermal printers carry a
// GB2312 or GBK font (some a full GB18030 one); a character outside it prints as a blank or a
// wrong glyph, so a line that holds one goes to paper as a picture instead (receipt-escpos.ts).
//
// - 'gb2312': the 7,445 characters of GB 2312 (two bytes, both 0xA1–0xFE, lead ≤ 0xF7).
// - 'gbk': the two-byte GBK area, without its user-defined areas and the 80 compatibility codes
//   at 0xFE50–0xFEA0 that GB18030-2005 remapped (䶮 is 0xFE9F): GBK fonts have no or other glyphs
//   there.
// - 'gb18030': everything GB18030 encodes, four-byte codes (𠮷, 㛃) included.
// `missing` names further characters the font lacks (a glyph list from the printer's vendor).
import iconv from 'iconv-lite';

export type PrinterFontCoverage = 'gb2312' | 'gbk' | 'gb18030';

export interface PrinterFont {
  coverage: PrinterFontCoverage;
  /** Characters the font lacks although the coverage rule would take them. */
  missing?: string;
}

export const DEFAULT_PRINTER_FONT: PrinterFont = { coverage: 'gbk' };

function inGbkUserArea(lead: number, trail: number): boolean {
  return (
    (lead >= 0xaa && lead <= 0xaf && trail >= 0xa1) ||
    (lead >= 0xf8 && lead <= 0xfe && trail >= 0xa1) ||
    (lead >= 0xa1 && lead <= 0xa7 && trail >= 0x40 && trail <= 0xa0) ||
    (lead === 0xfe && trail >= 0x50 && trail <= 0xa0)
  );
}

export function printerFontHas(char: string, font: PrinterFont = DEFAULT_PRINTER_FONT): boolean {
  const cp = char.codePointAt(0);
  if (cp === undefined) return true;
  if (cp < 0x80) return cp >= 0x20 && cp !== 0x7f;
  if (font.missing?.includes(char)) return false;
  const bytes = iconv.encode(char, 'gb18030');
  // iconv writes '?' for what GB18030 cannot encode (lone surrogates and the like).
  if (bytes.length === 1) return false;
  if (font.coverage === 'gb18030') return true;
  if (bytes.length !== 2) return false;
  const [lead, trail] = [bytes[0]!, bytes[1]!];
  if (font.coverage === 'gb2312') {
    return lead >= 0xa1 && lead <= 0xf7 && trail >= 0xa1 && trail <= 0xfe;
  }
  return !inGbkUserArea(lead, trail);
}

/** The characters of `text` the printer font lacks (empty when it can print all of it). */
export function charactersMissing(
  text: string,
  font: PrinterFont = DEFAULT_PRINTER_FONT,
): string[] {
  return Array.from(text).filter((c) => !printerFontHas(c, font));
}
