/**
 * Table recognition: classify each grid by its title, analyze its header, join continuations across pages
 * and build the model tables.
 */
import type { GridBlock, LayoutRoot } from '../ast/layout.js';
import type { CompiledGrammar, GrammarSet } from '../grammar/load.js';
import {
  type CarriedLine,
  carrySpansOver,
  columnsWithin,
  continuesColumns,
  decideJoin,
  headerSignature,
  type JoinKind,
  lastSerial,
  realignByPosition,
  repeatsTableColumns,
  sameColumnPositions,
} from '../merge/continuations.js';
import type { Diagnostic, Fragment, Table, TableKind, Unit } from '../model/schema.js';
import { buildRows, type PlacedLine, toModelColumns, toPlace } from '../normalize/table.js';
import { findUnit, UNIT_FACTORS } from '../normalize/units.js';
import type { StageClock } from '../timings.js';
import {
  type AnalyzedColumn,
  analyzeGrid,
  type BodyHeader,
  type GridAnalysis,
  lineCells,
  underBodyHeader,
  withoutRepeatedHeaders,
} from './header.js';
import { type ContentKind, contentContradicts, kindFromContent } from './kind-from-content.js';
import { type Segmentation, segmentBlocks, type TableCandidate } from './segment.js';
import { classifyTitle } from './title.js';

/** Options of table recognition. */
export interface RecognizeOptions {
  /** Kind to assume for grids that no title names (a bare TSV fragment). Default: none (`other`). */
  kindHint?: TableKind;
  /** Clock that bills segmentation and analysis to `recognize`, joins to `merge`, rows to `normalize`. */
  clock?: StageClock;
}

/** Result of table recognition. */
export interface Recognition {
  /** Model tables in document order. */
  tables: Table[];
  /** Diagnostics raised while recognizing and merging. */
  diagnostics: Diagnostic[];
  /** The segmentation (narrative blocks for sections). */
  segmentation: Segmentation;
}

interface Draft {
  id: string;
  /** The grid of the first fragment (column positions for realigning bare rows). */
  firstGrid: GridBlock;
  grammar: CompiledGrammar | undefined;
  title: string | null;
  /** Table-number label of the first fragment (表01), or null. */
  label: string | null;
  analysis: GridAnalysis;
  lines: PlacedLine[];
  fragments: Fragment[];
  pages: Set<number>;
  unit: Unit | null;
  notes: string[];
  meta: Record<string, string>;
  lastSerial: string | null;
  /** Columns of later fragments that name their columns differently (forms). */
  extraColumns: AnalyzedColumn[];
  /** A form's indicator header printed inside its body, whose section reached the last page's foot. */
  bodyHeader?: BodyHeader | undefined;
}

function grammarFor(
  candidate: TableCandidate,
  set: GrammarSet,
  options: RecognizeOptions,
): CompiledGrammar | undefined {
  if (candidate.title) return classifyTitle(candidate.title, set);
  if (options.kindHint && options.kindHint !== 'other')
    return set.grammars.find((grammar) => grammar.kind === options.kindHint);
  return undefined;
}

/**
 * Columns by id, first occurrence kept — with the header of a later one where the first has none (a form's
 * grid column headed only by the indicator header printed in its body).
 */
function uniqueColumns(columns: readonly AnalyzedColumn[]): AnalyzedColumn[] {
  const byId = new Map<string, AnalyzedColumn>();
  for (const column of columns) {
    const first = byId.get(column.id);
    if (!first) byId.set(column.id, column);
    else if (!first.header.length && column.header.length)
      byId.set(column.id, { ...first, header: column.header });
  }
  return [...byId.values()];
}

/** Final-accounts tables (决算) measure 决算数 first; budgets 预算数. */
function isFinal(title: string | null): boolean {
  return title?.includes('决算') ?? false;
}

function headerUnit(analysis: GridAnalysis): Unit | null {
  for (const row of analysis.headerRows)
    for (const cell of row) {
      const unit = findUnit(cell);
      if (unit) return unit;
    }
  return null;
}

