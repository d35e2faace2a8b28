/**
 * Header analysis of a grid: key/value preamble rows, multi-row header, the 栏次 row, column paths and
 * the mapping of each column to a grammar column id.
 */
import {
  type CompactRows,
  compactRowsOf,
  type GridBlock,
  type GridCell,
  gridCoverIndex,
} from '../ast/layout.js';
import { isNoteLine } from '../grammar/lines.js';
import type { CompiledGrammar, CompiledMeasure, GrammarSet } from '../grammar/load.js';
import type { GrammarColumn } from '../grammar/schema.js';
import type { ColumnRole } from '../model/schema.js';
import { parseAmount } from '../normalize/amount.js';
import { compactKey } from '../normalize/text.js';

/** A column after header analysis. */
export interface AnalyzedColumn {
  /** Grid column index. */
  index: number;
  /** Header path as printed (merged cells repeated once), top to bottom. */
  header: string[];
  /** Stable id from the grammar, or `col_N`. */
  id: string;
  /** Role from the grammar (or guessed from the data). */
  role: ColumnRole;
  /** Side of a two-sided layout. */
  side?: 'income' | 'expenditure';
  /** 栏次 number printed for this column. */
  number?: string;
  /** True when no grammar column matched. */
  unrecognized: boolean;
}

/** A data line of a grid: its cells by grid column. */
export interface DataLine {
  /** Cell texts by grid column. */
  texts: string[];
  /** Source cells by grid column (for provenance); empty when `rows` tells them instead. */
  cells: (GridCell | undefined)[];
  /** Grid row index. */
  gridRow: number;
  /** The compact rows of a grid whose cells were not made (see compactGrid): provenance is read from them. */
  rows?: CompactRows;
  /**
   * The columns naming this line when they are not the grid's header (a form's indicator header printed inside
   * its body; a form's page continued under a header of its own).
   */
  columns?: readonly AnalyzedColumn[];
}

/** The cells of a line by grid column, made from its grid's compact rows where it has them. */
export function lineCells(line: DataLine): (GridCell | undefined)[] {
  if (!line.rows) return line.cells;
  const cells: (GridCell | undefined)[] = [];
  const all = line.rows.cells();
  for (const cell of all) if (cell.row === line.gridRow) cells[cell.col] = cell;
  return Array.from({ length: line.texts.length }, (_, c) => cells[c]);
}

/** A grid split into preamble, header, 栏次 row and data lines. */
export interface GridAnalysis {
  /** Key/value rows printed above the header (绩效目标 …). */
  preamble: Record<string, string>;
  /** Header rows' texts (after span fill). */
  headerRows: string[][];
  /** The 栏次 row, when printed. */
  numberRow: string[] | null;
  /** Columns with ids. */
  columns: AnalyzedColumn[];
  /** Data lines. */
  lines: DataLine[];
  /** Notes printed inside the grid (a 注： line across the columns), in order. */
  notes: string[];
  /** Number of columns after trailing empty ones were dropped. */
  width: number;
  /** Number of columns of the grid as laid out (trailing empty ones included). */
  gridWidth: number;
  /** A form's body header whose section reaches the grid's last line: the next page's bare rows read it. */
  bodyHeader?: BodyHeader;
}

/** Header vocabulary (compact keys) of a grammar set: every alias segment plus group headers. */
export function headerLexicon(set: GrammarSet): Set<string> {
  const cached = lexicons.get(set);
  if (cached) return cached;
  const lexicon = new Set<string>(['金额单位', '单位', ...set.numberRowWords]);
  const add = (column: GrammarColumn) => {
    for (const alias of column.headers)
      for (const segment of alias.split('/')) lexicon.add(compactKey(segment));
  };
  set.common.forEach(add);
  for (const grammar of set.grammars) grammar.columns.forEach(add);
  for (const group of set.groupHeaders) lexicon.add(compactKey(group));
  lexicons.set(set, lexicon);
  return lexicon;
}

const lexicons = new WeakMap<GrammarSet, Set<string>>();

const CODE = /^\d{3}(\d{2}){0,2}$/;
const SERIAL = /^\d{1,4}$/;
/** Digits with separators, even malformed ones ("1,2.3"): never header text. */
const NUMERIC_ISH = /^[-\d,.，．()（）]*\d[-\d,.，．()（）]*$/;

