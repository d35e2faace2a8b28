/**
 * Code hierarchy roll-ups in every table with classification codes (function and economic): 合计 = Σ 类,
 * 类 = Σ its 款, 款 = Σ its 项. Children are the rows that follow a parent and share its code prefix, so a table
 * listing the same code tree once per unit is still checked block by block.
 */
import type { Table } from '../../model/schema.js';
import {
  type CellAmount,
  type CheckRule,
  cellAmount,
  cellQuantity,
  checkSum,
  columnName,
  grandTotalIndex,
  type RuleContext,
  rowName,
  sumVerdict,
  tableDoubts,
} from '../context.js';

const CHECKS = {
  total: 'total-equals-sum-of-classes',
  class: 'class-equals-sum-of-kuan',
  kuan: 'kuan-equals-sum-of-xiang',
} as const;

/**
 * Indices of the direct children of the coded row at `parentIndex` (contiguous rows under its prefix). A row
 * whose own parent is not printed counts under its nearest printed ancestor: 3010201 津贴补贴 and 3010202
 * 改革性补贴 printed without a 30102 row add up under 301 工资福利支出.
 */
function childrenOf(table: Table, parentIndex: number): number[] {
  const parent = table.rows[parentIndex]!;
  const code = parent.code!;
  const block: number[] = [];
  for (let i = parentIndex + 1; i < table.rows.length; i++) {
    const row = table.rows[i]!;
    if (!row.code?.startsWith(code) || row.code === code) break;
    block.push(i);
  }
  const printed = new Set(block.map((i) => table.rows[i]!.code!));
  return block.filter((i) => {
    let up = table.rows[i]!.parentCode;
    while (up && up.length > code.length && !printed.has(up)) up = up.slice(0, -2);
    return up === code;
  });
}

/** What checkSum decides for the total row and the term rows in one column (undefined: a cell is missing). */
function verdictOf(
  table: Table,
  totalRow: number,
  termRows: readonly number[],
  column: string,
): ReturnType<typeof sumVerdict> | undefined {
  const total = cellAmount(table, totalRow, column);
  const terms = termRows.map((r) => cellAmount(table, r, column));
  if (!total || terms.some((t) => !t)) return undefined;
  return sumVerdict(total, terms as CellAmount[]);
}

/** Code hierarchy roll-ups. */
export const codeHierarchy: CheckRule = {
  id: 'code-hierarchy',
  description: '科目层级汇总：合计 = Σ 类，类 = Σ 款，款 = Σ 项（功能分类与经济分类）',
  checks: Object.values(CHECKS),
  run(ctx: RuleContext) {
    for (const table of ctx.document.tables) {
      const coded = table.rows.filter((r) => r.code);
      if (coded.length < 2) continue;
      const amountCols = table.columns.filter((c) => c.role === 'amount').map((c) => c.id);
      if (amountCols.length === 0) continue;
      const doubts = tableDoubts(ctx.document, table.id);
      const severity = doubts.length > 0 ? 'warning' : 'error';
      const hint = doubts.length > 0 ? `该表提取存疑（${[...new Set(doubts)].join('、')}）。` : '';
      // 类 = Σ 款, 款 = Σ 项
      table.rows.forEach((row, index) => {
        if (!row.code || (row.level !== '类' && row.level !== '款')) return;
        const children = childrenOf(table, index);
        if (children.length === 0) return;
        const check = row.level === '类' ? CHECKS.class : CHECKS.kuan;
        const childLevel = row.level === '类' ? '款' : '项';
        for (const col of amountCols) {
          const verdict = verdictOf(table, index, children, col);
          if (verdict !== 'failed') {
            if (verdict === 'passed') ctx.pass(check);
            continue;
          }
          const total = cellQuantity(table, index, col, 'total')!;
          const terms = children.map((c) => cellQuantity(table, c, col, 'term')!);
          checkSum(ctx, check, total, terms, {
            subject: () =>
              `表「${table.title}」「${columnName(table.columns.find((c) => c.id === col))}」列：${row.level}「${rowName(row)}」= Σ 其下各${childLevel}`,
            severity,
            hint,
          });
        }
      });
      // 合计 = Σ 类
      const totalIndex = grandTotalIndex(table);
      const classes = table.rows
        .map((r, i) => ({ r, i }))
        .filter(({ r }) => r.code && r.level === '类' && !r.parentCode);
      if (totalIndex < 0) {
        ctx.skip(CHECKS.total, `表「${table.title}」无合计行`);
        continue;
      }
      if (classes.length === 0) {
        ctx.skip(CHECKS.total, `表「${table.title}」未列类级科目`);
        continue;
      }
      const codes = classes.map(({ r }) => r.code);
      if (new Set(codes).size !== codes.length) {
        ctx.skip(CHECKS.total, `表「${table.title}」类级科目重复出现（按单位分块列示），不核对合计`);
        continue;
      }
      for (const col of amountCols) {
        const verdict = verdictOf(
          table,
          totalIndex,
          classes.map(({ i }) => i),
          col,
        );
        if (verdict !== 'failed') {
          if (verdict === 'passed') ctx.pass(CHECKS.total);
          continue;
        }
        const total = cellQuantity(table, totalIndex, col, 'total')!;
        const terms = classes.map(({ i }) => cellQuantity(table, i, col, 'term')!);
        checkSum(ctx, CHECKS.total, total, terms, {
          subject: `表「${table.title}」「${columnName(table.columns.find((c) => c.id === col))}」列：合计 = Σ 各类`,
          severity,
          hint,
        });
      }
    }
  },
};
