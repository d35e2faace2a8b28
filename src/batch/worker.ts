/**
 * Batch worker (a piscina task handler on a worker thread): parses one input per task and answers with the
 * document or its serialized outputs. Time-outs, memory limits and crashes are handled by the pool (pool.ts).
 */
import { getHeapStatistics } from 'node:v8';
import { threadId } from 'node:worker_threads';
import { asBudgetIngestError, type ParseResult, parse, parseFile } from '../parse.js';
import { emitDocument } from './emit.js';
import type { BatchErrorCode, DocumentStats, WorkerMemory, WorkerReply, WorkerTask } from './protocol.js';

// Never let a worker write to the process's stdout (it may carry data: `--out -`): anything goes to stderr.
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;

const MB = 1024 * 1024;

function memory(): WorkerMemory {
  const heap = getHeapStatistics();
  return {
    heapUsedMb: heap.used_heap_size / MB,
    heapTotalMb: heap.total_heap_size / MB,
    externalMb: heap.external_memory / MB,
  };
}

function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024))
    .toString('latin1')
    .includes('%PDF-');
}

async function run(task: WorkerTask): Promise<ParseResult> {
  const options = { ...task.options, filename: task.filename };
  if (task.path !== undefined) return parseFile(task.path, options);
  const bytes = task.bytes ?? new Uint8Array();
  if (options.format === 'pdf' || (options.format === undefined && isPdf(bytes))) {
    const { parsePdf } = await import('../parse-pdf.js');
    return parsePdf(bytes, options);
  }
  return parse(bytes, options);
}

/** Counts of a document's diagnostics, in all and by rule. */
function statsOf(result: ParseResult): DocumentStats {
  const { diagnostics } = result.document;
  const count = (severity: string) => diagnostics.filter((d) => d.severity === severity).length;
  const rules = (severity: string) => {
    const out: Record<string, number> = {};
    for (const d of diagnostics) if (d.severity === severity) out[d.ruleId] = (out[d.ruleId] ?? 0) + 1;
    return out;
  };
  return {
    tables: result.document.tables.length,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
    pages: result.layout.pageCount ?? null,
    errorRules: rules('error'),
    warningRules: rules('warning'),
  };
}

/** Parse one input: the reply carries the stats and, as asked, the outputs or the document. */
export default async function convertTask(task: WorkerTask): Promise<WorkerReply> {
  task.startPort?.postMessage({ threadId });
  task.startPort?.close();
  const started = performance.now();
  try {
    const result = await run(task);
    const { document } = result;
    const reply: WorkerReply = {
      id: task.id,
      ok: true,
      ms: performance.now() - started,
      sha256: document.origin.sha256,
      stats: statsOf(result),
      memory: memory(),
      threadId,
    };
    if (task.emit)
      reply.emitted = emitDocument(document, task.file, task.emit.name, task.emit.pretty, task.emit.csv);
    if (task.wantDocument) reply.document = document;
    return reply;
  } catch (error) {
    const wrapped = asBudgetIngestError(error, task.filename);
    return {
      id: task.id,
      ok: false,
      ms: performance.now() - started,
      error: { code: wrapped.code as BatchErrorCode, message: wrapped.message },
      memory: memory(),
    };
  }
}
