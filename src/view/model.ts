/**
 * What a review shows, computed from a document: each table's cells with where they were printed (a box on
 * a page, or a line of a text input), the diagnostics pointed at their cells, the summary facts' sources
 * resolved to cells, and the pages worth rendering. Pure data: the HTML is written from it (html.ts).
 */
import type { BudgetDocument, Diagnostic, Fact, Place, Row, Table } from '../model/schema.js';

/** Where a summary fact was read (`fact.source`). */
export type FactSource = Fact['source'];

/** A box on a page, [x0, y0, x1, y1] in PDF units with the origin at the top-left (as in `Place.bbox`). */
export type Box = [number, number, number, number];

/** One printed cell of a table: its key in the review (`row:column`), and where it was printed. */
export interface ViewCell {
  /** `<row index>:<column id>`, unique within the table. */
  key: string;
  /** Row index in `table.rows`. */
  row: number;
  /** Column id. */
  column: string;
  /** The cell as printed. */
  printed: string;
  /** Page and box, when the extractor recorded a box. */
  page?: number;
  box?: Box;
  /** Line (and column) of a text input, when recorded. */
  line?: number;
  lineColumn?: number;
  /** The printed cell spans several rows and began on an earlier row, or on the page before. */
  spanned?: boolean;
}

/** Where a diagnostic or a fact source points: cells of a table, and/or a place. */
export interface Target {
  /** Table id, when the target is in a table. */
  table?: string;
  /** Cell keys within that table. */
  cells: string[];
  /** Where it was printed, when known (used when no cell is named). */
  place?: Place;
}

/** One source of a summary fact, resolved for the review. */
export interface ViewSource {
  /** The source as recorded in the model. */
  source: FactSource;
  /** The cell (or place) it points at. */
  target: Target;
}

/** Diagnostic counts by severity. */
export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

/** A table as the review shows it. */
export interface ViewTable {
  table: Table;
  /** Table-number label (表01) when the model carries one. */
  label?: string;
  /** Every printed cell, in row then column order. */
  cells: ViewCell[];
  /** Cells with no box and no line recorded (said so in the review, never guessed). */
  unplaced: number;
  /** Pages the table's cells and fragments are on, ascending. */
  pages: number[];
  /** Diagnostics about this table, with their targets. */
  diagnostics: Array<{ diagnostic: Diagnostic; target: Target }>;
  /** Highest diagnostic severity per cell key. */
  cellSeverity: Map<string, Diagnostic['severity']>;
  counts: SeverityCounts;
}

/** The whole review of one document, as data. */
export interface ViewDocument {
  document: BudgetDocument;
  tables: ViewTable[];
  /** Summary facts in the order of the model, each with its sources. */
  facts: Array<{ id: string; yuan: string; sources: ViewSource[] }>;
  /** Diagnostics not about any table. */
  documentDiagnostics: Array<{ diagnostic: Diagnostic; target: Target }>;
  counts: SeverityCounts;
  /** Every page the review shows (tables, fact sources, diagnostics), ascending. */
  pages: number[];
}

const SEVERITY_RANK: Record<Diagnostic['severity'], number> = { info: 0, warning: 1, error: 2 };

/** The row id (`grand_total` …) when the model carries one (`row.key`, optional). */
export function rowKey(row: Row): string | undefined {
  const key = (row as Row & { key?: unknown }).key;
  return typeof key === 'string' && key ? key : undefined;
}

/** The table-number label (`表01`) when the model carries one (`table.label`, optional). */
export function tableLabel(table: Table): string | undefined {
  const label = (table as Table & { label?: unknown }).label;
  return typeof label === 'string' && label ? label : undefined;
}

/** Every source of a summary fact: `fact.sources` when the model carries several, else `fact.source`. */
export function factSources(fact: { source: FactSource }): FactSource[] {
  const sources = (fact as { sources?: unknown }).sources;
  if (Array.isArray(sources) && sources.length > 0) return sources as FactSource[];
  return [fact.source];
}

/** The printed cells of a table, in row order then column order. */
export function tableCells(table: Table): ViewCell[] {
  const order = new Map(table.columns.map((c, i) => [c.id, i]));
  const cells: ViewCell[] = [];
  table.rows.forEach((row, index) => {
    const entries = Object.entries(row.cells).sort(
      ([a], [b]) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER),
    );
    for (const [column, cell] of entries) {
      const view: ViewCell = { key: `${index}:${column}`, row: index, column, printed: cell.printed };
      const place = cell.place;
      if (place?.page !== undefined) view.page = place.page;
      if (place?.bbox) view.box = [...place.bbox];
      if (place?.line !== undefined) view.line = place.line;
      if (place?.column !== undefined) view.lineColumn = place.column;
      if (cell.spanned) view.spanned = true;
      cells.push(view);
    }
  });
  return cells;
}

