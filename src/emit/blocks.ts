/**
 * Where a value sits in its table, for the long-format outputs: the block of columns printed side by side it
 * was read from (收入 | 支出 | 支出用途, 工资福利 | 商品和服务 …) and whose table it is (部门 / 单位).
 *
 * Blocks follow the rule rows are built by (src/normalize/table.ts `labelBlocks`): a block starts where the side
 * changes or a label column appears again after a label and an amount. Rows of a later block carry the first
 * block's column ids; the printed cell's grid column tells which block the value came from.
 */
import type { Column, Meta, Row, Table } from '../model/schema.js';
import { compactKey } from '../normalize/text.js';

/** Block number (1-based) of every column of a table, in column order. */
export function blockNumbers(columns: readonly Column[]): number[] {
  const numbers: number[] = [];
  let block = 0;
  let side: Column['side'];
  let hasLabel = false;
  let hasAmount = false;
  for (const column of columns) {
    if (column.role === 'serial') {
      numbers.push(Math.max(block, 1));
      continue;
    }
    const starts =
      block === 0 ||
      (column.side !== undefined && side !== undefined && side !== column.side) ||
      (column.role === 'label' && hasLabel && hasAmount);
    if (starts) {
      block++;
      side = column.side;
      hasLabel = false;
      hasAmount = false;
    }
    if (column.role === 'label') hasLabel = true;
    if (column.role === 'amount') hasAmount = true;
    numbers.push(block);
  }
  return numbers;
}

/**
 * A function giving the block a row's value was read from: 1 for tables printed as one block; for side-by-side
 * blocks, the block of the grid column the value's cell was printed in; null when that cannot be told (a form
 * continued over pages with its own columns).
 */
export function columnBlocks(table: Table): (row: Row, columnId: string) => number | null {
  const numbers = blockNumbers(table.columns);
  if (Math.max(1, ...numbers) === 1) return () => 1;
  return (row, columnId) => {
    const gridColumn = row.cells[columnId]?.gridColumn;
    const column = gridColumn === undefined ? undefined : table.columns[gridColumn];
    if (!column || (column.id !== columnId && column.id.replace(/_\d+$/, '') !== columnId)) return null;
    return numbers[gridColumn!] ?? null;
  };
}

/**
 * Whose table it is: the first scope word of its title (部门… → department, 单位… / 预算单位… → unit), else the
 * document's scope.
 */
export function tableScope(table: Table, documentScope: Meta['scope']): Meta['scope'] {
  const title = compactKey(table.title);
  const department = title.indexOf('部门');
  const unit = title.indexOf('单位');
  if (department < 0 && unit < 0) return documentScope;
  if (unit < 0) return 'department';
  if (department < 0) return 'unit';
  return unit < department ? 'unit' : 'department';
}
