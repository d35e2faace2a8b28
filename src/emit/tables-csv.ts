/**
 * tables.csv: every value of every table in long format, one line per (row, amount column) with a value, so a
 * whole corpus loads into one data frame. Amounts stay exact decimal strings; `yuan` is the value times the
 * table's unit factor (decimal.js), empty when the table declares no unit. Columns: src/emit/columns.ts.
 */
import type { BudgetDocument, Table } from '../model/schema.js';
import { TABLE_COLUMNS, tableValueContexts } from './columns.js';
import { type CsvOptions, csvHeader, csvLine } from './csv.js';

/** Columns of tables.csv, in order. */
export const TABLES_CSV_COLUMNS: readonly string[] = TABLE_COLUMNS.map((column) => column.name);

/** Header line of tables.csv. */
export function tablesCsvHeader(): string {
  return csvHeader(TABLE_COLUMNS);
}

/**
 * The tables.csv lines (without header, each without a line break) of one table of a document (the document
 * gives the department, year, kind and scope columns).
 */
export function tableCsvLines(
  document: BudgetDocument,
  table: Table,
  file: string,
  options: CsvOptions = {},
): string[] {
  return tablesCsvLines({ ...document, tables: [table] }, file, options);
}

/** The tables.csv lines of a whole document (without header). */
export function tablesCsvLines(document: BudgetDocument, file: string, options: CsvOptions = {}): string[] {
  return tableValueContexts(document, file).map((context) => csvLine(TABLE_COLUMNS, context, options));
}
