/**
 * Public entry points: parse a string or bytes, or a file, into the document model and its diagnostics.
 */
import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { LayoutBlock, LayoutRoot } from './ast/layout.js';
import { CHECK_RULE_IDS, runChecks } from './check/index.js';
import {
  damagedPageDiagnostics,
  folioSequenceDiagnostics,
  markTablesOnDamagedPages,
} from './check/page-damage.js';
import { checkFacts } from './emit/fact-checks.js';
import { computeSummary } from './emit/summary.js';
import {
  BudgetIngestError,
  type CellBudget,
  DEFAULT_LIMITS,
  isBudgetIngestError,
  type LimitHit,
  type Limits,
} from './errors.js';
import { decodeText } from './extract/decode.js';
import { extractMarkdownLayout } from './extract/markdown/index.js';
import { pageLinks } from './extract/markdown/links.js';
import { assertNestingWithinLimits } from './extract/markdown/nesting.js';
import { blankScriptAndStyle } from './extract/markdown/prescan.js';
import { isPdfExtractError } from './extract/pdf/errors.js';
import { capGrid, extractDelimitedLayout } from './extract/tsv/index.js';
import { loadDocumentGrammar } from './grammar/data.js';
import { loadGrammars } from './grammar/load.js';
import {
  type BudgetDocument,
  type Diagnostic,
  MODEL_VERSION,
  SCHEMA_NAME,
  type TableKind,
} from './model/schema.js';
import { buildNarrative } from './narrative/index.js';
import { loadCodeDictionary } from './normalize/code-dictionary.js';
import { inferCodesFromNames } from './normalize/infer-codes.js';
import { restoreTruncatedLabels } from './normalize/labels.js';
import { keyRows } from './normalize/row-keys.js';
import { joinStraddlingLabels } from './normalize/straddling-labels.js';
import { inferTableUnits } from './normalize/unit-inference.js';
import { readFileBounded } from './read-input.js';
import { judgeDisclosure } from './recognize/disclosure.js';
import { fillMetaFromNames, readMeta } from './recognize/meta.js';
import { recognizeTables } from './recognize/tables.js';
import { StageClock, type StageTimings } from './timings.js';

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
  /** Password of an encrypted PDF (user or owner password). Default: none. */
  password?: string;
  /** Largest input accepted, in bytes; larger inputs fail with `input-too-large`. Default 200 MB. */
  maxFileBytes?: number;
  /** Most pages of a PDF; more fail with `pdf-too-many-pages`. Default 2000. */
  maxPages?: number;
  /**
   * Time budget per document in milliseconds (0: none). Checked between PDF pages and between the stages
   * of a parse: when it runs out, the pages read so far make a partial result (`limit-reached`). Default 120000.
   */
  timeoutMs?: number;
  /** Most cells (rows × columns) of one grid; the rows beyond are dropped (`limit-reached`). Default 200000. */
  maxCellsPerTable?: number;
  /**
   * Measure the wall time of each pipeline stage (extract, recognize, merge, normalize, narrative, checks,
   * emit) into `ParseResult.timings`; the document model is the same either way. Default false.
   */
  timings?: boolean;
}

/** What parsing returns: the document model, its diagnostics and the layout tree it was read from. */
export interface ParseResult {
  /** The document model (validates against the shipped JSON Schema). */
  document: BudgetDocument;
  /** Every diagnostic (same array as `document.diagnostics`). */
  diagnostics: Diagnostic[];
  /** The layout tree (unist-style plain JSON) the model was built from. */
  layout: LayoutRoot;
  /**
   * True when a limit (`timeoutMs`, `maxCellsPerTable`) cut the reading short: the document holds what was
   * read, and a `limit-reached` warning says what was left out. Absent otherwise.
   */
  partial?: boolean;
  /** Milliseconds per pipeline stage, when `ParseOptions.timings` asked for them. Absent otherwise. */
  timings?: StageTimings;
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

/** True for bytes that start (after blanks and a BOM) with an HTML document or element. */
function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 512)).replace(/^\ufeff/, '');
  return /^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s)/i.test(head);
}