/** Recognize every table of a layout tree. */
export function recognizeTables(
  root: LayoutRoot,
  set: GrammarSet,
  options: RecognizeOptions = {},
): Recognition {
  const { clock } = options;
  clock?.lap('recognize');
  const segmentation = segmentBlocks(root);
  const diagnostics: Diagnostic[] = [];
  const drafts: Draft[] = [];
  let open: Draft | undefined;
  for (const candidate of segmentation.candidates) {
    const place = toPlace(candidate.grid.prov[0], candidate.page);
    clock?.lap('recognize');
    if (open) {
      let sameGrammarAnalysis = analyzeGrid(candidate.grid, open.grammar, set, {
        finalTable: isFinal(open.title),
        tableColumns: open.analysis.columns,
      });
      const openState = {
        title: open.title,
        analysis: open.analysis,
        lastSerial: open.lastSerial,
        form: open.grammar?.layout === 'indicators',
      };
      const aligned = {
        sameColumnPositions: sameColumnPositions(open.firstGrid, candidate.grid),
        columnsWithin: columnsWithin(open.firstGrid, candidate.grid),
      };
      let decision = decideJoin(openState, candidate, sameGrammarAnalysis, aligned);
      // Bare rows that fit no column by index, and a form's next page ruled to fewer (or other) columns
      // (一级/二级/三级指标 under the same headers as on the page before), are placed by position instead.
      const placeByPosition = decision
        ? decision.join === 'bare-rows' &&
          openState.form &&
          !aligned.sameColumnPositions &&
          sameGrammarAnalysis.width !== open.analysis.width
        : candidate.title === null && !sameGrammarAnalysis.headerRows.length;
      if (placeByPosition) {
        // Placed by position under the table's columns: a header printed in the body stays a line.
        const plain = sameGrammarAnalysis.lines.some((line) => line.columns)
          ? analyzeGrid(candidate.grid, open.grammar, set, {
              finalTable: isFinal(open.title),
              bodyHeaders: false,
            })
          : sameGrammarAnalysis;
        const placed = realignByPosition(plain, candidate.grid, open.analysis, open.firstGrid);
        const realigned =
          placed && withoutRepeatedHeaders(placed, open.grammar, set, open.analysis.bodyHeader?.columns);
        const redecided = realigned && decideJoin(openState, candidate, realigned, aligned);
        if (realigned && redecided) {
          sameGrammarAnalysis = realigned;
          decision = redecided;
        }
      }
      const openCount = { ...openState, lines: open.lines.length, fragments: open.fragments.length };
      if (!decision && continuesColumns(openCount, candidate, sameGrammarAnalysis)) {
        appendColumns(open, candidate, sameGrammarAnalysis);
        clock?.lap('merge');
        continue;
      }
      if (decision) {
        appendFragment(open, candidate, sameGrammarAnalysis, decision.join);
        if (decision.doubts.length)
          diagnostics.push({
            ruleId: 'merge-doubtful',
            severity: 'warning',
            source: 'budget-ingest',
            message: `表「${open.title ?? '(无标题)'}」的续页已合并，但合并存疑：${decision.doubts.join('；')}。`,
            table: open.id,
            ...(place ? { place } : {}),
          });
        clock?.lap('merge');
        continue;
      }
      clock?.lap('merge');
    }
    let grammar = grammarFor(candidate, set, options);
    const fromContent = grammar ? undefined : kindFromContent(candidate.grid, set);
    if (fromContent) grammar = fromContent.grammar;
    const analysis = analyzeGrid(candidate.grid, grammar, set, { finalTable: isFinal(candidate.title) });
    const draft: Draft = {
      id: `t${drafts.length + 1}`,
      firstGrid: candidate.grid,
      grammar,
      title: candidate.title,
      label: candidate.label,
      analysis,
      lines: [],
      fragments: [],
      pages: new Set(),
      unit: candidate.unit ?? headerUnit(analysis),
      notes: [],
      meta: { ...candidate.meta },
      lastSerial: null,
      extraColumns: [],
    };
    for (const [key, value] of Object.entries(analysis.preamble)) draft.meta[key] = value;
    appendFragment(draft, candidate, analysis, 'first');
    drafts.push(draft);
    const previous = open;
    open = draft;
    if (candidate.title === null && !options.kindHint)
      diagnostics.push(untitled(draft, candidate, previous, place, fromContent !== undefined));
    if (fromContent) diagnostics.push(contentDiagnostic(draft, candidate, fromContent, place));
    else if (grammar && candidate.title) {
      const contrary = contentContradicts(candidate.grid, grammar, set, analysis);
      if (contrary) diagnostics.push(contradiction(draft, grammar, contrary, place));
    }
  }
  clock?.lap('recognize');
  const tables = drafts.map((draft) => finishTable(draft, diagnostics, set));
  clock?.lap('normalize');
  return { tables, diagnostics, segmentation };
}