/** A header text without the notes the grammars list (units, points): "价值（金额单位：万元）" → "价值". */
function headerKey(text: string, notes: RegExp | undefined): string {
  return compactKey(notes ? text.replace(notes, '') : text)
    .replace(/^其中[:：]/, '')
    .replace(/^\d{4}年度?/, '');
}

/** The text of a note printed as a grid line (注：… in every non-empty cell, as a merged cell fills them); else null. */
function noteLine(texts: readonly string[]): string | null {
  // Only a line whose first printed cell is a note can be one (most lines: one test, no copies).
  const first = texts.find((text) => text.trim() !== '')?.trim() ?? '';
  if (!isNoteLine(first)) return null;
  const distinct = [...new Set(texts.map((t) => t.trim()).filter(Boolean))];
  return distinct.length === 1 ? distinct[0]! : null;
}

/** An item enumerated with a Chinese numeral and 、 (一、 二、 十一、), as data lines print them. */
const ITEM_ENUMERATION = /^[一二三四五六七八九十]+、\S/;

/** True when a row reads as a header row: known header words, or (a template no grammar knows) header-like ones. */
function isHeaderRow(row: string[], lexicon: Set<string>, set: GrammarSet): boolean {
  const notes = set.headerNotes;
  const nonEmpty = row.map((cell) => cell.trim()).filter(Boolean);
  if (!nonEmpty.length) return false;
  if (
    nonEmpty.some((cell) => CODE.test(cell) || NUMERIC_ISH.test(cell) || parseAmount(cell).kind === 'number')
  )
    return false;
  if (SERIAL.test(row[0]?.trim() ?? '')) return false;
  if (nonEmpty.length === 1 && set.totalLabels.has(compactKey(nonEmpty[0]!))) return false;
  // Items enumerated 一、 / 二、 (一、政府性基金拨款 | 一、科学技术 …) are data lines, even with every amount blank.
  if (nonEmpty.some((cell) => ITEM_ENUMERATION.test(cell))) return false;
  // A merged header cell repeats over the columns it spans: judge the distinct texts.
  const distinct = [...new Set(nonEmpty)];
  const known = distinct.filter((cell) => lexicon.has(headerKey(cell, notes))).length;
  if (known / distinct.length >= 0.34) return true;
  const headerish = distinct.filter(
    (cell) =>
      lexicon.has(headerKey(cell, notes)) ||
      (cell.length <= 20 && set.headerWords.some((word) => word.test(cell))),
  ).length;
  // Unknown templates: a row of at least three header-like cells (a label row of a two-sided table has two).
  return nonEmpty.length >= 3 && headerish / distinct.length >= 0.5;
}

const PLACEHOLDER = /^([*＊]+|[—-]+)$/;

/**
 * The 栏次 row: column numbers 1, 2, 3 … (placeholders such as ** or a `words` one, 栏次, may stand in the text
 * columns; a row opening with one is the 栏次 row).
 */
function isNumberRow(row: string[], words: ReadonlySet<string>): boolean {
  const nonEmpty = row.map((cell) => cell.trim()).filter(Boolean);
  if (nonEmpty[0] !== undefined && words.has(nonEmpty[0])) return true;
  const placeholders = nonEmpty.filter((cell) => PLACEHOLDER.test(cell) || words.has(cell)).length;
  const numbers = nonEmpty.filter((cell) => /^\d{1,2}$/.test(cell)).map(Number);
  if (numbers.length + placeholders !== nonEmpty.length) return false;
  if (numbers.length < (placeholders ? 2 : 3) || numbers[0] !== 1) return false;
  return numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);
}

/** Compact keys of an alias's segments, by alias (grammar aliases are few; each is split once). */
const segmentsByAlias = new Map<string, string[]>();

function aliasSegments(alias: string): string[] {
  let segments = segmentsByAlias.get(alias);
  if (!segments) {
    if (segmentsByAlias.size > 50_000) segmentsByAlias.clear();
    segments = alias.split('/').map(compactKey);
    segmentsByAlias.set(alias, segments);
  }
  return segments;
}

/** Match a header path (compact keys) against one alias "A/B/C": last segment equal, others in order before. */
function aliasScore(path: string[], alias: string): number {
  const segments = aliasSegments(alias);
  const last = segments.at(-1)!;
  if (path.at(-1) !== last) return 0;
  let at = 0;
  for (const segment of segments.slice(0, -1)) {
    const found = path.indexOf(segment, at);
    if (found < 0 || found >= path.length - 1) return 0;
    at = found + 1;
  }
  // An alias whose segments sit right above the leaf ("公务用车购置及运行维护费/小计") beats one whose group is
  // further up ("“三公”经费/…/小计").
  const contiguous = segments.length > 1 && path.slice(-segments.length).join('/') === segments.join('/');
  return segments.length + (contiguous ? 0.25 : 0);
}

