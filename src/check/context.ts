/**
 * Shared machinery of the check rules: quantities with provenance, the per-rule recorder of passes, failures
 * and skips, and the two comparisons every rule uses (a sum identity and an equality of two values).
 */
import { Decimal } from 'decimal.js';
import { type GrammarSet, loadGrammars } from '../grammar/load.js';
import type { BudgetDocument, Column, Diagnostic, Place, Row, Table } from '../model/schema.js';
import { type CodeDictionary, loadCodeDictionary } from '../normalize/code-dictionary.js';
import { rowIndexByKey } from '../normalize/row-keys.js';
import { printedDecimals, sumTolerance, UNIT_FACTORS, ulp, unitSlip, withinTolerance } from './tolerance.js';

/** Diagnostic severity. */
export type Severity = Diagnostic['severity'];

/** One value involved in a check, with where it was printed. */
export interface Evidence {
  /** Its part in the identity: the printed total, a term of the sum, or one side of a comparison. */
  role: 'total' | 'term' | 'left' | 'right';
  /** Where it is, in words (表「…」「合计」行「基本支出」列, or the narrative section and clause). */
  where: string;
  /** As printed, or null for a blank cell (read as 0). */
  printed: string | null;
  /** Decimal string in `unit`. */
  value: string;
  /** Declared unit, or null. */
  unit: string | null;
  place?: Place;
  table?: string;
  row?: number;
  column?: string;
}

/** A value taking part in a check. */
export interface Quantity {
  /** The value in its own unit (blank = 0). */
  value: Decimal;
  /** 元 per unit, or null when no unit was declared. */
  factor: Decimal | null;
  /** One unit in the last printed place, in its own unit. */
  ulp: Decimal;
  /** True for a blank cell or dash (no printed number). */
  blank: boolean;
  evidence: Evidence;
}

/** A failed check: the diagnostic plus everything behind it. */
export interface Finding {
  diagnostic: Diagnostic;
  /** Rule that ran the check. */
  rule: string;
  /** Identity id within the rule. */
  check: string;
  /** actual − expected, in the unit of `unit`. */
  difference?: string;
  tolerance?: string;
  unit?: string | null;
  /** Every value involved, with provenance. */
  evidence: Evidence[];
}

interface Counter {
  passed: number;
  failed: number;
  skipped: number;
  reasons: Map<string, number>;
}

/** What the checks read besides the document: the parse's grammars and code dictionary. */
export interface CheckEnvironment {
  /** Table grammars (default: the shipped ones). */
  grammars?: GrammarSet;
  /** Classification code dictionary (default: the shipped one). */
  dictionary?: CodeDictionary;
}

/** Records what one rule did. */
export class RuleContext {
  /** Failures found so far. */
  readonly findings: Finding[] = [];
  /** Identity id → counts. */
  readonly counters = new Map<string, Counter>();

  constructor(
    readonly document: BudgetDocument,
    readonly rule: string,
    /** The grammars and code dictionary the document was parsed with (the shipped ones when absent). */
    readonly env: CheckEnvironment = {},
  ) {}

  /** The table grammars the document was parsed with, user grammars included. */
  get grammars(): GrammarSet {
    return this.env.grammars ?? loadGrammars();
  }

  /** The code dictionary the document was parsed with, user dictionaries included. */
  get dictionary(): CodeDictionary {
    return this.env.dictionary ?? loadCodeDictionary();
  }

  private counter(check: string): Counter {
    let c = this.counters.get(check);
    if (!c) {
      c = { passed: 0, failed: 0, skipped: 0, reasons: new Map() };
      this.counters.set(check, c);
    }
    return c;
  }

  /** Count a passed check. */
  pass(check: string): void {
    this.counter(check).passed++;
  }

  /** Count a skipped check with its reason. */
  skip(check: string, reason: string): void {
    const c = this.counter(check);
    c.skipped++;
    c.reasons.set(reason, (c.reasons.get(reason) ?? 0) + 1);
  }

  /** Count a failed check and keep its finding. */
  fail(check: string, finding: Omit<Finding, 'rule' | 'check'>): void {
    this.counter(check).failed++;
    this.findings.push({ ...finding, rule: this.rule, check });
  }

  /** Make sure an identity appears in coverage even when nothing applied. */
  declare(check: string): void {
    this.counter(check);
  }
}

const precisionCache = new WeakMap<Table, number>();
const ZERO = new Decimal(0);

