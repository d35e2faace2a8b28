/**
 * Column totals in tables without classification codes (lists of units, projects or sources): the 合计 row
 * equals the sum of the detail rows in every amount column. A leading department row that itself equals the
 * 合计 (部门 followed by its units) is recognized. Coded tables are left to code-hierarchy.
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
        if (head && rest.length > 0 && !agrees(total, terms) && agrees(total, [head]) && agrees(head, rest)) {
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
