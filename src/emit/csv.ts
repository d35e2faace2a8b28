/**
 * CSV output: the per-document summary row (summary.csv).
 */
import type { BudgetDocument } from '../model/schema.js';
import { SUMMARY_FACT_IDS } from '../model/schema.js';

/** Quote a CSV field when needed (RFC 4180). */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header line of summary.csv: file, department, year, kind, scope, then every summary fact id (in 元). */
export function summaryCsvHeader(): string {
  return ['file', 'department', 'year', 'kind', 'scope', ...SUMMARY_FACT_IDS].join(',');
}

/** One summary.csv line for a document. */
export function summaryCsvRow(document: BudgetDocument, file: string): string {
  const { meta, summary } = document;
  return [
    file,
    meta.department,
    meta.year,
    meta.kind,
    meta.scope,
    ...SUMMARY_FACT_IDS.map((id) => summary[id]?.yuan),
  ]
    .map(csvField)
    .join(',');
}
