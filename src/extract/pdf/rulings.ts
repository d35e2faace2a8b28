import type { Matrix } from './matrix.js';
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

/** Path data of a constructPath op, whatever container pdfjs used for it. */
export function pathData(args: readonly unknown[]): ArrayLike<number> | undefined {
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

/** Points of the subpath being read, as x, y pairs (reused: reading a path is synchronous). */
let points = new Float64Array(64);

/** Read one constructPath op's path data (in the transform `m`) into rulings. */
export function readPath(
  out: Ruling[],
  data: ArrayLike<number>,
  m: Matrix,
  frame: PageFrame,
  filled: boolean,
): void {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = m;
  let count = 0;
  /** Append a point in page coordinates. */
  const push = (x: number, y: number): void => {
    if (2 * count + 2 > points.length) {
      const grown = new Float64Array(points.length * 2);
      grown.set(points);
      points = grown;
    }
    points[2 * count] = x;
    points[2 * count + 1] = y;
    count++;
  };
  /** Append a point of the path, transformed by `m`. */
  const add = (x: number, y: number): void => push(a * x + c * y + e, b * x + d * y + f);
  const flush = (): void => {
    if (count === 0) return;
    let x0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < count; k++) {
      const x = points[2 * k]!;
      const y = points[2 * k + 1]!;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    // A closed axis-aligned quadrilateral (rectangle) or a filled polygon: use its box.
    let isBox = count >= 4 && count <= 5;
    for (let k = 0; isBox && k < count; k++) {
      const x = points[2 * k]!;
      const y = points[2 * k + 1]!;
      isBox =
        (Math.abs(x - x0) < 0.5 || Math.abs(x - x1) < 0.5) &&
        (Math.abs(y - y0) < 0.5 || Math.abs(y - y1) < 0.5);
    }
    if (isBox || filled) pushBox(out, x0, y0, x1, y1, frame);
    else
      for (let k = 1; k < count; k++)
        pushSegment(out, points[2 * k - 2]!, points[2 * k - 1]!, points[2 * k]!, points[2 * k + 1]!);
    count = 0;
  };
  let i = 0;
  while (i < data.length) {
    const op = data[i] ?? -1;
    if (op === 0) {
      flush();
      add(data[i + 1] ?? 0, data[i + 2] ?? 0);
      i += 3;
    } else if (op === 1) {
      add(data[i + 1] ?? 0, data[i + 2] ?? 0);
      i += 3;
    } else if (op === 2) {
      flush();
      i += 7;
    } else if (op === 3) {
      flush();
      i += 5;
    } else if (op === 4) {
      if (count > 1) push(points[0]!, points[1]!); // close the subpath: its first point again
      flush();
      i += 1;
    } else break;
  }
  flush();
}
