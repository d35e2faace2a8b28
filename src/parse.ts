/**
 * Public entry points: parse a string or bytes, or a file, into the document model and its diagnostics.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { LayoutRoot } from './ast/layout.js';
import { CHECK_RULE_IDS, runChecks } from './check/index.js';
import { computeSummary, type ProseLine } from './emit/summary.js';
import { BudgetIngestError } from './errors.js';
import { decodeText } from './extract/decode.js';
import { extractMarkdownLayout } from './extract/markdown/index.js';
import { extractDelimitedLayout } from './extract/tsv/index.js';
import { loadDocumentGrammar, loadSummaryGrammar } from './grammar/data.js';
import { loadGrammars } from './grammar/load.js';
import {
  type BudgetDocument,
  type Diagnostic,
  MODEL_VERSION,
  SCHEMA_NAME,
  type StatedFact,
  SUMMARY_FACT_IDS,
  type Summary,
  type TableKind,
  UNITS,
  type Unit,
} from './model/schema.js';
import { buildNarrative } from './narrative/index.js';
import { loadCodeDictionary } from './normalize/code-dictionary.js';
import { restoreTruncatedLabels } from './normalize/labels.js';
import { toPlace } from './normalize/table.js';
import { readMeta } from './recognize/meta.js';
import { recognizeTables } from './recognize/tables.js';

/** Input formats. */
export type InputFormat = 'markdown' | 'tsv' | 'csv' | 'html' | 'pdf';

/** Options of `parse` / `parseFile`. */
export interface ParseOptions {
  /** Input format; default: detected from the content (and the file extension for `parseFile`). */
  format?: InputFormat;
  /** Kind to assume for grids no title names, e.g. a bare TSV fragment of a 支出总表. Default: none. */
  kind?: TableKind;
  /** Extra table grammar files (JSON, same shape as grammars/tables/*.json). Default: none. */
  grammars?: string[];
  /** Extra code dictionary files (same shape as grammars/codes/*.json). Default: none. */
  codeDictionaries?: string[];
  /** File name recorded in `origin.filename`. Default: the path's base name for `parseFile`, else null. */
  filename?: string;
  /** Consistency checks: true (default) runs every rule, false none, or rule id → false to switch one off. */
  checks?: boolean | Record<string, boolean>;
}

/** What parsing returns: the document model, its diagnostics and the layout tree it was read from. */
export interface ParseResult {
  /** The document model (validates against the shipped JSON Schema). */
  document: BudgetDocument;
  /** Every diagnostic (same array as `document.diagnostics`). */
  diagnostics: Diagnostic[];
  /** The layout tree (unist-style plain JSON) the model was built from. */
  layout: LayoutRoot;
}

/** The non-throwing result: `{ok: true, ...result}` or `{ok: false, error}`. */
export type SafeParseResult = ({ ok: true } & ParseResult) | { ok: false; error: BudgetIngestError };

const MEDIA_TYPES: Record<InputFormat, string> = {
  markdown: 'text/markdown',
  tsv: 'text/tab-separated-values',
  csv: 'text/csv',
  html: 'text/html',
  pdf: 'application/pdf',
};

/** Guess the format of a text input from its content. */
export function detectTextFormat(text: string): Exclude<InputFormat, 'pdf'> {
  const sample = text.slice(0, 20_000);
  if (/^\s*(<!doctype html|<html[\s>])/i.test(sample)) return 'html';
  if (/^\s*<table[\s>]/i.test(sample)) return 'html';
  if (/^#{1,6}\s|\n#{1,6}\s|^\s*[-*]\s|\n\s*\|.*\|\s*\n/.test(sample)) return 'markdown';
  const lines = sample.split(/\r\n?|\n/).filter((line) => line.trim());
  const tabbed = lines.filter((line) => line.includes('\t')).length;
  if (lines.length && tabbed / lines.length >= 0.5) return 'tsv';
  const commas = lines.filter((line) => line.split(',').length >= 3).length;
  if (lines.length && commas / lines.length >= 0.6) return 'csv';
  return 'markdown';
}

function formatFromExtension(path: string): InputFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.md' || ext === '.markdown' || ext === '.txt') return undefined;
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.csv') return 'csv';
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.pdf') return 'pdf';
  return undefined;
}