/** The printed precision of a table: the most decimals printed in any of its amount cells. */
export function tableDecimals(table: Table): number {
  const cached = precisionCache.get(table);
  if (cached !== undefined) return cached;
  const amountIds = new Set(table.columns.filter((c) => c.role === 'amount').map((c) => c.id));
  let max = 0;
  for (const row of table.rows) {
    for (const id of amountIds) {
      const cell = row.cells[id];
      if (cell === undefined || !Object.hasOwn(row.cells, id) || row.values[id] == null) continue;
      max = Math.max(max, printedDecimals(cell.printed));
    }
  }
  precisionCache.set(table, max);
  return max;
}

/** 元 per unit of a table, or null. */
export function tableFactor(table: Table): Decimal | null {
  if (table.unitFactor) return new Decimal(table.unitFactor);
  if (table.unit) return new Decimal(UNIT_FACTORS[table.unit] ?? 1);
  return null;
}

/*
 * Memos of what cellQuantity reads for every cell a check touches (tens of thousands on a long table): keyed
 * by the table, column and row objects, which the checks only read. A Decimal is immutable, so one instance
 * can serve every quantity.
 */
const columnsById = new WeakMap<Table, { columns: Column[]; length: number; byId: Map<string, Column> }>();
const factors = new WeakMap<
  Table,
  { unitFactor: string | null | undefined; unit: string | null; factor: Decimal | null }
>();
const columnNames = new WeakMap<Column, { header: string[]; id: string; name: string }>();
const cellValues = new WeakMap<Row['values'], Map<string, { raw: string; value: Decimal }>>();
const ulps = new Map<number, Decimal>();

/** A table's column by id: the first of that id, as `columns.find` gives it. */
function columnById(table: Table, id: string): Column | undefined {
  let index = columnsById.get(table);
  if (!index || index.columns !== table.columns || index.length !== table.columns.length) {
    const byId = new Map<string, Column>();
    for (const column of table.columns) if (!byId.has(column.id)) byId.set(column.id, column);
    index = { columns: table.columns, length: table.columns.length, byId };
    columnsById.set(table, index);
  }
  return index.byId.get(id);
}

/** tableFactor, one Decimal per table while its unit stays the same. */
function cachedTableFactor(table: Table): Decimal | null {
  const cached = factors.get(table);
  if (cached && cached.unitFactor === table.unitFactor && cached.unit === table.unit) return cached.factor;
  const factor = tableFactor(table);
  factors.set(table, { unitFactor: table.unitFactor, unit: table.unit, factor });
  return factor;
}

/** ulp(decimals) in the table's own unit, one Decimal per number of decimals. */
function unitUlp(decimals: number): Decimal {
  let u = ulps.get(decimals);
  if (!u) {
    u = ulp(decimals);
    ulps.set(decimals, u);
  }
  return u;
}

/** A cell's decimal string as a Decimal, read once per row and column. */
function cellValue(values: Row['values'], id: string, raw: string): Decimal {
  let row = cellValues.get(values);
  if (!row) {
    row = new Map();
    cellValues.set(values, row);
  }
  const cached = row.get(id);
  if (cached && cached.raw === raw) return cached.value;
  const value = new Decimal(raw);
  row.set(id, { raw, value });
  return value;
}

/** A column's header as one compact string (基本支出/人员经费). */
export function columnName(column: Column | undefined, fallback = ''): string {
  if (!column) return fallback;
  const cached = columnNames.get(column);
  if (cached && cached.header === column.header && cached.id === column.id) return cached.name;
  const parts = column.header.map((h) => h.replace(/[\s\u3000]+/g, '')).filter((h) => h !== '');
  const name = parts.length > 0 ? parts.join('/') : column.id;
  columnNames.set(column, { header: column.header, id: column.id, name });
  return name;
}

/** A row's name for messages: code and label, else serial. */
export function rowName(row: Row): string {
  const label = row.label?.trim() ?? '';
  if (row.code && label) return `${row.code} ${label}`;
  if (label) return label;
  if (row.code) return row.code;
  if (row.serial) return `序号 ${row.serial}`;
  return `第 ${row.gridLine + 1} 数据行`;
}

/** A place in words: 第3页, 第219行, 第3页第12行. */
export function placeText(place: Place | undefined): string {
  if (!place) return '';
  if (place.page !== undefined && place.line !== undefined) return `第${place.page}页第${place.line}行`;
  if (place.page !== undefined) return `第${place.page}页`;
  if (place.line !== undefined) return `第${place.line}行`;
  return '';
}

