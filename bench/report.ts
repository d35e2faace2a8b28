/** Turning phase responses into per-file rows, totals, the aligned text table and the JSON report. */
import { basename } from 'node:path';
import { STAGES, type StageTimings } from '../src/timings.js';
import type { FileTiming, PhaseMemory, PhaseName, PhaseResponse } from './protocol.js';

/** The statistic each file's runs are reduced to. */
export const STATISTIC = 'median';

export function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** One phase's figure for one file. */
export interface Cell {
  /** Median of the timed runs, ms (undefined when the file failed in this phase). */
  ms?: number;
  minMs?: number;
  samplesMs: number[];
  pagesPerSec?: number;
  /** Median CPU time of the runs, ms (the phase process, all threads). */
  cpuMs?: number;
  /** Median minor page faults of the runs (the phase process). */
  faults?: number;
  /** Per stage, the median over the runs, ms (full phase). */
  stages?: OwnStages;
  error?: string;
}

/**
 * Where the full phase's time goes: pdf.js (the part of extract that is pdf.js) and this library's own
 * stages (`layout` is the own part of extract).
 */
export type OwnStages = Record<(typeof STAGE_COLUMNS)[number], number>;

/** Stage columns of the report, pdf.js first. */
export const STAGE_COLUMNS = ['pdf.js', 'layout', ...STAGES.filter((s) => s !== 'extract')] as const;

/** The report's stages of one run. */
export function ownStages(t: StageTimings): OwnStages {
  const layout = t.extractLayout ?? 0;
  return {
    'pdf.js': t.extract - layout,
    layout,
    recognize: t.recognize,
    merge: t.merge,
    normalize: t.normalize,
    narrative: t.narrative,
    checks: t.checks,
    emit: t.emit,
  };
}

/** The own stage (not pdf.js) that took longest, with its share of the whole. */
export function dominantStage(stages: OwnStages): { stage: string; share: number } | undefined {
  const total = STAGE_COLUMNS.reduce((sum, k) => sum + stages[k], 0);
  let best: string | undefined;
  for (const k of STAGE_COLUMNS)
    if (k !== 'pdf.js' && (best === undefined || stages[k] > stages[best as keyof OwnStages])) best = k;
  if (best === undefined || total <= 0) return undefined;
  return { stage: best, share: stages[best as keyof OwnStages] / total };
}

export interface Row {
  file: string;
  name: string;
  pages?: number;
  phases: Partial<Record<PhaseName, Cell>>;
  /** full ms / raw ms. */
  ratio?: number;
  /** full CPU ms / raw CPU ms. */
  cpuRatio?: number;
}

export interface Totals {
  /** Files counted: those every timed phase handled without error. */
  files: number;
  pages: number;
  phases: Partial<Record<PhaseName, { ms: number; pagesPerSec: number }>>;
  ratio?: number;
  ratioMedian?: number;
  ratioWorst?: { ratio: number; file: string };
  /** Files above {@link GOAL_RATIO}, and how many of them raw pdf.js reads in under {@link SUBSTANTIAL_RAW_MS}. */
  aboveGoal?: { files: number; quick: number };
  /** The worst ratio among the files raw pdf.js needs at least {@link SUBSTANTIAL_RAW_MS} for, and how many those are. */
  ratioWorstSubstantial?: { ratio: number; file: string; files: number };
  /** Sum of the files' median CPU ms per phase, and full / raw of those sums. */
  cpu?: Partial<Record<PhaseName, number>>;
  cpuRatio?: number;
  /** Sum over the files of each stage's median (full phase), ms. */
  stages?: OwnStages;
  /** Sum of the files' median minor page faults per run, per phase. */
  faults?: Partial<Record<PhaseName, number>>;
}

export interface BenchReport {
  meta: {
    date: string;
    node: string;
    platform: string;
    cpu: string;
    statistic: typeof STATISTIC;
    runs: number;
    /** More runs (at most MAX_RUNS) until a file's runs added up to this many ms per phase (`--min-ms`). */
    minMs: number;
    /** Untimed runs of each file right before its timed runs (`--settle`). */
    settle: number;
    warmup: number;
    /** True when a full GC was forced before every timed run (`--gc-each-run`). */
    gcEachRun: boolean;
    phases: PhaseName[];
    goalRatio: number;
    notes: string[];
    describes: Partial<Record<PhaseName, string>>;
  };
  rows: Row[];
  totals: Totals;
  memory: Partial<Record<PhaseName, PhaseMemory & { wallMs: number }>>;
}

