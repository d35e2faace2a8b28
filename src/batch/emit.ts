/**
 * Per-document outputs of a batch run, serialized where the document was parsed (in the worker).
 */
import { type CsvOptions, summaryCsvRow } from '../emit/csv.js';
import { tablesCsvLines } from '../emit/tables-csv.js';
import type { BudgetDocument } from '../model/schema.js';
import type { Emitted } from './protocol.js';

/** Serialize a document's outputs (JSON, summary.csv line, tables.csv lines, diagnostics.jsonl lines). */
export function emitDocument(
  document: BudgetDocument,
  file: string,
  name: string,
  pretty: boolean,
  csv: CsvOptions = {},
): Emitted {
  const tables = tablesCsvLines(document, file, csv);
  return {
    json: `${JSON.stringify(document, null, pretty ? 2 : undefined)}\n`,
    summaryCsv: `${summaryCsvRow(document, file, csv)}\n`,
    tablesCsv: tables.length ? `${tables.join('\n')}\n` : '',
    diagnosticsJsonl: document.diagnostics
      .map((diagnostic) => `${JSON.stringify({ file, document: name, ...diagnostic })}\n`)
      .join(''),
  };
}
