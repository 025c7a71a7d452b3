// Text drawn into a 1-bit bitmap from the CJK font's own glyph outlines, at printer dots. Used
// where the printer cannot draw a character itself (a name with 𠮷 or 䶮 on a GBK-only printer
// font: the line goes to paper as a raster image) and for the virtual printer's picture of a job.
//
// Why our own rasteriser: no rasterising library is installed (canvas, sharp, resvg and
// ImageMagick are not; npm installs are not allowed here), while pdfkit already parses the font
// with fontkit, whose glyphs give their outlines as path commands. Filling an outline is a
// scanline with the non-zero winding rule, supersampled 4× vertically and exact horizontally,
// then a coverage threshold: enough for 24-dot text on a thermal roll.
//
// The layout is a receipt printer's: fixed cells of 12 × 24 dots (font A), a character outside
// ASCII takes two cells, and ESC !/GS ! size multipliers scale both.
import { createBitmap, type Bitmap } from './bitmap.ts';
import { loadOutlineFont, type OutlineFont, type OutlineGlyph } from './cjk-font.ts';

export const CELL_DOTS = 12;
export const LINE_DOTS = 24;
const SUBSAMPLES = 4;
const THRESHOLD = 0.42;
const CURVE_STEPS = 8;

export interface TextStyle {
  widthMul?: number;
  heightMul?: number;
  /** Characters outside ASCII take two cells (a printer in Chinese mode); default true. */
  fullWidthCjk?: boolean;
}

/** Cells the text takes on the printer. */
export function textCells(text: string, fullWidthCjk = true): number {
  let n = 0;
  for (const c of text) n += fullWidthCjk && c.codePointAt(0)! > 0x7f ? 2 : 1;
  return n;
}

interface Edge {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  dir: 1 | -1;
}

/** The outline flattened to edges, in dots, for a glyph placed by `map`. */
function edgesOf(glyph: OutlineGlyph, map: (x: number, y: number) => [number, number]): Edge[] {
  const edges: Edge[] = [];
  let start: [number, number] | null = null;
  let at: [number, number] = [0, 0];
  const line = (to: [number, number]) => {
    const [x0, y0] = at;
    const [x1, y1] = to;
    if (y0 !== y1) {
      edges.push(
        y0 < y1 ? { x0, y0, x1, y1, dir: 1 } : { x0: x1, y0: y1, x1: x0, y1: y0, dir: -1 },
      );
    }
    at = to;
  };
  const close = () => {
    if (start && (at[0] !== start[0] || at[1] !== start[1])) line(start);
  };
  for (const { command, args: a } of glyph.path.commands) {
    switch (command) {
      case 'moveTo':
        close();
        at = map(a[0]!, a[1]!);
        start = at;
        break;
      case 'lineTo':
        line(map(a[0]!, a[1]!));
        break;
      case 'quadraticCurveTo': {
        const [px, py] = at;
        const [cx, cy] = map(a[0]!, a[1]!);
        const [ex, ey] = map(a[2]!, a[3]!);
        for (let k = 1; k <= CURVE_STEPS; k++) {
          const t = k / CURVE_STEPS;
          const u = 1 - t;
          line([
            u * u * px + 2 * u * t * cx + t * t * ex,
            u * u * py + 2 * u * t * cy + t * t * ey,
          ]);
        }
        break;
      }
      case 'bezierCurveTo': {
        const [px, py] = at;
        const [c1x, c1y] = map(a[0]!, a[1]!);
        const [c2x, c2y] = map(a[2]!, a[3]!);
        const [ex, ey] = map(a[4]!, a[5]!);
        for (let k = 1; k <= CURVE_STEPS; k++) {
          const t = k / CURVE_STEPS;
          const u = 1 - t;
          const w0 = u * u * u;
          const w1 = 3 * u * u * t;
          const w2 = 3 * u * t * t;
          const w3 = t * t * t;
          line([w0 * px + w1 * c1x + w2 * c2x + w3 * ex, w0 * py + w1 * c1y + w2 * c2y + w3 * ey]);
        }
        break;
      }
      case 'closePath':
        close();
        start = null;
        break;
    }
  }
  close();
  return edges;
}

