/**
 * Summary facts: headline amounts in 元, each from every source that states it (grammars/summary.json: table
 * cells in order of precedence, the narrative's stated amounts last), the amount taken from the first source,
 * and a `fact-conflict` warning where the tables disagree beyond their printed precision.
 */
import { Decimal } from 'decimal.js';
import { columnName, placeText } from '../check/context.js';
import { printedDecimals } from '../check/tolerance.js';
import type { FactSourceRule, ProseSourceRule, SummaryGrammar } from '../grammar/data.js';
import type {
  Diagnostic,
  Fact,
  FactSource,
  Meta,
  StatedFact,
  Summary,
  SummaryFactId,
  Table,
  Unit,
} from '../model/schema.js';
import { SUMMARY_FACT_IDS, UNITS } from '../model/schema.js';
import { toYuan } from '../normalize/amount.js';
import { UNIT_FACTORS } from '../normalize/units.js';

/** 预算 or 决算, as the document metadata says. */
type DocumentKind = NonNullable<Meta['kind']>;

/** What `computeSummary` gives: the summary and the diagnostics about its facts. */
export interface SummaryResult {
  summary: Summary;
  diagnostics: Diagnostic[];
}

type TableRow = Table['rows'][number];

/**
 * Rows a fact may be read from: in a table that prints one line per year (年度: 2025年 / 2026年 / 增减变化金额),
 * only the lines of the document's year.
 */
function candidateRows(table: Table, year: number | null): Table['rows'] {
  if (year === null) return table.rows;
  const years = /^\d{4}\s*年?度?$/;
  const yearColumn = table.columns.find((column) => {
    let lines = 0;
    for (const row of table.rows) if (years.test(row.text?.[column.id] ?? '') && ++lines >= 2) return true;
    return false;
  });
  if (!yearColumn) return table.rows;
  return table.rows.filter((row) => (row.text?.[yearColumn.id] ?? '').startsWith(String(year)));
}

/** A table's candidate rows by row key, in table order, for one year. */
interface KeyedRows {
  rows: readonly TableRow[];
  length: number;
  year: number | null;
  byKey: Map<string, TableRow[]>;
}

/** Candidate rows by key, made once per table and year (every fact rule asks each table of its kind). */
const keyedRowsCache = new WeakMap<Table, KeyedRows>();

function keyedRows(table: Table, year: number | null): Map<string, TableRow[]> {
  const cached = keyedRowsCache.get(table);
  if (cached && cached.rows === table.rows && cached.length === table.rows.length && cached.year === year)
    return cached.byKey;
  const byKey = new Map<string, TableRow[]>();
  for (const row of candidateRows(table, year)) {
    if (row.key === undefined) continue;
    const list = byKey.get(row.key);
    if (list) list.push(row);
    else byKey.set(row.key, [row]);
  }
  keyedRowsCache.set(table, { rows: table.rows, length: table.rows.length, year, byKey });
  return byKey;
}

function cellSource(table: Table, row: Table['rows'][number], column: string, value: string): FactSource {
  const cell = row.cells[column];
  const source: FactSource = {
    table: table.id,
    kind: table.kind,
    row: row.label ?? row.code ?? '',
    column,
    printed: cell?.printed ?? value,
    unit: table.unit,
  };
  if (cell?.place) source.place = cell.place;
  source.yuan = toYuan(value, table.unitFactor!);
  return source;
}

/** The source a table line gives for a rule: its first printed column, or the sum of the columns. */
function lineSource(table: Table, row: Table['rows'][number], rule: FactSourceRule): FactSource | null {
  if (rule.sum) {
    const values = rule.column.map((column) => row.values[column]);
    if (values.some((v) => v === undefined || v === null)) return null;
    const sum = values.reduce((acc, v) => acc.plus(v!), new Decimal(0));
    const parts = rule.column.map((column) => cellSource(table, row, column, row.values[column]!));
    const source: FactSource = {
      ...parts[0]!,
      column: rule.column.join('+'),
      printed: parts.map((p) => p.printed).join('+'),
      yuan: toYuan(sum.toFixed(), table.unitFactor!),
    };
    return source;
  }
  for (const column of rule.column) {
    const value = row.values[column];
    if (value === undefined || value === null) continue;
    return cellSource(table, row, column, value);
  }
  return null;
}