function isPdf(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

/** Build the model from a layout tree (shared by every input format). */
export function buildDocument(
  layout: LayoutRoot,
  origin: BudgetDocument['origin'],
  options: ParseOptions = {},
  initialDiagnostics: Diagnostic[] = [],
): ParseResult {
  const grammars = loadGrammars(options.grammars ?? []);
  const dictionary = loadCodeDictionary(options.codeDictionaries ?? []);
  const recognition = recognizeTables(layout, grammars, options.kind ? { kindHint: options.kind } : {});
  const diagnostics = [...initialDiagnostics, ...recognition.diagnostics];
  restoreTruncatedLabels(recognition.tables, dictionary, diagnostics);
  const narrative = recognition.segmentation.narrative;
  const prose: ProseLine[] = [];
  for (const block of narrative) {
    if (block.type !== 'paragraph' && block.type !== 'list') continue;
    const place = toPlace(block.prov[0]);
    for (const text of block.type === 'paragraph' ? [block.text] : block.items)
      prose.push(place ? { text, place } : { text });
  }
  const meta = readMeta(layout.children, recognition.tables, loadDocumentGrammar());
  const read = buildNarrative(narrative, recognition.tables, { year: meta.year });
  diagnostics.push(...read.diagnostics);
  const summary = computeSummary(recognition.tables, prose, loadSummaryGrammar(), meta.year);
  addStatedFacts(summary, read.facts);
  const document: Omit<BudgetDocument, 'checks'> & Partial<Pick<BudgetDocument, 'checks'>> = {
    schema: SCHEMA_NAME,
    version: MODEL_VERSION,
    origin,
    meta,
    tables: recognition.tables,
    sections: read.sections,
    facts: read.facts,
    narrative: read.narrative,
    diagnostics,
    summary,
  };
  const rules =
    options.checks === false
      ? Object.fromEntries(CHECK_RULE_IDS.map((id) => [id, false]))
      : options.checks === true || options.checks === undefined
        ? {}
        : options.checks;
  const checked = runChecks(document as BudgetDocument, { rules });
  diagnostics.push(...checked.diagnostics);
  const complete: BudgetDocument = { ...document, diagnostics, checks: checked.coverage };
  return { document: complete, diagnostics, layout };
}

/**
 * Summary facts the tables do not state but the narrative does (a narrative-only document, a blank 决算数
 * cell explained in prose): taken from the stated facts of the current year, marked `prose`.
 */
function addStatedFacts(summary: Summary, facts: readonly StatedFact[]): void {
  for (const id of SUMMARY_FACT_IDS) {
    if (summary[id]) continue;
    const fact = facts.find(
      (f) => f.id === id && f.measure === 'amount' && f.period === 'current' && f.yuan !== null && f.printed,
    );
    if (!fact?.yuan || !fact.printed) continue;
    const unit = (UNITS as readonly string[]).includes(fact.unit ?? '') ? (fact.unit as Unit) : null;
    summary[id] = {
      yuan: fact.yuan,
      source: { printed: fact.printed, unit, prose: true, ...(fact.place ? { place: fact.place } : {}) },
    };
  }
}

/** Extract the layout tree of a text input in the given (or detected) format. */
export function extractTextLayout(text: string, format: Exclude<InputFormat, 'pdf'>): LayoutRoot {
  switch (format) {
    case 'tsv':
      return extractDelimitedLayout(text, '\t');
    case 'csv':
      return extractDelimitedLayout(text, ',');
    case 'html': {
      const root = extractMarkdownLayout(text);
      root.format = 'html';
      return root;
    }
    default:
      return extractMarkdownLayout(text);
  }
}

/**
 * Parse a disclosure given as text or bytes (markdown, TSV/CSV fragment, HTML fragment). Throws a
 * `BudgetIngestError` on unusable input; PDFs go through `parseFile` or `parsePdf`.
 */
export function parse(input: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const filename = options.filename ?? null;
  const name = filename ?? '(input)';
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length === 0)
    throw new BudgetIngestError('input-empty', `${name}: the input is empty`, { file: name });
  if (options.format === 'pdf' || (!options.format && typeof input !== 'string' && isPdf(bytes)))
    throw new BudgetIngestError(
      'input-unsupported',
      `${name}: PDF input needs parseFile() or parsePdf() (async)`,
      {
        file: name,
      },
    );
  const initial: Diagnostic[] = [];
  let text: string;
  if (typeof input === 'string') text = input.replace(/^\ufeff/, '');
  else {
    const decoded = decodeText(bytes, name);
    text = decoded.text;
    if (decoded.encoding !== 'utf-8' && decoded.encoding !== 'utf-8-bom')
      initial.push({
        ruleId: 'encoding-detected',
        severity: 'info',
        source: 'budget-ingest',
        message: `${name}: 文本编码为 ${decoded.encoding}，已转换为 UTF-8。`,
        actual: decoded.encoding,
      });
  }
  const format = (options.format ?? detectTextFormat(text)) as Exclude<InputFormat, 'pdf'>;
  const layout = extractTextLayout(text, format);
  return buildDocument(layout, { filename, sha256, mediaType: MEDIA_TYPES[format] }, options, initial);
}

/** Non-throwing `parse`: `{ok: false, error}` instead of an exception. */
export function safeParse(input: string | Uint8Array, options: ParseOptions = {}): SafeParseResult {
  try {
    return { ok: true, ...parse(input, options) };
  } catch (error) {
    return { ok: false, error: asBudgetIngestError(error, options.filename) };
  }
}

/** Wrap any error as a `BudgetIngestError` (unexpected ones as `parse-failed`). */
export function asBudgetIngestError(error: unknown, file?: string): BudgetIngestError {
  if (error instanceof BudgetIngestError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new BudgetIngestError('parse-failed', `${file ?? '(input)'}: ${message}`, {
    cause: error,
    ...(file ? { file } : {}),
  });
}

/** Parse a file from disk (markdown, TSV/CSV, HTML or PDF). Throws a `BudgetIngestError` on unusable input. */
export async function parseFile(path: string, options: ParseOptions = {}): Promise<ParseResult> {
  const filename = options.filename ?? basename(path);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (cause) {
    throw new BudgetIngestError('input-unreadable', `${path}: cannot read the file (${String(cause)})`, {
      cause,
      file: path,
    });
  }
  const format = options.format ?? formatFromExtension(path);
  if (format === 'pdf' || (format === undefined && isPdf(bytes))) {
    const { parsePdf } = await import('./parse-pdf.js');
    return parsePdf(bytes, { ...options, filename });
  }
  return parse(bytes, { ...options, filename, ...(format ? { format } : {}) });
}

/** Non-throwing `parseFile`. */
export async function safeParseFile(path: string, options: ParseOptions = {}): Promise<SafeParseResult> {
  try {
    return { ok: true, ...(await parseFile(path, options)) };
  } catch (error) {
    return { ok: false, error: asBudgetIngestError(error, path) };
  }
}
