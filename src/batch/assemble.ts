/**
 * The outputs assembled from every document's parts at the end of a complete run (summary.csv, tables.csv,
 * diagnostics.jsonl, documents.jsonl), written as one group: every temporary is written and flushed first,
 * then all are renamed into place, so a failure leaves the previous set (or none) and never a mix.
 *
 * Other assembled outputs hook in here: add a file to `assembledFiles` and its content to `assembleOutputs`.
 */
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { summaryCsvHeader } from '../emit/csv.js';
import { tablesCsvHeader } from '../emit/tables-csv.js';
import { OutputError, syncFolder, writeFileAtomicFrom } from './files.js';

/** Folder of the per-document parts inside the output folder. */
export const PARTS = '.parts';

/** Per-document part files (`DIR/.parts/<name><suffix>`), written as each document finishes. */
export const PART_SUFFIXES = ['.summary.csv', '.tables.csv', '.diagnostics.jsonl'] as const;

/** Every file `assembleOutputs` may write (removed when a run's documents change, rebuilt at the end). */
export function assembledFiles(): string[] {
  return [
    'summary.csv',
    'tables.csv',
    'diagnostics.jsonl',
    'documents.jsonl',
    'summary.parquet',
    'tables.parquet',
  ];
}

/** A document taking part in the assembled outputs. */
export interface AssembledDocument {
  /** Output base name. */
  name: string;
  /** Where its JSON is (`DIR/<name>.json`, or `DIR/.parts/<name>.json` with `--jsonl`). */
  json: string;
}

/** Options of `assembleOutputs`. */
export interface AssembleOptions {
  /** Also write documents.jsonl (one document per line). */
  jsonl: boolean;
  /** Start summary.csv and tables.csv with a UTF-8 byte order mark (Excel). Default false. */
  csvBom?: boolean;
}

function* concatenate(header: string | null, paths: readonly string[]): Generator<string | Uint8Array> {
  if (header !== null) yield `${header}\n`;
  for (const path of paths) if (existsSync(path)) yield readFileSync(path);
}

/** One line per document: a pretty-printed JSON file is compacted on the way. */
function* documentLines(paths: readonly string[]): Generator<string | Uint8Array> {
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    const text = bytes.toString('utf8');
    yield text.trimEnd().includes('\n') ? `${JSON.stringify(JSON.parse(text))}\n` : bytes;
  }
}

/**
 * Assemble the run's outputs from the documents' parts, in the given order. All or nothing: on a failure the
 * temporaries are removed, nothing is renamed, and the `OutputError` is thrown.
 */
export function assembleOutputs(
  out: string,
  documents: readonly AssembledDocument[],
  options: AssembleOptions,
): void {
  const part = (suffix: string) => documents.map((d) => join(out, PARTS, `${d.name}${suffix}`));
  const bom = options.csvBom ? '\uFEFF' : '';
  const files: [string, Iterable<string | Uint8Array>][] = [
    ['summary.csv', concatenate(bom + summaryCsvHeader(), part('.summary.csv'))],
    ['tables.csv', concatenate(bom + tablesCsvHeader(), part('.tables.csv'))],
    ['diagnostics.jsonl', concatenate(null, part('.diagnostics.jsonl'))],
  ];
  if (options.jsonl) files.push(['documents.jsonl', documentLines(documents.map((d) => d.json))]);
  const staged: [string, string][] = [];
  try {
    for (const [name, content] of files) {
      const staging = join(out, PARTS, `assembling.${name}`);
      writeFileAtomicFrom(staging, content);
      staged.push([staging, join(out, name)]);
    }
  } catch (error) {
    for (const [staging] of staged) rmSync(staging, { force: true });
    throw error;
  }
  for (const [staging, target] of staged)
    try {
      renameSync(staging, target);
    } catch (error) {
      throw new OutputError(target, error);
    }
  if (!options.jsonl) rmSync(join(out, 'documents.jsonl'), { force: true });
  syncFolder(out);
}

/** Remove the assembled outputs (they no longer describe the folder's documents once one changes). */
export function removeAssembled(out: string): void {
  for (const name of assembledFiles()) rmSync(join(out, name), { force: true });
}