function bestColumn(
  path: string[],
  own: readonly GrammarColumn[],
  common: readonly GrammarColumn[],
): GrammarColumn | undefined {
  return bestMatch(path, own, common)?.column;
}

/** A column list's aliases by the compact key of their last segment, in list order (made once per list). */
const aliasesByLeaf = new WeakMap<
  readonly GrammarColumn[],
  Map<string, { column: GrammarColumn; alias: string }[]>
>();

/** The aliases of `columns` whose last segment is `leaf` (only those can fit a path ending in it), in order. */
function aliasesEndingIn(
  columns: readonly GrammarColumn[],
  leaf: string | undefined,
): readonly { column: GrammarColumn; alias: string }[] {
  if (leaf === undefined) return [];
  let index = aliasesByLeaf.get(columns);
  if (!index) {
    index = new Map();
    for (const column of columns)
      for (const alias of column.headers) {
        const key = aliasSegments(alias).at(-1)!;
        const list = index.get(key);
        if (list) list.push({ column, alias });
        else index.set(key, [{ column, alias }]);
      }
    aliasesByLeaf.set(columns, index);
  }
  return index.get(leaf) ?? [];
}

/** The grammar column whose alias fits a header path best (own columns before common ones), with its score. */
function bestMatch(
  path: string[],
  own: readonly GrammarColumn[],
  common: readonly GrammarColumn[],
): { column: GrammarColumn; score: number } | undefined {
  let best: GrammarColumn | undefined;
  let bestScore = 0;
  for (const [columns, bonus] of [
    [own, 0.5],
    [common, 0],
  ] as const) {
    for (const { column, alias } of aliasesEndingIn(columns, path.at(-1))) {
      const score = aliasScore(path, alias);
      if (score > 0 && score + bonus > bestScore) {
        best = column;
        bestScore = score + bonus;
      }
    }
  }
  return best ? { column: best, score: bestScore } : undefined;
}

/** How {@link analyzeGrid} reads a grid. */
export interface AnalyzeOptions {
  /** The table is a final account (决算): measures read as such. */
  finalTable?: boolean;
  /** Columns of the table the grid may continue (a form's body header is read only if they name none). */
  tableColumns?: readonly AnalyzedColumn[];
  /** Read a form's indicator header printed in its body (default true; see nameBodyHeaders). */
  bodyHeaders?: boolean;
}