/** The cell a table rule reads (the first table of its kind that states it), or undefined. */
export function tableSource(
  rule: FactSourceRule,
  tables: readonly Table[],
  year: number | null,
): FactSource | undefined {
  const keys = typeof rule.row === 'string' ? [rule.row] : rule.row;
  for (const table of tables) {
    if (table.kind !== rule.kind || !table.unitFactor) continue;
    if (rule.requireColumns?.some((id) => !table.columns.some((column) => column.id === id))) continue;
    const byKey = keyedRows(table, year);
    const onSide = (row: TableRow): boolean => !rule.side || row.side === rule.side;
    if (rule.noCarryover && byKey.get('carryover')?.some(onSide)) continue;
    for (const key of keys) {
      let blankLine: number | undefined;
      for (const row of byKey.get(key) ?? []) {
        if (!onSide(row)) continue;
        if (blankLine !== undefined && row.gridLine !== blankLine) return undefined;
        // The first line with the key decides; a blank cell there means the table does not state the fact (but a
        // side-by-side block of the same line, 支出合计 under 功能分类 and under 支出用途, may print it).
        const source = lineSource(table, row, rule);
        if (source) return source;
        blankLine = row.gridLine;
      }
      if (blankLine !== undefined) return undefined;
    }
  }
  return undefined;
}

/**
 * The amounts the narrative states of a fact, of the current year and on the document's basis (a final-accounts
 * document's summary holds 决算 amounts, a budget's 预算 amounts, never the other basis).
 */
export function proseSources(
  id: SummaryFactId,
  facts: readonly StatedFact[],
  kind: DocumentKind | null,
): FactSource[] {
  const other = kind === 'final' ? 'budget' : kind === 'budget' ? 'final' : undefined;
  const out: FactSource[] = [];
  for (const fact of facts) {
    if (fact.id !== id || fact.measure !== 'amount' || fact.period !== 'current' || fact.yuan === null)
      continue;
    // A paragraph about one unit of the department states that unit's amount, not the department's.
    if (fact.organisation !== undefined) continue;
    if (other !== undefined && fact.basis === other) continue;
    if (!fact.printed && !fact.nil) continue;
    const unit = (UNITS as readonly string[]).includes(fact.unit ?? '') ? (fact.unit as Unit) : null;
    const source: FactSource = {
      printed: fact.printed ?? fact.quote,
      unit,
      prose: true,
      yuan: fact.yuan,
      quote: fact.quote,
    };
    if (fact.nil) source.nil = true;
    if (fact.place) source.place = fact.place;
    if (out.some((s) => s.yuan === source.yuan && s.quote === source.quote)) continue;
    out.push(source);
  }
  return out;
}

/** One unit in the last printed place of a source, in 元 (a stated 0 is exact to 0.01 of its unit). */
export function sourceUlp(source: FactSource): Decimal {
  const factor = new Decimal(source.unit ? UNIT_FACTORS[source.unit] : 1);
  if (source.nil) return new Decimal(0);
  const decimals = source.printed.split('+').reduce((max, part) => Math.max(max, printedDecimals(part)), 0);
  const zero = source.yuan !== undefined && new Decimal(source.yuan).isZero();
  return new Decimal(10).pow(-(zero ? Math.max(decimals, 2) : decimals)).times(factor);
}

/** True when two sources state the same amount within the rounding of both printed values. */
export function sourcesAgree(a: FactSource, b: FactSource): boolean {
  if (a.yuan === undefined || b.yuan === undefined) return false;
  const tolerance = sourceUlp(a).plus(sourceUlp(b)).div(2);
  return new Decimal(a.yuan).minus(b.yuan).abs().lte(tolerance);
}

