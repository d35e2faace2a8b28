import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * One run of text on a page, in viewport units with the origin at the page's top-left and y growing down.
 * `x`/`y` is the top-left corner of the run's box, `baseline` the y of its baseline.
 */
export interface PageTextItem {
  /** Left edge. */
  x: number;
  /** Top edge (baseline minus ascent). */
  y: number;
  /** Advance width. */
  width: number;
  /** Box height (ascent + descent, about the font size). */
  height: number;
  /** Font size in page units. */
  fontSize: number;
  /** Baseline y. */
  baseline: number;
  /** Text of the run (may be a single glyph). */
  text: string;
}

/** Part of the font size above the baseline used for item boxes. */
const ASCENT = 0.86;
/** Part of the font size below the baseline used for item boxes. */
const DESCENT = 0.14;

/** Multiply two affine transforms [a b c d e f] (m1 after m2), as pdf.js `Util.transform`. */
function multiply(m1: readonly number[], m2: readonly number[]): number[] {
  const [a1 = 1, b1 = 0, c1 = 0, d1 = 1, e1 = 0, f1 = 0] = m1;
  const [a2 = 1, b2 = 0, c2 = 0, d2 = 1, e2 = 0, f2 = 0] = m2;
  return [
    a1 * a2 + c1 * b2,
    b1 * a2 + d1 * b2,
    a1 * c2 + c1 * d2,
    b1 * c2 + d1 * d2,
    a1 * e2 + c1 * f2 + e1,
    b1 * e2 + d1 * f2 + f1,
  ];
}

/** Page size and the transform from PDF user space to top-left viewport space. */
export interface PageFrame {
  /** Viewport width. */
  width: number;
  /** Viewport height. */
  height: number;
  /** User space → viewport transform. */
  transform: number[];
}

/** The viewport frame of a page at scale 1 (rotation applied). */
export function pageFrame(page: PDFPageProxy): PageFrame {
  const viewport = page.getViewport({ scale: 1 });
  return { width: viewport.width, height: viewport.height, transform: viewport.transform };
}

/** Read a page's text runs (non-blank only) converted to top-left page coordinates. */
export async function readTextItems(page: PDFPageProxy, frame: PageFrame): Promise<PageTextItem[]> {
  const content = await page.getTextContent();
  const items: PageTextItem[] = [];
  for (const raw of content.items) {
    if (!('str' in raw)) continue;
    const text = raw.str;
    if (text.trim() === '') continue;
    const m = multiply(frame.transform, raw.transform);
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = m;
    const fontSize = Math.hypot(c, d) || Math.hypot(a, b) || 1;
    const scaleX = Math.hypot(a, b) || 1;
    // Horizontal advance in viewport units: raw.width is in user space units along the text direction.
    const dirX = a / scaleX;
    const dirY = b / scaleX;
    const advance = raw.width * Math.hypot(frame.transform[0] ?? 1, frame.transform[1] ?? 0);
    if (Math.abs(dirY) > Math.abs(dirX)) {
      // Vertical or rotated text: keep a box around the run along its direction.
      const x1 = e + dirX * advance;
      const y1 = f + dirY * advance;
      items.push({
        x: Math.min(e, x1) - fontSize * DESCENT,
        y: Math.min(f, y1),
        width: Math.abs(x1 - e) + fontSize,
        height: Math.abs(y1 - f),
        fontSize,
        baseline: Math.max(f, y1),
        text,
      });
      continue;
    }
    const x = dirX >= 0 ? e : e - advance;
    items.push({
      x,
      y: f - fontSize * ASCENT,
      width: Math.abs(advance),
      height: fontSize * (ASCENT + DESCENT),
      fontSize,
      baseline: f,
      text,
    });
  }
  return items;
}

/** Share of characters that carry no usable text (U+FFFD, private use, C0 controls). */
export function garbageShare(items: readonly PageTextItem[]): number {
  let total = 0;
  let bad = 0;
  for (const item of items) {
    for (const ch of item.text) {
      if (ch.trim() === '') continue;
      total++;
      const cp = ch.codePointAt(0) ?? 0;
      if (cp === 0xfffd || (cp >= 0xe000 && cp <= 0xf8ff) || cp < 0x20 || (cp >= 0xf0000 && cp <= 0x10ffff))
        bad++;
    }
  }
  return total === 0 ? 1 : bad / total;
}
