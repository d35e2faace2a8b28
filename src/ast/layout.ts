/**
 * Layout blocks: the one intermediate every extractor (markdown, TSV, HTML, PDF) produces.
 *
 * Nodes are plain JSON in the unist manner (`type`, `children`, `position`, `data`), so a tree survives
 * `JSON.parse(JSON.stringify(tree))` unchanged. Only extractors know about file formats; everything after
 * (recognize, merge, normalize, check) reads these blocks.
 */

/** A 1-based line/column point in a text input (unist `Point`). */
export interface Point {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** 0-based character offset, where known. */
  offset?: number;
}

/** A span in a text input (unist `Position`). */
export interface Position {
  /** First character. */
  start: Point;
  /** Just past the last character. */
  end: Point;
}

/** A box on a PDF page in PDF user-space units, origin at the page's top-left, y growing downwards. */
export type BBox = [x0: number, y0: number, x1: number, y1: number];

/** Where a block or cell came from: line/column for text inputs, page and bbox for PDF. */
export interface Provenance {
  /** 1-based page number, where the input has pages (PDF, or text with explicit page-break markers). */
  page?: number;
  /** Box on the page (PDF only). */
  bbox?: BBox;
  /** Span in a text input. */
  position?: Position;
}

/** Shared fields of every layout node. */
interface LayoutNodeBase {
  /** Source span for text inputs (unist `position`); absent on generated nodes. */
  position?: Position;
  /** Every source fragment this node was built from (docling-style `prov` list). */
  prov: Provenance[];
}

/** A heading: a markdown heading, or a PDF line judged to be a heading. */
export interface HeadingBlock extends LayoutNodeBase {
  type: 'heading';
  /** Heading depth 1–6 as marked in the input; 0 when inferred without a marked level. */
  depth: number;
  /** Plain text, inline markup removed. */
  text: string;
}

/** A paragraph of running text (lines joined with `\n` as printed). */
export interface ParagraphBlock extends LayoutNodeBase {
  type: 'paragraph';
  /** Plain text, inline markup removed. */
  text: string;
}

/** A list (markdown list, or an enumerated run of lines). */
export interface ListBlock extends LayoutNodeBase {
  type: 'list';
  /** Whether the input marked it as ordered. */
  ordered: boolean;
  /** Item texts, inline markup removed. */
  items: string[];
}

/** One cell of a grid, with explicit grid offsets so spans are index arithmetic. */
export interface GridCell {
  /** Text as printed, inline markup removed, whitespace trimmed. */
  text: string;
  /** 0-based row of the cell's top-left corner. */
  row: number;
  /** 0-based column of the cell's top-left corner. */
  col: number;
  /** Rows covered (1 = no span). */
  rowSpan: number;
  /** Columns covered (1 = no span). */
  colSpan: number;
  /** Where the cell came from, where known. */
  prov?: Provenance;
}

/** A grid: rows of cells with spans, exactly as the input lays them out (not yet interpreted). */
export interface GridBlock extends LayoutNodeBase {
  type: 'grid';
  /** Number of rows. */
  rowCount: number;
  /** Number of columns (after spans). */
  colCount: number;
  /** Cells in reading order (row, then column); covered positions of a span have no cell of their own. */
  cells: GridCell[];
  /** Which input syntax the grid came from. */
  syntax: 'tsv' | 'csv' | 'gfm' | 'html' | 'pdf';
}

/** An explicit page break; `page` is the number of the page that starts after it. */
export interface PageBreakBlock extends LayoutNodeBase {
  type: 'pageBreak';
  /** 1-based number of the page that follows. */
  page: number;
}

/** Any layout block. */
export type LayoutBlock = HeadingBlock | ParagraphBlock | ListBlock | GridBlock | PageBreakBlock;

/** The root of a layout tree. */
export interface LayoutRoot {
  type: 'root';
  /** Blocks in reading order. */
  children: LayoutBlock[];
  /** Number of pages, where the input has pages. */
  pageCount?: number;
  /** Input format the blocks came from. */
  format: 'markdown' | 'tsv' | 'csv' | 'html' | 'pdf';
  /** The title the file states about itself (PDF document information Title), where it states one. */
  fileTitle?: string;
  /** Links to attached files an HTML page holds (a portal page's attachments), in order. */
  links?: LinkRef[];
}

/** A link an HTML page holds: its text and target as printed. */
export interface LinkRef {
  /** Link text. */
  text: string;
  /** Target (href) as printed. */
  href: string;
}