/** A source in words, for messages: 表「…」「合计」行「基本支出」列（第3页）印为 1,234.56万元. */
export function sourceText(source: FactSource, tables: readonly Table[]): string {
  const where = placeText(source.place);
  const at = where ? `（${where}）` : '';
  if (source.prose) return `情况说明“${source.quote ?? source.printed}”${at}`;
  const table = tables.find((t) => t.id === source.table);
  const columns = (source.column ?? '')
    .split('+')
    .map((id) =>
      columnName(
        table?.columns.find((c) => c.id === id),
        id,
      ),
    )
    .join('+');
  return `表「${table?.title ?? source.table ?? ''}」「${source.row ?? ''}」行「${columns}」列${at}印为 ${source.printed}${source.unit ?? ''}`;
}

/**
 * The source the amount is taken from: the first, or a later one that agrees with it within printed precision
 * and is printed more precisely (535987052.43 元 over 535987052.4 元).
 */
function chooseSource(sources: readonly FactSource[]): FactSource {
  let chosen = sources[0]!;
  for (const source of sources.slice(1)) {
    if (source.prose !== chosen.prose) continue;
    if (sourcesAgree(source, sources[0]!) && sourceUlp(source).lt(sourceUlp(chosen))) chosen = source;
  }
  return chosen;
}

/** The fact in words: 收入总计（revenue_total）. */
export function factName(id: SummaryFactId, grammar: SummaryGrammar): string {
  const name = grammar.names[id];
  return name ? `${name}（${id}）` : id;
}

/**
 * The carry-over line (上年结转, or its part 上年结转/一般公共预算拨款) two sources differ by, when one table prints
 * an amount with the carry-over and the other without it; undefined when no such line explains the difference.
 */
function carryoverBetween(a: FactSource, b: FactSource, tables: readonly Table[]): FactSource | undefined {
  const difference = new Decimal(a.yuan!).minus(b.yuan!).abs();
  if (difference.isZero()) return undefined;
  for (const table of tables) {
    if (!table.unitFactor) continue;
    for (const row of table.rows) {
      if (!row.key?.startsWith('carryover')) continue;
      for (const column of table.columns) {
        const value = row.values[column.id];
        if (column.role !== 'amount' || value == null) continue;
        const line = cellSource(table, row, column.id, value);
        const tolerance = sourceUlp(a).plus(sourceUlp(b)).plus(sourceUlp(line)).div(2);
        if (new Decimal(line.yuan!).minus(difference).abs().lte(tolerance)) return line;
      }
    }
  }
  return undefined;
}

/** Amounts of more than this many different values stated of one fact: a paragraph per unit (深圳), not one fact. */
const PER_UNIT_VALUES = 2;

/**
 * A fact only the narrative states, stated with different amounts: a `fact-conflict` warning; with more than
 * two different amounts the narrative describes several units one paragraph each and which amount is the
 * department's cannot be told, so the fact is doubtful (an error).
 */
function proseConflict(
  id: SummaryFactId,
  chosen: FactSource,
  disagree: readonly FactSource[],
  tables: readonly Table[],
  grammar: SummaryGrammar,
): Diagnostic {
  const values = new Set([chosen, ...disagree].map((s) => s.yuan));
  const perUnit = values.size > PER_UNIT_VALUES;
  const shown = [chosen, ...disagree].slice(0, 6).map((s) => `${sourceText(s, tables)}（${s.yuan}元）`);
  const more = disagree.length + 1 > shown.length ? ` 等 ${values.size} 个不同金额` : '';
  const diagnostic: Diagnostic = {
    ruleId: perUnit ? 'fact-implausible' : 'fact-conflict',
    severity: perUnit ? 'error' : 'warning',
    source: 'budget-ingest',
    message: perUnit
      ? `汇总指标「${factName(id, grammar)}」只见于情况说明，且各段所述金额不一：${shown.join('；')}${more}。` +
        `情况说明逐个单位分段说明时无法判断哪一个是部门数，该指标标为存疑（doubtful），summary.csv 中留空。`
      : `汇总指标「${factName(id, grammar)}」只见于情况说明，且前后所述金额不一：${shown.join('；')}。` +
        `取${sourceText(chosen, tables)}（首次出现）。`,
    fact: id,
    actual: chosen.yuan!,
    expected: disagree.map((s) => s.yuan).join(' / '),
  };
  if (chosen.place) diagnostic.place = chosen.place;
  return diagnostic;
}

