/**
 * CSV output: RFC 4180 fields with spreadsheet-formula neutralization, one line per record of a typed output
 * table (src/emit/columns.ts); the per-document summary row (summary.csv).
 */
import type { BudgetDocument } from '../model/schema.js';
import { type OutputColumn, type OutputValue, SUMMARY_COLUMNS } from './columns.js';

/** How CSV fields are written. */
export interface CsvOptions {
  /**
   * Write text exactly as read, without neutralizing fields a spreadsheet would run as a formula. Default
   * false: such a field gets a leading `'` (see `neutralizeFormula`).
   */
  raw?: boolean;
}

/** A plain decimal number (`12.50`, `-12.50`, `0`): a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
/** What starts a formula in Excel, LibreOffice and Google Sheets (tab and CR as well, per OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Text a type-sniffing reader would take for a number or a date (codes, serials, `2024年…`): always quoted. */
const NUMBER_LIKE = /^\s*[-+]?(\d|\.\d)/;

/**
 * Neutralize a text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1+1`, `-2+3`, `@SUM(…)`, a
 * leading tab or CR) by putting `'` in front. A plain decimal number (`-12.50`) is left as it is, so amounts
 * stay exact numbers in every column.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * One CSV field: empty for null; formula-neutralized (unless `options.raw`); quoted when it holds a quote, comma
 * or line break (RFC 4180), and, for text (`text: true`), when it looks like a number, so readers keep codes
 * such as `2010301` as text.
 */
export function csvField(value: OutputValue, text = false, options: CsvOptions = {}): string {
  if (value === null || value === undefined) return '';
  const field = options.raw || typeof value === 'number' ? String(value) : neutralizeFormula(String(value));
  return /[",\r\n]/.test(field) || (text && NUMBER_LIKE.test(field))
    ? `"${field.replace(/"/g, '""')}"`
    : field;
}

/** Header line of an output table. */
export function csvHeader(columns: readonly OutputColumn<never>[]): string {
  return columns.map((column) => column.name).join(',');
}

/** One CSV line (without line break) of an output table. */
export function csvLine<C>(
  columns: readonly OutputColumn<C>[],
  context: C,
  options: CsvOptions = {},
): string {
  return columns.map((column) => csvField(column.get(context), column.type === 'VARCHAR', options)).join(',');
}

/** Header line of summary.csv: file, department, year, kind, scope, then every summary fact id (in 元). */
export function summaryCsvHeader(): string {
  return csvHeader(SUMMARY_COLUMNS);
}

/** One summary.csv line for a document. */
export function summaryCsvRow(document: BudgetDocument, file: string, options: CsvOptions = {}): string {
  return csvLine(SUMMARY_COLUMNS, { document, file }, options);
}
