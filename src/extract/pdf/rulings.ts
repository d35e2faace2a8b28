import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PdfJs } from './open-document.js';
import type { PageFrame } from './text-items.js';

/** A horizontal or vertical ruling line (or a filled bar's centre line) in top-left page coordinates. */
export interface Ruling {
  /** 'h': y0 === y1 and x0 < x1; 'v': x0 === x1 and y0 < y1. */
  dir: 'h' | 'v';
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Maximum thickness of a filled rectangle still read as a line. */
const BAR_THICKNESS = 2.5;
/** Minimum length of a ruling. */
const MIN_LENGTH = 3;

type Matrix = number[];

/** Compose affine transforms: the result maps p to m1(m2(p)). */
function compose(m1: Matrix, m2: readonly number[]): Matrix {
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

/** Apply an affine transform to a point. */
function apply(m: Matrix, x: number, y: number): [number, number] {
  return [(m[0] ?? 1) * x + (m[2] ?? 0) * y + (m[4] ?? 0), (m[1] ?? 0) * x + (m[3] ?? 1) * y + (m[5] ?? 0)];
}

/** Path data of a constructPath op, whatever container pdfjs used for it. */
function pathData(args: unknown[]): ArrayLike<number> | undefined {
  const data = args[1];
  if (ArrayBuffer.isView(data)) return data as unknown as ArrayLike<number>;
  if (Array.isArray(data)) {
    const first: unknown = data[0];
    if (ArrayBuffer.isView(first) || Array.isArray(first)) return first as ArrayLike<number>;
    if (typeof first === 'number') return data as number[];
  }
  return undefined;
}

/** Push an axis-aligned segment (ignores slanted ones). */
function pushSegment(out: Ruling[], ax: number, ay: number, bx: number, by: number): void {
  if (Math.abs(ay - by) < 0.5 && Math.abs(bx - ax) >= MIN_LENGTH) {
    const y = (ay + by) / 2;
    out.push({ dir: 'h', x0: Math.min(ax, bx), y0: y, x1: Math.max(ax, bx), y1: y });
  } else if (Math.abs(ax - bx) < 0.5 && Math.abs(by - ay) >= MIN_LENGTH) {
    const x = (ax + bx) / 2;
    out.push({ dir: 'v', x0: x, y0: Math.min(ay, by), x1: x, y1: Math.max(ay, by) });
  }
}

/** Turn an axis-aligned box into rulings: a centre line if thin, else its four edges. */
function pushBox(out: Ruling[], x0: number, y0: number, x1: number, y1: number, frame: PageFrame): void {
  const w = x1 - x0;
  const h = y1 - y0;
  if (h <= BAR_THICKNESS && w >= MIN_LENGTH) {
    out.push({ dir: 'h', x0, y0: (y0 + y1) / 2, x1, y1: (y0 + y1) / 2 });
  } else if (w <= BAR_THICKNESS && h >= MIN_LENGTH) {
    out.push({ dir: 'v', x0: (x0 + x1) / 2, y0, x1: (x0 + x1) / 2, y1 });
  } else if (w * h < 0.8 * frame.width * frame.height) {
    pushSegment(out, x0, y0, x1, y0);
    pushSegment(out, x0, y1, x1, y1);
    pushSegment(out, x0, y0, x0, y1);
    pushSegment(out, x1, y0, x1, y1);
  }
}

/** Read one constructPath op into rulings. */
function readPath(
  out: Ruling[],
  data: ArrayLike<number>,
  m: Matrix,
  frame: PageFrame,
  filled: boolean,
): void {
  const pts: [number, number][] = [];
  const flush = (): void => {
    if (pts.length === 0) return;
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const x0 = Math.min(...xs);
    const x1 = Math.max(...xs);
    const y0 = Math.min(...ys);
    const y1 = Math.max(...ys);
    // A closed axis-aligned quadrilateral (rectangle) or a filled polygon: use its box.
    const isBox =
      pts.length >= 4 &&
      pts.length <= 5 &&
      pts.every(
        ([x, y]) =>
          (Math.abs(x - x0) < 0.5 || Math.abs(x - x1) < 0.5) &&
          (Math.abs(y - y0) < 0.5 || Math.abs(y - y1) < 0.5),
      );
    if (isBox || filled) pushBox(out, x0, y0, x1, y1, frame);
    else
      for (let i = 1; i < pts.length; i++)
        pushSegment(out, pts[i - 1]![0], pts[i - 1]![1], pts[i]![0], pts[i]![1]);
    pts.length = 0;
  };
  let i = 0;
  while (i < data.length) {
    const op = data[i] ?? -1;
    if (op === 0) {
      flush();
      pts.push(apply(m, data[i + 1] ?? 0, data[i + 2] ?? 0));
      i += 3;
    } else if (op === 1) {
      pts.push(apply(m, data[i + 1] ?? 0, data[i + 2] ?? 0));
      i += 3;
    } else if (op === 2) {
      flush();
      i += 7;
    } else if (op === 3) {
      flush();
      i += 5;
    } else if (op === 4) {
      const first = pts[0];
      if (first && pts.length > 1) pts.push(first);
      flush();
      i += 1;
    } else break;
  }
  flush();
}

/** Collect horizontal/vertical rulings (stroked lines, rectangle edges, thin filled bars) of a page. */
export async function readRulings(page: PDFPageProxy, frame: PageFrame, pdfjs: PdfJs): Promise<Ruling[]> {
  const OPS = pdfjs.OPS;
  const list = await page.getOperatorList();
  const out: Ruling[] = [];
  let ctm: Matrix = [...frame.transform];
  let fill = '#000000';
  const stack: { ctm: Matrix; fill: string }[] = [];
  const paintOps = new Set<number>([
    OPS.stroke,
    OPS.closeStroke,
    OPS.fill,
    OPS.eoFill,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
  ]);
  const strokeOps = new Set<number>([
    OPS.stroke,
    OPS.closeStroke,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
  ]);
  for (let k = 0; k < list.fnArray.length; k++) {
    const fn = list.fnArray[k];
    const args = (list.argsArray[k] ?? []) as unknown[];
    switch (fn) {
      case OPS.save:
        stack.push({ ctm, fill });
        break;
      case OPS.restore: {
        const top = stack.pop();
        if (top) ({ ctm, fill } = top);
        break;
      }
      case OPS.transform:
        ctm = compose(ctm, args as number[]);
        break;
      case OPS.paintFormXObjectBegin: {
        stack.push({ ctm, fill });
        const matrix = args[0];
        if (Array.isArray(matrix) || ArrayBuffer.isView(matrix))
          ctm = compose(ctm, Array.from(matrix as ArrayLike<number>));
        break;
      }
      case OPS.paintFormXObjectEnd: {
        const top = stack.pop();
        if (top) ({ ctm, fill } = top);
        break;
      }
      case OPS.setFillRGBColor:
        if (typeof args[0] === 'string') fill = args[0].toLowerCase();
        break;
      case OPS.constructPath: {
        const paint = args[0];
        if (typeof paint !== 'number' || !paintOps.has(paint)) break;
        const stroked = strokeOps.has(paint);
        if (!stroked && fill === '#ffffff') break;
        const data = pathData(args);
        if (data) readPath(out, data, ctm, frame, !stroked);
        break;
      }
      default:
        break;
    }
  }
  return out;
}
