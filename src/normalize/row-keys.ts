/**
 * Row keys: what a row *is* (grand_total, current_year_total, carryover, the income sources, the 三公 parts …),
 * decided once, here, from the label patterns the grammars state (grammars/tables/common.json `rows` and each
 * kind's own `rows`) and from the table's arithmetic. This is the only module that reads a row label to decide
 * what the row means; the summary, the checks and the data helpers look rows up by `row.key`.
 */
import { Decimal } from 'decimal.js';
import type { CompiledGrammar, CompiledRowKey, GrammarSet } from '../grammar/load.js';
import type { Row, Table } from '../model/schema.js';
import { compactKey, stripEnumeration } from './text.js';

/** Row keys that mark a table's totals (the rows flagged `total`). */
export const TOTAL_KEYS: ReadonlySet<string> = new Set(['grand_total', 'current_year_total']);

/** A label as the row-key patterns see it: compact (no spaces or quote marks), enumeration and 其中： removed. */
export function rowLabelKey(label: string | null | undefined): string {
  if (!label) return '';
  return stripEnumeration(compactKey(stripEnumeration(label)));
}

/** True when the printed label says the row is a part of the row above (其中：…). */
export function isPartOfAbove(row: Row): boolean {
  return /^其中/.test(compactKey(row.labelPrinted ?? row.label ?? ''));
}

