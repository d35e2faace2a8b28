import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { type StageClock, timeLayout } from '../../timings.js';
import type { LeanPlan } from './lean-worker.js';
import { compose, type Matrix } from './matrix.js';
import { ENCODED_CHUNK, encodeOps, isOpStream, Op, type OpStream } from './op-stream.js';
import type { PdfJs } from './open-document.js';
import { type Ruling, readPath } from './rulings.js';
import { type PageFrame, type PageTextItem, textItem } from './text-items.js';

/** What one read of a page's operator list gives: its text runs and its rulings. */
export interface PageContent {
  /** Non-blank text runs in top-left page coordinates, in drawing order. */
  items: PageTextItem[];
  /** Horizontal and vertical rulings (stroked lines, rectangle edges, thin filled bars). */
  rulings: Ruling[];
  /** Glyphs shown that are not spaces (decoded or not). */
  glyphs: number;
  /** Glyphs shown with no Unicode text at all (an unmapped glyph), spaces excepted. */
  unmapped: number;
  /** True when the content ends inside a text object (BT without ET): the stream was cut short. */
  cutShort: boolean;
}

/** The parts of a font object the text layout needs. */
interface FontInfo {
  fontMatrix: Matrix;
  vertical: boolean;
}

/** Text state (PDF 9.3) plus the current transform and fill, saved and restored together as pdf.js's canvas does. */
interface GraphicsState {
  ctm: number[];
  /** Whether the fill colour is white (white filled boxes are cell backgrounds, not rulings). */
  whiteFill: boolean;
  font: FontInfo;
  fontSize: number;
  /** -1 when the font size was given negative (text mirrored). */
  fontDirection: number;
  charSpacing: number;
  wordSpacing: number;
  /** Horizontal scaling as a factor (Tz / 100). */
  hScale: number;
  /** Leading as pdf.js keeps it (the negated TL). */
  leading: number;
  rise: number;
  textMatrix: Matrix | null;
  x: number;
  y: number;
  lineX: number;
  lineY: number;
}

/** A copy of a graphics state to save (q); its arrays are never changed in place, so they are shared. */
function copyState(s: GraphicsState): GraphicsState {
  return {
    ctm: s.ctm,
    whiteFill: s.whiteFill,
    font: s.font,
    fontSize: s.fontSize,
    fontDirection: s.fontDirection,
    charSpacing: s.charSpacing,
    wordSpacing: s.wordSpacing,
    hScale: s.hScale,
    leading: s.leading,
    rise: s.rise,
    textMatrix: s.textMatrix,
    x: s.x,
    y: s.y,
    lineX: s.lineX,
    lineY: s.lineY,
  };
}

/**
 * Every character pdf.js's `normalizeUnicode` changes lies in these ranges (its own pattern's, widened): text
 * without any is returned unchanged, so the costlier call is skipped.
 */
const MAY_NORMALIZE = /[\u00a0\u00b5\u037e\u0eb3\u2000-\u200a\u202f\u2126\ufb00-\ufdff\ufe70-\ufe7f]/;

/** The font matrix of fonts that do not state one. */
const DEFAULT_FONT: FontInfo = { fontMatrix: [0.001, 0, 0, 0.001, 0, 0], vertical: false };
/** A TJ adjustment larger than this share of the font size ends a text run (the gap may part two cells). */
const RUN_BREAK = 0.1;
/** Whitespace up to this share of the font size stays inside a run as one space (pdf.js's text layer uses 0.6). */
const SPACE_IN_FLOW = 0.6;

/** Font info of a loaded font, from the page's common objects; the default when pdf.js has none. */
function fontInfo(page: PDFPageProxy, name: unknown): FontInfo {
  if (typeof name !== 'string' || !page.commonObjs.has(name)) return DEFAULT_FONT;
  const font = page.commonObjs.get(name) as { fontMatrix?: ArrayLike<number>; vertical?: boolean } | null;
  const m = font?.fontMatrix;
  return m && m.length >= 6 ? { fontMatrix: Array.from(m), vertical: !!font.vertical } : DEFAULT_FONT;
}

/** Whether a run from (x0, y0) to (x1, y1) lies on the page, as pdf.js's text layer decides it. */
function onPage(frame: PageFrame, x0: number, y0: number, x1: number, y1: number): boolean {
  const inX = Math.max(x0, x1) >= 0 && Math.min(x0, x1) <= frame.width;
  const inY = Math.max(y0, y1) >= 0 && Math.min(y0, y1) <= frame.height;
  return inX && inY;
}

/** Share of the font size within which two runs are taken as drawn at the same place (a fake-bold double). */
const DOUBLE_DRAWN = 0.25;