/** Analyze a grid against a grammar (or none): split header from data and name every column. */
export function analyzeGrid(
  grid: GridBlock,
  grammar: CompiledGrammar | undefined,
  set: GrammarSet,
  options: AnalyzeOptions = {},
): GridAnalysis {
  const lexicon = headerLexicon(set);
  // One cover index gives both the texts (gridToMatrix) and the cells behind them; a compact grid (TSV, CSV)
  // gives its texts, padded to the grid's width, and its lines read their provenance from it.
  const compact = compactRowsOf(grid);
  const cellIndex = compact ? undefined : gridCoverIndex(grid);
  const matrix = compact
    ? compact.texts.map((row) =>
        row.length === grid.colCount
          ? (row as string[])
          : Array.from({ length: grid.colCount }, (_, c) => row[c] ?? ''),
      )
    : cellIndex!.map((row) => row.map((cell) => cell?.text ?? ''));
  const width = matrix.reduce((max, row) => {
    let last = row.length - 1;
    while (last >= 0 && !row[last]!.trim()) last--;
    return Math.max(max, last + 1);
  }, 0);
  const rows = matrix.map((row) => (row.length === width ? row : row.slice(0, width)));
  const metaKeys = new Set((grammar?.metaRows ?? []).map(compactKey));
  const preamble: Record<string, string> = {};
  let r = 0;
  // A key/value row (项目名称 | 信访工作经费) prints a key and one value (repeated over a merged cell); a header
  // row that starts with the same word names many columns (项目名称 | 项目总额 | 绩效目标 | 一级指标 …) or, in a
  // short one, further header words (单位名称 | 项目名称 | 金额 | 项目总体绩效目标).
  const headerWord = (cell: string) =>
    metaKeys.has(compactKey(cell)) || lexicon.has(headerKey(cell, set.headerNotes));
  const isMetaRow = (row: string[]) => {
    const key = compactKey(row[0] ?? '');
    if (!metaKeys.has(key)) return false;
    const values = [...new Set(row.slice(1).filter(Boolean))];
    // The key repeated over a merged cell is not a further header word.
    const words = values.filter((cell) => compactKey(cell) !== key && headerWord(cell));
    return values.length <= 3 && words.length < 2;
  };
  while (r < rows.length && isMetaRow(rows[r]!)) {
    const row = rows[r]!;
    const key = compactKey(row[0]!);
    preamble[key] = [...new Set(row.slice(1).filter((cell) => cell && compactKey(cell) !== key))].join(' ');
    r++;
  }
  const headerStart = r;
  // A header cell merged down to end on a row without numbers (预算金额 beside 一级 | 二级 | 三级 under 指导性目录)
  // makes that row the header's last, whatever words it prints; a cell running on below (a form's 绩效指标 down
  // its indicator rows) does not.
  const mergedIntoHeader = (k: number) => {
    if (k === headerStart || !cellIndex) return false;
    const above = cellIndex[k]!.filter((cell) => cell !== undefined && cell.row < k);
    return (
      above.some((cell) => cell!.row >= headerStart && cell!.text.trim() !== '') &&
      above.every((cell) => cell!.row + cell!.rowSpan - 1 === k) &&
      !rows[k]!.some((text) => NUMERIC_ISH.test(text.trim()) || parseAmount(text).kind === 'number')
    );
  };
  while (
    r < rows.length &&
    r - headerStart < 5 &&
    (isHeaderRow(rows[r]!, lexicon, set) || mergedIntoHeader(r))
  )
    r++;
  let headerRows = rows.slice(headerStart, r);
  let numberRow: string[] | null = null;
  if (r < rows.length && isNumberRow(rows[r]!, set.numberRowWords)) {
    numberRow = rows[r]!;
    r++;
  }
  if (grid.syntax !== 'html' && grid.syntax !== 'pdf') headerRows = fillSpans(headerRows);
  let promoted = promoteCodeLevelHeaders(rows, r, headerRows, set.codeLevelHeaders);
  if (promoted && !numberRow && isNumberRow(promoted, set.numberRowWords)) {
    // 类 / 款 / 项 and the 栏次 numbers on one line.
    numberRow = promoted;
    promoted = null;
    r++;
  }
  const columns = nameColumns(headerRows, numberRow, width, grammar, set, options.finalTable ?? false);
  const lines: DataLine[] = [];
  const notes: string[] = [];
  for (let i = r; i < rows.length; i++) {
    const texts = i === r ? (promoted ?? rows[i]!) : rows[i]!;
    const note = noteLine(texts);
    if (note !== null) {
      notes.push(note);
      continue;
    }
    if (compact) {
      lines.push({ texts, cells: [], gridRow: i, rows: compact });
      continue;
    }
    const covering = cellIndex![i];
    const cells =
      covering?.length === width ? covering : Array.from({ length: width }, (_, c) => covering?.[c]);
    lines.push({ texts, cells, gridRow: i });
  }
  guessUnrecognizedRoles(columns, lines);
  if (grammar?.layout === 'two-sided') nameSideLabels(columns);
  const analysis: GridAnalysis = {
    preamble,
    headerRows,
    numberRow,
    columns,
    lines,
    notes,
    width,
    gridWidth: grid.colCount,
  };
  if (grammar?.layout === 'indicators' && options.bodyHeaders !== false)
    nameBodyHeaders(analysis, grammar, set, options);
  return analysis;
}

/** An indicator header printed inside a form's body, and how far down it names the lines. */
export interface BodyHeader {
  /** The columns it names. */
  columns: readonly AnalyzedColumn[];
  /**
   * The cell left of its indicator columns (年度绩效指标, 绩效指标 …: merged down the indicator rows), where it
   * prints one: its section ends at the first line printing something else there (备注, the next form's rows).
   */
  label?: { index: number; text: string };
}

/** True when `line` belongs to the section under body header `header` (see BodyHeader.label). */
export function underBodyHeader(line: DataLine, header: BodyHeader): boolean {
  if (!header.label) return true;
  const text = line.texts[header.label.index]?.trim() ?? '';
  return text === '' || text === header.label.text;
}

