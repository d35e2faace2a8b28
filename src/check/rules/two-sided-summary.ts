/**
 * Two-sided 收支总表 identities (收支总表 and 财政拨款收支总表): Σ income items = 本年收入合计;
 * 本年收入合计 + 上年结转结余 = 收入总计; Σ expenditure items (功能分类 类) = 本年支出合计;
 * 本年支出合计 + 年终结转结余 = 支出总计; 收入总计 = 支出总计.
 */
import { Decimal } from 'decimal.js';
import type { Row, Table } from '../../model/schema.js';
import { isNumberedItem, isPartOfAbove, outlineLevel, rowLabelKey } from '../../normalize/row-keys.js';
import {
  type CheckRule,
  cellQuantity,
  checkEqual,
  checkSum,
  columnName,
  type Quantity,
  type RuleContext,
  tableDoubts,
} from '../context.js';

type Side = 'income' | 'expenditure';

const CHECKS = {
  incomeItems: 'income-items-sum',
  incomeTotal: 'income-total',
  expenditureItems: 'expenditure-items-sum',
  expenditureTotal: 'expenditure-total',
  balance: 'totals-balance',
} as const;

/** Row keys of the carry-over lines between the current-year total and the grand total. */
const CARRY_KEYS = new Set(['carryover', 'year_end_carryover', 'fund_offset']);
const isCarry = (r: { row: Row }) => r.row.key !== undefined && CARRY_KEYS.has(r.row.key);
const isCurrent = (r: { row: Row }) => r.row.key === 'current_year_total';
const L1 = (printed: string) => outlineLevel(printed) === 1;

/** The printed label of a row on a side (enumeration kept). */
function printedLabel(table: Table, row: Row, side: Side): string {
  const labelCol = table.columns.find((c) => c.role === 'label' && c.side === side)?.id;
  const printed = labelCol ? row.cells[labelCol]?.printed : undefined;
  return (printed ?? row.label ?? '').replace(/[\s\u3000]+/g, '');
}

interface SideLayout {
  rows: Array<{ row: Row; index: number; label: string; printed: string }>;
  current: number | null;
  grand: number | null;
}

/**
 * Row indices of one side split into side-by-side blocks (收支总表 printing 支出功能分类 | 部门经济分类 | 政府经济
 * 分类 next to each other): a row belongs to the block whose label column its label was printed in.
 */
function blocksOf(table: Table, side: Side): number[][] {
  const labelIds = table.columns.filter((c) => c.role === 'label' && c.side === side).map((c) => c.id);
  const byColumn = new Map<number, number[]>();
  table.rows.forEach((row, index) => {
    if (row.side !== side) return;
    const id = labelIds.find((k) => row.cells[k]);
    const column = id ? row.cells[id]!.gridColumn : -1;
    const block = byColumn.get(column);
    if (block) block.push(index);
    else byColumn.set(column, [index]);
  });
  return [...byColumn.keys()].sort((a, b) => a - b).map((column) => byColumn.get(column)!);
}

function layoutOf(table: Table, side: Side, indices: readonly number[]): SideLayout {
  const rows = indices
    .map((index) => {
      const row = table.rows[index]!;
      return { row, index, label: rowLabelKey(row.label), printed: printedLabel(table, row, side) };
    })
    .filter((r) => r.label !== '');
  let current: number | null = null;
  let grand: number | null = null;
  rows.forEach((r, k) => {
    if (isCurrent(r)) current ??= k;
    else if (r.row.key === 'grand_total') grand = k;
  });
  return { rows, current, grand };
}

/** Top-level items among rows: enumerated 一、二、 (plus unmarked), or all but 其中 when none is enumerated. */
function topLevel(items: SideLayout['rows']): SideLayout['rows'] {
  if (items.some((r) => L1(r.printed))) return items.filter((r) => outlineLevel(r.printed) !== 2);
  return items.filter((r) => !isPartOfAbove(r.row));
}

/**
 * The row holding a block's total: itself, or, when its amount is blank, the row of another block on the same
 * grid line and side that holds it (当年支出小计 printed once in a cell spanning the 功能分类 and 支出用途 blocks).
 */
