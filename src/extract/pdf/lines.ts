import type { PageTextItem } from './text-items.js';

/** A run of items on one line with no column-sized gap inside (a word, number or phrase). */
export interface Fragment {
  /** Left edge. */
  x0: number;
  /** Right edge. */
  x1: number;
  /** Top edge. */
  top: number;
  /** Bottom edge. */
  bottom: number;
  /** Baseline y. */
  baseline: number;
  /** Largest font size in the fragment. */
  fontSize: number;
  /** Joined text. */
  text: string;
}

/** Items sharing a baseline, split into fragments at wide gaps, left to right. */
export interface TextLine {
  /** Left edge of the first fragment. */
  x0: number;
  /** Right edge of the last fragment. */
  x1: number;
  /** Top edge. */
  top: number;
  /** Bottom edge. */
  bottom: number;
  /** Baseline y (of the first item). */
  baseline: number;
  /** Largest font size on the line. */
  fontSize: number;
  /** Fragments left to right. */
  fragments: Fragment[];
  /** Fragments joined with single spaces. */
  text: string;
}

/** Gap (in font sizes) up to which two runs belong to the same fragment. */
const FRAGMENT_GAP = 0.6;
/** Gap (in font sizes) from which a space is inserted between two Latin/digit runs. */
const SPACE_GAP = 0.18;

/** True for characters after which a visible gap means a word space (Latin letters and digits). */
function isLatin(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9.,%)]/.test(ch);
}

/** Join two text pieces printed with `gap` between them: a space only between Latin words. */
export function joinRun(left: string, right: string, gap: number, fontSize: number): string {
  if (left === '') return right;
  const needsSpace = gap > SPACE_GAP * fontSize && isLatin(left.at(-1)) && isLatin(right[0]);
  return needsSpace ? `${left} ${right}` : left + right;
}

/** Drop runs drawn twice at (almost) the same place, as fake-bold producers do. */
function dedupe(items: PageTextItem[]): PageTextItem[] {
  const out: PageTextItem[] = [];
  for (const item of items) {
    const dup = out.some(
      (o) =>
        o.text === item.text &&
        Math.abs(o.x - item.x) < 0.25 * item.fontSize &&
        Math.abs(o.baseline - item.baseline) < 0.25 * item.fontSize,
    );
    if (!dup) out.push(item);
  }
  return out;
}

/** Build fragments from the items of one line (sorted left to right). */
function toFragments(items: readonly PageTextItem[], fragmentGap: number): Fragment[] {
  const fragments: Fragment[] = [];
  let cur: Fragment | undefined;
  for (const item of items) {
    const gap = cur ? item.x - cur.x1 : 0;
    const fs = Math.max(item.fontSize, cur?.fontSize ?? 0);
    if (cur && gap <= fragmentGap * fs) {
      cur.text = joinRun(cur.text, item.text, gap, fs);
      cur.x1 = Math.max(cur.x1, item.x + item.width);
      cur.top = Math.min(cur.top, item.y);
      cur.bottom = Math.max(cur.bottom, item.y + item.height);
      cur.fontSize = fs;
    } else {
      cur = {
        x0: item.x,
        x1: item.x + item.width,
        top: item.y,
        bottom: item.y + item.height,
        baseline: item.baseline,
        fontSize: item.fontSize,
        text: item.text,
      };
      fragments.push(cur);
    }
  }
  for (const f of fragments) f.text = f.text.trim();
  return fragments.filter((f) => f.text !== '');
}

/** Make a line from its items. */
function makeLine(items: PageTextItem[], fragmentGap: number): TextLine | undefined {
  items.sort((a, b) => a.x - b.x);
  const fragments = toFragments(dedupe(items), fragmentGap);
  const first = fragments[0];
  const last = fragments.at(-1);
  if (!first || !last) return undefined;
  return {
    x0: first.x0,
    x1: last.x1,
    top: Math.min(...fragments.map((f) => f.top)),
    bottom: Math.max(...fragments.map((f) => f.bottom)),
    baseline: first.baseline,
    fontSize: Math.max(...fragments.map((f) => f.fontSize)),
    fragments,
    text: fragments.map((f) => f.text).join(' '),
  };
}

/**
 * Group text items into lines by baseline (reading order from positions, not stream order) and split
 * each line into fragments at gaps wider than `fragmentGap` font sizes.
 */
export function groupLines(items: readonly PageTextItem[], fragmentGap = FRAGMENT_GAP): TextLine[] {
  const sorted = [...items].sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const groups: { baseline: number; fontSize: number; items: PageTextItem[] }[] = [];
  for (const item of sorted) {
    const last = groups.at(-1);
    const tol = 0.4 * Math.min(item.fontSize, last?.fontSize ?? item.fontSize);
    if (last && item.baseline - last.baseline <= tol) {
      last.items.push(item);
      last.fontSize = Math.max(last.fontSize, item.fontSize);
    } else {
      groups.push({ baseline: item.baseline, fontSize: item.fontSize, items: [item] });
    }
  }
  const lines: TextLine[] = [];
  for (const g of groups) {
    const line = makeLine(g.items, fragmentGap);
    if (line) lines.push(line);
  }
  return lines;
}
