import type { PdfJs } from './open-document.js';
import { pathData } from './rulings.js';

/**
 * A page's operator list reduced to what the layout reads (text state, glyphs, transforms, painted paths),
 * in flat parts that are cheap to pass from pdf.js's worker side: one number array, one string of glyph
 * text and the font names. pdf.js's own lists hold an array per operator, which costs more to copy between
 * its two sides than reading them.
 */
export interface OpStream {
  /** Operators ({@link Op}) each followed by its operands; see {@link encodeOps} for each layout. */
  numbers: Float64Array;
  /** The text of every glyph, in order. */
  text: string;
  /** Font resource names referred to by index from {@link Op.Font}. */
  fonts: string[];
}

/** Operators of an {@link OpStream}. */
export const Op = {
  /** q: no operands. */
  Save: 1,
  /** Q: no operands. */
  Restore: 2,
  /** cm: a b c d e f. */
  Transform: 3,
  /** Form XObject start (saves state): a b c d e f. */
  FormBegin: 4,
  /** Form XObject end (restores state): no operands. */
  FormEnd: 5,
  /** Fill colour: 1 when white, else 0. */
  Fill: 6,
  /** A painted path: 1 when stroked (else filled), the count n, then n numbers of pdf.js path data. */
  Path: 7,
  /** BT: no operands. */
  BeginText: 8,
  /** Tf: index into `fonts`, size. */
  Font: 9,
  /** Tc: spacing. */
  CharSpacing: 10,
  /** Tw: spacing. */
  WordSpacing: 11,
  /** Tz: scale in percent. */
  HScale: 12,
  /** TL: leading. */
  Leading: 13,
  /** Ts: rise. */
  Rise: 14,
  /** Td: tx ty. */
  Move: 15,
  /** TD: tx ty. */
  LeadingMove: 16,
  /** T*: no operands. */
  NextLine: 17,
  /** Tm: a b c d e f. */
  TextMatrix: 18,
  /**
   * Tj / TJ / ' / ": the count n, then n triples: (text length, advance width, 1 when a word space) for a
   * glyph whose text is the next `text length` units of `text`, or (-1, adjustment, 0) for a TJ number.
   */
  Text: 19,
  /** ET: no operands. */
  EndText: 20,
} as const;

/** Glyph fields read from pdf.js glyph objects. */
interface OpGlyph {
  unicode?: unknown;
  width?: unknown;
  isSpace?: unknown;
}

/** pdf.js operator ids the encoder reads, resolved once. */
interface OpIds {
  paint: Set<number>;
  stroke: Set<number>;
  OPS: PdfJs['OPS'];
}

let ids: OpIds | undefined;

function opIds(OPS: PdfJs['OPS']): OpIds {
  if (ids?.OPS !== OPS) {
    const stroke = [
      OPS.stroke,
      OPS.closeStroke,
      OPS.fillStroke,
      OPS.eoFillStroke,
      OPS.closeFillStroke,
      OPS.closeEOFillStroke,
    ];
    ids = { OPS, stroke: new Set(stroke), paint: new Set([...stroke, OPS.fill, OPS.eoFill]) };
  }
  return ids;
}

/** Scratch space of every {@link NumberWriter} (encoding is synchronous: one writer at a time), kept as grown. */
let scratch = new Float64Array(4096);

/**
 * A growing array of numbers written into a shared scratch Float64Array (no JS array to convert at the end,
 * no new buffer per chunk); {@link numbers} copies them out.
 */
class NumberWriter {
  private data = scratch;
  private length = 0;

  /** Append numbers. */
  add(a: number, b?: number, c?: number): void {
    if (this.length + 3 > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
      scratch = grown;
    }
    this.data[this.length++] = a;
    if (b !== undefined) this.data[this.length++] = b;
    if (c !== undefined) this.data[this.length++] = c;
  }