/**
 * Collects a page's text runs. A run that continues the previous one on its line (same baseline and size,
 * left to right, starting within {@link RUN_BREAK} font sizes of where the previous one ended, as glyphs of one
 * TJ would) extends that item: producers that place every glyph with its own operator (WPS, some Excel
 * exports) then give one item per word or cell text, as others do, instead of one per glyph. A run drawn
 * again at the place of the run just before it (fake bold) is the same text and is not kept twice.
 */
class RunSink {
  /** The runs, in drawing order. */
  readonly items: PageTextItem[] = [];
  /** The item the last run went into, when it may be extended. */
  private open: PageTextItem | undefined;
  /** Where the last run ended (x), and its own text, start and baseline (for doubles). */
  private endX = 0;
  private lastText = '';
  private lastX = 0;
  private lastY = 0;
  private lastSize = 0;

  /** Add the run drawn from (x0, y0) to (x1, y1) at `size`; `horizontal` when drawn along its baseline. */
  add(x0: number, y0: number, x1: number, y1: number, size: number, text: string, horizontal: boolean): void {
    const ltr = horizontal && y0 === y1 && x1 > x0;
    if (
      ltr &&
      text === this.lastText &&
      size === this.lastSize &&
      Math.abs(x0 - this.lastX) < DOUBLE_DRAWN * size &&
      Math.abs(y0 - this.lastY) < DOUBLE_DRAWN * size
    )
      return;
    const open = this.open;
    if (
      ltr &&
      open !== undefined &&
      open.baseline === y0 &&
      open.fontSize === size &&
      Math.abs(x0 - this.endX) <= RUN_BREAK * size
    ) {
      open.width = x1 - open.x;
      if (open.joints === undefined) open.joints = [];
      open.joints.push(x0, open.text.length);
      open.text += text;
    } else {
      const item = textItem(x0, y0, x1, y1, size, text);
      this.items.push(item);
      this.open = ltr && item.fontSize === size ? item : undefined;
    }
    if (ltr) {
      this.endX = x1;
      this.lastText = text;
      this.lastX = x0;
      this.lastY = y0;
      this.lastSize = size;
    } else {
      this.lastText = '';
    }
  }
}

/**
 * Lays out text-showing operators (PDF 9.4.4, glyphs advanced as pdf.js's canvas does) into runs: a run ends
 * at whitespace and at a TJ adjustment wider than {@link RUN_BREAK} font sizes. One per page, reused for
 * every operator (a page drawn glyph by glyph shows tens of thousands).
 */
class TextLayout {
  /** How far the page's glyph text has been read. */
  textAt = 0;
  // The operator being laid out: its text-space → page transform, state and the run being built.
  private m0 = 1;
  private m1 = 0;
  private m2 = 0;
  private m3 = 1;
  private m4 = 0;
  private m5 = 0;
  private s!: GraphicsState;
  private size = 0;
  private hScale = 1;
  private start = 0;
  private text = '';

  constructor(
    private readonly frame: PageFrame,
    private readonly out: RunSink,
    private readonly normalize: (text: string) => string,
    readonly tally: { glyphs: number; unmapped: number },
  ) {}

  /**
   * Lay out the {@link Op.Text} whose count and triples start at `at` in `stream.numbers` and advance the
   * text position; returns where the triples end.
   */
  show(stream: OpStream, at: number, s: GraphicsState): number {
    const { numbers } = stream;
    const count = numbers[at] ?? 0;
    const end = at + 1 + 3 * count;
    let pos = this.textAt;
    const { fontSize, fontDirection, charSpacing, wordSpacing } = s;
    const vertical = s.font.vertical;
    const hScale = s.hScale * fontDirection;
    const advanceScale = fontSize * (s.font.fontMatrix[0] ?? 0.001);
    this.setTransform(s.ctm, s.textMatrix);
    this.s = s;
    this.hScale = hScale;
    // Math.hypot is slow; with one entry 0 (text not rotated, nearly always) it is the other's magnitude.
    const { m2, m3 } = this;
    this.size = fontSize * (m2 === 0 ? Math.abs(m3) : m3 === 0 ? Math.abs(m2) : Math.hypot(m2, m3));
    this.text = '';
    this.start = 0;
    let x = 0;
    let lastEnd = 0;
    let pendingSpace = false;
    for (let i = at + 1; i < end; i += 3) {
      const length = numbers[i] ?? 0;
      const value = numbers[i + 1] ?? 0;
      if (length < 0) {
        const shift = ((vertical ? 1 : -1) * value * fontSize) / 1000;
        if (Math.abs(shift) > RUN_BREAK * fontSize) {
          this.flush(lastEnd, vertical);
          pendingSpace = false;
        }
        x += shift;
        continue;
      }
      const unicode = stream.text.slice(pos, pos + length);
      pos += length;
      const blank = unicode.trim() === '';
      if (length === 0 ? !numbers[i + 2] : !blank) {
        this.tally.glyphs++;
        if (length === 0) this.tally.unmapped++;
      }
      const spacing = (numbers[i + 2] ? wordSpacing : 0) + charSpacing;
      const advance = value * advanceScale + (vertical ? -spacing : spacing) * fontDirection;
      if (blank) {
        pendingSpace = this.text !== '';
        x += advance;
        continue;
      }
      if (pendingSpace) {
        // Whitespace inside the flow of a run stays one space; a wider stretch parts two runs (cells).
        if (Math.abs(x - lastEnd) > SPACE_IN_FLOW * fontSize) this.flush(lastEnd, vertical);
        else this.text += ' ';
        pendingSpace = false;
      }
      if (this.text === '') this.start = x;
      this.text += unicode;
      x += advance;
      lastEnd = x;
      if (vertical) this.flush(x, vertical); // vertical writing: one item per glyph, each boxed on its own
    }
    this.flush(lastEnd, vertical);
    if (vertical) s.y -= x;
    else s.x += x * hScale;
    this.textAt = pos;
    return end;
  }