function isPdf(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

/** Meta fields in messages. */
const FIELD_NAMES = { department: '部门名称', year: '年度', kind: '预算或决算' } as const;

/** Build the model from a layout tree (shared by every input format). */
export function buildDocument(
  layout: LayoutRoot,
  origin: BudgetDocument['origin'],
  options: ParseOptions = {},
  initialDiagnostics: Diagnostic[] = [],
  clock?: StageClock,
): ParseResult {
  const grammars = loadGrammars(options.grammars ?? []);
  const dictionary = loadCodeDictionary(options.codeDictionaries ?? []);
  const recognition = recognizeTables(layout, grammars, {
    ...(options.kind ? { kindHint: options.kind } : {}),
    ...(clock ? { clock } : {}),
  });
  const diagnostics = [...initialDiagnostics, ...recognition.diagnostics];
  joinStraddlingLabels(recognition.tables, dictionary, diagnostics);
  restoreTruncatedLabels(recognition.tables, dictionary, diagnostics);
  keyRows(recognition.tables, grammars);
  // After the row keys: a table whose last row is its total visibly ended before a damaged page.
  markTablesOnDamagedPages(recognition.tables, diagnostics, layout.children);
  inferTableUnits(recognition.tables, diagnostics);
  clock?.lap('normalize');
  const narrative = recognition.segmentation.narrative;
  const meta = readMeta(layout.children, recognition.tables, loadDocumentGrammar());
  clock?.lap('recognize');
  inferCodesFromNames(recognition.tables, dictionary, diagnostics, meta.year);
  clock?.lap('normalize');
  const read = buildNarrative(narrative, recognition.tables, {
    year: meta.year,
    department: meta.department,
  });
  diagnostics.push(...read.diagnostics);
  clock?.lap('narrative');
  const name = origin.filename ?? '(input)';
  // What the document itself says it is (a file name says nothing about its content).
  const printedKind = meta.kind;
  for (const filled of fillMetaFromNames(
    meta,
    { pdfTitle: layout.fileTitle, fileName: origin.filename },
    loadDocumentGrammar(),
  ))
    diagnostics.push({
      ruleId: 'meta-fallback',
      severity: 'info',
      source: 'budget-ingest',
      message: `${name}：文件中未印${FIELD_NAMES[filled.field]}，取自${filled.source === 'pdf-title' ? ' PDF 文档属性中的标题' : '文件名'}「${filled.text}」。`,
      actual: filled.source,
    });
  const { summary, diagnostics: factDiagnostics } = computeSummary(
    recognition.tables,
    read.facts,
    grammars.summary,
    meta.year,
    meta.kind,
  );
  diagnostics.push(
    ...factDiagnostics,
    ...checkFacts(summary, recognition.tables, grammars.summary, meta.year),
  );
  clock?.lap('emit');
  const verdict = judgeDisclosure(
    layout,
    recognition.tables,
    summary,
    printedKind,
    name,
    recognition.segmentation.titleBlocks,
  );
  diagnostics.push(...verdict.diagnostics);
  // A file that is not a disclosure emits no tables: what was said of them would name tables that are not there.
  const emitted = new Set(verdict.tables.map((t) => t.id));
  for (let i = diagnostics.length - 1; i >= 0; i--) {
    const table = diagnostics[i]!.table;
    if (table !== undefined && !emitted.has(table)) diagnostics.splice(i, 1);
  }
  clock?.lap('recognize');
  const document: Omit<BudgetDocument, 'checks'> & Partial<Pick<BudgetDocument, 'checks'>> = {
    schema: SCHEMA_NAME,
    version: MODEL_VERSION,
    origin,
    meta,
    tables: verdict.tables,
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
  const checked = runChecks(document as BudgetDocument, { rules, grammars, dictionary });
  diagnostics.push(...checked.diagnostics);
  clock?.lap('checks');
  const complete: BudgetDocument = { ...document, diagnostics, checks: checked.coverage };
  clock?.lap('emit');
  return { document: complete, diagnostics, layout, ...(clock ? { timings: clock.read() } : {}) };
}

/** Extract the layout tree of a text input in the given (or detected) format, grids cut to `budget`. */
export function extractTextLayout(
  text: string,
  format: Exclude<InputFormat, 'pdf'>,
  budget?: CellBudget,
): LayoutRoot {
  const options = budget ? { budget } : {};
  switch (format) {
    case 'tsv':
      return extractDelimitedLayout(text, '\t', budget);
    case 'csv':
      return extractDelimitedLayout(text, ',', budget);
    case 'html': {
      const root = extractMarkdownLayout(text, options);
      root.format = 'html';
      const { title, links } = pageLinks(text);
      if (links.length) root.links = links;
      if (title) root.fileTitle = title;
      return root;
    }
    default:
      return extractMarkdownLayout(text, options);
  }
}

/** The limits of a parse: the options over the defaults, each checked to be a number ≥ 0. */
export function resolveLimits(options: ParseOptions = {}, name = options.filename ?? '(input)'): Limits {
  const pick = (key: keyof Limits): number => {
    const value = options[key] ?? DEFAULT_LIMITS[key];
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0)
      throw new BudgetIngestError(
        'option-invalid',
        `${name}: option ${key} must be a number ≥ 0 (got ${String(value)})`,
        { file: name },
      );
    return value;
  };
  return {
    maxFileBytes: pick('maxFileBytes'),
    maxPages: pick('maxPages'),
    timeoutMs: pick('timeoutMs'),
    maxCellsPerTable: Math.max(1, pick('maxCellsPerTable')),
  };
}

/** Limits of one parse in progress: the deadline and the limits hit so far. */
class LimitTracker {
  readonly limits: Limits;
  /** Epoch milliseconds after which the parse stops reading (Infinity: none). */
  readonly deadline: number;
  readonly hits: LimitHit[] = [];

  constructor(options: ParseOptions) {
    this.limits = resolveLimits(options);
    this.deadline =
      this.limits.timeoutMs > 0 && Number.isFinite(this.limits.timeoutMs)
        ? Date.now() + this.limits.timeoutMs
        : Number.POSITIVE_INFINITY;
  }

  /** The cell budget extractors work under. */
  get budget(): CellBudget {
    return {
      maxCells: this.limits.maxCellsPerTable,
      onLimit: (hit) => this.hits.push(hit),
      ...(Number.isFinite(this.deadline) ? { deadline: this.deadline } : {}),
    };
  }

  /** Refuse an input larger than `maxFileBytes`. */
  checkSize(size: number, name: string): void {
    if (size > this.limits.maxFileBytes)
      throw new BudgetIngestError(
        'input-too-large',
        `${name}: the input has ${size} bytes, more than the limit of ${this.limits.maxFileBytes} (option maxFileBytes)`,
        { file: name },
      );
  }

  /** Cut every grid of a layout to `maxCellsPerTable` (extractors that cut already leave nothing to do). */
  capGrids(layout: LayoutRoot): void {
    const max = this.limits.maxCellsPerTable;
    let page: number | undefined;
    layout.children = layout.children.map((block): LayoutBlock => {
      if (block.type === 'pageBreak') page = block.page;
      if (block.type !== 'grid') return block;
      const capped = capGrid(block, max);
      if (!capped.cut) return block;
      const at = block.prov[0]?.page ?? page;
      this.hits.push({
        limit: 'maxCellsPerTable',
        message: `表格有 ${block.rowCount} 行 × ${block.colCount} 列，超过 ${max} 个单元格的上限，只保留了前 ${capped.grid.rowCount} 行、${capped.grid.colCount} 列。`,
        ...(at === undefined ? {} : { page: at }),
      });
      return capped.grid;
    });
  }

  /** True once the deadline has passed; the first time, a hit says that the checks were skipped. */
  expired(): boolean {
    if (Date.now() <= this.deadline) return false;
    if (!this.hits.some((hit) => hit.limit === 'timeoutMs'))
      this.hits.push({
        limit: 'timeoutMs',
        message: `解析超过 ${this.limits.timeoutMs} 毫秒的时间上限，未运行一致性检查。`,
      });
    return true;
  }

  /** `limit-reached` warnings for the hits. */
  diagnostics(name: string): Diagnostic[] {
    return this.hits.map((hit) => ({
      ruleId: 'limit-reached',
      severity: 'warning',
      source: 'budget-ingest',
      message: `${name}：${hit.message}结果不完整。`,
      actual: hit.limit,
      ...(hit.page === undefined ? {} : { place: { page: hit.page } }),
    }));
  }
}

/** Build the document under the tracker's limits: checks are skipped once the deadline has passed. */
function buildLimited(
  layout: LayoutRoot,
  origin: BudgetDocument['origin'],
  options: ParseOptions,
  initial: Diagnostic[],
  tracker: LimitTracker,
  name: string,
  clock?: StageClock,
): ParseResult {
  tracker.capGrids(layout);
  const checks = tracker.expired() ? { checks: false } : {};
  clock?.lap('extract');
  const result = buildDocument(
    layout,
    origin,
    { ...options, ...checks },
    [...initial, ...tracker.diagnostics(name)],
    clock,
  );
  if (!tracker.hits.length) return result;
  result.document.partial = true;
  return { ...result, partial: true };
}

/**
 * Parse a disclosure given as text or bytes (markdown, TSV/CSV fragment, HTML fragment). Throws a
 * `BudgetIngestError` on unusable input (anything unexpected as `parse-failed`, the original error as its
 * `cause`); PDFs go through `parseFile`.
 */
export function parse(input: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  try {
    return parseText(input, options);
  } catch (error) {
    throw asBudgetIngestError(error, options.filename);
  }
}

function parseText(input: string | Uint8Array, options: ParseOptions): ParseResult {
  const filename = options.filename ?? null;
  const name = filename ?? '(input)';
  const clock = options.timings ? new StageClock() : undefined;
  const tracker = new LimitTracker(options);
  // A string has at least as many UTF-8 bytes as UTF-16 units: refuse a huge one before encoding it.
  if (typeof input === 'string') tracker.checkSize(input.length, name);
  // A string is hashed as its UTF-8 bytes without making them (lone surrogates as U+FFFD, as TextEncoder does).
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
  tracker.checkSize(size, name);
  const hash = createHash('sha256');
  const sha256 = (typeof input === 'string' ? hash.update(input, 'utf8') : hash.update(input)).digest('hex');
  if (size === 0) throw new BudgetIngestError('input-empty', `${name}: the input is empty`, { file: name });
  if (options.format === 'pdf' || (!options.format && typeof input !== 'string' && isPdf(input)))
    throw new BudgetIngestError(
      'input-unsupported',
      `${name}: PDF input needs parseFile() or parsePdfBytes() (async)`,
      {
        file: name,
      },
    );
  const initial: Diagnostic[] = [];
  let text: string;
  if (typeof input === 'string') text = input.replace(/^\ufeff/, '');
  else {
    const decoded = decodeText(input, name);
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
  if (!text.trim())
    throw new BudgetIngestError('input-empty', `${name}: the input holds only blanks`, { file: name });
  const format = (options.format ?? detectTextFormat(text)) as Exclude<InputFormat, 'pdf'>;
  if (format === 'markdown' || format === 'html') assertNestingWithinLimits(text, name);
  // Script and style text never enters the model (the markdown extractor blanks it too, for HTML blocks).
  else text = blankScriptAndStyle(text);
  const layout = extractTextLayout(text, format, tracker.budget);
  return buildLimited(
    layout,
    { filename, sha256, mediaType: MEDIA_TYPES[format] },
    options,
    initial,
    tracker,
    name,
    clock,
  );
}

/**
 * Parse PDF bytes (async: pdfjs-dist is loaded on first use). Throws a `BudgetIngestError` (`pdf-*` codes,
 * `input-too-large`, `parse-failed` for anything unexpected).
 */
export function parsePdfBytes(bytes: Uint8Array, options: ParseOptions = {}): Promise<ParseResult> {
  return parsePdfInput(bytes, options, false);
}

/** {@link parsePdfBytes}; with `handOver`, the bytes' buffer goes to pdf.js without a copy (and is detached). */
async function parsePdfInput(
  bytes: Uint8Array,
  options: ParseOptions,
  handOver: boolean,
): Promise<ParseResult> {
  const name = options.filename ?? '(input)';
  try {
    const clock = options.timings ? new StageClock() : undefined;
    const tracker = new LimitTracker(options);
    tracker.checkSize(bytes.length, name);
    if (bytes.length === 0)
      throw new BudgetIngestError('input-empty', `${name}: the input is empty`, { file: name });
    // Hashed before pdf.js takes (and may detach) the bytes, on this thread: WebCrypto's digest on the thread
    // pool saves no wall time here and costs more CPU (it copies the bytes first).
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const { extractPdfLayout } = await import('./extract/pdf/index.js');
    let layout: Awaited<ReturnType<typeof extractPdfLayout>>;
    try {
      // Unless handed over, the extractor gives pdf.js a copy of its own (pdf.js detaches the buffer it is given).
      layout = await extractPdfLayout(bytes, {
        filename: name,
        ...(handOver ? { handOver } : {}),
        maxPages: tracker.limits.maxPages,
        ...(Number.isFinite(tracker.deadline) ? { deadline: tracker.deadline } : {}),
        ...(options.password === undefined ? {} : { password: options.password }),
        ...(clock ? { clock } : {}),
      });
    } catch (error) {
      if (isPdfExtractError(error))
        throw new BudgetIngestError(error.code, error.message, { cause: error, file: name });
      throw error;
    }
    const diagnostics: Diagnostic[] = layout.data.unreadablePages.map((page) => ({
      ruleId: 'page-unreadable',
      severity: 'warning',
      source: 'budget-ingest',
      message: `${name} 第 ${page} 页没有可读的文字层（扫描件或字体缺少 Unicode 映射），该页内容未提取。`,
      place: { page },
    }));
    diagnostics.push(
      ...damagedPageDiagnostics(layout.data.damagedPages ?? [], name),
      ...folioSequenceDiagnostics(layout.data.folios ?? [], name),
    );
    const stopped = layout.data.stoppedAtPage;
    if (stopped !== undefined) {
      const last = layout.pageCount;
      tracker.hits.push({
        limit: 'timeoutMs',
        message:
          last === undefined
            ? `打开文档时超过 ${tracker.limits.timeoutMs} 毫秒的时间上限，未读取任何页面。`
            : `读到第 ${stopped} 页时超过 ${tracker.limits.timeoutMs} 毫秒的时间上限，第 ${stopped}–${last} 页未读取。`,
        page: stopped,
      });
    }
    return buildLimited(
      layout,
      { filename: options.filename ?? null, sha256, mediaType: 'application/pdf' },
      options,
      diagnostics,
      tracker,
      name,
      clock,
    );
  } catch (error) {
    throw asBudgetIngestError(error, name);
  }
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
  if (isBudgetIngestError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new BudgetIngestError('parse-failed', `${file ?? '(input)'}: ${message}`, {
    cause: error,
    ...(file ? { file } : {}),
  });
}

/**
 * Parse a file from disk (markdown, TSV/CSV, HTML or PDF). Throws a `BudgetIngestError` on unusable input
 * (anything unexpected as `parse-failed` naming the file, the original error as its `cause`).
 */
export async function parseFile(path: string, options: ParseOptions = {}): Promise<ParseResult> {
  try {
    return await parsePath(path, options);
  } catch (error) {
    throw asBudgetIngestError(error, path);
  }
}

async function parsePath(path: string, options: ParseOptions): Promise<ParseResult> {
  const filename = options.filename ?? basename(path);
  const limits = resolveLimits(options, path);
  const started = Date.now();
  const deadline =
    limits.timeoutMs > 0 && Number.isFinite(limits.timeoutMs)
      ? started + limits.timeoutMs
      : Number.POSITIVE_INFINITY;
  let bytes: Uint8Array;
  try {
    bytes = await readFileBounded(path, { maxBytes: limits.maxFileBytes, deadline, name: path });
  } catch (cause) {
    if (isBudgetIngestError(cause)) throw cause;
    throw new BudgetIngestError('input-unreadable', `${path}: cannot read the file (${String(cause)})`, {
      cause,
      file: path,
    });
  }
  // The time spent reading counts against the document's time budget.
  const rest = Number.isFinite(deadline) ? { timeoutMs: Math.max(1, deadline - Date.now()) } : {};
  const format = options.format ?? formatFromExtension(path);
  // A crawler saves HTML pages under the attachment's name: the content decides, and says so.
  if (format === 'pdf' && !options.format && !isPdf(bytes) && looksLikeHtml(bytes)) {
    const result = parse(bytes, { ...options, ...rest, filename, format: 'html' });
    const note: Diagnostic = {
      ruleId: 'format-detected',
      severity: 'info',
      source: 'budget-ingest',
      message: `${filename}：扩展名为 .pdf，内容却是 HTML 网页（常见于抓取时保存的门户页面），已按 HTML 读取。`,
      actual: 'html',
      expected: 'pdf',
    };
    result.diagnostics.unshift(note);
    return result;
  }
  if (format === 'pdf' || (format === undefined && isPdf(bytes)))
    // The bytes were read for this call alone: pdf.js may have them without a copy.
    return parsePdfInput(bytes, { ...options, ...rest, filename }, true);
  return parse(bytes, { ...options, ...rest, filename, ...(format ? { format } : {}) });
}

/** Non-throwing `parseFile`. */
export async function safeParseFile(path: string, options: ParseOptions = {}): Promise<SafeParseResult> {
  try {
    return { ok: true, ...(await parseFile(path, options)) };
  } catch (error) {
    return { ok: false, error: asBudgetIngestError(error, path) };
  }
}