/** Fills the edges (non-zero winding) into the bitmap. */
function fill(b: Bitmap, edges: Edge[]): void {
  if (edges.length === 0) return;
  let minY = Infinity;
  let maxY = -Infinity;
  let minX = Infinity;
  let maxX = -Infinity;
  for (const e of edges) {
    minY = Math.min(minY, e.y0);
    maxY = Math.max(maxY, e.y1);
    minX = Math.min(minX, e.x0, e.x1);
    maxX = Math.max(maxX, e.x0, e.x1);
  }
  const top = Math.max(0, Math.floor(minY));
  const bottom = Math.min(b.height, Math.ceil(maxY));
  const left = Math.max(0, Math.floor(minX));
  const right = Math.min(b.width, Math.ceil(maxX));
  if (top >= bottom || left >= right) return;
  const width = right - left;
  const coverage = new Float32Array(width);
  const crossings: { x: number; dir: number }[] = [];
  for (let row = top; row < bottom; row++) {
    coverage.fill(0);
    for (let s = 0; s < SUBSAMPLES; s++) {
      const y = row + (s + 0.5) / SUBSAMPLES;
      crossings.length = 0;
      for (const e of edges) {
        if (y < e.y0 || y >= e.y1) continue;
        crossings.push({ x: e.x0 + ((y - e.y0) * (e.x1 - e.x0)) / (e.y1 - e.y0), dir: e.dir });
      }
      crossings.sort((p, q) => p.x - q.x);
      let winding = 0;
      for (let k = 0; k < crossings.length - 1; k++) {
        winding += crossings[k]!.dir;
        if (winding === 0) continue;
        const xa = Math.max(left, crossings[k]!.x);
        const xb = Math.min(right, crossings[k + 1]!.x);
        for (let px = Math.floor(xa); px < Math.ceil(xb); px++) {
          const overlap = Math.min(xb, px + 1) - Math.max(xa, px);
          if (overlap > 0) coverage[px - left]! += overlap / SUBSAMPLES;
        }
      }
    }
    for (let k = 0; k < width; k++) {
      if (coverage[k]! >= THRESHOLD) b.dots[row * b.width + left + k] = 1;
    }
  }
}

let defaultFont: OutlineFont | null = null;
const font = () => (defaultFont ??= loadOutlineFont());

/**
 * Draws `text` with the top left of its first cell at (x, y). Returns the dots it advanced.
 * A character the font has no glyph for is drawn as its .notdef box, never silently dropped.
 */
export function drawText(
  b: Bitmap,
  text: string,
  x: number,
  y: number,
  style: TextStyle = {},
  outlines: OutlineFont = font(),
): number {
  const widthMul = style.widthMul ?? 1;
  const heightMul = style.heightMul ?? 1;
  const fullWidthCjk = style.fullWidthCjk ?? true;
  const upm = outlines.unitsPerEm;
  const emX = LINE_DOTS * widthMul;
  const emY = LINE_DOTS * heightMul;
  const ascent = (outlines['OS/2']?.typoAscender ?? 0.88 * upm) / upm;
  const baseline = y + ascent * emY;
  let cx = x;
  for (const c of text) {
    const cp = c.codePointAt(0)!;
    const cell = CELL_DOTS * widthMul * (fullWidthCjk && cp > 0x7f ? 2 : 1);
    if (c !== ' ') {
      const glyph = outlines.glyphForCodePoint(cp);
      const advance = glyph.advanceWidth || upm;
      // A proportional Latin glyph wider than its half cell is narrowed, as a printer font is.
      const sx = Math.min(emX / upm, cell / advance);
      const sy = emY / upm;
      const ox = cx + (cell - advance * sx) / 2;
      fill(
        b,
        edgesOf(glyph, (gx, gy) => [ox + gx * sx, baseline - gy * sy]),
      );
    }
    cx += cell;
  }
  return cx - x;
}

/** One printer line of text as a bitmap `width` dots wide and 24 × heightMul dots high. */
export function renderTextLine(text: string, width: number, style: TextStyle = {}): Bitmap {
  const b = createBitmap(width, LINE_DOTS * (style.heightMul ?? 1));
  drawText(b, text, 0, 0, style);
  return b;
}
