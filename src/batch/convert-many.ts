/**
 * `convertMany`: parse many inputs on a worker pool and yield each result as soon as it is ready.
 */
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { BudgetDocument } from '../model/schema.js';
import type { ParseOptions } from '../parse.js';
import { WorkerPool, type WorkerSlotStats } from './pool.js';
import type { BatchError, DocumentStats } from './protocol.js';

/** An input: a file path, or bytes with a name. */
export type BatchInput = string | { name: string; bytes: Uint8Array };

/** Options of `convertMany`. */
export interface ConvertManyOptions extends Omit<ParseOptions, 'filename'> {
  /** Inputs parsed at the same time, each in its own worker thread (default: os.availableParallelism()). */
  concurrency?: number;
  /** Time limit per input in seconds (default 120; 0: none). A timed-out input fails with code `timeout`. */
  timeout?: number;
  /** V8 heap cap per worker in MiB (default: Node's); an input that exceeds it fails with `out-of-memory`. */
  maxMemoryMb?: number;
  /** Yield results in input order instead of as they finish (default false). */
  ordered?: boolean;
  /** Called once the pool has stopped, with per-worker figures. */
  onStats?: (stats: WorkerSlotStats[]) => void;
}

/** One result of `convertMany`. */
export interface BatchResult {
  /** The input as given (a path, or the name of an in-memory input). */
  input: string;
  /** Position of the input in the list (0-based). */
  index: number;
  ok: boolean;
  /** The document, when `ok`. */
  document?: BudgetDocument;
  /** Why it failed, when not `ok`: a `BudgetIngestError` code or `timeout` / `out-of-memory` / `worker-crashed`. */
  error?: BatchError;
  /** Counts (tables, diagnostics by severity, pages), when `ok`. */
  stats?: DocumentStats;
  /** Time spent on the input, ms. */
  ms: number;
}

/**
 * Parse many inputs (PDF, markdown, TSV/CSV, HTML) with bounded concurrency on worker threads; an async
 * iterator of results. A failing, hanging or crashing input yields `{ok: false, error}` and the others go
 * on. Breaking out of the loop stops the workers.
 *
 * ```ts
 * for await (const r of convertMany(['a.pdf', 'b.md'], { concurrency: 4 }))
 *   if (r.ok) console.log(r.input, r.document?.summary.revenue_total?.yuan);
 *   else console.error(r.input, r.error?.code, r.error?.message);
 * ```
 */
export async function* convertMany(
  inputs: Iterable<BatchInput>,
  options: ConvertManyOptions = {},
): AsyncGenerator<BatchResult, void, undefined> {
  const { concurrency, timeout = 120, maxMemoryMb, ordered = false, onStats, ...parseOptions } = options;
  const list = [...inputs];
  // No more workers than inputs: each one loads the whole parser before its first document.
  const size = Math.max(1, Math.min(concurrency ?? availableParallelism(), list.length));
  const pool = new WorkerPool({
    size,
    timeoutMs: timeout * 1000,
    ...(maxMemoryMb !== undefined ? { maxMemoryMb } : {}),
  });
  // Submit lazily: at most twice the pool size in flight, so huge lists do not queue every input at once.
  const window = pool.size * 2;
  const pending = new Map<number, Promise<BatchResult>>();
  let next = 0;
  let emitted = 0;
  const submit = (index: number): void => {
    const input = list[index]!;
    const name = typeof input === 'string' ? input : input.name;
    const promise = pool
      .run({
        ...(typeof input === 'string' ? { path: input } : { bytes: input.bytes }),
        filename: basename(name),
        file: name,
        options: parseOptions,
        wantDocument: true,
      })
      .then((reply): BatchResult => {
        const result: BatchResult = { input: name, index, ok: reply.ok, ms: reply.ms };
        if (reply.ok) {
          if (reply.document) result.document = reply.document;
          result.stats = reply.stats;
        } else result.error = reply.error;
        return result;
      });
    pending.set(index, promise);
  };
  try {
    while (emitted < list.length) {
      while (next < list.length && pending.size < window) submit(next++);
      if (ordered) {
        const result = await pending.get(emitted)!;
        pending.delete(emitted);
        emitted++;
        yield result;
        continue;
      }
      const result = await Promise.race(pending.values());
      pending.delete(result.index);
      emitted++;
      yield result;
    }
  } finally {
    onStats?.(pool.stats());
    await pool.close();
  }
}