/** The project's goal for full / raw. */
export const GOAL_RATIO = 1.5;
/**
 * Raw pdf.js milliseconds from which a file's ratio measures the pipeline rather than its fixed cost per
 * document (hashing the bytes, building the model, the checks: 1–3 ms, which doubles a file pdf.js reads in 3).
 */
export const SUBSTANTIAL_RAW_MS = 50;

function cellOf(t: FileTiming | undefined, pages: number | undefined): Cell | undefined {
  if (!t) return undefined;
  if (t.error !== undefined) return { samplesMs: t.samplesMs, error: t.error };
  const ms = median(t.samplesMs);
  if (ms === undefined) return { samplesMs: [] };
  const cpuMs = median(t.cpuMs ?? []);
  const faults = median(t.faults ?? []);
  let stages: OwnStages | undefined;
  if (t.stages?.length) {
    const runs = t.stages.map(ownStages);
    stages = Object.fromEntries(
      STAGE_COLUMNS.map((k) => [k, median(runs.map((r) => r[k])) ?? 0]),
    ) as OwnStages;
  }
  return {
    ms,
    minMs: Math.min(...t.samplesMs),
    samplesMs: t.samplesMs,
    ...(pages !== undefined && ms > 0 ? { pagesPerSec: pages / (ms / 1000) } : {}),
    ...(cpuMs === undefined ? {} : { cpuMs }),
    ...(faults === undefined ? {} : { faults }),
    ...(stages ? { stages } : {}),
  };
}

/** Join the phases' per-file timings into rows and compute the totals over files every phase handled. */
export function buildRows(
  files: string[],
  responses: Partial<Record<PhaseName, PhaseResponse>>,
  timed: PhaseName[],
): { rows: Row[]; totals: Totals } {
  const names = files.map((f) => basename(f));
  const rows = files.map((file, i): Row => {
    const timings = Object.fromEntries(
      timed.map((p) => [p, responses[p]?.files.find((t) => t.file === file)]),
    ) as Partial<Record<PhaseName, FileTiming>>;
    // Page count: pdfjs's numPages first, then the layout's, then pdftotext's form feeds.
    const pages = timings.raw?.pages ?? timings.full?.pages ?? timings.pdftotext?.pages;
    const phases: Row['phases'] = {};
    for (const p of timed) {
      const c = cellOf(timings[p], pages);
      if (c) phases[p] = c;
    }
    const raw = phases.raw?.ms;
    const full = phases.full?.ms;
    const rawCpu = phases.raw?.cpuMs;
    const fullCpu = phases.full?.cpuMs;
    const name = names.indexOf(names[i]!) === i && names.lastIndexOf(names[i]!) === i ? names[i]! : file;
    return {
      file,
      name,
      ...(pages !== undefined ? { pages } : {}),
      phases,
      ...(raw !== undefined && full !== undefined && raw > 0 ? { ratio: full / raw } : {}),
      ...(rawCpu !== undefined && fullCpu !== undefined && rawCpu > 0 ? { cpuRatio: fullCpu / rawCpu } : {}),
    };
  });
  const counted = rows.filter((r) => timed.every((p) => r.phases[p]?.ms !== undefined));
  const pages = counted.reduce((s, r) => s + (r.pages ?? 0), 0);
  const totals: Totals = { files: counted.length, pages, phases: {} };
  for (const p of timed) {
    const ms = counted.reduce((s, r) => s + (r.phases[p]?.ms ?? 0), 0);
    if (counted.length > 0) totals.phases[p] = { ms, pagesPerSec: ms > 0 ? pages / (ms / 1000) : 0 };
  }
  const rawTotal = totals.phases.raw?.ms;
  const fullTotal = totals.phases.full?.ms;
  if (rawTotal && fullTotal !== undefined) totals.ratio = fullTotal / rawTotal;
  const ratios = counted.filter((r) => r.ratio !== undefined);
  const rm = median(ratios.map((r) => r.ratio!));
  if (rm !== undefined) totals.ratioMedian = rm;
  const worst = ratios.reduce<Row | undefined>((w, r) => (!w || r.ratio! > w.ratio! ? r : w), undefined);
  if (worst) totals.ratioWorst = { ratio: worst.ratio!, file: worst.name };
  if (ratios.length > 0) {
    const quick = (r: Row) => (r.phases.raw?.ms ?? 0) < SUBSTANTIAL_RAW_MS;
    const above = ratios.filter((r) => r.ratio! > GOAL_RATIO);
    totals.aboveGoal = { files: above.length, quick: above.filter(quick).length };
    const substantial = ratios.filter((r) => !quick(r));
    const worstSubstantial = substantial.reduce<Row | undefined>(
      (w, r) => (!w || r.ratio! > w.ratio! ? r : w),
      undefined,
    );
    if (worstSubstantial)
      totals.ratioWorstSubstantial = {
        ratio: worstSubstantial.ratio!,
        file: worstSubstantial.name,
        files: substantial.length,
      };
  }
  if (counted.length > 0 && counted.every((r) => timed.every((p) => r.phases[p]?.cpuMs !== undefined))) {
    totals.cpu = {};
    for (const p of timed) totals.cpu[p] = counted.reduce((sum, r) => sum + r.phases[p]!.cpuMs!, 0);
    const { raw, full } = totals.cpu;
    if (raw && full !== undefined) totals.cpuRatio = full / raw;
  }
  if (counted.length > 0 && counted.every((r) => timed.every((p) => r.phases[p]?.faults !== undefined))) {
    totals.faults = {};
    for (const p of timed) totals.faults[p] = counted.reduce((sum, r) => sum + r.phases[p]!.faults!, 0);
  }
  const staged = counted.filter((r) => r.phases.full?.stages);
  if (staged.length > 0) {
    totals.stages = Object.fromEntries(
      STAGE_COLUMNS.map((k) => [k, staged.reduce((sum, r) => sum + r.phases.full!.stages![k], 0)]),
    ) as OwnStages;
  }
  return { rows, totals };
}

