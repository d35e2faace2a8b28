/**
 * CSV output: RFC 4180 fields, one line per record of a typed output table (src/emit/columns.ts); the
 * per-document summary row (summary.csv).
 */
import type { BudgetDocument } from '../model/schema.js';
import { type OutputColumn, type OutputValue, SUMMARY_COLUMNS } from './columns.js';

/** Text a type-sniffing reader would take for a number or a date (codes, serials, `2024年…`): always quoted. */
const NUMBER_LIKE = /^\s*[-+]?(\d|\.\d)/;

/**
 * One CSV field: empty for null; quoted when it holds a quote, comma or line break (RFC 4180), and, for text
 * (`text: true`), when it looks like a number, so readers keep codes such as `2010301` as text.
 */
export function csvField(value: OutputValue, text = false): string {
  if (value === null || value === undefined) return '';
  const field = String(value);
  return /[",\r\n]/.test(field) || (text && NUMBER_LIKE.test(field))
    ? `"${field.replace(/"/g, '""')}"`
    : field;
}

/** Header line of an output table. */
export function csvHeader(columns: readonly OutputColumn<never>[]): string {
  return columns.map((column) => column.name).join(',');
}

/** One CSV line (without line break) of an output table. */
export function csvLine<C>(columns: readonly OutputColumn<C>[], context: C): string {
  return columns.map((column) => csvField(column.get(context), column.type === 'VARCHAR')).join(',');
}

/** Header line of summary.csv: file, department, year, kind, scope, then every summary fact id (in 元). */
export function summaryCsvHeader(): string {
  return csvHeader(SUMMARY_COLUMNS);
}

/** One summary.csv line for a document. */
export function summaryCsvRow(document: BudgetDocument, file: string): string {
  return csvLine(SUMMARY_COLUMNS, { document, file });
}