function totalRow(table: Table, index: number, col: string): number {
  const row = table.rows[index]!;
  if (row.values[col] != null) return index;
  const other = table.rows.findIndex(
    (r, i) => i !== index && r.gridLine === row.gridLine && r.side === row.side && r.values[col] != null,
  );
  return other >= 0 ? other : index;
}

/**
 * A heading printed blank over numbered items (一、部门预算 over 1、财政拨款 … 6、其他收入) stands for them:
 * its numbered items are the terms in its place.
 */
function openBlankHeads(
  table: Table,
  candidates: SideLayout['rows'],
  items: SideLayout['rows'],
  col: string,
): SideLayout['rows'] {
  return items.flatMap((item) => {
    if (!L1(item.printed) || table.rows[item.index]!.values[col] != null) return [item];
    const subs: SideLayout['rows'] = [];
    for (let k = candidates.indexOf(item) + 1; k < candidates.length; k++) {
      const next = candidates[k]!;
      if (L1(next.printed)) break;
      if (isNumberedItem(next.printed)) subs.push(next);
    }
    return subs.length > 0 ? subs : [item];
  });
}

/** The rows between 本年合计 and 总计 (carry-overs): the carry rows when they hold values, else all of them. */
function carryRows(table: Table, between: SideLayout['rows'], col: string): SideLayout['rows'] {
  const carry = between.filter(isCarry);
  const withValue = (rs: SideLayout['rows']) => rs.some((r) => table.rows[r.index]!.values[col] != null);
  if (carry.length > 0 && withValue(carry)) {
    // 上年结余、结转 396.83 followed by its part 财政拨款结余、结转 396.83: the head row alone.
    const value = (r: SideLayout['rows'][number]) => new Decimal(table.rows[r.index]!.values[col] ?? 0);
    const [head, ...parts] = carry;
    if (head && parts.length && value(head).eq(parts.reduce((sum, r) => sum.plus(value(r)), new Decimal(0))))
      return [head];
    return carry;
  }
  return between;
}

function ratioSkip(total: Quantity, terms: Quantity[]): string | null {
  if (total.value.isZero()) return null;
  const sum = terms.reduce((a, t) => a.plus(t.value), new Decimal(0));
  const ratio = sum.div(total.value);
  if (ratio.gt(1.5)) {
    const k = ratio.toDecimalPlaces(0);
    if (k.gte(2) && ratio.minus(k).abs().lt(0.01))
      return `各项合计恰为总数的 ${k.toFixed()} 倍，应是多种分类并列列示`;
    return '各项合计远大于总数，应含多级或并列分类';
  }
  return null;
}