/** Outline level a label prints: 1 for 一、/二、, 2 for （一）/1、/其中, 0 when unmarked. */
export function outlineLevel(printed: string): 0 | 1 | 2 {
  const text = printed.replace(/[\s\u3000]+/g, '');
  if (/^[一二三四五六七八九十]+[、.．]/.test(text)) return 1;
  if (/^其中|^[（(]|^\d+[、.．]/.test(text)) return 2;
  return 0;
}

/** True when a label is numbered 1、 / 2. (an item under an enumerated heading). */
export function isNumberedItem(printed: string): boolean {
  return /^\d+[、.．]/.test(printed.replace(/[\s\u3000]+/g, ''));
}

/** The key the rules give a label (kind rules first, then common), or undefined. */
export function matchRowKey(
  label: string | null | undefined,
  side: Row['side'],
  twoSided: boolean,
  rules: readonly (readonly CompiledRowKey[])[],
): string | undefined {
  const key = rowLabelKey(label);
  if (!key) return undefined;
  for (const list of rules)
    for (const rule of list) {
      if (rule.side !== undefined && rule.side !== side) continue;
      if (rule.twoSided !== undefined && rule.twoSided !== twoSided) continue;
      if (rule.patterns.some((re) => re.test(key))) return rule.key;
    }
  return undefined;
}

/** Label column of the block a row's label was printed in (side-by-side blocks of one side), or -1. */
function blockOf(table: Table, row: Row): number {
  for (const column of table.columns) {
    if (column.role !== 'label' && column.role !== 'code') continue;
    const cell = row.cells[column.id];
    if (cell) return cell.gridColumn;
  }
  return -1;
}

/**
 * Several totals on one side of one block: a 合计 printed above the carry-over and the 总计 is the current-year
 * total (本年合计 … 上年结转 … 总计); the last total stays the grand total.
 */
function separateTotals(table: Table): void {
  const groups = new Map<string, number[]>();
  table.rows.forEach((row, index) => {
    if (row.key !== 'grand_total' && row.key !== 'carryover' && row.key !== 'year_end_carryover') return;
    const group = `${row.side ?? ''}|${blockOf(table, row)}`;
    const indices = groups.get(group);
    if (indices) indices.push(index);
    else groups.set(group, [index]);
  });
  for (const indices of groups.values()) {
    const totals = indices.filter((i) => table.rows[i]!.key === 'grand_total');
    if (totals.length < 2) continue;
    const last = totals.at(-1)!;
    for (const index of totals.slice(0, -1)) {
      const carryBetween = indices.some((i) => i > index && i < last && table.rows[i]!.key !== 'grand_total');
      const lastIsGrand = /总计$/.test(rowLabelKey(table.rows[last]!.label));
      if (carryBetween || (lastIsGrand && !/总计$/.test(rowLabelKey(table.rows[index]!.label))))
        table.rows[index]!.key = 'current_year_total';
    }
  }
}

/** Printed decimals of a cell text ("1,234.50" → 2). */
function decimalsOf(printed: string | undefined): number {
  const match = /[.．](\d+)\s*$/.exec(printed ?? '');
  return match ? match[1]!.length : 0;
}

/**
 * A line printed without label or code is the table's total only when the arithmetic says so: in every
 * amount column it fills, it equals the sum of the top-level lines (类 codes, or the unmarked lines of a
 * table without codes), within the rounding of the printed values.
 */
function provenTotal(table: Table, index: number): boolean {
  const line = table.rows[index]!;
  const others = table.rows.filter((row, i) => i !== index && !row.key);
  const coded = others.filter((row) => row.level === '类');
  const terms = coded.length ? coded : others.every((row) => !row.code) ? others : [];
  if (terms.length < 2) return false;
  const columns = table.columns.filter((c) => c.role === 'amount' && line.values[c.id] != null);
  if (!columns.length) return false;
  const agrees = (column: (typeof columns)[number]) => {
    const total = new Decimal(line.values[column.id]!);
    const sum = terms.reduce((acc, row) => acc.plus(row.values[column.id] ?? 0), new Decimal(0));
    const ulp = new Decimal(10).pow(-decimalsOf(line.cells[column.id]?.printed));
    return total
      .minus(sum)
      .abs()
      .lte(ulp.times(terms.length + 1).div(2));
  };
  // Every column the line fills adds up, and at least one of them is not zero.
  return columns.every(agrees) && columns.some((column) => !new Decimal(line.values[column.id]!).isZero());
}

/** Keys of the lines that may be itemized under a carry-over (上年结转 → 一般公共预算拨款 …). */
const CARRYOVER_HEADS = new Set(['carryover', 'year_end_carryover']);

/**
 * The lines itemized under a carry-over (二、上年结转 / （一）一般公共预算拨款 / （二）政府性基金预算拨款) are
 * parts of the carry-over, not the current year's sources: keyed `carryover_<key>` (`year_end_carryover_<key>`)
 * when they follow it on its side, before the next total, indented below it or unmarked, and add up to no more
 * than it (within the rounding of the printed values).
 */
function carryoverParts(table: Table): void {
  const amountColumns = table.columns.filter((c) => c.role === 'amount');
  table.rows.forEach((head, index) => {
    if (!head.key || !CARRYOVER_HEADS.has(head.key)) return;
    const block = blockOf(table, head);
    const headLevel = outlineLevel(head.labelPrinted ?? head.label ?? '');
    const parts: Row[] = [];
    for (let next = index + 1; next < table.rows.length; next++) {
      const row = table.rows[next]!;
      if (row.side !== head.side || blockOf(table, row) !== block) continue;
      if (!row.key || TOTAL_KEYS.has(row.key) || CARRYOVER_HEADS.has(row.key) || row.key === 'subtotal')
        break;
      if (headLevel > 0 && outlineLevel(row.labelPrinted ?? row.label ?? '') <= headLevel) break;
      parts.push(row);
    }
    if (parts.length === 0) return;
    const column = amountColumns.find((c) => head.values[c.id] != null);
    if (!column) {
      // A blank carry-over itemized into blank lines (上年结转 / 一般公共预算 … all empty).
      if (parts.every((row) => amountColumns.every((c) => row.values[c.id] == null)))
        for (const row of parts) row.key = `${head.key}_${row.key}`;
      return;
    }
    const whole = new Decimal(head.values[column.id]!);
    const sum = parts.reduce((acc, row) => acc.plus(row.values[column.id] ?? 0), new Decimal(0));
    const ulp = new Decimal(10).pow(-decimalsOf(head.cells[column.id]?.printed));
    if (sum.minus(whole).gt(ulp.times(parts.length + 1).div(2))) return;
    for (const row of parts) row.key = `${head.key}_${row.key}`;
  });
}

/** True when a row holds at least one amount. */
function holdsAmount(table: Table, row: Row): boolean {
  return table.columns.some((c) => c.role === 'amount' && row.values[c.id] != null);
}

/**
 * Totals no label names: the first or last line, without code or key (blank, or a unit's name: 深圳市财政局
 * （本级）), that the arithmetic proves to be the total of the lines below or above it; or the only line
 * holding amounts in a table of a kind whose rows are not items (a horizontal 三公 table's one unit line).
 */
function unlabelledTotals(table: Table, grammar: CompiledGrammar | undefined): void {
  if (table.rows.some((row) => row.key === 'grand_total' || row.side !== undefined)) return;
  if (!table.rows.length) return;
  const ends = [...new Set([0, table.rows.length - 1])];
  for (const index of ends) {
    const row = table.rows[index]!;
    if (row.code === null && !row.key && holdsAmount(table, row) && provenTotal(table, index)) {
      row.key = 'grand_total';
      return;
    }
  }
  const valued = table.rows.filter((row) => holdsAmount(table, row));
  const only = valued[0];
  // The only line of a table is its total, unless the kind's rows are items (projects, purchases).
  if (valued.length === 1 && only && !only.key && !only.code && grammar && !grammar.itemRows)
    only.key = 'grand_total';
}

/** Key every row of a table (sets `row.key`, and the `total` / `subtotal` flags the keys imply). */
export function keyTableRows(table: Table, grammar: CompiledGrammar | undefined, set: GrammarSet): void {
  const twoSided = grammar?.layout === 'two-sided' || table.rows.some((row) => row.side !== undefined);
  const rules = [grammar?.rowKeys ?? [], set.commonRows];
  // A long table repeats its labels (the same 类/款/项 names block after block): match each label once.
  const matched = new Map<string, string | undefined>();
  for (const row of table.rows) {
    delete row.key;
    const memo = `${row.side ?? ''}\0${row.label ?? ''}`;
    let key = matched.get(memo);
    if (key === undefined && !matched.has(memo)) {
      key = matchRowKey(row.label, row.side, twoSided, rules);
      matched.set(memo, key);
    }
    if (key) row.key = key;
  }
  separateTotals(table);
  carryoverParts(table);
  unlabelledTotals(table, grammar);
  for (const row of table.rows) {
    if (row.flags.includes('total') || row.flags.includes('subtotal'))
      row.flags = row.flags.filter((flag) => flag !== 'total' && flag !== 'subtotal');
    if (row.key && TOTAL_KEYS.has(row.key)) row.flags.push('total');
    else if (row.key === 'subtotal') row.flags.push('subtotal');
  }
}

/** Key the rows of every table, each with the grammar that recognized it. */
export function keyRows(tables: readonly Table[], set: GrammarSet): void {
  for (const table of tables)
    keyTableRows(
      table,
      set.grammars.find((g) => g.id === table.grammar),
      set,
    );
}

/** The first row with a key (on a side, for two-sided tables), or undefined. */
export function rowByKey(table: Table, key: string, side?: Row['side']): Row | undefined {
  return table.rows.find((row) => row.key === key && (side === undefined || row.side === side));
}

/** Index of the first row with a key (on a side), or -1. */
export function rowIndexByKey(table: Table, key: string, side?: Row['side']): number {
  return table.rows.findIndex((row) => row.key === key && (side === undefined || row.side === side));
}
