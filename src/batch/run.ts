/**
 * The batch conversion engine behind `budget-ingest convert`: finds inputs, converts them on a worker pool,
 * writes every output all-or-nothing (per-document parts under DIR/.parts, assembled at the end of a
 * complete run by assemble.ts), keeps the resume manifest and always writes the run report (run.json).
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type { CsvOptions } from '../emit/csv.js';
import { writeParquetOutputs } from '../emit/parquet.js';
import { DEFAULT_LIMITS } from '../errors.js';
import { MODEL_VERSION } from '../model/schema.js';
import { asBudgetIngestError, type ParseOptions } from '../parse.js';
import {
  type AssembledDocument,
  assembleOutputs,
  PART_SUFFIXES,
  PARTS,
  removeAssembled,
} from './assemble.js';
import { cleanTemporaries, nameKey, OutputError, outputName, writeFileAtomic } from './files.js';
import {
  clearPreviousRun,
  partNames,
  previousRun,
  releaseReserve,
  removeDocument,
  reserveSpace,
} from './folder.js';
import { findInputs, type IgnoredInput, type InputFile } from './inputs.js';
import { LockedError, lockFolder } from './lock.js';
import { emptyManifest, type Manifest, type ManifestEntry, readManifest, writeManifest } from './manifest.js';
import { WorkerPool, type WorkerSlotStats } from './pool.js';
import type { BatchError, DocumentStats, WorkerReply } from './protocol.js';
import { formatShard, type Shard, selectShard } from './shard.js';

/** The package version (package.json). */
export const PACKAGE_VERSION: string = (() => {
  try {
    const url = new URL('../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

/** A usage problem (exit code 2): nothing to convert, output folder in use or not a folder, bad option value. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** When a run exits 1 although every input converted. */
export type FailOn = 'error' | 'warning' | 'never';

/** Limits for reading stdin (`-`). */
export interface StdinLimits {
  /** Most bytes read (`input-too-large` beyond). */
  maxBytes: number;
  /** Most milliseconds spent reading (0: none). */
  timeoutMs: number;
  /** Stops the reading (Ctrl-C). */
  signal?: AbortSignal;
}

/** Options of `runBatch`. */
export interface RunBatchOptions {
  /** Files, folders, glob patterns, `-` for stdin. */
  inputs: string[];
  /** Output folder, or `-`: documents as JSON Lines on stdout and no other output. */
  out: string;
  /** One DIR/documents.jsonl instead of DIR/<name>.json. */
  jsonl?: boolean;
  /** Indent JSON files (presentation only: finished documents are re-indented, not converted again). */
  pretty?: boolean;
  /** Workers (default os.availableParallelism()). */
  jobs?: number;
  /** Time limit per document, seconds (default 120; 0: none). */
  timeout?: number;
  /** Heap cap per worker, MiB. */
  maxMemoryMb?: number;
  /** Continue the run in DIR: skip inputs converted before with the same content and options. */
  resume?: boolean;
  /** Replace the outputs of another run found in DIR. */
  overwrite?: boolean;
  failOn?: FailOn;
  /** CSV writing (formula neutralization, see README). */
  csv?: CsvOptions;
  /** Parse options (format, kind, grammars, checks, maxFileBytes). */
  parse?: Omit<ParseOptions, 'filename'>;
  /** Reads stdin for the `-` input, within the limits (throws a BudgetIngestError past them). */
  readStdin?: (limits: StdinLimits) => Promise<Uint8Array>;
  /** Where `--out -` writes documents (default process.stdout). */
  writeStdout?: (text: string) => void;
  /** Progress and per-document events. */
  onEvent?: (event: RunEvent) => void;
  /** Abort to stop the run (Ctrl-C): the manifest and run.json are written, the CSVs are not assembled. */
  signal?: AbortSignal;
  /** Worker module (tests). */
  workerUrl?: URL;
  /** Extra fields recorded in run.json `options` (the command line as given). */
  recordOptions?: Record<string, unknown>;
  /** Also write summary.parquet and tables.parquet, the typed twins of the CSVs. */
  parquet?: boolean;
  /** Start summary.csv and tables.csv with a UTF-8 byte order mark (for Excel). */
  csvBom?: boolean;
  /** Convert only this share of the inputs (`--shard K/N`, src/batch/shard.ts). */
  shard?: Shard;
}

/** Counts of a run. */
export interface RunCounts {
  /** Inputs found (files, stdin). */
  inputs: number;
  /** Converted in this run. */
  converted: number;
  /** Left as they were (`--resume`: same content and options). */
  skipped: number;
  failed: number;
  /** Not finished because the run was stopped (signal, output error). */
  interrupted: number;
  /** Folder entries that are not budget inputs, symlinks out of the tree, globs matching nothing. */
  ignored: number;
  /** `--resume`: documents an earlier run converted into DIR from inputs not given this time (kept). */
  kept: number;
}

/** A document in the run report. */
export interface RunDocument {
  file: string;
  input: string;
  /** Output base name: DIR/<output>.json. */
  output: string;
  status: 'converted' | 'skipped' | 'kept';
  sha256: string;
  stats: DocumentStats;
  ms: number;
  /** Position among all inputs found (before `--shard`): the order the outputs are written in. */
  index: number;
}

/** A failed input in the run report. */
export interface RunFailure {
  file: string;
  input: string;
  code: BatchError['code'];
  reason: string;
  ms: number;
}

/** Why the run stopped early: an output could not be written. */
export interface RunError {
  /** `output-disk-full`, `output-read-only`, `output-permission-denied` or `output-write-failed`. */
  code: OutputError['code'];
  /** The system's error code (`ENOSPC` …). */
  errno: string;
  /** The file that could not be written. */
  path: string;
  message: string;
}

/** A document that tripped `--fail-on`, with its diagnostics by rule. */
export interface FailOnDocument {
  file: string;
  output: string;
  errors: number;
  warnings: number;
  /** Rule id → count of the diagnostics at the `--fail-on` level or above. */
  rules: Record<string, number>;
}

/** The run report (DIR/run.json). */
export interface RunReport {
  schema: 'budget-ingest/run';
  tool: 'budget-ingest';
  version: string;
  modelVersion: string;
  startedAt: string;
  finishedAt: string;
  ms: number;
  options: Record<string, unknown>;
  counts: RunCounts;
  /** Diagnostics of the documents (converted, skipped and kept): documents with, and totals by severity. */
  diagnostics: {
    documentsWithErrors: number;
    documentsWithWarnings: number;
    errors: number;
    warnings: number;
  };
  rate: { documentsPerSecond: number; pagesPerSecond: number; pages: number };
  exitCode: number;
  interrupted: boolean;
  /** Set when an output could not be written: the run stopped, finished documents were kept. */
  error?: RunError;
  /** Set when `--fail-on` made the exit code 1: the documents and rules that did it. */
  failOn?: { level: Exclude<FailOn, 'never'>; documents: FailOnDocument[] };
  failures: RunFailure[];
  ignored: IgnoredInput[];
  documents: RunDocument[];
  workers: WorkerSlotStats[];
}

/** Events for progress display. */
export type RunEvent =
  | { type: 'start'; total: number; ignored: number }
  | {
      type: 'document';
      status: 'converted' | 'skipped' | 'failed';
      file: string;
      input: string;
      error?: BatchError;
      counts: RunCounts;
      total: number;
    }
  | { type: 'stopping'; error: RunError }
  | { type: 'assemble' };

/** Exit codes (documented in the README). */
export const EXIT = { ok: 0, someFailed: 1, usage: 2, output: 3, interrupted: 130 } as const;

function sha256File(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}

function fileSha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Hash of everything that changes a document's content, so `--resume` redoes inputs converted otherwise.
 * Presentation (`--pretty`, `--jsonl`) is not part of it: finished documents are re-presented instead.
 */
export function optionsKey(options: RunBatchOptions): string {
  const parse = options.parse ?? {};
  const grammars = (parse.grammars ?? []).map((path) => [
    resolve(path),
    existsSync(path) ? fileSha(path) : null,
  ]);
  const dictionaries = (parse.codeDictionaries ?? []).map((path) => [
    resolve(path),
    existsSync(path) ? fileSha(path) : null,
  ]);
  const key = {
    version: PACKAGE_VERSION,
    model: MODEL_VERSION,
    format: parse.format ?? null,
    kind: parse.kind ?? null,
    checks: parse.checks ?? true,
    grammars,
    dictionaries,
    csvRaw: Boolean(options.csv?.raw),
  };
  return createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 16);
}

function runError(error: OutputError): RunError {
  return { code: error.code, errno: error.errno, path: error.path, message: error.message };
}

/**
 * `mkdir -p` that reports the real reason: Node's recursive mkdir says ENOENT on a read-only file system;
 * making the missing folders one by one gives EROFS (or EACCES) as the system said it.
 */
function mkdirRecursive(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const missing: string[] = [];
    for (let at = path; !existsSync(at) && dirname(at) !== at; at = dirname(at)) missing.unshift(at);
    for (const folder of missing) mkdirSync(folder);
    throw error;
  }
}

/** Make the output folder (a usage error when a file is in the way; an `OutputError` when it cannot be made). */
function makeOutputFolder(given: string, out: string): void {
  if (existsSync(out) && !statSync(out).isDirectory())
    throw new UsageError(
      `--out ${given} is a file, not a folder: give a folder (it is created when missing)`,
    );
  try {
    mkdirRecursive(out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST')
      throw new UsageError(`--out ${given}: a file is in the way of this folder`);
    throw new OutputError(out, error);
  }
}

/** Convert many inputs into DIR (see README "Batch conversion"). Throws `UsageError` on usage problems. */
export async function runBatch(options: RunBatchOptions): Promise<RunReport> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const toStdout = options.out === '-';
  const out = toStdout ? '' : resolve(options.out);
  const parts = join(out, PARTS);
  const jobs = options.jobs ?? availableParallelism();
  const timeout = options.timeout ?? 120;
  const failOn = options.failOn ?? 'never';
  const jsonl = Boolean(options.jsonl);
  const pretty = Boolean(options.pretty) && !jsonl && !toStdout;
  const emit = (event: RunEvent) => options.onEvent?.(event);
  const writeStdout = options.writeStdout ?? ((text: string) => void process.stdout.write(text));

  if (options.resume && options.overwrite)
    throw new UsageError('--resume and --overwrite exclude each other');
  if (!toStdout && existsSync(out) && !statSync(out).isDirectory())
    throw new UsageError(
      `--out ${options.out} is a file, not a folder: give a folder (it is created when missing)`,
    );
  if (!toStdout)
    for (const input of options.inputs) {
      if (input === '-' || !existsSync(input) || !statSync(input).isDirectory()) continue;
      const rel = relative(realpathSync(input), existsSync(out) ? realpathSync(out) : out);
      if (rel === '')
        throw new UsageError(
          `the output folder ${options.out} is also an input folder: choose another --out`,
        );
    }
  const found = findInputs(options.inputs, toStdout ? {} : { exclude: [out] });
  if (found.files.length === 0 && found.missing.length === 0)
    throw new UsageError(
      `no input to convert${found.ignored.length ? ` (${found.ignored.length} ignored: ${found.ignored[0]!.input}: ${found.ignored[0]!.reason})` : ''}`,
    );
  if (found.files.filter((f) => f.key === '-').length && !options.readStdin)
    throw new UsageError('stdin (-) is not available here');

  // Stopping: a signal (interrupted) or an output that cannot be written (stopError); both keep finished work.
  let interrupted = false;
  let stopError: OutputError | undefined;
  let pool: WorkerPool | undefined;
  const halt = (error: OutputError) => {
    if (stopError) return;
    stopError = error;
    emit({ type: 'stopping', error: runError(error) });
    void pool?.close();
  };

  let unlock = () => {};
  if (!toStdout) {
    makeOutputFolder(options.out, out);
    try {
      const held = await lockFolder(out, (error) =>
        halt(new OutputError(join(out, '.budget-ingest.lock'), error)),
      );
      unlock = held.release;
    } catch (error) {
      if (error instanceof LockedError) throw new UsageError(error.message);
      throw new OutputError(out, error);
    }
  }
  try {
    let manifest: Manifest = toStdout ? emptyManifest() : readManifest(out);
    if (!toStdout) {
      cleanTemporaries([out, parts]);
      // Room for the manifest and run.json, so they can be written even when the disk fills up.
      reserveSpace(out, found.files.length + Object.keys(manifest.entries).length);
      const previous = previousRun(out, manifest);
      if (previous && !options.resume && !options.overwrite) {
        releaseReserve(out);
        throw new UsageError(
          `${options.out} holds the outputs of another run (${previous}): add --resume to continue it, or --overwrite to replace it`,
        );
      }
      if (previous && options.overwrite) {
        clearPreviousRun(out, manifest);
        manifest = emptyManifest();
      }
      try {
        mkdirSync(parts, { recursive: true });
      } catch (error) {
        throw new OutputError(parts, error);
      }
    }
    const key = optionsKey(options);

    // Names: every name the manifest holds stays with its input; new inputs get fresh unique names.
    const taken = new Set<string>();
    const names = new Map<string, string>();
    const inRun = new Set(found.files.map((f) => f.key));
    for (const [inputKey, entry] of Object.entries(manifest.entries)) {
      if (taken.has(nameKey(entry.name))) continue;
      taken.add(nameKey(entry.name));
      if (inRun.has(inputKey)) names.set(inputKey, entry.name);
    }
    // Files in DIR that are not this folder's documents (a user's own `report.json`) are never overwritten;
    // a document with parts is the folder's own (a killed run may have finished it after its last manifest save).
    const own = toStdout ? new Set<string>() : partNames(out);
    if (!toStdout)
      for (const entry of readdirSync(out))
        if (entry.endsWith('.json') && !own.has(entry.slice(0, -5))) taken.add(nameKey(entry.slice(0, -5)));
    for (const file of found.files)
      if (!names.has(file.key)) names.set(file.key, outputName(file.file, taken));
    // A shard keeps the names a single run over all inputs gives, so shard outputs merge without renaming.
    const allFiles = found.files;
    found.files = selectShard(allFiles, options.shard, (file) => file.file);
    found.missing = selectShard(found.missing, options.shard, (missing) => missing);
    found.ignored = selectShard(found.ignored, options.shard, (ignored) => ignored.input);

    const counts: RunCounts = {
      inputs: found.files.length + found.missing.length,
      converted: 0,
      skipped: 0,
      failed: 0,
      interrupted: 0,
      ignored: found.ignored.length,
      kept: 0,
    };
    const total = counts.inputs;
    const failures: RunFailure[] = [];
    const done = new Map<string, Omit<RunDocument, 'index'>>();
    emit({ type: 'start', total, ignored: counts.ignored });

    const fail = (file: InputFile | string, error: BatchError, ms: number) => {
      counts.failed++;
      const name = typeof file === 'string' ? file : file.file;
      const input = typeof file === 'string' ? file : file.path;
      failures.push({ file: name, input, code: error.code, reason: error.message, ms: Math.round(ms) });
      emit({ type: 'document', status: 'failed', file: name, input, error, counts: { ...counts }, total });
    };
    for (const missing of found.missing)
      fail(
        missing,
        { code: 'input-unreadable', message: `${missing}: no such file, folder or matching pattern` },
        0,
      );

    // The manifest is rewritten at most once a second (and at the end): a killed run redoes at most that much.
    let manifestDirty = false;
    let manifestTimer: NodeJS.Timeout | undefined;
    let lastManifestWrite = 0;
    const flushManifest = () => {
      if (manifestTimer) clearTimeout(manifestTimer);
      manifestTimer = undefined;
      if (!manifestDirty || toStdout) return;
      manifestDirty = false;
      lastManifestWrite = Date.now();
      writeManifest(out, manifest);
    };
    const touchManifest = () => {
      manifestDirty = true;
      if (manifestTimer) return;
      const wait = Math.max(0, 1000 - (Date.now() - lastManifestWrite));
      manifestTimer = setTimeout(() => {
        try {
          flushManifest();
        } catch (error) {
          if (error instanceof OutputError) halt(error);
          else throw error;
        }
      }, wait);
      manifestTimer.unref();
    };

    const partPath = (name: string, suffix: string) => join(parts, `${name}${suffix}`);
    const jsonPath = (name: string, inParts: boolean) =>
      inParts ? join(parts, `${name}.json`) : join(out, `${name}.json`);
    /** Where a finished document's JSON is now (undefined: missing). */
    const jsonOf = (entry: ManifestEntry): string | undefined => {
      const order = entry.jsonl === undefined ? [false, true] : [entry.jsonl, !entry.jsonl];
      return order.map((inParts) => jsonPath(entry.name, inParts)).find((path) => existsSync(path));
    };
    // The assembled outputs describe the folder's documents: they go as soon as one document changes.
    let assembledRemoved = false;
    const documentsChange = () => {
      if (assembledRemoved || toStdout) return;
      assembledRemoved = true;
      removeAssembled(out);
    };
    const removeOutputs = (name: string) => {
      documentsChange();
      removeDocument(out, name);
    };
    const outputsExist = (entry: ManifestEntry) =>
      jsonOf(entry) !== undefined &&
      PART_SUFFIXES.every((suffix) => existsSync(partPath(entry.name, suffix)));
    /** Move / re-indent a finished document's JSON for this run's presentation options (no conversion). */
    const present = (entry: ManifestEntry) => {
      const from = jsonOf(entry);
      if (!from || (entry.jsonl === jsonl && Boolean(entry.pretty) === pretty)) return;
      const to = jsonPath(entry.name, jsonl);
      documentsChange();
      writeFileAtomic(
        to,
        `${JSON.stringify(JSON.parse(readFileSync(from, 'utf8')), null, pretty ? 2 : undefined)}\n`,
      );
      if (from !== to) rmSync(from, { force: true });
      entry.jsonl = jsonl;
      entry.pretty = pretty;
      touchManifest();
    };

    pool = new WorkerPool({
      // No more workers than inputs: each one loads the whole parser before its first document.
      size: Math.max(1, Math.min(jobs, found.files.length)),
      timeoutMs: timeout * 1000,
      ...(options.maxMemoryMb ? { maxMemoryMb: options.maxMemoryMb } : {}),
      ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}),
    });
    const onAbort = () => {
      interrupted = true;
      void pool?.close();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const stopped = () => interrupted || stopError !== undefined;

    const handle = (file: InputFile, name: string, reply: WorkerReply) => {
      if (!reply.ok) {
        if (reply.error.code === 'interrupted' || stopped()) {
          counts.interrupted++;
          return;
        }
        if (!toStdout && file.key !== '-') {
          delete manifest.entries[file.key];
          touchManifest();
          removeOutputs(name);
        }
        fail(file, reply.error, reply.ms);
        return;
      }
      if (stopped()) {
        counts.interrupted++;
        return;
      }
      const emitted = reply.emitted!;
      if (toStdout) writeStdout(emitted.json);
      else {
        try {
          documentsChange();
          writeFileAtomic(partPath(name, '.summary.csv'), emitted.summaryCsv);
          writeFileAtomic(partPath(name, '.tables.csv'), emitted.tablesCsv);
          writeFileAtomic(partPath(name, '.diagnostics.jsonl'), emitted.diagnosticsJsonl);
          writeFileAtomic(jsonPath(name, jsonl), emitted.json);
          rmSync(jsonPath(name, !jsonl), { force: true });
        } catch (error) {
          if (!(error instanceof OutputError)) throw error;
          delete manifest.entries[file.key];
          removeOutputs(name);
          counts.interrupted++;
          halt(error);
          return;
        }
        if (file.key !== '-') {
          manifest.entries[file.key] = {
            name,
            file: file.file,
            sha256: reply.sha256,
            options: key,
            pretty,
            jsonl,
            stats: reply.stats,
            ms: Math.round(reply.ms),
            convertedAt: new Date().toISOString(),
          };
          touchManifest();
        }
      }
      counts.converted++;
      done.set(file.key, {
        file: file.file,
        input: file.path,
        output: name,
        status: 'converted',
        sha256: reply.sha256,
        stats: reply.stats,
        ms: Math.round(reply.ms),
      });
      emit({
        type: 'document',
        status: 'converted',
        file: file.file,
        input: file.path,
        counts: { ...counts },
        total,
      });
    };

    const maxBytes = options.parse?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
    // Producer: decide (resume) and submit, keeping at most 2 × jobs inputs in flight.
    const inFlight = new Set<Promise<void>>();
    for (const file of largestFirst(found.files)) {
      if (stopped()) break;
      const name = names.get(file.key)!;
      const previous = manifest.entries[file.key];
      if (
        options.resume &&
        previous &&
        previous.options === key &&
        previous.file === file.file &&
        previous.name === name &&
        outputsExist(previous) &&
        isRegularFile(file.path)
      ) {
        let sha: string | undefined;
        try {
          sha = await sha256File(file.path);
        } catch {
          sha = undefined;
        }
        if (sha === previous.sha256) {
          try {
            present(previous);
          } catch (error) {
            if (!(error instanceof OutputError)) throw error;
            halt(error);
            break;
          }
          counts.skipped++;
          done.set(file.key, {
            file: file.file,
            input: file.path,
            output: name,
            status: 'skipped',
            sha256: sha,
            stats: previous.stats,
            ms: previous.ms,
          });
          emit({
            type: 'document',
            status: 'skipped',
            file: file.file,
            input: file.path,
            counts: { ...counts },
            total,
          });
          continue;
        }
      }
      while (inFlight.size >= pool.size * 2) await Promise.race(inFlight);
      if (stopped()) break;
      let bytes: Uint8Array | undefined;
      if (file.key === '-') {
        const readStarted = performance.now();
        try {
          bytes = await options.readStdin!({
            maxBytes,
            timeoutMs: timeout * 1000,
            ...(options.signal ? { signal: options.signal } : {}),
          });
        } catch (error) {
          if (stopped()) break;
          const wrapped = asBudgetIngestError(error, 'stdin');
          fail(file, { code: wrapped.code, message: wrapped.message }, performance.now() - readStarted);
          continue;
        }
      }
      const job = pool
        .run({
          ...(bytes ? { bytes } : { path: file.path }),
          filename: file.key === '-' ? 'stdin' : file.file.split('/').pop()!,
          file: file.file,
          options: options.parse ?? {},
          emit: { name, pretty, ...(options.csv ? { csv: options.csv } : {}) },
          wantDocument: false,
        })
        .then((reply) => handle(file, name, reply));
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
    }
    await Promise.all(inFlight);
    options.signal?.removeEventListener('abort', onAbort);
    const workers = pool.stats();
    await pool.close();
    if (stopped())
      counts.interrupted =
        found.files.length - counts.converted - counts.skipped - (counts.failed - found.missing.length);

    // --resume: documents earlier runs converted into DIR from inputs not given this time stay, and count.
    const kept: RunDocument[] = [];
    if (options.resume && !toStdout)
      for (const [inputKey, entry] of Object.entries(manifest.entries).sort(([, a], [, b]) =>
        a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
      )) {
        if (inRun.has(inputKey) || !outputsExist(entry)) continue;
        if (!stopped())
          try {
            present(entry);
          } catch (error) {
            if (!(error instanceof OutputError)) throw error;
            halt(error);
          }
        kept.push({
          index: -1,
          file: entry.file,
          input: inputKey,
          output: entry.name,
          status: 'kept',
          sha256: entry.sha256,
          stats: entry.stats,
          ms: entry.ms,
        });
      }
    counts.kept = kept.length;
    // Documents in the order of all inputs found (before --shard), each with its position there.
    const documents: RunDocument[] = [
      ...allFiles.flatMap((file, index) => {
        const document = done.get(file.key);
        return document ? [{ ...document, index }] : [];
      }),
      ...kept,
    ];
    // Documents of the folder that no longer belong to it (finished by a killed run, then renamed or failed).
    if (!toStdout && !stopped()) {
      const current = new Set([
        ...documents.map((d) => d.output),
        ...Object.values(manifest.entries).map((e) => e.name),
      ]);
      for (const name of partNames(out))
        if (!current.has(name)) {
          documentsChange();
          removeDocument(out, name);
        }
    }

    if (!toStdout && !stopped()) {
      emit({ type: 'assemble' });
      const assembled: AssembledDocument[] = documents.map((d) => ({
        name: d.output,
        json: jsonPath(d.output, jsonl),
      }));
      try {
        assembleOutputs(out, assembled, { jsonl, csvBom: Boolean(options.csvBom) });
        if (options.parquet) await writeParquetOutputs(out);
      } catch (error) {
        if (!(error instanceof OutputError)) throw error;
        halt(error);
      }
    }

    // The report: space reserved at the start is given back first, so the manifest and run.json fit.
    if (!toStdout) {
      releaseReserve(out);
      try {
        flushManifest();
      } catch (error) {
        if (!(error instanceof OutputError)) throw error;
        halt(error);
      }
    }

    const count = (severity: 'errors' | 'warnings') => documents.reduce((n, d) => n + d.stats[severity], 0);
    const withErrors = documents.filter((d) => d.stats.errors > 0).length;
    const withWarnings = documents.filter((d) => d.stats.warnings > 0).length;
    const tripped = failOn === 'never' ? [] : failOnDocuments(documents, failOn);
    let exitCode: number = EXIT.ok;
    if (counts.failed > 0) exitCode = EXIT.someFailed;
    if (tripped.length) exitCode = EXIT.someFailed;
    if (interrupted) exitCode = EXIT.interrupted;
    if (stopError) exitCode = EXIT.output;

    const finished = Date.now();
    const seconds = Math.max((finished - started) / 1000, 1e-9);
    const converted = documents.filter((d) => d.status === 'converted');
    const pages = converted.reduce((sum, d) => sum + (d.stats.pages ?? 0), 0);
    const report: RunReport = {
      schema: 'budget-ingest/run',
      tool: 'budget-ingest',
      version: PACKAGE_VERSION,
      modelVersion: MODEL_VERSION,
      startedAt,
      finishedAt: new Date(finished).toISOString(),
      ms: finished - started,
      options: {
        inputs: options.inputs,
        out: options.out,
        jsonl,
        pretty: Boolean(options.pretty),
        jobs,
        timeout,
        maxMemoryMb: options.maxMemoryMb ?? null,
        resume: Boolean(options.resume),
        overwrite: Boolean(options.overwrite),
        failOn,
        csvRaw: Boolean(options.csv?.raw),
        format: options.parse?.format ?? null,
        kind: options.parse?.kind ?? null,
        grammars: options.parse?.grammars ?? [],
        parquet: Boolean(options.parquet),
        csvBom: Boolean(options.csvBom),
        shard: options.shard ? formatShard(options.shard) : null,
        ...options.recordOptions,
      },
      counts,
      diagnostics: {
        documentsWithErrors: withErrors,
        documentsWithWarnings: withWarnings,
        errors: count('errors'),
        warnings: count('warnings'),
      },
      rate: {
        documentsPerSecond: Number((converted.length / seconds).toFixed(3)),
        pagesPerSecond: Number((pages / seconds).toFixed(3)),
        pages,
      },
      exitCode,
      interrupted,
      ...(stopError ? { error: runError(stopError) } : {}),
      ...(tripped.length && failOn !== 'never' ? { failOn: { level: failOn, documents: tripped } } : {}),
      failures,
      ignored: found.ignored,
      documents,
      workers,
    };
    if (!toStdout)
      try {
        writeFileAtomic(join(out, 'run.json'), `${JSON.stringify(report, null, 2)}\n`);
      } catch (error) {
        if (!(error instanceof OutputError)) throw error;
        // Nothing left to write it to: the caller reports it (the CLI on stderr).
        report.exitCode = EXIT.output;
        report.error ??= runError(error);
      }
    return report;
  } finally {
    if (!toStdout) releaseReserve(out);
    unlock();
  }
}

/** The documents that trip `--fail-on level`, with their diagnostics at that level or above by rule. */
function failOnDocuments(
  documents: readonly RunDocument[],
  level: Exclude<FailOn, 'never'>,
): FailOnDocument[] {
  return documents
    .filter((d) => d.stats.errors > 0 || (level === 'warning' && d.stats.warnings > 0))
    .map((d) => {
      const rules: Record<string, number> = { ...d.stats.errorRules };
      if (level === 'warning')
        for (const [rule, n] of Object.entries(d.stats.warningRules ?? {}))
          rules[rule] = (rules[rule] ?? 0) + n;
      return { file: d.file, output: d.output, errors: d.stats.errors, warnings: d.stats.warnings, rules };
    });
}

/** True for a regular file (a FIFO or device is never hashed: reading it may not end). */
function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Submission order for the pool: largest files first, so a long document does not start last and leave the
 * other workers idle (outputs keep the input order: they are assembled from `found.files`).
 */
function largestFirst(files: readonly InputFile[]): InputFile[] {
  const size = (file: InputFile) => {
    if (file.key === '-') return 0;
    try {
      return statSync(file.path).size;
    } catch {
      return 0;
    }
  };
  return files
    .map((file) => ({ file, size: size(file) }))
    .sort((a, b) => b.size - a.size)
    .map(({ file }) => file);
}