/**
 * What to say of a table nothing titles: at the top of a page right after another table it is a continuation
 * page that joins nothing (`continuation-orphan`, warning: rows of that table may be missing from it); printed
 * under a numbered section heading in the narrative it takes the heading as its title (`table-untitled`, info);
 * else it stays untitled (`table-untitled`, info).
 */
function untitled(
  draft: Draft,
  candidate: TableCandidate,
  previous: Draft | undefined,
  place: ReturnType<typeof toPlace>,
  kinded: boolean,
): Diagnostic {
  const at = { table: draft.id, ...(place ? { place } : {}) };
  const where = candidate.page === undefined ? '' : `第 ${candidate.page} 页的`;
  if (previous && candidate.afterPageBreak && !candidate.interrupted)
    return {
      ruleId: 'continuation-orphan',
      severity: 'warning',
      source: 'budget-ingest',
      message: `${where}表格没有表名，紧接在表「${previous.title ?? '(无标题)'}」之后的页首，像是它的续页，但列与它不符，未能合并；${kinded ? '单独保留' : '按“other”单独保留'}，该表可能缺少这些行。`,
      ...at,
    };
  if (candidate.section && candidate.interrupted) {
    draft.title = candidate.section;
    return {
      ruleId: 'table-untitled',
      severity: 'info',
      source: 'budget-ingest',
      message: `${where}表格没有表名，印在章节「${candidate.section}」的正文中，以该章节标题为表名。`,
      ...at,
    };
  }
  return {
    ruleId: 'table-untitled',
    severity: 'info',
    source: 'budget-ingest',
    message: `${where}表格前没有可识别的表名，且不像上一表的续页${kinded ? '' : '；按“other”保留'}。`,
    ...at,
  };
}

/** `kind-from-content` (info): the kind was told from what the table holds, not from its title. */
function contentDiagnostic(
  draft: Draft,
  candidate: TableCandidate,
  found: ContentKind,
  place: ReturnType<typeof toPlace>,
): Diagnostic {
  const named = candidate.title ? `表名「${candidate.title}」不指明表种` : '表格没有表名';
  return {
    ruleId: 'kind-from-content',
    severity: 'info',
    source: 'budget-ingest',
    message: `${named}；按内容（${found.evidence}）识别为 ${found.grammar.kind}。`,
    table: draft.id,
    ...(place ? { place } : {}),
  };
}

/** `title-content-mismatch` (warning): the title names one kind, the content is plainly another. */
function contradiction(
  draft: Draft,
  titled: CompiledGrammar,
  found: ContentKind,
  place: ReturnType<typeof toPlace>,
): Diagnostic {
  return {
    ruleId: 'title-content-mismatch',
    severity: 'warning',
    source: 'budget-ingest',
    message: `表「${draft.title ?? ''}」的表名指 ${titled.kind}，但内容（${found.evidence}）是 ${found.grammar.kind}，且没有 ${titled.kind} 应有的列或行；按表名保留为 ${titled.kind}，请核对。`,
    table: draft.id,
    ...(place ? { place } : {}),
  };
}

