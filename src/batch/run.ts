/**
 * The batch conversion engine behind `budget-ingest convert`: finds inputs, converts them on a worker pool,
 * writes every output atomically (per-document parts under DIR/.parts, assembled into the CSVs at the end),
 * keeps the resume manifest and writes the run report (run.json).
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { summaryCsvHeader } from '../emit/csv.js';
import { writeParquetOutputs } from '../emit/parquet.js';
import { tablesCsvHeader } from '../emit/tables-csv.js';
import { MODEL_VERSION } from '../model/schema.js';
import type { ParseOptions } from '../parse.js';
import { cleanTemporaries, outputName, writeFileAtomic, writeFileAtomicFrom } from './files.js';
import { findInputs, type IgnoredInput, type InputFile } from './inputs.js';
import { type Manifest, type ManifestEntry, readManifest, writeManifest } from './manifest.js';
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

/** A usage problem (exit code 2): nothing to convert, output folder in use, bad option value. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** When a run exits 1 although every input converted. */
export type FailOn = 'error' | 'warning' | 'never';

/** Options of `runBatch`. */
export interface RunBatchOptions {
  /** Files, folders, glob patterns, `-` for stdin. */
  inputs: string[];
  /** Output folder, or `-`: documents as JSON Lines on stdout and no other output. */
  out: string;
  /** One DIR/documents.jsonl instead of DIR/<name>.json. */
  jsonl?: boolean;
  /** Indent JSON files. */
  pretty?: boolean;
  /** Workers (default os.availableParallelism()). */
  jobs?: number;
  /** Time limit per document, seconds (default 120; 0: none). */
  timeout?: number;
  /** Heap cap per worker, MiB. */
  maxMemoryMb?: number;
  /** Skip inputs converted before with the same content and options. */
  resume?: boolean;
  failOn?: FailOn;
  /** Parse options (format, kind, grammars, checks). */
  parse?: Omit<ParseOptions, 'filename'>;
  /** Reads stdin for the `-` input. */
  readStdin?: () => Promise<Uint8Array>;
  /** Progress and per-document events. */
  onEvent?: (event: RunEvent) => void;
  /** Abort to stop the run (Ctrl-C): the manifest and run.json are written, the CSVs are left as they were. */
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
  /** Not finished because the run was stopped. */
  interrupted: number;
  /** Folder entries that are not budget inputs, symlinks out of the tree, globs matching nothing. */
  ignored: number;
}

/** A document in the run report. */
export interface RunDocument {
  file: string;
  input: string;
  /** Output base name: DIR/<output>.json. */
  output: string;
  status: 'converted' | 'skipped';
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
  /** Documents with diagnostics by severity (converted and skipped). */
  diagnostics: { documentsWithErrors: number; documentsWithWarnings: number };
  rate: { documentsPerSecond: number; pagesPerSecond: number; pages: number };
  exitCode: number;
  interrupted: boolean;
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
  | { type: 'assemble' };

/** Exit codes (documented in the README). */
export const EXIT = { ok: 0, someFailed: 1, usage: 2, interrupted: 130 } as const;

const LOCK_NAME = '.budget-ingest.lock';
const PARTS = '.parts';
const PART_SUFFIXES = ['.summary.csv', '.tables.csv', '.diagnostics.jsonl'] as const;

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

/** Hash of everything that changes a document's outputs, so `--resume` redoes inputs converted otherwise. */
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
    pretty: Boolean(options.pretty),
    jsonl: Boolean(options.jsonl),
  };
  return createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 16);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the output folder's lock (a file with our pid); a lock left by a dead process is taken over. */
function lock(out: string): () => void {
  const path = join(out, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(pid) && pid !== process.pid && processAlive(pid))
        throw new UsageError(`${out} is in use by another budget-ingest run (pid ${pid})`);
      rmSync(path, { force: true });
    }
  }
  throw new UsageError(`cannot lock ${out}`);
}