function conflict(
  id: SummaryFactId,
  chosen: FactSource,
  sources: readonly FactSource[],
  tables: readonly Table[],
  grammar: SummaryGrammar,
): Diagnostic | undefined {
  // Tables against tables, or (a fact only the narrative states) the narrative against itself: the narrative
  // against the tables is the prose-vs-table check's.
  const disagree = sources.filter((s) => s.prose === chosen.prose && !sourcesAgree(s, chosen));
  if (disagree.length === 0) return undefined;
  if (chosen.prose) return proseConflict(id, chosen, disagree, tables, grammar);
  const listed = [chosen, ...disagree].map((s) => `${sourceText(s, tables)}（${s.yuan}元）`);
  const carried = disagree.map((s) => carryoverBetween(chosen, s, tables));
  const basis = carried.every((c) => c !== undefined);
  const diagnostic: Diagnostic = {
    ruleId: basis ? 'fact-basis' : 'fact-conflict',
    severity: basis ? 'info' : 'warning',
    source: 'budget-ingest',
    message: basis
      ? `汇总指标「${factName(id, grammar)}」各表口径不同：${listed.join('；')}；差额恰为上年结转` +
        `（${carried.map((c) => sourceText(c!, tables)).join('；')}），一表含结转、一表不含。` +
        `取${sourceText(chosen, tables)}（grammars/summary.json 的优先顺序）。`
      : `汇总指标「${factName(id, grammar)}」各来源超出印刷精度不一致：${listed.join('；')}。` +
        `取${sourceText(chosen, tables)}（grammars/summary.json 的优先顺序）。`,
    fact: id,
    actual: chosen.yuan!,
    expected: disagree.map((s) => s.yuan).join(' / '),
  };
  if (chosen.place) diagnostic.place = chosen.place;
  if (chosen.table) diagnostic.table = chosen.table;
  return diagnostic;
}

/** Every source of a fact, in the grammar's order. */
export function factSources(
  id: SummaryFactId,
  rules: readonly (FactSourceRule | ProseSourceRule)[],
  tables: readonly Table[],
  facts: readonly StatedFact[],
  year: number | null,
  kind: DocumentKind | null,
): FactSource[] {
  const sources: FactSource[] = [];
  for (const rule of rules) {
    if ('prose' in rule) {
      sources.push(...proseSources(id, facts, kind));
      continue;
    }
    const source = tableSource(rule, tables, year);
    if (!source) continue;
    // The same cell reached by two rules is one source.
    if (
      sources.some((s) => s.table === source.table && s.place === source.place && s.column === source.column)
    )
      continue;
    sources.push(source);
  }
  return sources;
}

/**
 * Compute the summary: for every fact, its sources (grammars/summary.json), the amount from the first, and a
 * `fact-conflict` warning when the tables disagree; a fact is absent when the document does not state it.
 */
export function computeSummary(
  tables: readonly Table[],
  facts: readonly StatedFact[],
  grammar: SummaryGrammar,
  year: number | null = null,
  kind: DocumentKind | null = null,
): SummaryResult {
  const summary: Summary = {};
  const diagnostics: Diagnostic[] = [];
  for (const id of SUMMARY_FACT_IDS) {
    const sources = factSources(id, grammar.facts[id] ?? [], tables, facts, year, kind);
    if (sources.length === 0) continue;
    const chosen = chooseSource(sources);
    const fact: Fact = { yuan: chosen.yuan!, source: chosen, sources };
    summary[id] = fact;
    const found = conflict(id, chosen, sources, tables, grammar);
    if (found?.ruleId === 'fact-implausible') fact.doubtful = true;
    if (found) diagnostics.push(found);
  }
  return { summary, diagnostics };
}