/** A quantity from a table cell; undefined when the table has no such column. */
export function cellQuantity(
  table: Table,
  rowIndex: number,
  columnId: string,
  role: Evidence['role'] = 'term',
): Quantity | undefined {
  const row = table.rows[rowIndex];
  const column = columnById(table, columnId);
  if (!row || !column) return undefined;
  const raw = row.values[columnId];
  const cell = row.cells[columnId];
  const blank = raw == null;
  const printed = blank ? null : (cell?.printed.trim() ?? raw);
  const factor = cachedTableFactor(table);
  const where = `表「${table.title}」「${rowName(row)}」行「${columnName(column)}」列`;
  const evidence: Evidence = {
    role,
    where,
    printed,
    value: blank ? '0' : raw,
    unit: table.unit,
    table: table.id,
    row: rowIndex,
    column: columnId,
  };
  if (cell?.place) evidence.place = cell.place;
  return {
    value: blank ? ZERO : cellValue(row.values, columnId, raw),
    factor,
    ulp: unitUlp(tableDecimals(table)),
    blank,
    evidence,
  };
}

/** The part of a cell's quantity a sum needs: value (blank = 0), blankness and ulp, without evidence. */
export interface CellAmount {
  /** The value; a Decimal is made only when asked for. */
  readonly value: Decimal;
  readonly blank: boolean;
  readonly ulp: Decimal;
  /**
   * The value in whole ulps (value × 10^decimals) when that is an integer below 10^15 in magnitude, so that
   * sums of a few of them are exact in floating point; undefined otherwise (the Decimal is used then).
   */
  readonly units: number | undefined;
}

/** Largest magnitude (in ulps) the floating-point verdicts accept for a value or a running sum. */
const EXACT_UNITS = 1e15;

/** A decimal string in whole ulps of `decimals` places, or undefined (see {@link CellAmount.units}). */
export function unitsOf(raw: string, decimals: number): number | undefined {
  // One pass over the characters of /^(-?)(\d+)(?:\.(\d+))?$/; every partial value stays below 10^15, so
  // the integer arithmetic is exact and gives what Number() of the padded digit string gives.
  const length = raw.length;
  const negative = raw.charCodeAt(0) === 45; // -
  let i = negative ? 1 : 0;
  const intStart = i;
  let units = 0;
  let code = 0;
  for (; i < length; i++) {
    code = raw.charCodeAt(i);
    if (code < 48 || code > 57) break;
    units = units * 10 + (code - 48);
  }
  const intDigits = i - intStart;
  if (intDigits === 0) return undefined;
  let fraction = 0;
  if (i < length) {
    if (code !== 46) return undefined; // .
    const fracStart = ++i;
    for (; i < length; i++) {
      code = raw.charCodeAt(i);
      if (code < 48 || code > 57) return undefined;
      // Digits past `decimals` make it undefined below; stop adding before the value could grow past 10^15.
      if (i - fracStart < decimals) units = units * 10 + (code - 48);
    }
    fraction = i - fracStart;
    if (fraction === 0) return undefined;
  }
  if (fraction > decimals || intDigits + decimals > 15) return undefined;
  for (let k = fraction; k < decimals; k++) units *= 10;
  // "-0" is a negative Decimal but not a negative number: leave it to the Decimal.
  if (negative && units === 0) return undefined;
  return negative ? -units : units;
}

/** A cell amount; its Decimal is read (and memoized) only when asked for. */
class LazyAmount implements CellAmount {
  constructor(
    private readonly values: Row['values'],
    private readonly id: string,
    private readonly raw: string | null | undefined,
    readonly ulp: Decimal,
    readonly units: number | undefined,
  ) {}

  get blank(): boolean {
    return this.raw == null;
  }

  get value(): Decimal {
    return this.raw == null ? ZERO : cellValue(this.values, this.id, this.raw);
  }
}

/**
 * A cell's amount as {@link cellQuantity} would give it, without building its evidence (most checks pass and
 * never show it); undefined when the table has no such row or column.
 */
export function cellAmount(table: Table, rowIndex: number, columnId: string): CellAmount | undefined {
  const row = table.rows[rowIndex];
  if (!row || !columnById(table, columnId)) return undefined;
  const raw = row.values[columnId];
  const decimals = tableDecimals(table);
  const units = raw == null ? 0 : unitsOf(raw, decimals);
  return new LazyAmount(row.values, columnId, raw, unitUlp(decimals), units);
}

