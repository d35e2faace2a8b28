/**
 * A part is never larger than its whole: a coded line is not above its parent (20101 ≤ 201), a fund line is
 * not above 财政拨款收入 (一般公共预算拨款收入 ≤ 财政拨款收入), and no source or part line is above the table's
 * total, in any amount column, on the same side. Only non-negative amounts are compared (a negative line —
 * a refund, an offset — says nothing of its parent). A violation is an error: a digit misread or changed.
 */
import type { Row, Table } from '../../model/schema.js';
import { rowIndexByKey, TOTAL_KEYS } from '../../normalize/row-keys.js';
import {
  type CheckRule,
  cellAmount,
  cellQuantity,
  columnName,
  exceeds,
  isNegativeAmount,
  type RuleContext,
  rowName,
  tableDoubts,
} from '../context.js';
import { FUNDS, INCOME_SOURCES } from './row-arithmetic.js';

const CHECKS = {
  code: 'child-not-above-parent',
  fund: 'fund-not-above-fiscal-appropriation',
  total: 'part-not-above-total',
  column: 'part-column-not-above-total-column',
} as const;

/** Column ids that are parts of the `total` column of their row (sources, funds, basic / project …). */
const PART_COLUMNS: ReadonlySet<string> = new Set([
  'fiscal_appropriation',
  ...FUNDS,
  ...INCOME_SOURCES,
  'current_year_subtotal',
  'carryover',
  'basic',
  'basic_personnel',
  'basic_public',
  'project',
  'personnel',
  'public',
]);

/** Row keys of the parts of 财政拨款收入. */
const FUND_KEYS: ReadonlySet<string> = new Set(FUNDS);
/** Row keys that are not parts of the total (totals themselves, balances carried, offsets). */
const NOT_PARTS: ReadonlySet<string> = new Set([
  ...TOTAL_KEYS,
  'carryover',
  'year_end_carryover',
  'fund_offset',
  'subtotal',
]);

/** Where a part and its whole were read: rows, column ids, and how to name them in a message. */
interface Pair {
  check: string;
  part: { row: number; column: string; name: string };
  whole: { row: number; column: string; name: string };
  /** The rule broken, in words. */
  relation: string;
  /** Where: the column (rows compared) or the row (columns compared). */
  where: string;
}

/**
 * Whether a part is above its whole (both printed, neither negative); a part within its whole counts a pass.
 * Names and messages are made only for a part above its whole ({@link reportPair}).
 */
function partAbove(
  ctx: RuleContext,
  table: Table,
  check: string,
  part: { row: number; column: string },
  whole: { row: number; column: string },
): boolean {
  const pa = cellAmount(table, part.row, part.column);
  const wa = cellAmount(table, whole.row, whole.column);
  if (!pa || !wa || pa.blank || wa.blank || isNegativeAmount(pa) || isNegativeAmount(wa)) return false;
  if (!exceeds(pa, wa)) {
    ctx.pass(check);
    return false;
  }
  return true;
}

/** Report a part above its whole (see {@link partAbove}). */
function reportPair(ctx: RuleContext, table: Table, pair: Pair, doubts: readonly string[]): void {
  const p = cellQuantity(table, pair.part.row, pair.part.column, 'term')!;
  const w = cellQuantity(table, pair.whole.row, pair.whole.column, 'total')!;
  const unit = table.unit ?? '';
  ctx.fail(pair.check, {
    diagnostic: {
      ruleId: 'part-exceeds-whole',
      severity: doubts.length > 0 ? 'warning' : 'error',
      source: 'budget-ingest',
      message:
        `表「${table.title}」${pair.where}：${pair.relation}，` +
        `但「${pair.part.name}」为 ${p.evidence.printed}${unit}，大于「${pair.whole.name}」的 ${w.evidence.printed}${unit}。` +
        (doubts.length > 0
          ? `该表提取存疑（${[...new Set(doubts)].join('、')}）。`
          : '疑为数字印错或识读有误。'),
      table: table.id,
      row: pair.part.row,
      column: pair.part.column,
      actual: p.value.toFixed(),
      expected: `<= ${w.value.toFixed()}`,
      ...(p.evidence.place ? { place: p.evidence.place } : {}),
    },
    evidence: [p.evidence, w.evidence],
  });
}

/** Compare `part` and `whole` rows in every amount column of their side. */
function compareRows(
  ctx: RuleContext,
  check: string,
  table: Table,
  [partRow, wholeRow]: [number, number],
  relation: string,
  doubts: readonly string[],
): void {
  const part = table.rows[partRow]!;
  for (const column of table.columns) {
    if (column.role !== 'amount' || (column.side && part.side && column.side !== part.side)) continue;
    const at = { row: partRow, column: column.id };
    const of = { row: wholeRow, column: column.id };
    if (!partAbove(ctx, table, check, at, of)) continue;
    reportPair(
      ctx,
      table,
      {
        check,
        part: { ...at, name: rowName(part) },
        whole: { ...of, name: rowName(table.rows[wholeRow]!) },
        relation,
        where: `「${columnName(column)}」列`,
      },
      doubts,
    );
  }
}