/** Two-sided 收支总表 identities. */
export const twoSidedSummary: CheckRule = {
  id: 'two-sided-summary',
  description:
    '收支总表两栏勾稽：收入各项 = 本年收入合计，本年收入合计 + 上年结转 = 收入总计，支出同理，收入总计 = 支出总计',
  checks: Object.values(CHECKS),
  run(ctx: RuleContext) {
    const tables = ctx.document.tables.filter(
      (t) => t.kind === 'income-expenditure-summary' || t.kind === 'fiscal-appropriation-summary',
    );
    for (const table of tables) {
      if (table.empty || table.rows.length === 0) {
        for (const c of Object.values(CHECKS)) ctx.skip(c, `表「${table.title}」为空表`);
        continue;
      }
      if (!table.rows.some((r) => r.side)) {
        for (const c of Object.values(CHECKS)) ctx.skip(c, `表「${table.title}」未识别出收入、支出两栏`);
        continue;
      }
      const doubts = tableDoubts(ctx.document, table.id);
      const severity = doubts.length > 0 ? 'warning' : 'error';
      const hint = doubts.length > 0 ? `该表提取存疑（${[...new Set(doubts)].join('、')}）。` : '';
      const grandOf: Partial<Record<Side, Quantity>> = {};
      for (const side of ['income', 'expenditure'] as const) {
        const itemsCheck = side === 'income' ? CHECKS.incomeItems : CHECKS.expenditureItems;
        const totalCheck = side === 'income' ? CHECKS.incomeTotal : CHECKS.expenditureTotal;
        const sideName = side === 'income' ? '收入' : '支出';
        const amountCols = table.columns
          .filter((c) => c.role === 'amount' && c.side === side)
          .map((c) => c.id);
        if (amountCols.length === 0) {
          ctx.skip(itemsCheck, `表「${table.title}」未识别出${sideName}金额列`);
          continue;
        }
        const blocks = blocksOf(table, side);
        for (const [b, block] of blocks.entries()) {
          const layout = layoutOf(table, side, block);
          const { rows, current, grand } = layout;
          const anchor = current ?? grand;
          // Side-by-side blocks of one side are checked each on its own.
          const blockName = blocks.length > 1 ? `${sideName}第 ${b + 1} 栏` : `${sideName}栏`;
          if (anchor === null) {
            ctx.skip(itemsCheck, `表「${table.title}」${blockName}无合计行`);
            ctx.skip(totalCheck, `表「${table.title}」${blockName}无合计行`);
            continue;
          }
          // Items: rows before the anchor (or, when the total is printed first, every other row).
          const anchorFirst = anchor === 0;
          // Printed first, 一、本年收入 heads its items, which end where 二、上年结转 (or the 总计) begins.
          const carryAt = rows.findIndex((r, k) => k > anchor && (isCarry(r) || k === grand));
          const itemsEnd = anchorFirst && carryAt > 0 ? carryAt : rows.length;
          const candidates = rows.filter(
            (r, k) =>
              k !== anchor &&
              k !== grand &&
              (anchorFirst ? k < itemsEnd : k < anchor) &&
              !isCurrent(r) &&
              !(current !== null && isCarry(r) && k > current),
          );
          const items = topLevel(candidates);
          for (const [n, col] of amountCols.entries()) {
            const colName = columnName(table.columns.find((c) => c.id === col));
            const total = cellQuantity(table, totalRow(table, rows[anchor]!.index, col), col, 'total')!;
            const terms = openBlankHeads(table, candidates, items, col).map(
              (r) => cellQuantity(table, r.index, col, 'term')!,
            );
            const skipWhy = ratioSkip(total, terms);
            if (skipWhy) ctx.skip(itemsCheck, `表「${table.title}」${blockName}「${colName}」列：${skipWhy}`);
            else
              checkSum(ctx, itemsCheck, total, terms, {
                subject: `表「${table.title}」${blockName}「${colName}」列：${sideName}各项之和 =「${rows[anchor]!.row.label}」`,
                severity,
                hint,
              });
            // 本年合计 + 结转 = 总计
            if (current === null || grand === null || grand < current) {
              if (n === 0)
                ctx.skip(
                  totalCheck,
                  `表「${table.title}」${blockName}${current === null ? '未印本年合计行' : '未印总计行'}`,
                );
            } else {
              // Total printed first: its items follow it, and only the rows from the carry-over on are between.
              const from = anchorFirst && carryAt > 0 ? carryAt : current + 1;
              const between = rows.slice(from, grand);
              const carry = topLevel(carryRows(table, between, col));
              const grandQ = cellQuantity(table, totalRow(table, rows[grand]!.index, col), col, 'total')!;
              const parts = [
                cellQuantity(table, totalRow(table, rows[current]!.index, col), col, 'term')!,
                ...carry.map((r) => cellQuantity(table, r.index, col, 'term')!),
              ];
              checkSum(ctx, totalCheck, grandQ, parts, {
                subject: `表「${table.title}」${blockName}「${colName}」列：「${rows[current]!.row.label}」+ 结转结余 =「${rows[grand]!.row.label}」`,
                severity,
                hint,
              });
            }
            if (n === 0 && b === 0) {
              const g = grand ?? anchor;
              grandOf[side] = cellQuantity(
                table,
                totalRow(table, rows[g]!.index, col),
                col,
                side === 'income' ? 'left' : 'right',
              )!;
            }
          }
        }
      }
      const inc = grandOf.income;
      const exp = grandOf.expenditure;
      if (inc && exp)
        checkEqual(ctx, CHECKS.balance, inc, exp, {
          subject: `表「${table.title}」收入总计与支出总计`,
          severity,
          hint,
        });
      else ctx.skip(CHECKS.balance, `表「${table.title}」缺少收入或支出总计`);
    }
  },
};
