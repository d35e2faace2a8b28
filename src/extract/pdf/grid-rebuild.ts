import type { BBox, GridBlock, GridCell } from '../../ast/layout.js';
import { groupLines, joinRun } from './lines.js';
import type { Ruling } from './rulings.js';
import type { TableRegion } from './table-regions.js';
import type { PageTextItem } from './text-items.js';

/** Positions closer than this collapse into one grid line. */
const SNAP = 3;
/** A ruling must cover this share of a cell edge to count as a boundary. */
const EDGE_COVER = 0.5;

/** Cluster sorted positions within SNAP into their means. */
function clusterPositions(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out.at(-1);
    if (last && v - last[last.length - 1]! <= SNAP) last.push(v);
    else out.push([v]);
  }
  return out.map((c) => c.reduce((s, v) => s + v, 0) / c.length);
}

/** Index of the band [edges[i], edges[i+1]) holding v, or -1 (edges ascending, as clusterPositions gives them). */
function bandOf(edges: readonly number[], v: number): number {
  if (!(edges.length >= 2 && v >= edges[0]! && v < edges[edges.length - 1]!)) return -1;
  let lo = 0;
  let hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The rulings at each position (within SNAP), in their order: what {@link covered} sums at that position. */
function rulingsAt(rulings: readonly Ruling[], dir: 'h' | 'v', positions: readonly number[]): Ruling[][] {
  return positions.map((pos) => rulings.filter((r) => Math.abs((dir === 'h' ? r.y0 : r.x0) - pos) <= SNAP));
}

/** True when the rulings at a position (see {@link rulingsAt}) cover at least EDGE_COVER of the span [a, b]. */
function covered(rulings: readonly Ruling[], dir: 'h' | 'v', a: number, b: number): boolean {
  let cover = 0;
  for (const r of rulings) {
    const s = dir === 'h' ? r.x0 : r.y0;
    const e = dir === 'h' ? r.x1 : r.y1;
    cover += Math.max(0, Math.min(b, e) - Math.max(a, s));
  }
  return cover >= EDGE_COVER * (b - a);
}

/** Rough advance weight of a character: full-width (CJK) 1, others 0.5. */
function charWeight(ch: string): number {
  return (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.5;
}

/** Character class for split points: full-width, ASCII word character or space. */
function charClass(ch: string): 'cjk' | 'word' | 'space' {
  if (ch.trim() === '') return 'space';
  return (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 'cjk' : 'word';
}

/**
 * Split a run that crosses interior column lines, but only where the text itself changes (a space, or a
 * switch between full-width text and digits/Latin) within one font size of the line; text merely
 * overflowing into the next cell stays whole.
 */
function splitAcross(item: PageTextItem, xs: readonly number[]): PageTextItem[] {
  const inner: number[] = [];
  const left = item.x + item.fontSize * 0.5;
  const right = item.x + item.width - item.fontSize * 0.5;
  for (let k = 1; k < xs.length - 1; k++) if (xs[k]! > left && xs[k]! < right) inner.push(xs[k]!);
  if (inner.length === 0) return [item];
  const chars = [...item.text];
  if (chars.length < 2) return [item];
  const total = chars.reduce((s, ch) => s + charWeight(ch), 0);
  const unit = item.width / total;
  const offsets: number[] = [];
  let x = item.x;
  for (const ch of chars) {
    offsets.push(x);
    x += charWeight(ch) * unit;
  }
  const cuts: number[] = [];
  for (const boundary of inner) {
    let best = -1;
    let bestD = item.fontSize;
    for (let i = 1; i < chars.length; i++) {
      const a = charClass(chars[i - 1]!);
      const b = charClass(chars[i]!);
      if (a === b && b !== 'space') continue;
      const d = Math.abs(offsets[i]! - boundary);
      if (d <= bestD) {
        best = i;
        bestD = d;
      }
    }
    if (best > 0 && !cuts.includes(best)) cuts.push(best);
  }
  if (cuts.length === 0) return [item];
  cuts.sort((a, b) => a - b);
  const pieces: PageTextItem[] = [];
  let from = 0;
  for (const cut of [...cuts, chars.length]) {
    const text = chars.slice(from, cut).join('');
    const x0 = offsets[from]!;
    const x1 = cut < chars.length ? offsets[cut]! : item.x + item.width;
    if (text.trim() !== '') pieces.push({ ...item, x: x0, width: x1 - x0, text: text.trim() });
    from = cut;
  }
  return pieces;
}

/** A column line this close (in font sizes) to a joint of a joined run (see PageTextItem.joints) parts the run there. */
const JOINT_SNAP = 0.15;
/** Characters of a printed number: a number crossing a column line is one number, overflowing. */
const NUMBER_CHAR = /[0-9.,]/;

/**
 * Part a run joined from separately drawn runs where an interior column line passes (within
 * {@link JOINT_SNAP} font sizes) between two of them, as the runs would have been taken one by one: two
 * cells' texts printed edge to edge become one run when drawn glyph by glyph. A line through the middle of a
 * glyph, or between two digits, leaves the run whole (text overflowing its cell).
 */
function partAtJoints(item: PageTextItem, xs: readonly number[]): PageTextItem[] {
  const joints = item.joints;
  if (!joints) return [item];
  const end = item.x + item.width;
  const cuts: number[] = [];
  for (let k = 1; k < xs.length - 1; k++) {
    const line = xs[k]!;
    if (line <= item.x || line >= end) continue;
    let best = -1;
    let bestD = JOINT_SNAP * item.fontSize;
    for (let j = 0; j < joints.length; j += 2) {
      const d = Math.abs(joints[j]! - line);
      if (d <= bestD) {
        best = j;
        bestD = d;
      }
    }
    if (best < 0) continue;
    const at = joints[best + 1]!;
    if (NUMBER_CHAR.test(item.text[at - 1] ?? '') && NUMBER_CHAR.test(item.text[at] ?? '')) continue;
    if (!cuts.includes(best)) cuts.push(best);
  }
  if (cuts.length === 0) return [item];
  cuts.sort((a, b) => a - b);
  const { joints: _, ...plain } = item;
  const pieces: PageTextItem[] = [];
  let x = item.x;
  let from = 0;
  for (const j of [...cuts, -1]) {
    const x1 = j < 0 ? end : joints[j]!;
    const to = j < 0 ? item.text.length : joints[j + 1]!;
    pieces.push({ ...plain, x, width: x1 - x, text: item.text.slice(from, to) });
    x = x1;
    from = to;
  }
  return pieces;
}

/** Column of a run: where it starts (overflowing text belongs to the cell it starts in). */
function anchorX(item: PageTextItem): number {
  return item.x + Math.min(item.width / 2, item.fontSize * 0.5);
}

/** Join the lines of one cell: no separator for CJK or a number wrapped onto two lines, a space between words. */
export function joinCellLines(lines: readonly string[]): string {
  let out = '';
  for (const line of lines) {
    const t = line.trim();
    if (t === '') continue;
    if (out === '') out = t;
    else if (/[A-Za-z]$/.test(out) && /^[A-Za-z0-9(]/.test(t)) out += ` ${t}`;
    else out += t;
  }
  return out;
}

/** Result of rebuilding one ruled table. */
export interface RebuiltGrid {
  /** The grid, or undefined when the region held no text at all. */
  grid: GridBlock;
  /** Items placed in cells (the caller leaves the rest to text blocks). */
  used: Set<PageTextItem>;
}

/**
 * Rebuild a grid from a ruled region: bands between rulings give rows and columns, missing cell edges
 * give row/column spans, and every text run whose centre falls in a cell is joined into that cell's text.
 */
export function rebuildRuledGrid(
  region: TableRegion,
  items: readonly PageTextItem[],
  page: number,
): RebuiltGrid {
  const xs = clusterPositions([...region.verticals.map((r) => r.x0), region.bbox[0], region.bbox[2]]);
  const ys = clusterPositions([...region.horizontals.map((r) => r.y0), region.bbox[1], region.bbox[3]]);
  const nR = ys.length - 1;
  const nC = xs.length - 1;
  const used = new Set<PageTextItem>();
  const cellItems: PageTextItem[][] = Array.from({ length: nR * nC }, () => []);
  for (const item of items) {
    const cy = item.baseline - item.fontSize * 0.3;
    const r = bandOf(ys, cy);
    if (r < 0) continue;
    if (bandOf(xs, item.x + item.width / 2) < 0 && bandOf(xs, anchorX(item)) < 0) continue;
    used.add(item);
    for (const part of partAtJoints(item, xs)) {
      for (const piece of splitAcross(part, xs)) {
        const c = Math.max(bandOf(xs, anchorX(piece)), bandOf(xs, piece.x + piece.width / 2));
        if (c >= 0) cellItems[r * nC + c]!.push(piece);
      }
    }
  }
  // Union cells whose shared edge is not ruled.
  const parent = Array.from({ length: nR * nC }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const verticalsAt = rulingsAt(region.verticals, 'v', xs);
  const horizontalsAt = rulingsAt(region.horizontals, 'h', ys);
  for (let r = 0; r < nR; r++) {
    for (let c = 1; c < nC; c++) {
      if (!covered(verticalsAt[c]!, 'v', ys[r]!, ys[r + 1]!)) union(r * nC + c - 1, r * nC + c);
    }
  }
  for (let r = 1; r < nR; r++) {
    for (let c = 0; c < nC; c++) {
      if (!covered(horizontalsAt[r]!, 'h', xs[c]!, xs[c + 1]!)) union((r - 1) * nC + c, r * nC + c);
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < nR * nC; i++) {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  }
  // Non-rectangular merged groups are split back into single cells.
  const rects: { r0: number; c0: number; r1: number; c1: number; members: number[] }[] = [];
  for (const members of groups.values()) {
    const rs = members.map((i) => Math.floor(i / nC));
    const cs = members.map((i) => i % nC);
    const rect = {
      r0: Math.min(...rs),
      c0: Math.min(...cs),
      r1: Math.max(...rs),
      c1: Math.max(...cs),
      members,
    };
    if ((rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1) === members.length) rects.push(rect);
    else
      for (const i of members)
        rects.push({ r0: Math.floor(i / nC), c0: i % nC, r1: Math.floor(i / nC), c1: i % nC, members: [i] });
  }
  rects.sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  const cells: GridCell[] = rects.map((rect) => {
    const its =
      rect.members.length === 1 ? cellItems[rect.members[0]!]! : rect.members.flatMap((i) => cellItems[i]!);
    // One run is its own line and fragment: its text, trimmed, is what the lines would join to.
    const text =
      its.length <= 1
        ? (its[0]?.text.trim() ?? '')
        : joinCellLines(
            groupLines(its, 1e6).map((l) =>
              l.fragments.reduce((s, f) => joinRun(s, f.text, 1, f.fontSize), ''),
            ),
          );
    const bbox: BBox = [xs[rect.c0]!, ys[rect.r0]!, xs[rect.c1 + 1]!, ys[rect.r1 + 1]!];
    return {
      text,
      row: rect.r0,
      col: rect.c0,
      rowSpan: rect.r1 - rect.r0 + 1,
      colSpan: rect.c1 - rect.c0 + 1,
      prov: { page, bbox },
    };
  });
  const grid: GridBlock = {
    type: 'grid',
    rowCount: nR,
    colCount: nC,
    cells,
    syntax: 'pdf',
    prov: [{ page, bbox: [...region.bbox] }],
  };
  return { grid, used };
}

/** True for a caption printed inside a table's ruled area: its title, unit/metadata line or a bare 表N label. */
export type CaptionTest = (text: string) => boolean;

/**
 * Take leading rows that hold at most one text, when that text is a caption (title, metadata, 表N) or the
 * row is empty, out of the grid: producers that border a whole print area put the title inside the rulings.
 */
export function detachCaptionRows(
  grid: GridBlock,
  isCaption: CaptionTest,
): { captions: GridCell[]; grid: GridBlock } {
  const captions: GridCell[] = [];
  let k = 0;
  while (k < grid.rowCount - 1) {
    const row = grid.cells.filter((c) => c.row === k);
    // A text merged down into the next rows belongs to the table; an empty sliver so merged (a stray ruling at
    // the edge) does not.
    if (row.some((c) => c.rowSpan > 1 && c.text !== '')) break;
    const filled = row.filter((c) => c.text !== '');
    if (filled.length > 1) break;
    const only = filled[0];
    if (only && !isCaption(only.text)) break;
    if (only) captions.push(only);
    k++;
  }
  if (k === 0) return { captions, grid };
  // Cells merged down from a caption row into the table keep their part below it.
  const cells = grid.cells
    .filter((c) => c.row + c.rowSpan > k)
    .map((c) => (c.row >= k ? { ...c, row: c.row - k } : { ...c, row: 0, rowSpan: c.row + c.rowSpan - k }));
  const top = Math.min(...cells.map((c) => c.prov?.bbox?.[1] ?? Number.POSITIVE_INFINITY));
  const box = grid.prov[0]?.bbox;
  const prov =
    box && Number.isFinite(top)
      ? [{ ...grid.prov[0], bbox: [box[0], top, box[2], box[3]] as BBox }]
      : grid.prov;
  return { captions, grid: { ...grid, rowCount: grid.rowCount - k, cells, prov } };
}
