/**
 * Bare TSV / CSV fragments → layout blocks: leading lines without delimiters become a title and metadata
 * paragraphs, the rest one grid.
 */
import {
  type CompactRows,
  compactGrid,
  type GridBlock,
  type GridCell,
  type LayoutBlock,
  type LayoutRoot,
} from '../../ast/layout.js';
import type { CellBudget } from '../../errors.js';
import { cleanCell, cleanText, stripMarkup } from '../../normalize/text.js';

/** Delimiter of a fragment. */
export type Delimiter = '\t' | ',';

/** Guess the delimiter: tab when any line has one, else comma. */
export function detectDelimiter(text: string): Delimiter {
  return /\t/.test(text) ? '\t' : ',';
}

/**
 * Cut rows so that their grid (rows × widest row) holds at most `maxCells` cells: whole rows are dropped from
 * the end, and a single row wider than the limit keeps its first `maxCells` cells. `cut` tells whether
 * anything was dropped.
 */
export function capRows<T>(
  rows: readonly (readonly T[])[],
  maxCells: number,
): { rows: readonly (readonly T[])[]; cut: boolean } {
  const limit = Math.max(1, Math.floor(maxCells));
  let width = 0;
  let kept = 0;
  for (const row of rows) {
    const next = Math.max(width, row.length);
    if ((kept + 1) * next > limit) break;
    width = next;
    kept++;
  }
  if (kept === rows.length) return { rows, cut: false };
  if (kept === 0) return { rows: [rows[0]!.slice(0, limit)], cut: true };
  return { rows: rows.slice(0, kept), cut: true };
}

/**
 * Cut a grid (spans included) so that rows × columns stays within `maxCells`: rows are dropped from the end,
 * and columns too when a single row is wider than the limit. Returns the grid itself when it fits.
 */
export function capGrid(grid: GridBlock, maxCells: number): { grid: GridBlock; cut: boolean } {
  const limit = Math.max(1, Math.floor(maxCells));
  if (grid.rowCount * grid.colCount <= limit) return { grid, cut: false };
  const colCount = Math.min(grid.colCount, limit);
  const rowCount = Math.max(1, Math.floor(limit / Math.max(1, colCount)));
  const cells = grid.cells
    .filter((cell) => cell.row < rowCount && cell.col < colCount)
    .map((cell) => ({
      ...cell,
      rowSpan: Math.min(cell.rowSpan, rowCount - cell.row),
      colSpan: Math.min(cell.colSpan, colCount - cell.col),
    }));
  return { grid: { ...grid, rowCount: Math.min(rowCount, grid.rowCount), colCount, cells }, cut: true };
}

/**
 * Split one CSV record set (RFC 4180: quoted fields, doubled quotes, newlines inside quotes). With `maxCells`,
 * reading stops once more than that many fields were read (the caller cuts the grid and reports it).
 */
export function parseCsv(text: string, maxCells = Number.POSITIVE_INFINITY): string[][] {
  return readCsv(text, maxCells).records;
}

/** Records read, and whether the whole text was read (false when `maxCells` or the deadline stopped it). */
interface Records {
  records: string[][];
  complete: boolean;
  /** The deadline stopped the reading. */
  timedOut?: boolean;
}

/*
 * Why not csv-parse here (it reads the header sample of folder files, src/batch/disclosure.ts): measured on
 * 2026-12-01 with csv-parse 7.0.3 (`relax_quotes`, `relax_column_count`, CR / LF / CRLF records), it throws
 * CSV_QUOTE_NOT_CLOSED on a fragment with one unbalanced quote (test/hostile `unbalanced-quote.csv`, which must
 * still give its rows), splits `  "x,y"` at the comma inside the quotes (a quote after spaces opens a field
 * here, as scraped fragments print it), has no way to stop after `maxCells` fields mid-text, and took 7.0 s
 * against 3.3 s for this reader on 200,000 rows (same loaded 2-core machine).
 */
