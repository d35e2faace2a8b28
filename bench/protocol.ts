import type { StageTimings } from '../src/timings.js';

/**
 * What the bench orchestrator (run.ts) and its per-phase child processes (phase.ts) exchange over IPC.
 * Kept as plain JSON so a later mode (e.g. `--jobs N` batch throughput) only adds fields.
 */

/** Most timed runs of one file in one phase when `minMs` asks for more than `runs`. */
export const MAX_RUNS = 50;

/** Names of the measurable phases; see phases.ts for what each one times. */
export type PhaseName = 'raw' | 'full' | 'pdftotext' | 'baseline';

/** Sent by the parent to a freshly forked child: which phase to run over which files. */
export interface PhaseRequest {
  phase: PhaseName;
  /** Absolute paths of the PDFs, in table order. */
  files: string[];
  /** Timed runs per file (the report uses the median). */
  runs: number;
  /**
   * Keep timing a file past `runs` until its runs add up to this many milliseconds (at most
   * {@link MAX_RUNS} runs), so that a file of a few milliseconds gets a median of many runs rather than of
   * three that one GC pause can move. Default 0: exactly `runs`.
   */
  minMs?: number;
  /** Untimed passes over every file before timing (JIT, pdfjs font/CMap caches, OS page cache). */
  warmup: number;
  /** Time file by file on the parent's `{file: index}` messages (see phase.ts serveStepwise). */
  stepwise?: boolean;
  /**
   * Force a full GC (untimed) before every timed run. Off by default: a forced GC also drops V8's compiled
   * regular expressions and cold bytecode and shrinks the young generation, so the next run pays to rebuild
   * them, which no batch does (each file is then timed in the steady state of a batch).
   */
  gcEachRun?: boolean;
}

/** One file's figures in one phase. */
export interface FileTiming {
  file: string;
  /** Page count the phase saw (raw: doc.numPages, full: layout.pageCount), if it knows one. */
  pages?: number;
  /** Wall time of each timed run, ms, in run order. */
  samplesMs: number[];
  /** CPU time (user + system, the whole phase process) of each timed run, ms, in run order. */
  cpuMs?: number[];
  /**
   * Minor page faults of the phase process during each timed run, in run order: fresh memory touched for the
   * first time (on a virtual machine that reclaims idle memory, each costs microseconds).
   */
  faults?: number[];
  /** Stage times of each timed run (full phase: `ParseOptions.timings`), in run order. */
  stages?: StageTimings[];
  /** Set when a run threw; the file's samples are then incomplete and it is left out of totals. */
  error?: string;
  /** Peak RSS of an external process for this file (pdftotext via /usr/bin/time), KiB. */
  externalMaxRssKb?: number;
}

/** Memory figures of one phase child, taken when it has finished all its runs. */
export interface PhaseMemory {
  /** process.resourceUsage().maxRSS of the child: RSS high-water mark over the whole phase, KiB. */
  maxRssKb: number;
  /** process.memoryUsage().heapUsed at the end of the phase, before any forced GC, bytes. */
  heapUsedBytes: number;
  /** heapUsed after a forced full GC (what the phase retains), bytes; undefined without --expose-gc. */
  heapUsedAfterGcBytes?: number;
  /** Largest peak RSS among the external processes the phase ran (pdftotext), KiB. */
  externalMaxRssKb?: number;
}

/** Sent back by the child when the phase is done. */
export interface PhaseResponse {
  phase: PhaseName;
  files: FileTiming[];
  memory: PhaseMemory;
  /** Wall time of the whole child phase (warm-up included), ms. */
  wallMs: number;
  /** Free-form remarks (tool versions, why something was skipped). */
  notes: string[];
}

export function isPhaseRequest(value: unknown): value is PhaseRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.phase === 'string' &&
    Array.isArray(v.files) &&
    typeof v.runs === 'number' &&
    typeof v.warmup === 'number'
  );
}

/** Sent to a batch child (`--jobs`): convert these files with N workers. */
export interface BatchRequest {
  jobs: number;
  files: string[];
  /** Untimed whole runs before the timed one. */
  warmup: number;
}

/** Figures of one worker slot in a batch run. */
export interface BatchWorkerFigures {
  tasks: number;
  /** Workers started in the slot (1 + replacements). */
  started: number;
  /** Largest V8 heap (total heap size) after a document, MiB. */
  peakHeapMb: number;
  /** Largest external memory (array buffers) after a document, MiB. */
  peakExternalMb: number;
  busyMs: number;
}

/** Reply of a batch child. */
export interface BatchResponse {
  jobs: number;
  /** Wall time of the timed run (find inputs, convert, write outputs, assemble CSVs), ms. */
  wallMs: number;
  documents: number;
  failed: number;
  pages: number;
  workers: BatchWorkerFigures[];
  /** Peak RSS of the whole child process (main thread + all workers), KiB. */
  maxRssKb: number;
  /** CPU time (user + system) of the child process during the timed run, all threads, ms. */
  cpuMs: number;
  /** 1-minute load average before and after the timed run (other work on the machine skews wall times). */
  load: [number, number];
}