function* concatenate(header: string | null, paths: readonly string[]): Generator<string | Uint8Array> {
  if (header !== null) yield `${header}\n`;
  for (const path of paths) if (existsSync(path)) yield readFileSync(path);
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
  const emit = (event: RunEvent) => options.onEvent?.(event);

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
      `no input to convert${found.ignored.length ? ` (${found.ignored.length} ignored: ${found.ignored[0]!.reason})` : ''}`,
    );
  if (found.files.filter((f) => f.key === '-').length && !options.readStdin)
    throw new UsageError('stdin (-) is not available here');

  let unlock = () => {};
  if (!toStdout) {
    mkdirSync(parts, { recursive: true });
    unlock = lock(out);
  }
  try {
    if (!toStdout) cleanTemporaries([out, parts]);
    const manifest: Manifest = toStdout ? readManifest('/nonexistent') : readManifest(out);
    const key = optionsKey(options);

    // Names: every name the manifest holds stays with its input; new inputs get fresh unique names.
    const taken = new Set<string>();
    const names = new Map<string, string>();
    const inRun = new Set(found.files.map((f) => f.key));
    for (const [inputKey, entry] of Object.entries(manifest.entries)) {
      if (taken.has(entry.name.toLowerCase())) continue;
      taken.add(entry.name.toLowerCase());
      if (inRun.has(inputKey)) names.set(inputKey, entry.name);
    }
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
    };
    const total = counts.inputs;
    const failures: RunFailure[] = [];
    const done = new Map<string, Omit<RunDocument, 'index'>>();
    emit({ type: 'start', total, ignored: counts.ignored });

    for (const missing of found.missing) {
      counts.failed++;
      const failure: RunFailure = {
        file: missing,
        input: missing,
        code: 'input-unreadable',
        reason: `${missing}: no such file, folder or matching pattern`,
        ms: 0,
      };
      failures.push(failure);
      emit({
        type: 'document',
        status: 'failed',
        file: missing,
        input: missing,
        error: { code: failure.code, message: failure.reason },
        counts: { ...counts },
        total,
      });
    }

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
      manifestTimer = setTimeout(flushManifest, wait);
      manifestTimer.unref();
    };

    const partPath = (name: string, suffix: string) => join(parts, `${name}${suffix}`);
    const jsonPath = (name: string) =>
      options.jsonl ? join(parts, `${name}.json`) : join(out, `${name}.json`);
    const removeOutputs = (name: string) => {
      for (const suffix of PART_SUFFIXES) rmSync(partPath(name, suffix), { force: true });
      rmSync(jsonPath(name), { force: true });
    };
    const outputsExist = (name: string) =>
      existsSync(jsonPath(name)) && PART_SUFFIXES.every((suffix) => existsSync(partPath(name, suffix)));

    const pool = new WorkerPool({
      size: jobs,
      timeoutMs: timeout * 1000,
      ...(options.maxMemoryMb ? { maxMemoryMb: options.maxMemoryMb } : {}),
      ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}),
    });
    let interrupted = false;
    const onAbort = () => {
      interrupted = true;
      void pool.close();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const handle = (file: InputFile, name: string, reply: WorkerReply) => {
      if (!reply.ok) {
        if (reply.error.code === 'interrupted' || interrupted) {
          counts.interrupted++;
          return;
        }
        counts.failed++;
        if (!toStdout && file.key !== '-') {
          delete manifest.entries[file.key];
          touchManifest();
          removeOutputs(name);
        }
        failures.push({
          file: file.file,
          input: file.path,
          code: reply.error.code,
          reason: reply.error.message,
          ms: reply.ms,
        });
        emit({
          type: 'document',
          status: 'failed',
          file: file.file,
          input: file.path,
          error: reply.error,
          counts: { ...counts },
          total,
        });
        return;
      }
      const emitted = reply.emitted!;
      if (toStdout) process.stdout.write(emitted.json);
      else {
        writeFileAtomic(partPath(name, '.summary.csv'), emitted.summaryCsv);
        writeFileAtomic(partPath(name, '.tables.csv'), emitted.tablesCsv);
        writeFileAtomic(partPath(name, '.diagnostics.jsonl'), emitted.diagnosticsJsonl);
        writeFileAtomic(jsonPath(name), emitted.json);
        if (file.key !== '-') {
          const entry: ManifestEntry = {
            name,
            file: file.file,
            sha256: reply.sha256,
            options: key,
            stats: reply.stats,
            ms: Math.round(reply.ms),
            convertedAt: new Date().toISOString(),
          };
          manifest.entries[file.key] = entry;
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

    // Producer: decide (resume) and submit, keeping at most 2 × jobs inputs in flight.
    const inFlight = new Set<Promise<void>>();
    for (const file of largestFirst(found.files)) {
      if (interrupted) break;
      const name = names.get(file.key)!;
      const previous = manifest.entries[file.key];
      if (
        options.resume &&
        previous &&
        previous.options === key &&
        previous.file === file.file &&
        previous.name === name &&
        outputsExist(name)
      ) {
        let sha: string | undefined;
        try {
          sha = await sha256File(file.path);
        } catch {
          sha = undefined;
        }
        if (sha === previous.sha256) {
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
      if (interrupted) break;
      const bytes = file.key === '-' ? await options.readStdin!() : undefined;
      const job = pool
        .run({
          ...(bytes ? { bytes } : { path: file.path }),
          filename: file.key === '-' ? 'stdin' : file.file.split('/').pop()!,
          file: file.file,
          options: options.parse ?? {},
          emit: { name, pretty: Boolean(options.pretty) && !toStdout },
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
    if (interrupted)
      counts.interrupted =
        found.files.length - counts.converted - counts.skipped - (counts.failed - found.missing.length);
    flushManifest();

    const documents = allFiles.flatMap((file, index) => {
      const document = done.get(file.key);
      return document ? [{ ...document, index }] : [];
    });
    if (!toStdout && !interrupted) {
      emit({ type: 'assemble' });
      const ordered = documents.map((d) => d.output);
      const bom = options.csvBom ? '\uFEFF' : '';
      writeFileAtomicFrom(
        join(out, 'summary.csv'),
        concatenate(
          bom + summaryCsvHeader(),
          ordered.map((n) => partPath(n, '.summary.csv')),
        ),
      );
      writeFileAtomicFrom(
        join(out, 'tables.csv'),
        concatenate(
          bom + tablesCsvHeader(),
          ordered.map((n) => partPath(n, '.tables.csv')),
        ),
      );
      writeFileAtomicFrom(
        join(out, 'diagnostics.jsonl'),
        concatenate(
          null,
          ordered.map((n) => partPath(n, '.diagnostics.jsonl')),
        ),
      );
      if (options.jsonl)
        writeFileAtomicFrom(
          join(out, 'documents.jsonl'),
          concatenate(
            null,
            ordered.map((n) => jsonPath(n)),
          ),
        );
      if (options.parquet) await writeParquetOutputs(out);
    }

    const withErrors = documents.filter((d) => d.stats.errors > 0).length;
    const withWarnings = documents.filter((d) => d.stats.warnings > 0).length;
    let exitCode: number = EXIT.ok;
    if (counts.failed > 0) exitCode = EXIT.someFailed;
    if (failOn === 'error' && withErrors > 0) exitCode = EXIT.someFailed;
    if (failOn === 'warning' && (withErrors > 0 || withWarnings > 0)) exitCode = EXIT.someFailed;
    if (interrupted) exitCode = EXIT.interrupted;

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
        jsonl: Boolean(options.jsonl),
        pretty: Boolean(options.pretty),
        jobs,
        timeout,
        maxMemoryMb: options.maxMemoryMb ?? null,
        resume: Boolean(options.resume),
        failOn,
        format: options.parse?.format ?? null,
        kind: options.parse?.kind ?? null,
        grammars: options.parse?.grammars ?? [],
        parquet: Boolean(options.parquet),
        csvBom: Boolean(options.csvBom),
        shard: options.shard ? formatShard(options.shard) : null,
        ...options.recordOptions,
      },
      counts,
      diagnostics: { documentsWithErrors: withErrors, documentsWithWarnings: withWarnings },
      rate: {
        documentsPerSecond: Number((converted.length / seconds).toFixed(3)),
        pagesPerSecond: Number((pages / seconds).toFixed(3)),
        pages,
      },
      exitCode,
      interrupted,
      failures,
      ignored: found.ignored,
      documents,
      workers,
    };
    if (!toStdout) writeFileAtomic(join(out, 'run.json'), `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } finally {
    unlock();
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
