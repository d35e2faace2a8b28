/**
 * Messages between the batch worker pool (main thread) and its workers (worker.ts). Plain structured-clone
 * data only.
 */
import type { CsvOptions } from '../emit/csv.js';
import type { BudgetDocument } from '../model/schema.js';
import type { ParseOptions } from '../parse.js';

/** Error codes of a failed batch input: the library's own plus what the pool itself detects. */
export type BatchErrorCode =
  | import('../errors.js').ErrorCode
  | 'timeout'
  | 'out-of-memory'
  | 'worker-crashed'
  | 'interrupted';

/** Why an input failed. */
export interface BatchError {
  code: BatchErrorCode;
  message: string;
}

/** Ask the CLI-side worker to serialize the outputs too (so the main thread only writes files). */
export interface EmitRequest {
  /** Output base name (for the diagnostics lines). */
  name: string;
  /** Indent the JSON. */
  pretty: boolean;
  /** CSV writing options (formula neutralization). */
  csv?: CsvOptions;
}

/** What a worker says on the task's `startPort` as it starts the task (time limits count from then). */
export interface WorkerStarted {
  threadId: number;
}

/** One unit of work. */
export interface WorkerTask {
  id: number;
  /** Port the worker posts `WorkerStarted` to when it begins the task. */
  startPort?: import('node:worker_threads').MessagePort;
  /** File to read, or absent when `bytes` are given. */
  path?: string;
  /** The input itself (stdin, in-memory inputs). */
  bytes?: Uint8Array;
  /** Name recorded in `origin.filename` and messages. */
  filename: string;
  /** Name for the `file` column of the CSVs. */
  file: string;
  options: ParseOptions;
  /** Return serialized outputs instead of the document object. */
  emit?: EmitRequest;
  /** Return the document object (the library API). */
  wantDocument: boolean;
}

/** Outputs serialized in the worker. */
export interface Emitted {
  /** The document as JSON (one line unless pretty), with a final newline. */
  json: string;
  /** The summary.csv line, with a final newline. */
  summaryCsv: string;
  /** The tables.csv lines, each ending in a newline ('' when none). */
  tablesCsv: string;
  /** The diagnostics.jsonl lines ('' when none). */
  diagnosticsJsonl: string;
}

/** Counts about a converted document. */
export interface DocumentStats {
  tables: number;
  errors: number;
  warnings: number;
  infos: number;
  pages: number | null;
  /** Error diagnostics by rule id (for `--fail-on` reports). */
  errorRules?: Record<string, number>;
  /** Warning diagnostics by rule id. */
  warningRules?: Record<string, number>;
}

/** Memory of a worker's V8 isolate after a task, MiB. */
export interface WorkerMemory {
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

/** A worker's answer. */
export type WorkerReply =
  | {
      id: number;
      ok: true;
      ms: number;
      stats: DocumentStats;
      sha256: string;
      document?: BudgetDocument;
      emitted?: Emitted;
      memory: WorkerMemory;
      /** The worker thread that answered. */
      threadId?: number;
    }
  | { id: number; ok: false; ms: number; error: BatchError; memory: WorkerMemory };