/**
 * A form that prints its indicator header (一级指标 | 二级指标 | 三级指标 | 指标值) inside its body, under the
 * project's own rows (资金, 年度目标 …), while neither its top header nor the table it may continue names a
 * column that marks the kind (`content.columns`): each line naming enough of them (`content.minColumns`) is such
 * a header — not data — and names the lines of its section (their `columns`). Other lines keep the grid's.
 * Changes `analysis` in place.
 */
function nameBodyHeaders(
  analysis: GridAnalysis,
  grammar: CompiledGrammar,
  set: GrammarSet,
  options: AnalyzeOptions,
): void {
  const { lines, columns, width } = analysis;
  const marking = markingOf(grammar);
  const marked = (list: readonly AnalyzedColumn[] | undefined) =>
    list?.some((c) => marking.ids.has(c.id)) ?? false;
  if (!marking.ids.size) return;
  if (marked(columns)) {
    analysis.lines = withoutRepeatedHeaders(analysis, grammar, set).lines;
    return;
  }
  if (marked(options.tableColumns)) return;
  const out: DataLine[] = [];
  const sections = new Map<BodyHeader, DataLine[]>();
  let header: BodyHeader | undefined;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    // Named in full only when enough cells print a marking column's header (most lines print none).
    const found =
      line.texts.filter((text) => text && marking.leaves.has(headerKey(text, set.headerNotes))).length >=
      marking.needed
        ? bodyHeader(line.texts, lines[k + 1]?.texts, marking, width, grammar, set, options.finalTable)
        : undefined;
    if (found) {
      header = found;
      sections.set(header, []);
      continue;
    }
    if (header && !underBodyHeader(line, header)) header = undefined;
    const named = header ? { ...line, columns: header.columns } : line;
    if (header) sections.get(header)!.push(named);
    out.push(named);
  }
  if (!sections.size) return;
  for (const [found, section] of sections) guessUnrecognizedRoles(found.columns, section);
  analysis.lines = out;
  if (header) analysis.bodyHeader = header;
}

/**
 * The analysis without the lines that print its indicator header again: a form repeats it over each block of
 * indicators, also on pages placed under the table's columns by position. `header`: the columns that header
 * names (default: the analysis's own; a table's body header where its top header names no indicator column).
 * A line repeats it when enough marking columns hold, in a cell of their own (not merged down from above),
 * exactly their column's header (绩效指标 | 指标性质 | 指标值 under a block label); no indicator's name or
 * target is its column's header word.
 */
export function withoutRepeatedHeaders(
  analysis: GridAnalysis,
  grammar: CompiledGrammar | undefined,
  set: GrammarSet,
  header: readonly AnalyzedColumn[] = analysis.columns,
): GridAnalysis {
  if (grammar?.layout !== 'indicators') return analysis;
  const marking = markingOf(grammar);
  // The marking columns' header keys, worked out once rather than per line.
  const marked = header.flatMap((column) => {
    const leaf = column.header.at(-1);
    return marking.ids.has(column.id) && leaf
      ? [{ index: column.index, key: headerKey(leaf, set.headerNotes) }]
      : [];
  });
  if (marked.length < marking.needed) return analysis;
  const repeats = (line: DataLine): boolean => {
    let repeated = 0;
    for (const { index, key } of marked) {
      const text = line.texts[index];
      const cell = line.rows ? undefined : line.cells[index];
      if (!text || (cell && cell.row < line.gridRow)) continue;
      if (headerKey(text, set.headerNotes) === key) repeated++;
    }
    return repeated >= marking.needed;
  };
  const lines = analysis.lines.filter((line) => !repeats(line));
  return lines.length === analysis.lines.length ? analysis : { ...analysis, lines };
}

/** The columns that mark a grammar's kind (`content`): their ids, how many a header needs, their aliases' leaves. */
interface Marking {
  ids: ReadonlySet<string>;
  needed: number;
  /** The last header segment (compact) of each alias of a marking column. */
  leaves: ReadonlySet<string>;
}

const markings = new WeakMap<CompiledGrammar, Marking>();

/** {@link Marking} of a grammar, made once per grammar. */
function markingOf(grammar: CompiledGrammar): Marking {
  let marking = markings.get(grammar);
  if (!marking) {
    const ids = new Set(grammar.content?.columns ?? []);
    const leaves = grammar.columns
      .filter((c) => ids.has(c.id))
      .flatMap((c) => c.headers.map((alias) => aliasSegments(alias).at(-1)!));
    marking = { ids, needed: Math.max(1, grammar.content?.minColumns ?? 2), leaves: new Set(leaves) };
    markings.set(grammar, marking);
  }
  return marking;
}