/**
 * What {@link checkSum} decides for amounts of one table (one unit, one ulp), without counting anything:
 * 'empty' when every value is blank, else whether total = Σ terms within the tolerance (half an ulp per printed
 * value). Exact either way: in whole ulps when every value has them, else with the same Decimal arithmetic in
 * the same order as checkSum — so a rule may count a pass itself and call checkSum only to report a failure.
 */
export function sumVerdict(total: CellAmount, terms: readonly CellAmount[]): 'empty' | 'passed' | 'failed' {
  // Printed (non-blank) values and whether they share the total's ulp, counted without copying the terms.
  let printedCount = total.blank ? 0 : 1;
  let sameUlp = true;
  for (const t of terms) {
    if (t.blank) continue;
    printedCount++;
    if (t.ulp !== total.ulp) sameUlp = false;
  }
  if (printedCount === 0) return 'empty';
  if (total.units !== undefined && sameUlp) {
    let difference = total.units;
    let magnitude = Math.abs(total.units);
    for (const t of terms) {
      if (t.units === undefined) {
        magnitude = Number.POSITIVE_INFINITY;
        break;
      }
      difference -= t.units;
      magnitude += Math.abs(t.units);
    }
    // |difference| × ulp ≤ n × ulp / 2, in whole numbers.
    if (magnitude < EXACT_UNITS) return 2 * Math.abs(difference) <= printedCount ? 'passed' : 'failed';
  }
  const printed = [total, ...terms].filter((q) => !q.blank);
  const sum = terms.reduce((acc, t) => acc.plus(t.value), new Decimal(0));
  return withinTolerance(total.value.minus(sum), sumTolerance(printed.map((q) => q.ulp)))
    ? 'passed'
    : 'failed';
}

/**
 * Whether `part` is above `whole` by more than their ulps together (part-within-whole), exactly: in whole ulps
 * when both have them, else in Decimals.
 */
export function exceeds(part: CellAmount, whole: CellAmount): boolean {
  if (part.units !== undefined && whole.units !== undefined && part.ulp === whole.ulp)
    return part.units - whole.units > 2;
  return !part.value.minus(whole.value).lte(part.ulp.plus(whole.ulp));
}

/** Whether an amount is below zero (a negative Decimal, "-0" included). */
export function isNegativeAmount(amount: CellAmount): boolean {
  return amount.units !== undefined ? amount.units < 0 : amount.value.isNegative();
}

/** A value written in a unit and the printed form. */
export function literalQuantity(
  printed: string,
  value: Decimal.Value,
  unit: string | null,
  where: string,
  role: Evidence['role'],
  place?: Place,
): Quantity {
  const factor = unit ? new Decimal(UNIT_FACTORS[unit] ?? 1) : null;
  const evidence: Evidence = { role, where, printed, value: new Decimal(value).toFixed(), unit };
  if (place) evidence.place = place;
  return { value: new Decimal(value), factor, ulp: ulp(printedDecimals(printed)), blank: false, evidence };
}

/** The printed form of a quantity in messages: “5.7”万元 or 空白. */
export function shown(q: Quantity): string {
  if (q.blank) return '空白（按 0 计）';
  return `${q.evidence.printed ?? q.value.toFixed()}`;
}

function withPlace(q: Quantity): string {
  const p = placeText(q.evidence.place);
  return p ? `${q.evidence.where}（${p}）` : q.evidence.where;
}

/** Common unit for a set of quantities: their shared factor, or 元 when factors differ; null if unknowable. */
function commonScale(
  qs: readonly Quantity[],
): { scale: (q: Quantity) => Decimal; ulpOf: (q: Quantity) => Decimal; unit: string | null } | null {
  const first = qs[0];
  if (!first) return null;
  const sameUnit = qs.every((q) => q.evidence.unit === first.evidence.unit);
  if (sameUnit) return { scale: (q) => q.value, ulpOf: (q) => q.ulp, unit: first.evidence.unit };
  if (qs.some((q) => q.factor === null)) return null;
  return { scale: (q) => q.value.times(q.factor!), ulpOf: (q) => q.ulp.times(q.factor!), unit: '元' };
}

