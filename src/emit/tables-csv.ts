/**
 * tables.csv: every value of every table in long format, one line per (row, amount column) with a value, so a
 * whole corpus loads into one data frame. Amounts stay exact decimal strings; `yuan` is the value times the
 * table's unit factor (decimal.js), empty when the table declares no unit.
 */
import type { BudgetDocument, Table } from '../model/schema.js';
import { toYuan } from '../normalize/amount.js';
import { type CsvOptions, csvField } from './csv.js';

/** Columns of tables.csv, in order. */
export const TABLES_CSV_COLUMNS = [
  'file',
  'table_id',
  'table_kind',
  'title',
  'table_pages',
  'row_index',
  'serial',
  'code',
  'label',
  'side',
  'column_id',
  'value',
  'unit',
  'yuan',
  'printed',
  'page',
  'line',
] as const;

/** Header line of tables.csv. */
export function tablesCsvHeader(): string {
  return TABLES_CSV_COLUMNS.join(',');
}

/** The tables.csv lines (without header, each without a line break) of one table. */
export function tableCsvLines(table: Table, file: string, options: CsvOptions = {}): string[] {
  const lines: string[] = [];
  const amountColumns = table.columns.filter((column) => column.role === 'amount' || column.role === 'count');
  const pages = table.pages.join(';');
  table.rows.forEach((row, index) => {
    for (const column of amountColumns) {
      const value = row.values[column.id];
      if (value === undefined || value === null) continue;
      const cell = row.cells[column.id];
      const money = column.role === 'amount';
      const yuan = money && table.unitFactor ? toYuan(value, table.unitFactor) : null;
      lines.push(
        [
          file,
          table.id,
          table.kind,
          table.title,
          pages,
          index,
          row.serial,
          row.code,
          row.label,
          row.side ?? null,
          column.id,
          value,
          money ? table.unit : null,
          yuan,
          cell?.printed ?? null,
          cell?.place?.page ?? null,
          cell?.place?.line ?? null,
        ]
          .map((value) => csvField(value, options))
          .join(','),
      );
    }
  });
  return lines;
}

/** The tables.csv lines of a whole document (without header). */
export function tablesCsvLines(document: BudgetDocument, file: string, options: CsvOptions = {}): string[] {
  return document.tables.flatMap((table) => tableCsvLines(table, file, options));
}