  /** The text space → page transform: the current transform after the text matrix (when one is set). */
  private setTransform(ctm: Matrix, tm: Matrix | null): void {
    const m = tm ? compose(ctm, tm) : ctm;
    this.m0 = m[0] ?? 1;
    this.m1 = m[1] ?? 0;
    this.m2 = m[2] ?? 0;
    this.m3 = m[3] ?? 1;
    this.m4 = m[4] ?? 0;
    this.m5 = m[5] ?? 0;
  }

  /** End the run being built at `stop` (text space, along the writing direction) and add it to the page. */
  private flush(stop: number, vertical: boolean): void {
    const text = this.text;
    this.text = '';
    const s = this.s;
    if (text === '' || s.fontSize === 0) return;
    const rise = s.y + s.rise;
    // Both ends of the run in text space, then on the page.
    const ux0 = vertical ? s.x : s.x + this.start * this.hScale;
    const uy0 = vertical ? rise - this.start : rise;
    const ux1 = vertical ? s.x : s.x + stop * this.hScale;
    const uy1 = vertical ? rise - stop : rise;
    const { m0, m1, m2, m3, m4, m5 } = this;
    const x0 = m0 * ux0 + m2 * uy0 + m4;
    const y0 = m1 * ux0 + m3 * uy0 + m5;
    const x1 = m0 * ux1 + m2 * uy1 + m4;
    const y1 = m1 * ux1 + m3 * uy1 + m5;
    // Text drawn off the page (clipped cell text of a neighbouring page, say) is not text of this page.
    if (onPage(this.frame, x0, y0, x1, y1))
      this.out.add(x0, y0, x1, y1, this.size, this.normalize(text), !vertical);
  }
}

/** How pdf.js's worker may trim a chunk of operator list for {@link readPageContent}: encoded as one {@link OpStream}. */
export function leanPlan(OPS: PdfJs['OPS'], clock?: StageClock): LeanPlan {
  return {
    reduce(fnArray, argsArray) {
      const stream = timeLayout(clock, () => encodeOps(fnArray as number[], argsArray, OPS));
      return { fnArray: [ENCODED_CHUNK], argsArray: [[stream]], transfer: [stream.numbers.buffer] };
    },
  };
}

/** The page's operator list as encoded streams: chunks the worker encoded, and stretches of plain operators. */
function* streamsOf(
  fnArray: ArrayLike<number>,
  argsArray: ArrayLike<unknown>,
  OPS: PdfJs['OPS'],
): Generator<OpStream> {
  let from = 0;
  for (let k = 0; k <= fnArray.length; k++) {
    if (k < fnArray.length && fnArray[k] !== ENCODED_CHUNK) continue;
    if (k > from) {
      yield encodeOps(
        Array.prototype.slice.call(fnArray, from, k) as number[],
        Array.prototype.slice.call(argsArray, from, k),
        OPS,
      );
    }
    const encoded = (argsArray[k] as unknown[] | undefined)?.[0];
    if (k < fnArray.length && isOpStream(encoded)) yield encoded;
    from = k + 1;
  }
}

/**
 * Read a page's operator list once into text runs and rulings. The text is laid out from the glyph
 * advances as pdf.js's canvas draws it, so no separate text-content pass is needed.
 */
