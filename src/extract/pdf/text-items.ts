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
  /**
   * Where runs drawn by separate operators were joined into this one (see page-content.ts): pairs of the x
   * where the joined run starts and its offset in `text`. Absent when the run was drawn in one piece.
   */
  joints?: number[];
}

/** Part of the font size above the baseline used for item boxes. */
const ASCENT = 0.86;
/** Part of the font size below the baseline used for item boxes. */
const DESCENT = 0.14;

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

/**
 * The item for a run of text whose baseline goes from (x0, y0) to (x1, y1) in page coordinates, with the
 * given font size. Runs along a steep direction (vertical or rotated text) get a box around that direction.
 */
export function textItem(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  fontSize: number,
  text: string,
): PageTextItem {
  const size = fontSize || 1;
  if (Math.abs(y1 - y0) > Math.abs(x1 - x0)) {
    return {
      x: Math.min(x0, x1) - size * DESCENT,
      y: Math.min(y0, y1),
      width: Math.abs(x1 - x0) + size,
      height: Math.abs(y1 - y0),
      fontSize: size,
      baseline: Math.max(y0, y1),
      text,
    };
  }
  return {
    x: Math.min(x0, x1),
    y: y0 - size * ASCENT,
    width: Math.abs(x1 - x0),
    height: size * (ASCENT + DESCENT),
    fontSize: size,
    baseline: y0,
    text,
  };
}

/** True for a character that carries no usable text (U+FFFD, private use, C0 controls). */
function isGarbage(cp: number): boolean {
  return cp === 0xfffd || (cp >= 0xe000 && cp <= 0xf8ff) || cp < 0x20 || (cp >= 0xf0000 && cp <= 0x10ffff);
}

/**
 * Blocks a Chinese disclosure prints from: ASCII and Latin-1, Greek, general punctuation, letter-like
 * symbols and number forms, arrows and maths, enclosed numbers, box drawing and shapes, CJK symbols, kana,
 * CJK unified ideographs, CJK compatibility forms, full-width forms. A glyph a font maps to no Unicode is
 * read as its glyph id, which lands in other blocks (Latin Extended, Cyrillic, Thaana, CJK Extension A …).
 */
const PRINTED_BLOCKS: readonly (readonly [number, number])[] = [
  [0x20, 0xff],
  [0x391, 0x3c9],
  [0x2000, 0x22ff],
  [0x2460, 0x27bf],
  [0x3000, 0x30ff],
  [0x3200, 0x33ff],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xffef],
];

/** True for a character outside the blocks a disclosure prints from (see {@link PRINTED_BLOCKS}). */
function isUnprinted(cp: number): boolean {
  return !PRINTED_BLOCKS.some(([from, to]) => cp >= from && cp <= to);
}

/** True for a code unit `String.prototype.trim` removes (the blanks that count as no character). */
function isBlank(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Call `visit` with the code point of every non-blank character of the runs (read by code unit: no string
 * per character).
 */
function forEachPrinted(items: readonly PageTextItem[], visit: (cp: number) => void): void {
  for (const item of items) {
    const text = item.text;
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      if (!isBlank(cp)) visit(cp);
    }
  }
}

/** Share of characters that carry no usable text (U+FFFD, private use, C0 controls). */
export function garbageShare(items: readonly PageTextItem[]): number {
  let total = 0;
  let bad = 0;
  forEachPrinted(items, (cp) => {
    total++;
    if (isGarbage(cp)) bad++;
  });
  return total === 0 ? 1 : bad / total;
}

/**
 * Characters of the runs that were not decoded: garbage (U+FFFD, private use, controls) and characters no
 * disclosure prints (a glyph id read as a character). Blanks are not counted.
 */
export function undecodedCharacters(items: readonly PageTextItem[]): number {
  let bad = 0;
  forEachPrinted(items, (cp) => {
    if (isGarbage(cp) || isUnprinted(cp)) bad++;
  });
  return bad;
}
