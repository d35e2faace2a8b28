/**
 * Cross-page merging: decide whether a grid continues the previous table (title repeated, header repeated,
 * or bare rows) and check serial (序号) continuity. Doubtful joins are reported, never silent.
 */

import type { BBox, GridBlock } from '../ast/layout.js';
import { parseAmount } from '../normalize/amount.js';
import { compactKey } from '../normalize/text.js';
import type { AnalyzedColumn, DataLine, GridAnalysis } from '../recognize/header.js';
import type { TableCandidate } from '../recognize/segment.js';
import { isContinuationTitle, titleKey } from '../recognize/title.js';

/** How a fragment joins the previous one (`columns-continued`: the next columns of the same rows). */
export type JoinKind = 'title-repeated' | 'header-repeated' | 'bare-rows' | 'columns-continued';

/** The open table a candidate may continue. */
export interface OpenTable {
  /** Title as printed (null when untitled). */
  title: string | null;
  /** Header analysis of the first fragment. */
  analysis: GridAnalysis;
  /** Last serial printed so far, if the table numbers its rows. */
  lastSerial: string | null;
  /** Forms (performance targets) hold text and amounts anywhere: only their width is compared. */
  form?: boolean;
}

/** A join decision with its doubts. */
export interface JoinDecision {
  /** How the fragment joins. */
  join: JoinKind;
  /** Why the join is doubtful (empty when confident). */
  doubts: string[];
}

/** Column signature of a header: each column's header path, compacted. */
export function headerSignature(analysis: GridAnalysis): string {
  return analysis.columns.map((column) => column.header.map(compactKey).join('/')).join('|');
}

/**
 * True when a continuation's own header names the table's columns, one by one, wherever it names one at all:
 * the same header with a cell misread (a spanned project name printed into 项目名称, a body cell's text read as
 * a header segment under 绩效度量单位), not columns of its own.
 */
export function repeatsTableColumns(
  page: readonly AnalyzedColumn[],
  table: readonly AnalyzedColumn[],
): boolean {
  return (
    page.length === table.length &&
    page.some((column) => !column.unrecognized) &&
    page.every(
      (column, i) =>
        column.unrecognized || column.id === table[i]!.id || extendsHeader(column.header, table[i]!.header),
    )
  );
}

/** True when a header path is another one with segments added below it (绩效度量单位/类 under 绩效度量单位). */
function extendsHeader(path: readonly string[], base: readonly string[]): boolean {
  return (
    base.length > 0 &&
    path.length > base.length &&
    base.every((segment, i) => compactKey(segment) === compactKey(path[i] ?? ''))
  );
}

/** First serial printed in a fragment's data lines, read in the serial column of `columns` (null when none). */
export function firstSerial(analysis: GridAnalysis, columns = analysis.columns): string | null {
  const serial = columns.find((column) => column.role === 'serial');
  if (!serial) return null;
  for (const line of analysis.lines) {
    const text = line.texts[serial.index]?.trim();
    if (text && /^\d+$/.test(text)) return text;
  }
  return null;
}

/** Last serial printed in a fragment's data lines, read in the serial column of `columns` (null when none). */
export function lastSerial(analysis: GridAnalysis, columns = analysis.columns): string | null {
  const serial = columns.find((column) => column.role === 'serial');
  if (!serial) return null;
  for (let i = analysis.lines.length - 1; i >= 0; i--) {
    const text = analysis.lines[i]!.texts[serial.index]?.trim();
    if (text && /^\d+$/.test(text)) return text;
  }
  return null;
}

/**
 * Decide whether `candidate` (analyzed as `analysis`) continues `open`. Returns null when it starts a new
 * table: a different title, a different header, or narrative in between.
 */
export function decideJoin(
  open: OpenTable,
  candidate: TableCandidate,
  analysis: GridAnalysis,
  options: { sameColumnPositions?: boolean; columnsWithin?: boolean } = {},
): JoinDecision | null {
  const sameHeader = headerSignature(open.analysis) === headerSignature(analysis);
  const doubts: string[] = [];
  let join: JoinKind;
  // A form starts with the name of its project (项目名称 …); rows such as 年度目标 may run on over a page.
  const newForm = open.form === true && Object.keys(analysis.preamble).some((key) => key.endsWith('名称'));
  if (candidate.title !== null) {
    // Forms printed one per page under one title (项目绩效目标表 of several projects) are separate forms.
    if (newForm) return null;
    const repeated = open.title !== null && titleKey(open.title) === titleKey(candidate.title);
    if (!repeated && !isContinuationTitle(candidate.title)) return null;
    if (analysis.columns.length && analysis.headerRows.length && !sameHeader && !options.sameColumnPositions)
      return null;
    if (!analysis.headerRows.length && analysis.width !== open.analysis.width) return null;
    join = 'title-repeated';
  } else {
    // Text between the pages (cell text run over the ruling) does not part a grid ruled exactly like the open one.
    // A form whose next page rules only some of its columns (the others' text runs unruled) goes on too.
    const ruledAlike = options.sameColumnPositions || (open.form === true && options.columnsWithin === true);
    if (candidate.interrupted && !(ruledAlike && candidate.afterPageBreak)) return null;
    if (options.columnsWithin && !options.sameColumnPositions)
      doubts.push('续页只为部分列画线：各行按位置归入列，线外的文字未读入表中');
    if (open.form && !newForm) {
      // A form (绩效目标表) runs on over pages, each page ruled to its own columns; a new form starts with
      // its own 项目名称 / 绩效目标 rows.
      join = analysis.headerRows.length ? 'header-repeated' : 'bare-rows';
    } else if (analysis.headerRows.length) {
      if (!sameHeader) return null;
      join = 'header-repeated';
    } else {
      if (!fitsColumns(open.analysis, analysis)) return null;
      join = 'bare-rows';
    }
  }
  const first = firstSerial(analysis, open.analysis.columns);
  if (open.lastSerial !== null && first !== null) {
    const expected = Number(open.lastSerial) + 1;
    if (Number(first) === 1 && expected > 2 && join !== 'bare-rows') return null;
    if (Number(first) !== expected)
      doubts.push(`序号从 ${open.lastSerial} 跳到 ${first}（应为 ${expected}）`);
  } else if (join === 'bare-rows' && open.lastSerial === null && !options.sameColumnPositions) {
    doubts.push('续页各行既无标题、表头，也无序号印证接续');
  }
  return { join, doubts };
}

