import type { BBox, GridBlock, GridCell } from '../../ast/layout.js';
import type { Fragment, TextLine } from './lines.js';

/** Unruled tables found among a page's lines, and the lines left over for running text. */
export interface StreamTables {
  /** Grids rebuilt from aligned text. */
  grids: GridBlock[];
  /** Lines not used by any grid, top to bottom. */
  lines: TextLine[];
}

/** A printed amount, count or percentage. */
const NUMERIC = /^[-−–]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$/;

/** True for a fragment that prints a number. */
function isNumeric(f: Fragment): boolean {
  return NUMERIC.test(f.text.replace(/\s+/g, ''));
}

/** True for a line that looks like a table row (several cells, or a label and an amount). */
function isRowLike(line: TextLine): boolean {
  const n = line.fragments.length;
  if (n >= 3) return true;
  return n === 2 && line.fragments.some(isNumeric) && !/[。；]/.test(line.text);
}

/** Column intervals from the fragments of data lines: overlapping extents merge. */
function columnsOf(lines: readonly TextLine[]): [number, number][] {
  const spans = lines.flatMap((l) => l.fragments.map((f) => [f.x0, f.x1] as [number, number]));
  spans.sort((a, b) => a[0] - b[0]);
  const cols: [number, number][] = [];
  for (const s of spans) {
    const last = cols.at(-1);
    if (last && s[0] <= last[1] + 2) last[1] = Math.max(last[1], s[1]);
    else cols.push([s[0], s[1]]);
  }
  return cols;
}

/** Columns a fragment overlaps (at least one: the nearest). */
function columnsHit(f: Fragment, cols: readonly [number, number][]): [number, number] {
  const hit = cols
    .map((c, i) => ({ i, ov: Math.min(f.x1, c[1]) - Math.max(f.x0, c[0]) }))
    .filter((h) => h.ov > 0);
  if (hit.length > 0) return [hit[0]!.i, hit.at(-1)!.i];
  const centre = (f.x0 + f.x1) / 2;
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  cols.forEach((c, i) => {
    const d = Math.abs((c[0] + c[1]) / 2 - centre);
    if (d < bestD) {
      best = i;
      bestD = d;
    }
  });
  return [best, best];
}

/** Build one grid from a run of row-like lines (header lines first). */
function buildGrid(run: TextLine[], page: number): GridBlock {
  const firstData = run.findIndex((l) => l.fragments.some(isNumeric));
  const dataLines = run.slice(Math.max(0, firstData));
  const cols = columnsOf(dataLines);
  type Row = { cells: Map<number, { c1: number; frags: Fragment[] }>; top: number; bottom: number };
  const rows: Row[] = [];
  for (const line of run) {
    const numeric = line.fragments.some(isNumeric);
    const prev = rows.at(-1);
    const hits = line.fragments.map((f) => ({ f, span: columnsHit(f, cols) }));
    // A text-only line right under a row, touching only that row's text cells, continues wrapped cells.
    const continues =
      prev !== undefined &&
      !numeric &&
      line.top - prev.bottom < 0.5 * line.fontSize &&
      hits.every((h) => prev.cells.has(h.span[0]));
    if (continues && prev) {
      for (const h of hits) prev.cells.get(h.span[0])!.frags.push(h.f);
      prev.bottom = line.bottom;
      continue;
    }
    const row: Row = { cells: new Map(), top: line.top, bottom: line.bottom };
    for (const h of hits) {
      const existing = row.cells.get(h.span[0]);
      if (existing) {
        existing.frags.push(h.f);
        existing.c1 = Math.max(existing.c1, h.span[1]);
      } else row.cells.set(h.span[0], { c1: h.span[1], frags: [h.f] });
    }
    rows.push(row);
  }
  const cells: GridCell[] = [];
  rows.forEach((row, r) => {
    for (let c = 0; c < cols.length; c++) {
      const cell = row.cells.get(c);
      const frags = cell?.frags ?? [];
      const c1 = cell?.c1 ?? c;
      const bbox: BBox = frags.length
        ? [
            Math.min(...frags.map((f) => f.x0)),
            Math.min(...frags.map((f) => f.top)),
            Math.max(...frags.map((f) => f.x1)),
            Math.max(...frags.map((f) => f.bottom)),
          ]
        : [cols[c]![0], row.top, cols[c]![1], row.bottom];
      cells.push({
        text: frags.map((f) => f.text).join(''),
        row: r,
        col: c,
        rowSpan: 1,
        colSpan: c1 - c + 1,
        prov: { page, bbox },
      });
      c = c1;
    }
  });
  const bbox: BBox = [
    Math.min(...run.map((l) => l.x0)),
    Math.min(...run.map((l) => l.top)),
    Math.max(...run.map((l) => l.x1)),
    Math.max(...run.map((l) => l.bottom)),
  ];
  return {
    type: 'grid',
    rowCount: rows.length,
    colCount: cols.length,
    cells,
    syntax: 'pdf',
    prov: [{ page, bbox }],
  };
}

/**
 * Find unruled tables: runs of at least three row-like lines (several wide-gap fragments, amounts),
 * two of them with numbers; columns come from the x-extents of the data lines' fragments.
 */
export function rebuildStreamTables(
  lines: readonly TextLine[],
  page: number,
  pageWidth: number,
): StreamTables {
  const grids: GridBlock[] = [];
  const rest: TextLine[] = [];
  let run: TextLine[] = [];
  const flush = (): void => {
    const numericLines = run.filter((l) => l.fragments.some(isNumeric)).length;
    const wide = run.some((l) => l.x1 - l.x0 > pageWidth * 0.3);
    if (run.length >= 3 && numericLines >= 2 && wide) grids.push(buildGrid(run, page));
    else rest.push(...run);
    run = [];
  };
  for (const line of lines) {
    const prev = run.at(-1);
    const close = prev === undefined || line.top - prev.bottom < 2.5 * line.fontSize;
    if (isRowLike(line) && close) run.push(line);
    else {
      flush();
      if (isRowLike(line)) run.push(line);
      else rest.push(line);
    }
  }
  flush();
  rest.sort((a, b) => a.top - b.top);
  return { grids, lines: rest };
}