export async function readPageContent(
  page: PDFPageProxy,
  frame: PageFrame,
  pdfjs: PdfJs,
  clock?: StageClock,
): Promise<PageContent> {
  const list = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
  return timeLayout(clock, () => interpret(page, frame, pdfjs, list));
}

/** Lay out an operator list's text runs and rulings. */
function interpret(
  page: PDFPageProxy,
  frame: PageFrame,
  pdfjs: PdfJs,
  list: { fnArray: ArrayLike<number>; argsArray: ArrayLike<unknown> },
): PageContent {
  const items = new RunSink();
  const rulings: Ruling[] = [];
  const normalize = (text: string): string =>
    MAY_NORMALIZE.test(text) ? pdfjs.normalizeUnicode(text) : text;
  let s: GraphicsState = {
    ctm: [...frame.transform],
    whiteFill: false,
    font: DEFAULT_FONT,
    fontSize: 0,
    fontDirection: 1,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    textMatrix: null,
    x: 0,
    y: 0,
    lineX: 0,
    lineY: 0,
  };
  const stack: GraphicsState[] = [];
  const moveText = (dx: number, dy: number): void => {
    s.lineX += dx;
    s.lineY += dy;
    s.x = s.lineX;
    s.y = s.lineY;
  };
  const fonts = new Map<string, FontInfo>();
  const layout = new TextLayout(frame, items, normalize, { glyphs: 0, unmapped: 0 });
  let inText = false;
  for (const stream of streamsOf(list.fnArray, list.argsArray, pdfjs.OPS)) {
    const n = stream.numbers;
    const matrix = (at: number): number[] => [
      n[at]!,
      n[at + 1]!,
      n[at + 2]!,
      n[at + 3]!,
      n[at + 4]!,
      n[at + 5]!,
    ];
    layout.textAt = 0;
    let i = 0;
    while (i < n.length) {
      const op = n[i++];
      switch (op) {
        case Op.Save:
          stack.push(copyState(s));
          break;
        case Op.Restore:
        case Op.FormEnd:
          s = stack.pop() ?? s;
          break;
        case Op.Transform:
          s.ctm = compose(s.ctm, matrix(i));
          i += 6;
          break;
        case Op.FormBegin:
          stack.push(copyState(s));
          s.ctm = compose(s.ctm, matrix(i));
          i += 6;
          break;
        case Op.Fill:
          s.whiteFill = n[i++] === 1;
          break;
        case Op.Path: {
          const stroked = n[i] === 1;
          const count = n[i + 1] ?? 0;
          if (stroked || !s.whiteFill)
            readPath(rulings, n.subarray(i + 2, i + 2 + count), s.ctm, frame, !stroked);
          i += 2 + count;
          break;
        }
        case Op.EndText:
          inText = false;
          break;
        case Op.BeginText:
          inText = true;
          s.textMatrix = null;
          s.x = s.lineX = 0;
          s.y = s.lineY = 0;
          break;
        case Op.Font: {
          const name = stream.fonts[n[i] ?? 0] ?? '';
          let info = fonts.get(name);
          if (!info) {
            info = fontInfo(page, name);
            fonts.set(name, info);
          }
          const size = n[i + 1] ?? 0;
          s.font = info;
          s.fontDirection = size < 0 ? -1 : 1;
          s.fontSize = Math.abs(size);
          i += 2;
          break;
        }
        case Op.CharSpacing:
          s.charSpacing = n[i++] ?? 0;
          break;
        case Op.WordSpacing:
          s.wordSpacing = n[i++] ?? 0;
          break;
        case Op.HScale:
          s.hScale = (n[i++] ?? 0) / 100;
          break;
        case Op.Leading:
          s.leading = -(n[i++] ?? 0);
          break;
        case Op.Rise:
          s.rise = n[i++] ?? 0;
          break;
        case Op.Move:
          moveText(n[i] ?? 0, n[i + 1] ?? 0);
          i += 2;
          break;
        case Op.LeadingMove:
          s.leading = n[i + 1] ?? 0;
          moveText(n[i] ?? 0, n[i + 1] ?? 0);
          i += 2;
          break;
        case Op.NextLine:
          moveText(0, s.leading);
          break;
        case Op.TextMatrix:
          s.textMatrix = matrix(i);
          s.x = s.lineX = 0;
          s.y = s.lineY = 0;
          i += 6;
          break;
        case Op.Text:
          i = layout.show(stream, i, s);
          break;
        default:
          i = n.length; // not written by encodeOps: stop rather than misread the rest
      }
    }
  }
  return { items: items.items, rulings, ...layout.tally, cutShort: inText };
}
