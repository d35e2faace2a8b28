/**
 * CSV output: field quoting with spreadsheet-formula neutralization, and the per-document summary row
 * (summary.csv).
 */
import type { BudgetDocument } from '../model/schema.js';
import { SUMMARY_FACT_IDS } from '../model/schema.js';

/** How CSV fields are written. */
export interface CsvOptions {
  /**
   * Write text exactly as read, without neutralizing fields a spreadsheet would run as a formula. Default
   * false: such a field gets a leading `'` (see `csvField`).
   */
  raw?: boolean;
}

/** A plain decimal number (`12.50`, `-12.50`, `0`): a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
/** What starts a formula in Excel, LibreOffice and Google Sheets (tab and CR as well, per OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralize a text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1+1`, `-2+3`, `@SUM(…)`, a
 * leading tab or CR) by putting `'` in front. A plain decimal number (`-12.50`) is left as it is, so amounts
 * stay exact numbers in every column.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One CSV field: formula-neutralized (unless `raw`), quoted when needed (RFC 4180). */
export function csvField(value: string | number | null | undefined, options: CsvOptions = {}): string {
  if (value === null || value === undefined) return '';
  const text = options.raw || typeof value === 'number' ? String(value) : neutralizeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header line of summary.csv: file, department, year, kind, scope, then every summary fact id (in 元). */
export function summaryCsvHeader(): string {
  return ['file', 'department', 'year', 'kind', 'scope', ...SUMMARY_FACT_IDS].join(',');
}

/** One summary.csv line for a document. */
export function summaryCsvRow(document: BudgetDocument, file: string, options: CsvOptions = {}): string {
  const { meta, summary } = document;
  return [
    file,
    meta.department,
    meta.year,
    meta.kind,
    meta.scope,
    ...SUMMARY_FACT_IDS.map((id) => summary[id]?.yuan),
  ]
    .map((value) => csvField(value, options))
    .join(',');
}