function appendFragment(
  draft: Draft,
  candidate: TableCandidate,
  analysis: GridAnalysis,
  join: JoinKind | 'first',
): void {
  const page = candidate.page;
  if (page !== undefined) draft.pages.add(page);
  const ownColumns =
    join !== 'first' &&
    headerSignature(analysis) !== headerSignature(draft.analysis) &&
    analysis.headerRows.length &&
    !repeatsTableColumns(analysis.columns, draft.analysis.columns)
      ? analysis.columns
      : undefined;
  const form = join !== 'first' && !ownColumns && draft.grammar?.layout === 'indicators';
  const lines: readonly CarriedLine[] = form
    ? carrySpansOver(draft.lines.at(-1), analysis.lines)
    : analysis.lines;
  // A form's page going on without a header of its own: its first lines are still in the section of the
  // indicator header printed in the body before.
  let inherited = join !== 'first' && !ownColumns ? draft.bodyHeader : undefined;
  const named = new Set<readonly AnalyzedColumn[]>();
  for (const line of lines) {
    if (inherited && (line.columns || !underBodyHeader(line, inherited))) inherited = undefined;
    const placed: PlacedLine = { texts: line.texts, cells: line.cells, gridRow: line.gridRow, page };
    if (line.rows) placed.rows = line.rows;
    if (line.carried) placed.carried = line.carried;
    const columns = line.columns ?? ownColumns ?? inherited?.columns;
    if (columns) placed.columns = columns;
    if (line.columns) named.add(line.columns);
    draft.lines.push(placed);
  }
  if (ownColumns) draft.extraColumns.push(...ownColumns);
  for (const columns of named) draft.extraColumns.push(...columns);
  draft.bodyHeader = named.size || ownColumns ? analysis.bodyHeader : inherited;
  draft.notes.push(...analysis.notes, ...candidate.notes);
  draft.unit ??= candidate.unit;
  const place = toPlace(candidate.grid.prov[0], page) ?? {};
  draft.fragments.push({ place, rows: analysis.lines.length, join });
  draft.lastSerial = lastSerial(analysis, draft.analysis.columns) ?? draft.lastSerial;
}

/**
 * Join the next columns of the open table's rows (see continuesColumns) side by side: line k of the fragment
 * extends line k of the table. Its columns follow the table's (an id the table already uses gets a number,
 * as a repeated header does); blank columns without a header are left out.
 */
function appendColumns(draft: Draft, candidate: TableCandidate, analysis: GridAnalysis): void {
  const page = candidate.page;
  if (page !== undefined) draft.pages.add(page);
  const width = draft.lines.reduce((max, line) => Math.max(max, line.texts.length), draft.analysis.width);
  const used = new Set(draft.analysis.columns.map((column) => column.id));
  const kept = analysis.columns.filter(
    (column) => column.header.length > 0 || analysis.lines.some((line) => line.texts[column.index]?.trim()),
  );
  const added = kept.map((column, k) => {
    let id = column.id;
    for (let n = 2; used.has(id); n++) id = `${column.id.replace(/_\d+$/, '')}_${n}`;
    used.add(id);
    return { ...column, id, index: width + k };
  });
  draft.lines = draft.lines.map((line, i) => {
    const next = analysis.lines[i]!;
    const texts = Array.from({ length: width }, (_, c) => line.texts[c] ?? '');
    const own = lineCells(line);
    const nextCells = lineCells(next);
    const cells = Array.from({ length: width }, (_, c) => own[c]);
    for (const column of kept) {
      texts.push(next.texts[column.index] ?? '');
      cells.push(nextCells[column.index]);
    }
    // The joined line has cells of two grids: no compact rows tell them.
    const { rows: _compact, ...rest } = line;
    return { ...rest, texts, cells };
  });
  draft.analysis = {
    ...draft.analysis,
    columns: [...draft.analysis.columns, ...added],
    width: width + added.length,
    gridWidth: width + added.length,
  };
  draft.notes.push(...analysis.notes, ...candidate.notes);
  draft.unit ??= candidate.unit;
  draft.fragments.push({
    place: toPlace(candidate.grid.prov[0], page) ?? {},
    rows: 0,
    join: 'columns-continued',
  });
}

