/**
 * `budget-ingest merge OUT... --out DIR`: combine the output folders of several runs (typically the N shards of
 * one corpus, `--shard K/N`) into one folder that holds what a single run over all inputs would have written:
 * the JSON documents, summary.csv, tables.csv, diagnostics.jsonl, documents.jsonl, the Parquet files, the
 * per-document parts and manifest (so `--resume` works on the result) and a combined run.json.
 *
 * Refused, with a message naming the folders: a folder without run.json, an interrupted run, runs of
 * different versions or output-changing options, the same document in two runs, two shards with one number.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { summaryCsvHeader } from '../emit/csv.js';
import { writeParquetOutputs } from '../emit/parquet.js';
import { tablesCsvHeader } from '../emit/tables-csv.js';
import { writeFileAtomic, writeFileAtomicFrom } from './files.js';
import { type Manifest, readManifest, writeManifest } from './manifest.js';
import { EXIT, type RunCounts, type RunDocument, type RunReport, UsageError } from './run.js';
import { parseShard } from './shard.js';

/** Options of `mergeRuns`. */
export interface MergeRunsOptions {
  /** Write summary.parquet and tables.parquet (default: when every run wrote them). */
  parquet?: boolean;
  /** Start the CSVs with a UTF-8 byte order mark (default: when every run did). */
  csvBom?: boolean;
}

/** run.json `options` that change what a run writes: runs that differ in one of them cannot be merged. */
const SAME_OPTIONS = ['format', 'kind', 'grammars', 'jsonl'] as const;
/** The per-document pieces of a run folder (DIR/.parts/<name><suffix>). */
const PART_SUFFIXES = ['.summary.csv', '.tables.csv', '.diagnostics.jsonl'] as const;

interface Run {
  dir: string;
  report: RunReport;
}

function readRun(dir: string): Run {
  const path = join(dir, 'run.json');
  if (!existsSync(path))
    throw new UsageError(
      `${dir}: no run.json (not a budget-ingest convert output folder, or its run is not finished)`,
    );
  const report = JSON.parse(readFileSync(path, 'utf8')) as RunReport;
  if (report.schema !== 'budget-ingest/run') throw new UsageError(`${path}: not a budget-ingest run report`);
  if (report.interrupted)
    throw new UsageError(
      `${dir}: its run was interrupted; finish it first (convert … --out ${dir} --resume)`,
    );
  if (report.options.out === '-') throw new UsageError(`${dir}: its run wrote to stdout; nothing to merge`);
  return { dir, report };
}

/** Refuse runs that cannot be one: other versions or options, shards of different splits, a shard twice. */
function checkCompatible(runs: readonly Run[]): void {
  const [first, ...rest] = runs;
  for (const run of rest) {
    for (const field of ['version', 'modelVersion'] as const)
      if (run.report[field] !== first!.report[field])
        throw new UsageError(
          `${run.dir} was written by ${field} ${run.report[field]}, ${first!.dir} by ${first!.report[field]}: convert both with one version`,
        );
    for (const option of SAME_OPTIONS) {
      const a = JSON.stringify(first!.report.options[option] ?? null);
      const b = JSON.stringify(run.report.options[option] ?? null);
      if (a !== b)
        throw new UsageError(
          `${run.dir} was converted with ${option} ${b}, ${first!.dir} with ${a}: runs differ`,
        );
    }
  }
  const seen = new Map<string, string>();
  const splits = new Set<number>();
  for (const run of runs) {
    const shard = run.report.options.shard;
    if (typeof shard !== 'string') continue;
    splits.add(parseShard(shard).count);
    const other = seen.get(shard);
    if (other) throw new UsageError(`${run.dir} and ${other} are both shard ${shard}`);
    seen.set(shard, run.dir);
  }
  if (splits.size > 1)
    throw new UsageError(
      `shards of different splits (${[...seen.keys()].join(', ')}): merge the shards of one --shard K/N split`,
    );
}

/** The documents of all runs in the order a single run writes them; refuses a document in two runs. */
function orderDocuments(runs: readonly Run[]): { run: Run; document: RunDocument }[] {
  const byInput = new Map<string, string>();
  const byOutput = new Map<string, string>();
  const all: { run: Run; document: RunDocument; position: number }[] = [];
  runs.forEach((run, position) => {
    for (const document of run.report.documents) {
      for (const [map, key, what] of [
        [byInput, document.file, 'document'],
        [byOutput, document.output.toLowerCase(), 'output name'],
      ] as const) {
        const other = map.get(key);
        if (other)
          throw new UsageError(
            `${what} ${key} is in both ${other} and ${run.dir}: the runs overlap, merge refused`,
          );
        map.set(key, run.dir);
      }
      all.push({ run, document, position });
    }
  });
  // Shards of one split carry each document's position among all inputs; other runs keep argument order.
  const sharded = runs.every((run) => typeof run.report.options.shard === 'string');
  return all
    .sort((a, b) =>
      sharded
        ? a.document.index - b.document.index
        : a.position - b.position || a.document.index - b.document.index,
    )
    .map(({ run, document }) => ({ run, document }));
}

/** Copy one file of a run folder; a missing one is a usage error naming it. */
function copy(run: Run, from: string, to: string): void {
  if (!existsSync(from))
    throw new UsageError(`${run.dir}: ${from} is missing although run.json lists its document; cannot merge`);
  copyFileSync(from, to);
}

function sumCounts(runs: readonly Run[]): RunCounts {
  const counts: RunCounts = {
    inputs: 0,
    converted: 0,
    skipped: 0,
    kept: 0,
    failed: 0,
    interrupted: 0,
    ignored: 0,
  };
  for (const run of runs)
    for (const key of Object.keys(counts) as (keyof RunCounts)[]) counts[key] += run.report.counts[key] ?? 0;
  return counts;
}

