/**
 * Column totals in tables without classification codes (lists of units, projects or sources): the 合计 row
 * equals the sum of the detail rows in every amount column. A leading department row that itself equals the
 * 合计 (部门 followed by its units) is recognized, and so are group rows that each equal the rows under them up
 * to the next group row (a unit's line over its projects, unit after unit: 合计 = Σ units). Coded tables are left
 * to code-hierarchy.
 */
import { Decimal } from 'decimal.js';
import type { TableKind } from '../../model/schema.js';
import { isPartOfAbove } from '../../normalize/row-keys.js';
import {
  type CheckRule,
  cellQuantity,
  checkSum,
  columnName,
  grandTotalIndex,
  isColumnNumberRow,
  type Quantity,
  type RuleContext,
  tableDoubts,
} from '../context.js';
import { sumTolerance, withinTolerance } from '../tolerance.js';

const CHECK = 'total-row-equals-sum-of-rows';

const KINDS: readonly TableKind[] = [
  'income-summary',
  'expenditure-summary',
  'general-budget-expenditure',
  'general-budget-basic-expenditure',
  'gov-fund-expenditure',
  'state-capital-expenditure',
  'project-expenditure',
];

const agrees = (total: Quantity, terms: Quantity[]) => {
  const sum = terms.reduce((a, t) => a.plus(t.value), new Decimal(0));
  const tol = sumTolerance([total, ...terms].filter((q) => !q.blank).map((q) => q.ulp));
  return withinTolerance(total.value.minus(sum), tol);
};

/** Most detail rows the grouping search takes (it is quadratic in them). */
const MAX_GROUPED = 2000;

/**
 * True when the terms split into groups, each a head followed by rows that add up to it, and the heads add up to
 * the total (合计 | 甲单位 | 甲的项目… | 乙单位 | 乙的项目…): every group has at least one row under its head.
 */
function groupedByHeads(total: Quantity, terms: readonly Quantity[]): boolean {
  const n = terms.length;
  if (n < 3 || n > MAX_GROUPED) return false;
  // Every row is counted twice (once as a head, once under it): Σ rows = 2 × 合计, else no grouping can hold.
  const prefix = [new Decimal(0)];
  const halfUlps = [new Decimal(0)];
  for (const t of terms) {
    prefix.push(prefix.at(-1)!.plus(t.value));
    halfUlps.push(t.blank ? halfUlps.at(-1)! : halfUlps.at(-1)!.plus(t.ulp.div(2)));
  }
  const twice = total.value.times(2);
  if (!withinTolerance(prefix[n]!.minus(twice), halfUlps[n]!.plus(total.ulp))) return false;
  const nonNegative = terms.every((t) => !t.value.isNegative());
  // Σ terms[from..to) equals `head`, within half an ulp per printed value (the head's included).
  const fits = (head: Quantity, from: number, to: number) => {
    const tolerance = halfUlps[to]!.minus(halfUlps[from]!).plus(head.blank ? 0 : head.ulp.div(2));
    return withinTolerance(head.value.minus(prefix[to]!.minus(prefix[from]!)), tolerance);
  };
  // heads[i]: the heads of a valid split of terms[i..], or null (worked out from the end).
  const heads: (Quantity[] | null)[] = Array(n + 1).fill(null);
  heads[n] = [];
  for (let i = n - 2; i >= 0; i--) {
    const head = terms[i]!;
    if (head.blank) continue;
    for (let j = i + 2; j <= n; j++) {
      const rest = heads[j];
      if (rest && fits(head, i + 1, j)) {
        heads[i] = [head, ...rest];
        break;
      }
      // Rows that are never negative only add up: past the head, no longer group fits.
      if (
        nonNegative &&
        prefix[j]!.minus(prefix[i + 1]!).gt(head.value.plus(halfUlps[j]!.minus(halfUlps[i]!)))
      )
        break;
    }
  }
  const found = heads[0] ?? null;
  return found !== null && found.length > 1 && agrees(total, found);
}

/** Column totals of uncoded tables. */
export const columnTotals: CheckRule = {
  id: 'column-totals',
  description: '列合计：无科目编码的表（按单位、项目或来源列示）合计行 = 各明细行之和',
  checks: [CHECK],
  run(ctx: RuleContext) {
    for (const table of ctx.document.tables) {
      if (!KINDS.includes(table.kind) || table.empty || table.rows.length === 0) continue;
      if (table.rows.some((r) => r.code)) continue;
      const totalIndex = grandTotalIndex(table);
      if (totalIndex < 0) {
        ctx.skip(CHECK, `表「${table.title}」无合计行`);
        continue;
      }
      const details = table.rows
        .map((row, index) => ({ row, index }))
        .filter(
          ({ row, index }) =>
            index !== totalIndex &&
            !row.flags.includes('total') &&
            !row.flags.includes('subtotal') &&
            !row.flags.includes('heading') &&
            !isColumnNumberRow(table, row) &&
            !isPartOfAbove(row),
        );
      if (details.length < 2) {
        ctx.skip(CHECK, `表「${table.title}」明细行不足两行`);
        continue;
      }
      const doubts = tableDoubts(ctx.document, table.id);
      const amountCols = table.columns.filter((c) => c.role === 'amount').map((c) => c.id);
      for (const col of amountCols) {
        const total = cellQuantity(table, totalIndex, col, 'total')!;
        const terms = details.map(({ index }) => cellQuantity(table, index, col, 'term')!);
        // 部门 row followed by its units: 合计 = 部门 = Σ units.
        const [head, ...rest] = terms;
        const plain = agrees(total, terms);
        if (head && rest.length > 0 && !plain && agrees(total, [head]) && agrees(head, rest)) {
          ctx.pass(CHECK);
          continue;
        }
        // Units over their projects, unit after unit: 合计 = Σ units, each unit = Σ its rows.
        if (!plain && groupedByHeads(total, terms)) {
          ctx.pass(CHECK);
          continue;
        }
        checkSum(ctx, CHECK, total, terms, {
          subject: `表「${table.title}」「${columnName(table.columns.find((c) => c.id === col))}」列：合计 = 各行之和`,
          severity: 'warning',
          hint:
            '（无科目编码的表按行次结构推断明细行，请核对是否含“其中”项或分组小计。）' +
            (doubts.length > 0 ? `该表提取存疑（${[...new Set(doubts)].join('、')}）。` : ''),
        });
      }
    }
  },
};
