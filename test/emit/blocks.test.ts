import { describe, expect, it } from 'vitest';
import { blockNumbers, columnBlocks, tableScope } from '../../src/emit/blocks.js';
import { tableValueContexts } from '../../src/emit/columns.js';
import type { Column, Row, Table } from '../../src/model/schema.js';
import { parseFile } from '../../src/parse.js';
import { SEED_SAMPLE } from '../helpers/paths.js';

const column = (id: string, role: Column['role'], side?: Column['side']): Column => ({
  id,
  header: [id],
  role,
  ...(side ? { side } : {}),
});

/** A row read from the grid columns `grid` (column id → grid column). */
const row = (label: string, grid: Record<string, number>): Row => ({
  serial: null,
  code: null,
  level: null,
  parentCode: null,
  label,
  labelPrinted: null,
  values: Object.fromEntries(Object.keys(grid).map((id) => [id, '1.00'])),
  cells: Object.fromEntries(
    Object.entries(grid).map(([id, gridColumn]) => [id, { printed: '1.00', gridColumn }]),
  ),
  flags: [],
  gridLine: 0,
});

const table = (columns: Column[], rows: Row[], title = '基本支出表'): Table => ({
  id: 't1',
  kind: 'general-budget-basic-expenditure',
  title,
  label: null,
  grammar: 'x',
  unit: '万元',
  unitFactor: '10000',
  pages: [],
  columns,
  rows,
  empty: false,
  notes: [],
  meta: {},
  fragments: [],
});

describe('column blocks', () => {
  const sideBySide = [
    column('serial', 'serial'),
    column('code', 'code'),
    column('label', 'label'),
    column('total', 'amount'),
    column('code_2', 'code'),
    column('label_2', 'label'),
    column('total_2', 'amount'),
  ];

  it('numbers blocks where a label column comes again after a label and an amount, or the side changes', () => {
    // As rows are built (src/normalize/table.ts): a block starts at its label column.
    expect(blockNumbers(sideBySide)).toEqual([1, 1, 1, 1, 1, 2, 2]);
    expect(
      blockNumbers([
        column('income_label', 'label', 'income'),
        column('income_amount', 'amount', 'income'),
        column('expenditure_label', 'label', 'expenditure'),
        column('expenditure_amount', 'amount', 'expenditure'),
        column('expenditure_label_2', 'label', 'expenditure'),
        column('expenditure_amount_2', 'amount', 'expenditure'),
      ]),
    ).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('tells which block a value was printed in from its cell, though rows share the first block ids', () => {
    const left = row('工资福利支出', { label: 2, total: 3 });
    const right = row('商品和服务支出', { label: 5, total: 6 });
    const blockOf = columnBlocks(table(sideBySide, [left, right]));
    expect(blockOf(left, 'total')).toBe(1);
    expect(blockOf(right, 'total')).toBe(2);
    expect(blockOf(row('x', { total: 9 }), 'total')).toBeNull(); // a cell outside the known columns
    const single = columnBlocks(table(sideBySide.slice(0, 4), [left]));
    expect(single(row('x', { total: 9 }), 'total')).toBe(1);
  });

  it('gives the two sides of the seed 收支总表 their own blocks', async () => {
    const { document } = await parseFile(SEED_SAMPLE);
    const contexts = tableValueContexts(document, 'seed.md').filter(
      (c) => c.table.kind === 'income-expenditure-summary',
    );
    expect(new Set(contexts.map((c) => c.block))).toEqual(new Set([1, 2]));
    for (const c of contexts) expect(c.block).toBe(c.row.side === 'income' ? 1 : 2);
  });
});

describe('table scope', () => {
  it('reads the first scope word of the title, else the document scope', () => {
    const scope = (title: string, documentScope: 'department' | 'unit' | null = null) =>
      tableScope(table([], [], title), documentScope);
    expect(scope('2026年部门收入预算总表')).toBe('department');
    expect(scope('2026年预算单位一般公共预算基本支出部门预算经济分类预算表')).toBe('unit');
    expect(scope('单位“三公”经费和机关运行经费预算表', 'department')).toBe('unit');
    expect(scope('收支预算总表', 'unit')).toBe('unit');
    expect(scope('收支预算总表')).toBeNull();
  });
});