/**
 * The body header `texts` make, if they name enough of the kind's marking columns; its label is the
 * cell left of them that the next line (`next`) prints again — one cell merged down the indicator rows.
 */
function bodyHeader(
  texts: string[],
  next: readonly string[] | undefined,
  marking: Marking,
  width: number,
  grammar: CompiledGrammar,
  set: GrammarSet,
  finalTable = false,
): BodyHeader | undefined {
  const columns = nameColumns([texts], null, width, grammar, set, finalTable);
  const marked = columns.filter((column) => marking.ids.has(column.id));
  if (marked.length < marking.needed) return undefined;
  const first = Math.min(...marked.map((column) => column.index));
  const index = texts.findIndex((text, c) => c < first && text.trim());
  const text = texts[index]?.trim() ?? '';
  return index >= 0 && next?.[index]?.trim() === text ? { columns, label: { index, text } } : { columns };
}

/**
 * Some templates print the 类 / 款 / 项 sub-headers on the first data line (the 合计 line): move them into the
 * header (returning the line without them), so the code columns are named and 合计 stays data.
 */
function promoteCodeLevelHeaders(
  rows: string[][],
  first: number,
  headerRows: string[][],
  levelHeaders: ReadonlySet<string>,
): string[] | null {
  const line = rows[first];
  if (!line || !headerRows.length) return null;
  const levels = line.map((cell) => levelHeaders.has(cell.trim()));
  if (!levels.some(Boolean)) return null;
  headerRows.push(line.map((cell, c) => (levels[c] ? cell.trim() : '')));
  return line.map((cell, c) => (levels[c] ? '' : cell));
}

/**
 * Text grids (TSV, pipe tables) print a merged group header once and leave the spanned cells empty: fill a
 * header cell from its left neighbour when both have sub-headers below them.
 */
function fillSpans(headerRows: string[][]): string[][] {
  const filled = headerRows.map((row) => [...row]);
  for (let r = 0; r < filled.length - 1; r++) {
    const row = filled[r]!;
    const below = filled[r + 1]!;
    for (let c = 1; c < row.length; c++) {
      if (!row[c]?.trim() && row[c - 1]?.trim() && below[c]?.trim() && below[c - 1]?.trim())
        row[c] = row[c - 1]!;
    }
  }
  return filled;
}

/**
 * The measure of a block of columns printed under it (上年 | 当年 | 增减变化情况, 预算数 | 决算数): the id suffix
 * of its columns ('' for the document's own measure: the current year, 决算数 in final accounts), or undefined
 * when the segment names no measure (common.json `measures`).
 */
function blockMeasure(
  measures: readonly CompiledMeasure[],
  segment: string,
  finalTable: boolean,
): string | undefined {
  const measure = measures.find((m) => m.block?.test(segment));
  return measure ? ownSuffix(measure, finalTable) : undefined;
}

/** A measure's suffix, '' where it is the document's own measure (决算数 in final accounts, 预算数 in budgets). */
function ownSuffix(measure: CompiledMeasure, finalTable: boolean): string {
  return measure.primaryIn === (finalTable ? 'final' : 'budget') ? '' : measure.suffix;
}

/** A header segment that starts with a year (2025年, 2025年度预算数): the year, then the rest. */
const YEAR_HEADER = /^((?:19|20)\d{2})年度?(.*)$/;

/** The measure a header's last segment names, or undefined. */
function leafMeasure(measures: readonly CompiledMeasure[], leaf: string): CompiledMeasure | undefined {
  return measures.find((m) => m.leaf?.test(leaf));
}

function measureSuffix(measures: readonly CompiledMeasure[], leaf: string, finalTable: boolean): string {
  const measure = leafMeasure(measures, leaf);
  return measure ? ownSuffix(measure, finalTable) : '';
}

