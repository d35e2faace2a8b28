/**
 * Batch worker (node:worker_threads): parses one input per message and answers with the document or its
 * serialized outputs. Crashes, time-outs and memory limits are handled by the pool (pool.ts).
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { asBudgetIngestError, type ParseResult, parse, parseFile } from '../parse.js';
import { emitDocument } from './emit.js';
import type { BatchErrorCode, WorkerMemory, WorkerReply, WorkerTask } from './protocol.js';

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

parentPort?.on('message', async (task: WorkerTask) => {
  const started = performance.now();
  let reply: WorkerReply;
  try {
    const result = await run(task);
    const { document } = result;
    const count = (severity: string) => document.diagnostics.filter((d) => d.severity === severity).length;
    reply = {
      id: task.id,
      ok: true,
      ms: performance.now() - started,
      sha256: document.origin.sha256,
      stats: {
        tables: document.tables.length,
        errors: count('error'),
        warnings: count('warning'),
        infos: count('info'),
        pages: result.layout.pageCount ?? null,
      },
      memory: memory(),
    };
    if (task.emit) reply.emitted = emitDocument(document, task.file, task.emit.name, task.emit.pretty);
    if (task.wantDocument) reply.document = document;
  } catch (error) {
    const wrapped = asBudgetIngestError(error, task.filename);
    reply = {
      id: task.id,
      ok: false,
      ms: performance.now() - started,
      error: { code: wrapped.code as BatchErrorCode, message: wrapped.message },
      memory: memory(),
    };
  }
  parentPort?.postMessage(reply);
});

// Modules are loaded: time limits count from here.
parentPort?.postMessage({ ready: true });