function readCsv(text: string, maxCells: number, deadline = Number.POSITIVE_INFINITY): Records {
  const rows: string[][] = [];
  let fields = 0;
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      row.push(field);
      field = '';
      if (++fields > maxCells) return { records: [...rows, row], complete: false };
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      // Over the budget: complete only when what is left is blank (trailing line ends).
      if (++fields > maxCells) return { records: rows, complete: text.slice(i + 1).trim() === '' };
      if (rows.length % 4096 === 0 && Date.now() > deadline)
        return { records: rows, complete: false, timedOut: true };
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return { records: rows, complete: true };
}

/** Split TSV lines (CRLF, CR, LF), reading at most `maxCells + 1` fields in all. */
function splitTsv(text: string, maxCells: number, deadline = Number.POSITIVE_INFINITY): Records {
  const records: string[][] = [];
  const eol = /\r\n?|\n/g;
  let fields = 0;
  let start = 0;
  while (fields <= maxCells) {
    const match = eol.exec(text);
    const end = match ? match.index : text.length;
    const record = text.slice(start, end).split('\t', Math.min(2 ** 32 - 1, maxCells + 1 - fields));
    if (fields + record.length > maxCells) {
      // Over the budget: complete only when what is left is blank (trailing line ends).
      const complete = text.slice(start).trim() === '';
      if (!complete) records.push(record);
      return { records, complete };
    }
    records.push(record);
    fields += record.length;
    if (!match) break;
    if (records.length % 4096 === 0 && Date.now() > deadline)
      return { records, complete: false, timedOut: true };
    start = eol.lastIndex;
  }
  return { records, complete: true };
}

/**
 * Delimited records as compact grid rows: cells cleaned (markup removed, blanks collapsed) and placed — TSV at
 * the 1-based character columns of the field, CSV (where quoting makes those ambiguous) at the 1-based field
 * number; a cell spans one line.
 */
class DelimitedRows implements CompactRows {
  readonly texts: string[][];
  /** Row whose field start columns `starts` holds (computed once per row: rows may be wide). */
  private startsRow = -1;
  private starts: number[] = [];

  constructor(
    private readonly records: readonly (readonly string[])[],
    private readonly firstLine: number,
    private readonly tab: boolean,
  ) {
    // A record whose fields need no cleaning (most) is its own row of texts.
    this.texts = records.map((fields) =>
      fields.every((field) => cleanCell(field) === field) ? (fields as string[]) : fields.map(cleanCell),
    );
  }

  start(r: number, c: number): { line: number; column: number } {
    return { line: this.firstLine + r, column: this.tab ? this.startsOf(r)[c]! : c + 1 };
  }

  private startsOf(r: number): number[] {
    if (r !== this.startsRow) {
      this.startsRow = r;
      this.starts = [];
      let column = 1;
      for (const field of this.records[r] ?? []) {
        this.starts.push(column);
        column += field.length + 1;
      }
    }
    return this.starts;
  }

  cells(): GridCell[] {
    const cells: GridCell[] = [];
    const { records, texts, tab } = this;
    for (let r = 0; r < records.length; r++) {
      const fields = records[r]!;
      const row = texts[r]!;
      const line = this.firstLine + r;
      let column = 1;
      for (let c = 0; c < fields.length; c++) {
        const start = tab ? column : c + 1;
        const end = tab ? column + fields[c]!.length : start;
        column += fields[c]!.length + 1;
        cells.push({
          text: row[c]!,
          row: r,
          col: c,
          rowSpan: 1,
          colSpan: 1,
          prov: { position: { start: { line, column: start }, end: { line, column: end } } },
        });
      }
    }
    return cells;
  }
}

/** The grid of delimited records (its cells made when asked for: see compactGrid). */
function delimitedGrid(
  records: readonly (readonly string[])[],
  firstLine: number,
  delimiter: Delimiter,
): GridBlock {
  const colCount = records.reduce((max, fields) => Math.max(max, fields.length), 0);
  const tab = delimiter === '\t';
  return compactGrid(new DelimitedRows(records, firstLine, tab), colCount, tab ? 'tsv' : 'csv');
}