function nameColumns(
  headerRows: string[][],
  numberRow: string[] | null,
  width: number,
  grammar: CompiledGrammar | undefined,
  set: GrammarSet,
  finalTable: boolean,
): AnalyzedColumn[] {
  const own = grammar?.columns ?? [];
  const paths = Array.from({ length: width }, (_, c) => {
    const header: string[] = [];
    for (const row of headerRows) {
      const text = row[c]?.trim() ?? '';
      if (text && header.at(-1) !== text) header.push(text);
    }
    return header;
  });
  const twoSided = grammar?.layout === 'two-sided';
  const sideSplit = twoSided ? positionalSideSplit(paths, set.labelHeaders) : width;
  const used = new Set<string>();
  const keys = paths.map((header) => header.map((text) => headerKey(text, set.headerNotes)));
  const measured = keys.filter(
    (path) => path.length > 1 && leafMeasure(set.measures, path.at(-1)!) !== undefined,
  );
  const measureSuffixes = new Set(
    measured.map((path) => measureSuffix(set.measures, path.at(-1)!, finalTable)),
  );
  // Measures printed as the whole header (项目 | 预算数 | 决算数): each column is the amount on its measure.
  const measuredAlone = keys.filter(
    (path) => path.length === 1 && leafMeasure(set.measures, path[0]!) !== undefined,
  );
  const aloneSuffixes = new Set(
    measuredAlone.map((path) => measureSuffix(set.measures, path[0]!, finalTable)),
  );
  // Blocks of columns under a measure printed on top (上年 | 当年 | 增减变化情况, 预算数 | 决算数).
  const topMeasures = new Set(
    keys.filter((path) => path.length > 1).map((path) => blockMeasure(set.measures, path[0]!, finalTable)),
  );
  const blocked = topMeasures.size > 1 && !topMeasures.has(undefined);
  // Columns grouped by year ("2025年预算数 / 合计" beside "2026年预算数 / 合计"): the latest year is primary.
  // A year, and the measure the grammar knows printed after it (2025年预算数 → 2025, 预算数).
  const yearHeader = (segment: string) => {
    const match = YEAR_HEADER.exec(segment);
    return match && (match[2] === '' || leafMeasure(set.measures, match[2]!)) ? match : undefined;
  };
  const yearOf = (segment: string) => yearHeader(segment)?.[1];
  const rawKeys = paths.map((header) => header.map(compactKey));
  const years = [
    ...new Set(rawKeys.flatMap((path) => path.map(yearOf).filter((y): y is string => y !== undefined))),
  ];
  const latestYear = years.length > 1 ? years.sort().at(-1) : undefined;
  const fundSplit =
    keys.filter((path) => path.length > 1 && set.fundSplits.some((f) => f.pattern.test(path.at(-1)!)))
      .length > 1;
  const columns = paths.map((header, index) => {
    let path = keys[index]!;
    let suffix = '';
    const yearAt = latestYear ? rawKeys[index]!.findIndex((segment) => yearOf(segment)) : -1;
    if (yearAt >= 0) {
      const [, year = '', measure = ''] = yearHeader(rawKeys[index]![yearAt]!)!;
      if (year !== latestYear) suffix = Number(latestYear) - Number(year) === 1 ? '_prev' : `_y${year}`;
      // "2025年预算数" beside "2026年预算数": the measure after the year names the column.
      path =
        path.length > 1
          ? path.filter((_, i) => i !== yearAt)
          : measure
            ? [headerKey(measure, set.headerNotes)]
            : path;
    }
    // "合计 / 预算数" beside "合计 / 决算数": name the column by what it measures the amount of.
    if (
      measureSuffixes.size > 1 &&
      path.length > 1 &&
      leafMeasure(set.measures, path.at(-1)!) !== undefined
    ) {
      suffix = measureSuffix(set.measures, path.at(-1)!, finalTable);
      path = path.slice(0, -1);
    } else if (yearAt < 0 && path.length === 1 && aloneSuffixes.size > 1 && measuredAlone.includes(path)) {
      suffix = measureSuffix(set.measures, path[0]!, finalTable);
    } else if (blocked && path.length > 1) {
      suffix = blockMeasure(set.measures, path[0]!, finalTable) ?? '';
      path = path.slice(1);
    }
    const best = path.length ? bestMatch(path, own, set.common) : undefined;
    let match = best?.column;
    // "一般公共预算拨款 / 小计": the group's column, unless an alias names the subtotal with its group (本年收入/小计).
    if (path.length > 1 && set.subtotalHeaders.has(path.at(-1)!) && (best?.score ?? 0) < 2) {
      const group = bestColumn(path.slice(0, -1), own, set.common);
      if (group?.role === 'amount') match = group;
    }
    // "因公出国(境)费 / 一般公共预算" beside "… / 政府性基金预算": the item, split by fund source.
    const fund =
      fundSplit && path.length > 1 ? set.fundSplits.find((f) => f.pattern.test(path.at(-1)!)) : undefined;
    if (fund) {
      const item = bestColumn(path.slice(0, -1), own, set.common);
      if (item && item.role === 'amount' && item.splitByFund !== false) {
        match = item;
        suffix = fund.suffix + suffix;
      }
    }
    if (twoSided && !match?.side) {
      const sidePath = [index < sideSplit ? '收入' : '支出', ...path];
      const sided = bestColumn(sidePath, own, []);
      if (sided) match = sided;
    }
    let id = match ? `${match.id}${suffix}` : `col_${index + 1}`;
    if (used.has(id)) {
      let n = 2;
      while (used.has(`${id}_${n}`)) n++;
      id = `${id}_${n}`;
    }
    used.add(id);
    const column: AnalyzedColumn = {
      index,
      header,
      id,
      role: match?.role ?? 'text',
      unrecognized: !match,
    };
    const group = rawKeys[index]![0];
    const groupSide = group === '收入' ? 'income' : group === '支出' ? 'expenditure' : undefined;
    const side =
      match?.side ??
      (twoSided ? groupSide : undefined) ??
      (twoSided && index > 0 ? (index < sideSplit ? 'income' : 'expenditure') : undefined);
    if (side) column.side = side;
    const number = numberRow?.[index]?.trim();
    if (number) column.number = number;
    return column;
  });
  nameByFallback(columns, keys, [...own, ...set.common], used);
  return columns;
}