  /** The numbers written, in a buffer of their own (it is transferred). */
  numbers(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** Push six matrix entries (identity when the value is not a matrix). */
function pushMatrix(out: NumberWriter, value: unknown): void {
  const m = Array.isArray(value) || ArrayBuffer.isView(value) ? (value as ArrayLike<number>) : undefined;
  if (m && m.length >= 6) for (let i = 0; i < 6; i++) out.add(Number(m[i]) || 0);
  else {
    out.add(1, 0, 0);
    out.add(1, 0, 0);
  }
}

/** The arguments of an operator that has none (most have none: one shared array, not one per operator). */
const NO_ARGS: readonly unknown[] = Object.freeze([]);

/** Encode a stretch of a pdf.js operator list ({fnArray, argsArray}) into an {@link OpStream}. */
export function encodeOps(
  fnArray: ArrayLike<number>,
  argsArray: ArrayLike<unknown>,
  OPS: PdfJs['OPS'],
): OpStream {
  const { paint, stroke } = opIds(OPS);
  const out = new NumberWriter();
  const fonts: string[] = [];
  const fontIndex = new Map<string, number>();
  // Glyph texts gathered and joined once (a string grown glyph by glyph is one more object per glyph).
  const texts: string[] = [];
  const font = (name: unknown, size: unknown): void => {
    const key = String(name);
    let index = fontIndex.get(key);
    if (index === undefined) {
      index = fonts.push(key) - 1;
      fontIndex.set(key, index);
    }
    out.add(Op.Font, index, Number(size) || 0);
  };
  for (let k = 0; k < fnArray.length; k++) {
    const fn = fnArray[k];
    const raw = argsArray[k];
    const args = Array.isArray(raw) ? (raw as unknown[]) : NO_ARGS;
    switch (fn) {
      case OPS.save:
        out.add(Op.Save);
        break;
      case OPS.restore:
        out.add(Op.Restore);
        break;
      case OPS.transform:
        out.add(Op.Transform);
        pushMatrix(out, args);
        break;
      case OPS.paintFormXObjectBegin:
        out.add(Op.FormBegin);
        pushMatrix(out, args[0]);
        break;
      case OPS.paintFormXObjectEnd:
        out.add(Op.FormEnd);
        break;
      case OPS.setFillRGBColor:
        out.add(Op.Fill, typeof args[0] === 'string' && args[0].toLowerCase() === '#ffffff' ? 1 : 0);
        break;
      case OPS.constructPath: {
        const op = args[0];
        if (typeof op !== 'number' || !paint.has(op)) break;
        const data = pathData(args);
        if (!data) break;
        out.add(Op.Path, stroke.has(op) ? 1 : 0, data.length);
        for (let i = 0; i < data.length; i++) out.add(data[i] ?? 0);
        break;
      }
      case OPS.beginText:
        out.add(Op.BeginText);
        break;
      case OPS.endText:
        out.add(Op.EndText);
        break;
      case OPS.setFont:
        font(args[0], args[1]);
        break;
      case OPS.setGState:
        for (const entry of Array.isArray(args[0]) ? (args[0] as unknown[]) : NO_ARGS) {
          if (!Array.isArray(entry)) continue;
          const [key, value] = entry as unknown[];
          if (key === 'Font' && Array.isArray(value)) font(value[0], value[1]);
        }
        break;
      case OPS.setCharSpacing:
        out.add(Op.CharSpacing, Number(args[0]) || 0);
        break;
      case OPS.setWordSpacing:
        out.add(Op.WordSpacing, Number(args[0]) || 0);
        break;
      case OPS.setHScale:
        out.add(Op.HScale, Number(args[0]) || 0);
        break;
      case OPS.setLeading:
        out.add(Op.Leading, Number(args[0]) || 0);
        break;
      case OPS.setTextRise:
        out.add(Op.Rise, Number(args[0]) || 0);
        break;
      case OPS.moveText:
        out.add(Op.Move, Number(args[0]) || 0, Number(args[1]) || 0);
        break;
      case OPS.setLeadingMoveText:
        out.add(Op.LeadingMove, Number(args[0]) || 0, Number(args[1]) || 0);
        break;
      case OPS.nextLine:
        out.add(Op.NextLine);
        break;
      case OPS.setTextMatrix:
        out.add(Op.TextMatrix);
        pushMatrix(out, ArrayBuffer.isView(args[0]) || Array.isArray(args[0]) ? args[0] : args);
        break;
      case OPS.showText: {
        const glyphs = Array.isArray(args[0]) ? (args[0] as unknown[]) : NO_ARGS;
        out.add(Op.Text, glyphs.length);
        for (const glyph of glyphs) {
          if (typeof glyph === 'number') {
            out.add(-1, glyph, 0);
          } else if (glyph && typeof glyph === 'object') {
            const { unicode, width, isSpace } = glyph as OpGlyph;
            const u = typeof unicode === 'string' ? unicode : '';
            if (u) texts.push(u);
            out.add(u.length, typeof width === 'number' ? width : 0, isSpace ? 1 : 0);
          } else {
            out.add(0, 0, 0);
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return { numbers: out.numbers(), text: texts.join(''), fonts };
}

/** True for a value shaped like an {@link OpStream}. */
export function isOpStream(value: unknown): value is OpStream {
  const v = value as OpStream | null;
  return !!v && typeof v === 'object' && v.numbers instanceof Float64Array && typeof v.text === 'string';
}

/** The pseudo-operator id under which an encoded chunk travels in pdf.js's operator list (no pdf.js op is negative). */
export const ENCODED_CHUNK = -1;