/**
 * The rows of a grid read from delimited text (TSV / CSV), kept as texts and column numbers: the grid's
 * `cells` (half a million small objects for a few megabytes of TSV) are made only when something asks for
 * them, while recognition and normalization read these rows directly. Never changed once made.
 */
export interface CompactRows {
  /** Cleaned cell texts by row, as printed: row r has a cell in every column below `texts[r].length`. */
  readonly texts: readonly (readonly string[])[];
  /** The 1-based line and start column of the cell at row r, column c (c below the row's length). */
  start(r: number, c: number): { line: number; column: number };
  /** The grid's cells in reading order, exactly as `cells` gives them (made anew at each call). */
  cells(): GridCell[];
}

/** Where a compact grid keeps its rows while its cells are not made (not enumerable: not part of the JSON). */
const COMPACT = Symbol('budget-ingest.compactRows');

/**
 * A grid whose `cells` are made from `rows` on first access (then an ordinary property); its JSON, spread
 * and structured clone are those of the grid with its cells. Key order as gridFromRows gives it.
 */
export function compactGrid(rows: CompactRows, colCount: number, syntax: GridBlock['syntax']): GridBlock {
  const grid = { type: 'grid', rowCount: rows.texts.length, colCount } as GridBlock;
  const settle = (cells: GridCell[]): GridCell[] => {
    Object.defineProperty(grid, 'cells', {
      value: cells,
      writable: true,
      enumerable: true,
      configurable: true,
    });
    // Set aside, not deleted: a delete would turn the grid into a slow (dictionary-mode) object.
    (grid as unknown as Record<symbol, unknown>)[COMPACT] = undefined;
    return cells;
  };
  Object.defineProperty(grid, 'cells', {
    get: () => settle(rows.cells()),
    set: (cells: GridCell[]) => settle(cells),
    enumerable: true,
    configurable: true,
  });
  grid.syntax = syntax;
  grid.prov = [];
  Object.defineProperty(grid, COMPACT, {
    value: rows,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  return grid;
}

/** The compact rows of a grid whose cells were not asked for yet (see compactGrid), else undefined. */
export function compactRowsOf(grid: GridBlock): CompactRows | undefined {
  return (grid as unknown as Record<symbol, CompactRows | undefined>)[COMPACT];
}

/** Expand a grid into a dense matrix of texts; a spanned cell's text fills every position it covers. */
export function gridToMatrix(grid: GridBlock): string[][] {
  return gridCoverIndex(grid).map((row) => row.map((cell) => cell?.text ?? ''));
}

/** rowCount rows of colCount undefined positions. */
function emptyIndex(grid: GridBlock): (GridCell | undefined)[][] {
  const index: (GridCell | undefined)[][] = [];
  for (let r = 0; r < grid.rowCount; r++)
    index.push(new Array<GridCell | undefined>(grid.colCount).fill(undefined));
  return index;
}

/** Index a grid's cells by their top-left position: `cellAt[row][col]`, undefined for covered/absent. */
export function gridCellIndex(grid: GridBlock): (GridCell | undefined)[][] {
  const index = emptyIndex(grid);
  for (const cell of grid.cells) {
    const line = index[cell.row];
    if (line) line[cell.col] = cell;
  }
  return index;
}

/** Index a grid's cells by every position they cover: `cellAt[row][col]` is the covering cell (spans included). */
export function gridCoverIndex(grid: GridBlock): (GridCell | undefined)[][] {
  const index = emptyIndex(grid);
  for (const cell of grid.cells) {
    for (let r = cell.row; r < cell.row + cell.rowSpan && r < grid.rowCount; r++) {
      const line = index[r]!;
      for (let c = cell.col; c < cell.col + cell.colSpan && c < grid.colCount; c++) line[c] = cell;
    }
  }
  return index;
}

/** Build a grid block from rows of plain strings (no spans), e.g. TSV lines. */
export function gridFromRows(
  rows: readonly (readonly string[])[],
  syntax: GridBlock['syntax'],
  cellProv?: (row: number, col: number) => Provenance | undefined,
): GridBlock {
  const colCount = rows.reduce((max, row) => Math.max(max, row.length), 0);
  const cells: GridCell[] = [];
  rows.forEach((row, r) => {
    row.forEach((text, c) => {
      const cell: GridCell = { text, row: r, col: c, rowSpan: 1, colSpan: 1 };
      const prov = cellProv?.(r, c);
      if (prov) cell.prov = prov;
      cells.push(cell);
    });
  });
  return { type: 'grid', rowCount: rows.length, colCount, cells, syntax, prov: [] };
}