const samePlace = (a: Place | undefined, b: Place | undefined): boolean => {
  if (!a || !b) return false;
  if (a.page !== undefined || b.page !== undefined) {
    if (a.page !== b.page || !a.bbox || !b.bbox) return false;
    return a.bbox.every((v, i) => Math.abs(v - b.bbox![i]!) < 0.01);
  }
  return a.line !== undefined && a.line === b.line && a.column === b.column;
};

/** The cell a summary fact source names: by its recorded place first, then by row label or code. */
export function resolveSource(document: BudgetDocument, source: FactSource): Target {
  const place = source.place;
  const table = source.table ? document.tables.find((t) => t.id === source.table) : undefined;
  if (!table) return { cells: [], ...(place ? { place } : {}) };
  const column = source.column;
  const found = (match: (row: Row) => boolean): number =>
    table.rows.findIndex((row) => match(row) && (column === undefined || column in row.cells));
  let index = found((row) => column !== undefined && samePlace(row.cells[column]?.place, place));
  if (index < 0 && source.row !== undefined)
    index = found((row) => row.label === source.row || row.code === source.row || rowKey(row) === source.row);
  const cells = index >= 0 && column !== undefined ? [`${index}:${column}`] : [];
  return { table: table.id, cells, ...(place ? { place } : {}) };
}

/** The cells a diagnostic names: one cell (row and column), a whole row, or a whole column. */
export function diagnosticTarget(table: Table | undefined, diagnostic: Diagnostic): Target {
  const place = diagnostic.place ? { place: diagnostic.place } : {};
  if (!table) return { cells: [], ...place };
  const { row, column } = diagnostic;
  const cells: string[] = [];
  if (row !== undefined && table.rows[row]) {
    const cellsOfRow = table.rows[row].cells;
    if (column !== undefined && column in cellsOfRow) cells.push(`${row}:${column}`);
    else if (column === undefined) cells.push(...Object.keys(cellsOfRow).map((c) => `${row}:${c}`));
  } else if (column !== undefined && row === undefined) {
    table.rows.forEach((r, i) => {
      if (column in r.cells) cells.push(`${i}:${column}`);
    });
  }
  return { table: table.id, cells, ...place };
}

const emptyCounts = (): SeverityCounts => ({ error: 0, warning: 0, info: 0 });

function pagesOf(places: Iterable<Place | undefined>): Set<number> {
  const pages = new Set<number>();
  for (const place of places) if (place?.page !== undefined) pages.add(place.page);
  return pages;
}

/** Build the review data of a parsed document. */
export function buildView(document: BudgetDocument): ViewDocument {
  const byTable = new Map<string, Diagnostic[]>();
  const documentDiagnostics: ViewDocument['documentDiagnostics'] = [];
  const counts = emptyCounts();
  for (const diagnostic of document.diagnostics) {
    counts[diagnostic.severity]++;
    const table = diagnostic.table ? document.tables.find((t) => t.id === diagnostic.table) : undefined;
    if (table) byTable.set(table.id, [...(byTable.get(table.id) ?? []), diagnostic]);
    else documentDiagnostics.push({ diagnostic, target: diagnosticTarget(undefined, diagnostic) });
  }
  const tables = document.tables.map((table): ViewTable => {
    const cells = tableCells(table);
    const diagnostics = (byTable.get(table.id) ?? []).map((diagnostic) => ({
      diagnostic,
      target: diagnosticTarget(table, diagnostic),
    }));
    const cellSeverity = new Map<string, Diagnostic['severity']>();
    const tableCounts = emptyCounts();
    for (const { diagnostic, target } of diagnostics) {
      tableCounts[diagnostic.severity]++;
      for (const key of target.cells) {
        const was = cellSeverity.get(key);
        if (!was || SEVERITY_RANK[diagnostic.severity] > SEVERITY_RANK[was])
          cellSeverity.set(key, diagnostic.severity);
      }
    }
    const pages = new Set([
      ...table.pages,
      ...cells.flatMap((c) => (c.page === undefined ? [] : [c.page])),
      ...pagesOf(table.fragments.map((f) => f.place)),
    ]);
    const label = tableLabel(table);
    return {
      table,
      ...(label ? { label } : {}),
      cells,
      unplaced: cells.filter((c) => !c.box && c.line === undefined).length,
      pages: [...pages].sort((a, b) => a - b),
      diagnostics,
      cellSeverity,
      counts: tableCounts,
    };
  });
  const facts: ViewDocument['facts'] = [];
  for (const [id, fact] of Object.entries(document.summary)) {
    if (!fact) continue;
    const sources = factSources(fact).map((source) => ({ source, target: resolveSource(document, source) }));
    facts.push({ id, yuan: fact.yuan, sources });
  }
  const pages = new Set([
    ...tables.flatMap((t) => t.pages),
    ...pagesOf(facts.flatMap((f) => f.sources.map((s) => s.source.place))),
    ...pagesOf(document.diagnostics.map((d) => d.place)),
  ]);
  return {
    document,
    tables,
    facts,
    documentDiagnostics,
    counts,
    pages: [...pages].sort((a, b) => a - b),
  };
}