function* pieces(paths: readonly string[], header: string | null): Generator<string | Uint8Array> {
  if (header !== null) yield `${header}\n`;
  for (const path of paths) if (existsSync(path)) yield readFileSync(path);
}

/**
 * Merge the output folders `dirs` into `out` (created; it must not hold another run). Returns the combined
 * run report (also written to `out/run.json`). Throws `UsageError` when the runs cannot be merged.
 */
export async function mergeRuns(
  dirs: readonly string[],
  out: string,
  options: MergeRunsOptions = {},
): Promise<RunReport> {
  if (dirs.length === 0) throw new UsageError('merge: no output folder given');
  const target = resolve(out);
  const runs = dirs.map((dir) => readRun(dir));
  for (const run of runs)
    if (resolve(run.dir) === target)
      throw new UsageError(`merge: --out ${out} is also one of the folders merged`);
  if (existsSync(join(target, 'run.json')))
    throw new UsageError(`merge: ${out} already holds a run (run.json); choose an empty folder`);
  checkCompatible(runs);
  const ordered = orderDocuments(runs);

  const parts = join(target, '.parts');
  mkdirSync(parts, { recursive: true });
  const jsonl = Boolean(runs[0]!.report.options.jsonl);
  const partsOf = (run: Run) => join(run.dir, '.parts');
  // Per-document files: the JSON document and its CSV / diagnostics parts, copied under the same name.
  for (const { run, document } of ordered) {
    const name = document.output;
    const source = partsOf(run);
    if (!existsSync(source))
      throw new UsageError(`${run.dir}: .parts/ is missing; the folder cannot be merged`);
    for (const suffix of PART_SUFFIXES) copy(run, join(source, name + suffix), join(parts, name + suffix));
    if (jsonl) copy(run, join(source, `${name}.json`), join(parts, `${name}.json`));
    else copy(run, join(run.dir, `${name}.json`), join(target, `${name}.json`));
  }
  const names = ordered.map(({ document }) => document.output);
  const csvBom = options.csvBom ?? runs.every((run) => run.report.options.csvBom === true);
  const bom = csvBom ? '\uFEFF' : '';
  const partPaths = (suffix: string) => names.map((name) => join(parts, `${name}${suffix}`));
  writeFileAtomicFrom(
    join(target, 'summary.csv'),
    pieces(partPaths('.summary.csv'), bom + summaryCsvHeader()),
  );
  writeFileAtomicFrom(join(target, 'tables.csv'), pieces(partPaths('.tables.csv'), bom + tablesCsvHeader()));
  writeFileAtomicFrom(join(target, 'diagnostics.jsonl'), pieces(partPaths('.diagnostics.jsonl'), null));
  if (jsonl) writeFileAtomicFrom(join(target, 'documents.jsonl'), pieces(partPaths('.json'), null));
  const parquet = options.parquet ?? runs.every((run) => run.report.options.parquet === true);
  if (parquet) await writeParquetOutputs(target);

  const manifest: Manifest = { schema: 'budget-ingest/manifest', version: 1, entries: {} };
  for (const run of runs) Object.assign(manifest.entries, readManifest(run.dir).entries);
  writeManifest(target, manifest);

  const report = combineReports(runs, ordered, target, { parquet, csvBom });
  writeFileAtomic(join(target, 'run.json'), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

function combineReports(
  runs: readonly Run[],
  ordered: readonly { document: RunDocument }[],
  out: string,
  written: { parquet: boolean; csvBom: boolean },
): RunReport {
  const reports = runs.map((run) => run.report);
  const first = reports[0]!;
  const startedAt = reports.map((r) => r.startedAt).sort()[0]!;
  const finishedAt = reports
    .map((r) => r.finishedAt)
    .sort()
    .at(-1)!;
  const ms = Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt));
  const documents = ordered.map(({ document }) => document);
  const converted = documents.filter((d) => d.status === 'converted').length;
  const pages = reports.reduce((sum, r) => sum + (r.rate?.pages ?? 0), 0);
  const seconds = Math.max(ms / 1000, 1e-9);
  const exitCode = reports.some((r) => r.exitCode === EXIT.someFailed) ? EXIT.someFailed : EXIT.ok;
  return {
    ...first,
    startedAt,
    finishedAt,
    ms,
    options: {
      ...first.options,
      out,
      shard: null,
      parquet: written.parquet,
      csvBom: written.csvBom,
      merged: runs.map((run) => ({
        dir: resolve(run.dir),
        shard: run.report.options.shard ?? null,
        counts: run.report.counts,
      })),
    },
    counts: sumCounts(runs),
    diagnostics: {
      documentsWithErrors: reports.reduce((sum, r) => sum + r.diagnostics.documentsWithErrors, 0),
      documentsWithWarnings: reports.reduce((sum, r) => sum + r.diagnostics.documentsWithWarnings, 0),
      errors: reports.reduce((sum, r) => sum + (r.diagnostics.errors ?? 0), 0),
      warnings: reports.reduce((sum, r) => sum + (r.diagnostics.warnings ?? 0), 0),
    },
    rate: {
      documentsPerSecond: Number((converted / seconds).toFixed(3)),
      pagesPerSecond: Number((pages / seconds).toFixed(3)),
      pages,
    },
    exitCode,
    interrupted: false,
    failures: reports.flatMap((r) => r.failures),
    ignored: reports.flatMap((r) => r.ignored),
    documents,
    workers: reports.flatMap((r) => r.workers),
  };
}
