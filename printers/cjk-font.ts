// The CJK font of the A4 documents: Debian's fonts-noto-cjk, a TrueType collection from which
// pdfkit embeds a subset of the glyphs used. Parsing the 19 MB collection costs more than laying
// out a certificate, so it is read and parsed once per process and the parsed face is handed to
// every document (pdfkit accepts a parsed font wherever it accepts a file).
import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';

export interface CjkFontFile {
  file: string;
  /** The face inside the collection (a .ttc needs it). */
  face: string;
}

export const NOTO_SANS_CJK_SC: { regular: CjkFontFile; bold: CjkFontFile } = {
  regular: {
    file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    face: 'NotoSansCJKsc-Regular',
  },
  bold: { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', face: 'NotoSansCJKsc-Bold' },
};

/** What pdfkit's registerFont takes: the file's bytes or, once parsed, the font object. */
export type LoadedFont = { source: PDFKit.Mixins.PDFFontSource; face: string };

export interface CjkFonts {
  regular: LoadedFont;
  /** The bold face, or the regular one where the bold file is not installed. */
  bold: LoadedFont;
}

export class MissingFontError extends Error {
  constructor(readonly file: string) {
    super(`CJK font not found: ${file} (install the Debian package fonts-noto-cjk)`);
    this.name = 'MissingFontError';
  }
}

function load({ file, face }: CjkFontFile): LoadedFont {
  if (!existsSync(file)) throw new MissingFontError(file);
  const bytes = readFileSync(file);
  // pdfkit parses the face on first use; keep the parsed object (fontkit's, reached through a
  // throwaway document) so later documents skip the parse. If pdfkit ever changes inside, the
  // bytes still work, only slower.
  const probe = new PDFDocument({ autoFirstPage: false });
  probe.font(bytes, face);
  const parsed = (probe as unknown as { _font?: { font?: { layout?: unknown } } })._font?.font;
  const source = typeof parsed?.layout === 'function' ? (parsed as unknown as Buffer) : bytes;
  return { source, face };
}

const cache = new Map<string, CjkFonts>();

/** Loads (once per process and set of files) the regular and bold faces. */
export function loadCjkFonts(
  files: { regular: CjkFontFile; bold: CjkFontFile } = NOTO_SANS_CJK_SC,
): CjkFonts {
  const key = `${files.regular.file}#${files.regular.face}|${files.bold.file}#${files.bold.face}`;
  let fonts = cache.get(key);
  if (!fonts) {
    const regular = load(files.regular);
    const bold = existsSync(files.bold.file) ? load(files.bold) : regular;
    fonts = { regular, bold };
    cache.set(key, fonts);
  }
  return fonts;
}

/** The part of a parsed OpenType font (fontkit's, inside pdfkit) that the rasteriser uses. */
export interface OutlineGlyph {
  id: number;
  advanceWidth: number;
  path: { commands: { command: string; args: number[] }[] };
}
export interface OutlineFont {
  unitsPerEm: number;
  glyphForCodePoint(codePoint: number): OutlineGlyph;
  hasGlyphForCodePoint(codePoint: number): boolean;
  'OS/2'?: { typoAscender?: number };
}

/**
 * The regular face as glyph outlines, for drawing text into a bitmap (receipt lines the printer's
 * own font lacks, the virtual printer's picture of a job). Same parsed font as the PDFs use.
 */
export function loadOutlineFont(
  files: { regular: CjkFontFile; bold: CjkFontFile } = NOTO_SANS_CJK_SC,
): OutlineFont {
  const source = loadCjkFonts(files).regular.source as unknown as Partial<OutlineFont>;
  if (typeof source.glyphForCodePoint !== 'function' || typeof source.unitsPerEm !== 'number') {
    throw new Error(`the CJK font ${files.regular.file} could not be read as outlines`);
  }
  return source as OutlineFont;
}