/**
 * Name a column no header named by a grammar column's `fallback` headers (绩效指标 → level3), where no column of
 * the table took that id and one took an id of `fallback.beside` (the indicator's target); never the first
 * column, where a form prints such a word as its left label.
 */
function nameByFallback(
  columns: AnalyzedColumn[],
  keys: readonly string[][],
  grammarColumns: readonly GrammarColumn[],
  used: Set<string>,
): void {
  for (const candidate of grammarColumns) {
    const fallback = candidate.fallback;
    if (!fallback || used.has(candidate.id) || !fallback.beside.some((id) => used.has(id))) continue;
    const column = columns.find(
      (c) =>
        c.index > 0 &&
        c.unrecognized &&
        fallback.headers.some((alias) => aliasScore(keys[c.index]!, alias) > 0),
    );
    if (!column) continue;
    used.delete(column.id);
    used.add(candidate.id);
    Object.assign(column, { id: candidate.id, role: candidate.role, unrecognized: false });
  }
}

/** Where the expenditure side starts in a two-sided grid: the second label-like column. */
function positionalSideSplit(paths: string[][], labelHeaders: RegExp | undefined): number {
  const labelish = paths
    .map((path, index) => ({ index, leaf: compactKey(path.at(-1) ?? '') }))
    .filter(({ leaf }) => labelHeaders?.test(leaf) ?? false)
    .map(({ index }) => index);
  return labelish[1] ?? Math.ceil(paths.length / 2);
}

/**
 * Two-sided tables: an unnamed text column right before an amount column on the same side is that block's
 * label (支出功能分类科目（按大类） | 预算数).
 */
function nameSideLabels(columns: AnalyzedColumn[]): void {
  const used = new Set(columns.map((column) => column.id));
  columns.forEach((column, i) => {
    const next = columns[i + 1];
    if (!column.unrecognized || column.role !== 'text' || !column.side) return;
    if (next?.role !== 'amount' || next.side !== column.side) return;
    const base = `${column.side}_label`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    column.id = id;
    column.role = 'label';
  });
}

/** Columns no grammar named: amount role when most of their data cells are numbers. */
function guessUnrecognizedRoles(columns: readonly AnalyzedColumn[], lines: readonly DataLine[]): void {
  for (const column of columns) {
    if (!column.unrecognized) continue;
    const cells = lines.map((line) => line.texts[column.index]?.trim() ?? '').filter(Boolean);
    // Cells are read until the share can no longer be reached (a column of long texts stops early); a cell
    // without a digit is no number.
    let numbers = 0;
    for (let k = 0; k < cells.length; k++) {
      if (DIGIT.test(cells[k]!) && parseAmount(cells[k]!).kind === 'number') numbers++;
      else if ((numbers + cells.length - k - 1) / cells.length < 0.6) break;
    }
    if (cells.length && numbers / cells.length >= 0.6) column.role = 'amount';
  }
}

/** A digit, half- or full-width. */
const DIGIT = /[0-9０-９]/;