/**
 * A bare 小计 / 合计 amount column named as a repeat of another column (total_2) in a table of a known kind:
 * a subtotal belongs to a group (基本支出/小计), so its group header was not read and the column means nothing.
 */
function ungroupedSubtotal(column: AnalyzedColumn, kind: TableKind, set: GrammarSet): boolean {
  if (column.role !== 'amount' || kind === 'other' || kind === 'performance-targets') return false;
  return (
    column.header.length === 1 &&
    set.subtotalHeaders.has(column.header[0]!.replace(/\s/g, '')) &&
    /_\d+$/.test(column.id)
  );
}

function finishTable(draft: Draft, diagnostics: Diagnostic[], set: GrammarSet): Table {
  const kind: TableKind = draft.grammar?.kind ?? 'other';
  const title = draft.title ?? '';
  for (const column of draft.analysis.columns) {
    if (ungroupedSubtotal(column, kind, set)) {
      diagnostics.push({
        ruleId: 'column-unrecognized',
        severity: 'warning',
        source: 'budget-ingest',
        message: `表「${title}」的列「${column.header.join('/')}」没有所属的分组表头（表头可能未读全），只能记为 ${column.id}，与已有的同名列无法分辨。`,
        table: draft.id,
        column: column.id,
      });
      continue;
    }
    if (!column.unrecognized) continue;
    // An amount nobody can name in a table of a known kind is data a reader cannot use: a warning.
    const unnamedAmount = column.role === 'amount' && kind !== 'other' && kind !== 'performance-targets';
    if (!column.header.length && !unnamedAmount) continue;
    const printed = column.header.length
      ? `列「${column.header.join('/')}」`
      : `第 ${column.index + 1} 列（未读出表头）`;
    diagnostics.push({
      ruleId: 'column-unrecognized',
      severity: unnamedAmount ? 'warning' : 'info',
      source: 'budget-ingest',
      message: `表「${title}」的${printed}不在语法 ${draft.grammar?.id ?? 'other'} 中，列名记为 ${column.id}。`,
      table: draft.id,
      column: column.id,
    });
  }
  const rows = buildRows(draft.analysis.columns, draft.lines, {
    tableId: draft.id,
    title,
    diagnostics,
    form: kind === 'performance-targets',
  });
  if (draft.grammar?.layout === 'indicators') fillIndicatorLevels(rows);
  const hasValue = rows.some(
    (row) =>
      Object.values(row.values).some((value) => value !== null) ||
      Object.values(row.text ?? {}).some((value) => value !== null),
  );
  if (draft.unit === null && kind !== 'performance-targets' && kind !== 'other' && hasValue)
    diagnostics.push({
      ruleId: 'unit-missing',
      severity: 'warning',
      source: 'budget-ingest',
      message: `表「${title}」没有声明金额单位（金额单位：万元 / 单位：元）；金额按印刷值保留，无法换算为元。`,
      table: draft.id,
    });
  return {
    id: draft.id,
    kind,
    title,
    label: draft.label,
    grammar: draft.grammar?.id ?? 'other',
    unit: draft.unit,
    unitFactor: draft.unit ? UNIT_FACTORS[draft.unit] : null,
    pages: [...draft.pages].sort((a, b) => a - b),
    columns: toModelColumns(uniqueColumns([...draft.analysis.columns, ...draft.extraColumns])),
    rows,
    empty: !hasValue,
    notes: draft.notes,
    meta: draft.meta,
    fragments: draft.fragments,
  };
}

/** Indicator tables print 一级/二级指标 once for a run of rows (a merged cell): carry them down. */
function fillIndicatorLevels(rows: Table['rows']): void {
  let level1: string | null = null;
  let level2: string | null = null;
  for (const row of rows) {
    const text = row.text;
    if (!text) continue;
    if (text.level1) {
      level1 = text.level1;
      level2 = null;
    } else if (level1 && 'level1' in text && (text.level2 || text.level3)) text.level1 = level1;
    if (text.level2) level2 = text.level2;
    else if (level2 && 'level2' in text && text.level3) text.level2 = level2;
  }
}