/**
 * Extract layout blocks from a TSV or CSV fragment. Line endings CRLF, CR and LF are all accepted. With a
 * `budget`, the grid keeps at most `budget.maxCells` cells (rows beyond are dropped and reported).
 */
export function extractDelimitedLayout(
  text: string,
  delimiter: Delimiter = detectDelimiter(text),
  budget?: CellBudget,
): LayoutRoot {
  const maxCells = budget?.maxCells ?? Number.POSITIVE_INFINITY;
  const deadline = budget?.deadline ?? Number.POSITIVE_INFINITY;
  const { records, complete, timedOut } =
    delimiter === ',' ? readCsv(text, maxCells, deadline) : splitTsv(text, maxCells, deadline);
  const blocks: LayoutBlock[] = [];
  let index = 0;
  // Lines before the grid that hold a single cell: title, then metadata.
  while (index < records.length) {
    const record = records[index]!;
    const nonEmpty = record.filter((cell) => cell.trim() !== '');
    const allMeta = nonEmpty.every((cell) => /^[\u4e00-\u9fff]{1,10}\s*[:：]/.test(cell.trim()));
    if (record.length > 1 && nonEmpty.length > 1 && !allMeta) break;
    const value = nonEmpty.map((cell) => cleanText(stripMarkup(cell))).join(' ');
    const line = index + 1;
    const position = { start: { line, column: 1 }, end: { line, column: value.length + 1 } };
    if (value) {
      const hasTitle = blocks.some((block) => block.type === 'heading');
      blocks.push(
        hasTitle || /[:：]/.test(value)
          ? { type: 'paragraph', text: value, position, prov: [{ position }] }
          : { type: 'heading', depth: 0, text: value, position, prov: [{ position }] },
      );
    }
    index++;
  }
  let end = records.length;
  while (end > index && records[end - 1]!.every((cell) => cell.trim() === '')) end--;
  const body = records.slice(index, end);
  // Trailing single-cell lines (注：…) become paragraphs after the grid.
  let gridEnd = body.length;
  while (
    gridEnd > 0 &&
    body[gridEnd - 1]!.filter((cell) => cell.trim() !== '').length === 1 &&
    /^注/.test(body[gridEnd - 1]!.find((c) => c.trim())!.trim())
  )
    gridEnd--;
  let gridRows: readonly (readonly string[])[] = body.slice(0, gridEnd);
  let cut = !complete;
  let cells = !complete && !timedOut;
  if (budget && gridRows.length) {
    const capped = capRows(gridRows, budget.maxCells);
    cut ||= capped.cut;
    cells ||= capped.cut;
    gridRows = capped.rows;
  }
  if (budget && timedOut)
    budget.onLimit({
      limit: 'timeoutMs',
      message: `读到第 ${records.length} 行时超过时间上限，其余内容未读取。`,
    });
  if (budget && cells) {
    const width = gridRows.reduce((max, row) => Math.max(max, row.length), 0);
    budget.onLimit({
      limit: 'maxCellsPerTable',
      message: `表格超过 ${budget.maxCells} 个单元格的上限，只读取了前 ${index + gridRows.length} 行（表格每行至多 ${width} 列），其余内容未读取。`,
    });
  }
  if (gridRows.length) {
    const firstLine = index + 1;
    const grid = delimitedGrid(gridRows, firstLine, delimiter);
    grid.position = {
      start: { line: firstLine, column: 1 },
      end: { line: firstLine + gridRows.length - 1, column: 1 },
    };
    grid.prov = [{ position: grid.position }];
    blocks.push(grid);
  }
  // Notes after a grid that was cut are not read either (they would be taken out of the table's context).
  body.slice(cut ? body.length : gridEnd).forEach((row, i) => {
    const line = index + gridEnd + i + 1;
    const position = { start: { line, column: 1 }, end: { line, column: 1 } };
    blocks.push({
      type: 'paragraph',
      text: cleanText(row.find((c) => c.trim()) ?? ''),
      position,
      prov: [{ position }],
    });
  });
  return { type: 'root', children: blocks, format: delimiter === ',' ? 'csv' : 'tsv' };
}
