import type { Ruling } from './rulings.js';

/** A ruled table area: the rulings that form one connected grid, and their bounding box. */
export interface TableRegion {
  /** Bounding box [x0, y0, x1, y1] (top-left origin). */
  bbox: [number, number, number, number];
  /** Horizontal rulings (merged), top to bottom. */
  horizontals: Ruling[];
  /** Vertical rulings (merged), left to right. */
  verticals: Ruling[];
}

/** Distance within which rulings are considered to touch or be collinear. */
const SNAP = 2.5;

/** Merge collinear overlapping/abutting rulings of one direction. */
export function mergeRulings(rulings: readonly Ruling[], dir: 'h' | 'v'): Ruling[] {
  const pos = (r: Ruling): number => (dir === 'h' ? r.y0 : r.x0);
  const start = (r: Ruling): number => (dir === 'h' ? r.x0 : r.y0);
  const end = (r: Ruling): number => (dir === 'h' ? r.x1 : r.y1);
  const sorted = rulings.filter((r) => r.dir === dir).sort((a, b) => pos(a) - pos(b) || start(a) - start(b));
  // Cluster by position, then merge spans inside each cluster.
  const clusters: Ruling[][] = [];
  for (const r of sorted) {
    const last = clusters.at(-1);
    if (last && pos(r) - pos(last[0]!) <= SNAP) last.push(r);
    else clusters.push([r]);
  }
  const out: Ruling[] = [];
  for (const cluster of clusters) {
    const p = cluster.reduce((s, r) => s + pos(r), 0) / cluster.length;
    const spans = cluster.map((r) => [start(r), end(r)] as [number, number]).sort((a, b) => a[0] - b[0]);
    let cur: [number, number] | undefined;
    const flush = (): void => {
      if (!cur) return;
      out.push(
        dir === 'h'
          ? { dir, x0: cur[0], y0: p, x1: cur[1], y1: p }
          : { dir, x0: p, y0: cur[0], x1: p, y1: cur[1] },
      );
    };
    for (const s of spans) {
      if (cur && s[0] <= cur[1] + SNAP) cur[1] = Math.max(cur[1], s[1]);
      else {
        flush();
        cur = [s[0], s[1]];
      }
    }
    flush();
  }
  return out;
}

/** True when a horizontal and a vertical ruling touch or cross. */
function touches(h: Ruling, v: Ruling): boolean {
  return v.x0 >= h.x0 - SNAP && v.x0 <= h.x1 + SNAP && h.y0 >= v.y0 - SNAP && h.y0 <= v.y1 + SNAP;
}

/** Number of distinct positions among values (clustered within SNAP). */
function distinct(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  let n = 0;
  let last = Number.NEGATIVE_INFINITY;
  for (const v of sorted) {
    if (v - last > SNAP) n++;
    last = v;
  }
  return n;
}

/**
 * Find ruled table regions: connected groups of horizontal and vertical rulings that form at least
 * two rows or two columns of cells.
 */
export function findTableRegions(rulings: readonly Ruling[]): TableRegion[] {
  const hs = mergeRulings(rulings, 'h');
  const vs = mergeRulings(rulings, 'v');
  const all = [...hs, ...vs];
  const parent = all.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  hs.forEach((h, i) => {
    vs.forEach((v, j) => {
      if (touches(h, v)) {
        const a = find(i);
        const b = find(hs.length + j);
        if (a !== b) parent[a] = b;
      }
    });
  });
  const groups = new Map<number, Ruling[]>();
  all.forEach((r, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(r);
    else groups.set(root, [r]);
  });
  const regions: TableRegion[] = [];
  for (const group of groups.values()) {
    const horizontals = group.filter((r) => r.dir === 'h').sort((a, b) => a.y0 - b.y0);
    const verticals = group.filter((r) => r.dir === 'v').sort((a, b) => a.x0 - b.x0);
    if (horizontals.length < 2 || verticals.length < 2) continue;
    const rows = distinct(horizontals.map((r) => r.y0));
    const cols = distinct(verticals.map((r) => r.x0));
    if (rows < 2 || cols < 2 || (rows < 3 && cols < 3)) continue;
    const bbox: [number, number, number, number] = [
      Math.min(...group.map((r) => r.x0)),
      Math.min(...group.map((r) => r.y0)),
      Math.max(...group.map((r) => r.x1)),
      Math.max(...group.map((r) => r.y1)),
    ];
    if (bbox[2] - bbox[0] < 30 || bbox[3] - bbox[1] < 10) continue;
    regions.push({ bbox, horizontals, verticals });
  }
  return regions.sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0]);
}