const SHORT: Record<PhaseName, string> = {
  raw: 'raw',
  full: 'full',
  pdftotext: 'pdftotext',
  baseline: 'baseline',
};

function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

function fmtRate(x: number | undefined): string {
  if (x === undefined) return '-';
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

const mb = (kb: number | undefined): string => (kb === undefined ? '-' : (kb / 1024).toFixed(0));
const mbBytes = (b: number | undefined): string => (b === undefined ? '-' : (b / 1024 / 1024).toFixed(0));

/** Left-align the first `left` columns, right-align the rest, two spaces between columns. */
export function alignTable(lines: string[][], left = 1): string[] {
  const widths: number[] = [];
  for (const cols of lines) {
    cols.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  return lines.map((cols) =>
    cols
      .map((c, i) => (i < left ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** Rows by full/raw, slowest first (rows without a ratio last, in input order). */
export function byRatio(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => (b.ratio ?? -1) - (a.ratio ?? -1));
}

const fmtRatio = (x: number | undefined): string => (x === undefined ? '-' : `${x.toFixed(2)}x`);

/** The timing table: header, one line per file (slowest full/raw first), TOTAL. */
export function timingTable(rows: Row[], totals: Totals, timed: PhaseName[]): string[] {
  const header = ['file', 'pages'];
  for (const p of timed) header.push(`${SHORT[p]} ms`, `${SHORT[p]} p/s`);
  const withRatio = timed.includes('raw') && timed.includes('full');
  if (withRatio) header.push('full/raw', 'cpu full/raw');
  const withStages = timed.includes('full') && rows.some((r) => r.phases.full?.stages);
  if (withStages) header.push('top own stage');
  const body: string[][] = [header];
  for (const r of byRatio(rows)) {
    const cols = [r.name, r.pages === undefined ? '-' : String(r.pages)];
    for (const p of timed) {
      const c = r.phases[p];
      if (c?.error !== undefined) cols.push('ERROR', '-');
      else cols.push(fmtMs(c?.ms), fmtRate(c?.pagesPerSec));
    }
    if (withRatio) cols.push(fmtRatio(r.ratio), fmtRatio(r.cpuRatio));
    if (withStages) {
      const top = r.phases.full?.stages && dominantStage(r.phases.full.stages);
      cols.push(top ? `${top.stage} ${(top.share * 100).toFixed(0)}%` : '-');
    }
    body.push(cols);
  }
  const total = [`TOTAL (${totals.files} files)`, String(totals.pages)];
  for (const p of timed) {
    const t = totals.phases[p];
    total.push(fmtMs(t?.ms), fmtRate(t?.pagesPerSec));
  }
  if (withRatio) total.push(fmtRatio(totals.ratio), fmtRatio(totals.cpuRatio));
  if (withStages) {
    const top = totals.stages && dominantStage(totals.stages);
    total.push(top ? `${top.stage} ${(top.share * 100).toFixed(0)}%` : '-');
  }
  body.push(total);
  const lines = alignTable(body);
  const rule = '-'.repeat(Math.max(...lines.map((l) => l.length)));
  return [lines[0]!, rule, ...lines.slice(1, -1), rule, lines[lines.length - 1]!];
}

/** The memory table: one line per phase child. */
export function memoryTable(
  memory: BenchReport['memory'],
  order: PhaseName[],
  labels: Record<PhaseName, string>,
): string[] {
  const body: string[][] = [
    [
      'phase (own child process)',
      'peak RSS MB',
      'heap used MB',
      'heap after GC MB',
      'child wall s',
      'ext peak RSS MB',
    ],
  ];
  for (const p of order) {
    const m = memory[p];
    if (!m) continue;
    body.push([
      labels[p],
      mb(m.maxRssKb),
      mbBytes(m.heapUsedBytes),
      mbBytes(m.heapUsedAfterGcBytes),
      (m.wallMs / 1000).toFixed(1),
      mb(m.externalMaxRssKb),
    ]);
  }
  return alignTable(body);
}

/**
 * Where the full phase's time goes, per file (median run, ms, and each stage's share): the `limit` files with
 * the highest full/raw, then the total over every file.
 */
export function stageTable(rows: Row[], totals: Totals, limit: number): string[] {
  const staged = byRatio(rows).filter((r) => r.phases.full?.stages);
  if (staged.length === 0 || !totals.stages) return [];
  const header = [
    'file',
    'pages',
    'full/raw',
    ...STAGE_COLUMNS.map((k) => `${k} ms`),
    'own ms/page',
    'top own stage',
    'page faults raw/full',
  ];
  const line = (
    name: string,
    pages: number | undefined,
    ratio: number | undefined,
    stages: OwnStages,
    faults: { raw?: number | undefined; full?: number | undefined } | undefined,
  ): string[] => {
    const own = STAGE_COLUMNS.reduce((sum, k) => (k === 'pdf.js' ? sum : sum + stages[k]), 0);
    const top = dominantStage(stages);
    return [
      name,
      pages === undefined ? '-' : String(pages),
      fmtRatio(ratio),
      ...STAGE_COLUMNS.map((k) => fmtMs(stages[k])),
      pages ? (own / pages).toFixed(2) : '-',
      top ? `${top.stage} ${(top.share * 100).toFixed(0)}%` : '-',
      faults?.raw !== undefined && faults.full !== undefined
        ? `${Math.round(faults.raw)}/${Math.round(faults.full)}`
        : '-',
    ];
  };
  const faultsOf = (r: Row) => ({ raw: r.phases.raw?.faults, full: r.phases.full?.faults });
  const body = [
    header,
    ...staged.slice(0, limit).map((r) => line(r.name, r.pages, r.ratio, r.phases.full!.stages!, faultsOf(r))),
  ];
  body.push(line(`TOTAL (${totals.files} files)`, totals.pages, totals.ratio, totals.stages, totals.faults));
  const lines = alignTable(body);
  const rule = '-'.repeat(Math.max(...lines.map((l) => l.length)));
  return [lines[0]!, rule, ...lines.slice(1, -1), rule, lines[lines.length - 1]!];
}