/** Column roles that name a row (a fragment without any cannot stand alone). */
const ROW_NAMING = new Set(['label', 'code', 'code-class', 'code-kuan', 'code-xiang', 'serial']);

/**
 * True when `analysis` holds the next columns of the open table's rows, printed on the next page (a table too
 * wide for its page, 收入总表 of 合计 … 事业收入 on one page and 其他收入, 上年结转结余 … on the next): at the top
 * of the page after it, titled alike or untitled, with a header of its own naming none of the open table's
 * columns and no column that names a row, and exactly as many data lines as the open table (one fragment so
 * far). The lines are then joined side by side.
 */
export function continuesColumns(
  open: OpenTable & { lines: number; fragments: number },
  candidate: TableCandidate,
  analysis: GridAnalysis,
): boolean {
  if (!candidate.afterPageBreak || candidate.interrupted || open.form || open.fragments !== 1) return false;
  if (candidate.title !== null && (open.title === null || titleKey(open.title) !== titleKey(candidate.title)))
    return false;
  if (!analysis.headerRows.length || analysis.lines.length === 0 || analysis.lines.length !== open.lines)
    return false;
  const named = analysis.columns.filter((column) => column.header.length > 0);
  if (!named.some((column) => column.role === 'amount')) return false;
  if (analysis.columns.some((column) => ROW_NAMING.has(column.role))) return false;
  const openHeaders = new Set(open.analysis.columns.map((column) => column.header.map(compactKey).join('/')));
  return named.every((column) => !openHeaders.has(column.header.map(compactKey).join('/')));
}

/**
 * Bare rows fit an open table when they are no wider than it and their cells agree with its column roles:
 * amounts (or blanks) under amount columns, digits under code columns.
 */
function fitsColumns(open: GridAnalysis, rows: GridAnalysis): boolean {
  const openWidth = Math.max(open.width, open.gridWidth);
  if (rows.width > openWidth || rows.gridWidth > openWidth + 1) return false;
  let cells = 0;
  let fitting = 0;
  for (const line of rows.lines)
    for (const column of open.columns) {
      const text = line.texts[column.index]?.trim() ?? '';
      if (!text) continue;
      if (column.role === 'amount' || column.role === 'count') {
        cells++;
        const kind = parseAmount(text).kind;
        if (kind === 'number' || kind === 'dash') fitting++;
      } else if (column.role.startsWith('code')) {
        cells++;
        if (/^\d+$/.test(text.replace(/\s+/g, ''))) fitting++;
      }
    }
  return cells === 0 || fitting / cells >= 0.8;
}

/** Horizontal extent of each column of a PDF grid, from its single-column cells' boxes. */
export function columnExtents(grid: GridBlock): ([number, number] | undefined)[] {
  const extents: ([number, number] | undefined)[] = Array.from({ length: grid.colCount }, () => undefined);
  for (const cell of grid.cells) {
    const box = cell.prov?.bbox;
    if (!box || cell.colSpan !== 1) continue;
    const current = extents[cell.col];
    extents[cell.col] = current
      ? [Math.min(current[0], box[0]), Math.max(current[1], box[2])]
      : [box[0], box[2]];
  }
  return extents;
}

/**
 * Re-place the cells of a bare-rows fragment into the open table's columns by their horizontal position
 * (a 合计 line alone on a page often merges the code and name cells into one). Returns null when a cell
 * falls in no column of the open table.
 */