/** Options shared by the comparisons. */
export interface CompareOptions {
  /** Identity in words, e.g. 「合计」=「基本支出」+「项目支出」; a function is called only for a message. */
  subject: string | (() => string);
  severity?: Severity;
  /** Appended to the message (a hint such as a suspected column shift). */
  hint?: string;
  /** Diagnostic ruleId; defaults to the rule's id. */
  ruleId?: string;
}

/** The subject of a comparison in words. */
function subjectText(options: CompareOptions): string {
  return typeof options.subject === 'function' ? options.subject() : options.subject;
}

/** Outcome of a comparison. */
export type Outcome = 'passed' | 'failed' | 'empty' | 'skipped';

const MAX_LISTED_TERMS = 8;

/**
 * Check total = Σ terms within the rounding tolerance of the printed values. Returns 'empty' (nothing
 * counted) when every value involved is blank.
 */
export function checkSum(
  ctx: RuleContext,
  check: string,
  total: Quantity,
  terms: readonly Quantity[],
  options: CompareOptions,
): Outcome {
  if (total.blank && terms.every((t) => t.blank)) return 'empty';
  const scale = commonScale([total, ...terms]);
  if (!scale) {
    ctx.skip(check, '金额单位未声明，无法换算');
    return 'skipped';
  }
  const sum = terms.reduce((acc, t) => acc.plus(scale.scale(t)), new Decimal(0));
  const actual = scale.scale(total);
  const printedUlps = [total, ...terms].filter((q) => !q.blank).map((q) => scale.ulpOf(q));
  const tolerance = sumTolerance(printedUlps);
  const difference = actual.minus(sum);
  if (withinTolerance(difference, tolerance)) {
    ctx.pass(check);
    return 'passed';
  }
  const unit = scale.unit ?? '';
  const listed = terms.filter((t) => !t.blank);
  const shownTerms = listed.slice(0, MAX_LISTED_TERMS).map((t) => `${withPlace(t)} ${shown(t)}`);
  if (listed.length > MAX_LISTED_TERMS) shownTerms.push(`等共 ${listed.length} 项`);
  const termsText =
    listed.length === 0
      ? '各分项均为空白（合计应为 0）'
      : `分项 ${shownTerms.join(' + ')} 合计 ${sum.toFixed()}`;
  const message =
    `${subjectText(options)}不成立：${withPlace(total)}印为 ${shown(total)}，${termsText}${unit}；` +
    `差额 ${difference.toFixed()}${unit}，超出按印刷精度允许的 ±${tolerance.toFixed()}${unit}。` +
    (options.hint ?? '');
  const diagnostic: Diagnostic = {
    ruleId: options.ruleId ?? ctx.rule,
    severity: options.severity ?? 'error',
    message,
    source: 'budget-ingest',
    actual: actual.toFixed(),
    expected: sum.toFixed(),
  };
  addWhere(diagnostic, total);
  ctx.fail(check, {
    diagnostic,
    difference: difference.toFixed(),
    tolerance: tolerance.toFixed(),
    unit: scale.unit,
    evidence: [
      { ...total.evidence, role: 'total' },
      ...terms.map((t) => ({ ...t.evidence, role: 'term' as const })),
    ],
  });
  return 'failed';
}

function addWhere(diagnostic: Diagnostic, q: Quantity): void {
  if (q.evidence.place) diagnostic.place = q.evidence.place;
  if (q.evidence.table !== undefined) diagnostic.table = q.evidence.table;
  if (q.evidence.row !== undefined) diagnostic.row = q.evidence.row;
  if (q.evidence.column !== undefined) diagnostic.column = q.evidence.column;
}

/**
 * Check that two values agree (in 元 when their units differ) within the rounding of both. A value that
 * matches only at another unit is reported with ruleId `unit-mismatch`.
 */