/** The year a column's header names (2026年预算数), or undefined. */
function headerYear(table: Table, id: string): string | undefined {
  return /(\d{4})年/.exec(table.columns.find((c) => c.id === id)?.header.join('') ?? '')?.[1];
}

/** A part column and the column it is part of, named for messages. */
interface ColumnPair {
  id: string;
  whole: string;
  partName: string;
  wholeName: string;
  relation: string;
}

/** The part / whole column pairs of a table (the same for every row). */
function columnPairs(table: Table): ColumnPair[] {
  const ids = new Set(table.columns.filter((c) => c.role === 'amount').map((c) => c.id));
  const name = (id: string) => columnName(table.columns.find((c) => c.id === id));
  const pairs: ColumnPair[] = [];
  for (const id of ids) {
    const whole = FUNDS.includes(id) && ids.has('fiscal_appropriation') ? 'fiscal_appropriation' : 'total';
    if (whole === 'total' && (!PART_COLUMNS.has(id) || !ids.has('total'))) continue;
    // Columns of two years (2026年预算数 beside 2025年预算数) are not part and whole.
    const years = [headerYear(table, id), headerYear(table, whole)];
    if (years[0] !== years[1] && years.some((y) => y !== undefined)) continue;
    pairs.push({
      id,
      whole,
      partName: `${name(id)}列`,
      wholeName: `${name(whole)}列`,
      relation: whole === 'total' ? '各构成列应不大于合计' : '各项拨款收入应不大于财政拨款收入',
    });
  }
  return pairs;
}

/** Within one row: a part column not above the column it is part of (a fund above 财政拨款, a source above 合计). */
function compareColumns(
  ctx: RuleContext,
  table: Table,
  index: number,
  pairs: readonly ColumnPair[],
  doubts: readonly string[],
): void {
  for (const pair of pairs) {
    const at = { row: index, column: pair.id };
    const of = { row: index, column: pair.whole };
    if (!partAbove(ctx, table, CHECKS.column, at, of)) continue;
    reportPair(
      ctx,
      table,
      {
        check: CHECKS.column,
        part: { ...at, name: pair.partName },
        whole: { ...of, name: pair.wholeName },
        relation: pair.relation,
        where: `「${rowName(table.rows[index]!)}」行`,
      },
      doubts,
    );
  }
}

/** Index of the nearest row above `index` printing the parent code of its code, or -1. */
function parentIndex(table: Table, index: number): number {
  const parent = table.rows[index]!.parentCode;
  if (!parent) return -1;
  for (let i = index - 1; i >= 0; i--) {
    const code = table.rows[i]!.code;
    if (code === parent) return i;
    if (!code || !table.rows[index]!.code!.startsWith(code.slice(0, 3))) return -1;
  }
  return -1;
}

/** Same side (or no sides). */
const sameSide = (a: Row, b: Row) => (a.side ?? '') === (b.side ?? '');

/** Parts within wholes. */
export const partWithinWhole: CheckRule = {
  id: 'part-within-whole',
  description:
    '部分不大于整体：下级科目不大于上级科目，一般公共预算等拨款不大于财政拨款收入，各来源（构成）行不大于合计',
  checks: Object.values(CHECKS),
  run(ctx: RuleContext) {
    for (const table of ctx.document.tables) {
      if (table.empty) continue;
      const doubts = tableDoubts(ctx.document, table.id);
      const pairs = columnPairs(table);
      // The row of a key on a side, looked up once per table (not once per row that refers to it).
      const keyed = new Map<string, number>();
      const rowOfKey = (key: string, side: Row['side']): number => {
        const at = `${key}\0${side ?? ''}`;
        let index = keyed.get(at);
        if (index === undefined) {
          index = rowIndexByKey(table, key, side);
          keyed.set(at, index);
        }
        return index;
      };
      table.rows.forEach((row, index) => {
        compareColumns(ctx, table, index, pairs, doubts);
        if (row.code) {
          const parent = parentIndex(table, index);
          if (parent >= 0)
            compareRows(ctx, CHECKS.code, table, [index, parent], '下级科目应不大于上级科目', doubts);
        }
        if (row.key && FUND_KEYS.has(row.key)) {
          const whole = rowOfKey('fiscal_appropriation', row.side);
          if (whole >= 0 && sameSide(row, table.rows[whole]!))
            compareRows(ctx, CHECKS.fund, table, [index, whole], '各项拨款收入应不大于财政拨款收入', doubts);
        }
        if (row.key && !NOT_PARTS.has(row.key) && !row.code) {
          const whole = rowOfKey('grand_total', row.side);
          if (whole >= 0 && whole !== index)
            compareRows(ctx, CHECKS.total, table, [index, whole], '各构成行应不大于合计', doubts);
        }
      });
    }
  },
};