export function realignByPosition(
  fragment: GridAnalysis,
  fragmentGrid: GridBlock,
  open: GridAnalysis,
  openGrid: GridBlock,
): GridAnalysis | null {
  const extents = columnExtents(openGrid);
  if (extents.every((extent) => !extent)) return null;
  const width = open.columns.length;
  const lines: DataLine[] = [];
  for (const line of fragment.lines) {
    const texts = Array.from({ length: width }, () => '');
    const cells: DataLine['cells'] = Array.from({ length: width }, () => undefined);
    // Every cell that covers the line, as index-placed lines read them (a 二级指标 spanning rows fills each).
    for (const cell of fragmentGrid.cells.filter(
      (c) => c.row <= line.gridRow && line.gridRow < c.row + c.rowSpan,
    )) {
      const box = cell.prov?.bbox;
      if (!cell.text.trim()) continue;
      if (!box) return null;
      const overlapping = extents
        .map((extent, index) => ({
          index,
          overlap: extent ? Math.min(extent[1], box[2]) - Math.max(extent[0], box[0]) : 0,
        }))
        .filter(({ index, overlap }) => {
          const extent = extents[index];
          return extent && overlap > 0.5 * Math.min(extent[1] - extent[0], box[2] - box[0]);
        })
        .map(({ index }) => index);
      if (!overlapping.length) return null;
      const target =
        overlapping.find((index) => open.columns[index]?.role === 'label') ??
        (overlapping.length === 1 ? overlapping[0] : overlapping.find((index) => !texts[index]));
      if (target === undefined || texts[target]) return null;
      texts[target] = cell.text;
      cells[target] = cell;
    }
    lines.push({ texts, cells, gridRow: line.gridRow });
  }
  return { ...fragment, lines, width, gridWidth: width, columns: open.columns };
}

/** True when two cells' boxes stand in one column of the page (each overlaps the other by 80 % of its width). */
function sameColumn(a: BBox | undefined, b: BBox | undefined): boolean {
  if (!a || !b) return false;
  const overlap = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  return overlap >= 0.8 * (a[2] - a[0]) && overlap >= 0.8 * (b[2] - b[0]);
}

/** A continuation line with the columns whose cell it reads from the page before (see carrySpansOver). */
export type CarriedLine = DataLine & { carried?: number[] };

/**
 * A form's cell that spans rows down to the foot of a page goes on at the head of the next (项目名称 and 项目金额
 * printed once per project whose indicators run over the page break). The first column whose cell on the last
 * line is printed and merged (or whose cell at the head of the next page is) decides: printed again at the head,
 * a new record starts and nothing is carried; blank, in the same column of the page, the record goes on, and the
 * lines under each such blank cell read the text and cell of the page before (`carried`). Lines with nothing of
 * their own printed are left blank; other lines are returned as they are.
 */
export function carrySpansOver(
  previous: DataLine | undefined,
  lines: readonly DataLine[],
): readonly CarriedLine[] {
  const first = lines[0];
  if (!previous || !first) return lines;
  const carried: number[] = [];
  for (let c = 0; c < first.texts.length; c++) {
    const top = first.cells[c];
    const above = previous.cells[c];
    if (!top || top.row !== first.gridRow || !above || !previous.texts[c]?.trim()) continue;
    if (top.rowSpan < 2 && above.rowSpan < 2) continue;
    const continued = !top.text.trim() && sameColumn(top.prov?.bbox, above.prov?.bbox);
    // The record's first column printed anew (or out of line): another record starts here.
    if (!carried.length && !continued) return lines;
    if (continued) carried.push(c);
  }
  if (!carried.length) return lines;
  return lines.map((line) => {
    const under = carried.filter((c) => line.cells[c] === first.cells[c]);
    if (!under.length || !line.texts.some((text) => text.trim())) return line;
    const texts = [...line.texts];
    const cells = [...line.cells];
    for (const c of under) {
      texts[c] = previous.texts[c]!;
      cells[c] = previous.cells[c];
    }
    return { ...line, texts, cells, carried: under };
  });
}

/**
 * True when every column of PDF grid `b` lies on a column of grid `a` (within 2 pt), `b` having fewer: the
 * same table with part of its ruling missing on the next page (a form whose left-hand cells run unruled).
 */
export function columnsWithin(a: GridBlock, b: GridBlock): boolean {
  if (a.syntax !== 'pdf' || b.syntax !== 'pdf' || b.colCount >= a.colCount || b.colCount < 2) return false;
  const ea = columnExtents(a).filter((extent): extent is [number, number] => extent !== undefined);
  const eb = columnExtents(b);
  return eb.every(
    (extent) =>
      extent !== undefined &&
      ea.some((other) => Math.abs(extent[0] - other[0]) <= 2 && Math.abs(extent[1] - other[1]) <= 2),
  );
}

/** True when two PDF grids have the same column boundaries (within 2 pt): a page break inside one ruled table. */
export function sameColumnPositions(a: GridBlock, b: GridBlock): boolean {
  if (a.syntax !== 'pdf' || b.syntax !== 'pdf' || a.colCount !== b.colCount) return false;
  const ea = columnExtents(a);
  const eb = columnExtents(b);
  return ea.every((extent, i) => {
    const other = eb[i];
    if (!extent || !other) return extent === other;
    return Math.abs(extent[0] - other[0]) <= 2 && Math.abs(extent[1] - other[1]) <= 2;
  });
}