export function checkEqual(
  ctx: RuleContext,
  check: string,
  left: Quantity,
  right: Quantity,
  options: CompareOptions,
): Outcome {
  if (left.blank && right.blank) return 'empty';
  let a: Decimal;
  let b: Decimal;
  let tolerance: Decimal;
  let unit: string | null;
  if (left.evidence.unit === right.evidence.unit) {
    a = left.value;
    b = right.value;
    tolerance = sumTolerance([
      left.blank ? new Decimal(0) : left.ulp,
      right.blank ? new Decimal(0) : right.ulp,
    ]);
    unit = left.evidence.unit;
  } else if (left.factor && right.factor) {
    a = left.value.times(left.factor);
    b = right.value.times(right.factor);
    tolerance = sumTolerance([
      left.blank ? new Decimal(0) : left.ulp.times(left.factor),
      right.blank ? new Decimal(0) : right.ulp.times(right.factor),
    ]);
    unit = '元';
  } else {
    ctx.skip(check, '金额单位未声明，无法换算');
    return 'skipped';
  }
  const difference = a.minus(b);
  if (withinTolerance(difference, tolerance)) {
    ctx.pass(check);
    return 'passed';
  }
  const slip = unitSlip(a, b, tolerance);
  const u = unit ?? '';
  const inOwn = (q: Quantity) => `${shown(q)}${q.blank ? '' : (q.evidence.unit ?? '')}`;
  let message =
    `${subjectText(options)}不一致：${withPlace(left)}为 ${inOwn(left)}，而${withPlace(right)}为 ${inOwn(right)}；` +
    `差额 ${difference.toFixed()}${u}（容差 ±${tolerance.toFixed()}${u}）。`;
  if (slip) message += `两者恰好相差 ${slip.toFixed()} 倍，疑为金额单位错误（例如把元当作万元印出）。`;
  message += options.hint ?? '';
  const diagnostic: Diagnostic = {
    ruleId: slip ? 'unit-mismatch' : (options.ruleId ?? ctx.rule),
    severity: options.severity ?? 'error',
    message,
    source: 'budget-ingest',
    actual: a.toFixed(),
    expected: b.toFixed(),
  };
  addWhere(diagnostic, left.evidence.table !== undefined ? left : right);
  ctx.fail(check, {
    diagnostic,
    difference: difference.toFixed(),
    tolerance: tolerance.toFixed(),
    unit,
    evidence: [
      { ...left.evidence, role: 'left' },
      { ...right.evidence, role: 'right' },
    ],
  });
  return 'failed';
}

const DOUBTFUL_RULES = new Set([
  'merge-doubtful',
  'amount-unreadable',
  'page-unreadable',
  'page-partly-unreadable',
]);

/** Extraction doubts the parser recorded for a table (merge-doubtful, amount-unreadable …). */
export function tableDoubts(document: BudgetDocument, tableId: string): string[] {
  const list = document.diagnostics;
  let memo = doubtsByTable.get(list);
  if (!memo || memo.length !== list.length) {
    // One pass over the diagnostics per document, not one per table and rule.
    const byTable = new Map<string, string[]>();
    for (const d of list) {
      if (d.table === undefined || !DOUBTFUL_RULES.has(d.ruleId)) continue;
      const doubts = byTable.get(d.table);
      if (doubts) doubts.push(d.ruleId);
      else byTable.set(d.table, [d.ruleId]);
    }
    memo = { length: list.length, byTable };
    doubtsByTable.set(list, memo);
  }
  return [...(memo.byTable.get(tableId) ?? [])];
}

/** tableDoubts by table, per diagnostics array while its length stays the same. */
const doubtsByTable = new WeakMap<Diagnostic[], { length: number; byTable: Map<string, string[]> }>();

/** Index of a table's grand-total row (row key `grand_total`, on a side for two-sided tables), or -1. */
export function grandTotalIndex(table: Table, side?: 'income' | 'expenditure'): number {
  return rowIndexByKey(table, 'grand_total', side);
}

/** A check rule: a small named pass over the document. */
export interface CheckRule {
  /** Stable kebab-case id, also the diagnostics' ruleId. */
  id: string;
  /** What it checks (Chinese). */
  description: string;
  /** Identity ids it may count, declared so coverage lists them even when nothing applied. */
  checks: readonly string[];
  /** Run over ctx.document, counting through ctx. */
  run(ctx: RuleContext): void;
}

/** True for a 栏次 row the extractor kept as data: its amounts read 1, 2, 3 … in column order. */
export function isColumnNumberRow(table: Table, row: Row): boolean {
  // One pass, no copies: it runs for every row of every table a rule reads.
  let count = 0;
  let previous = 0;
  let consecutive = true;
  for (const column of table.columns) {
    if (column.role !== 'amount') continue;
    const value = row.values[column.id];
    if (value == null) continue;
    const n = Number(value);
    // An amount with decimals (most rows) settles it at once.
    if (!Number.isInteger(n)) return false;
    if (count > 0 && n !== previous + 1) consecutive = false;
    previous = n;
    count++;
  }
  return count >= 2 && consecutive;
}
