/**
 * The worker pool of batch conversion: piscina threads, one input per task, with what piscina does not do
 * by itself — a time limit per task counted from the moment its worker starts it (not while it waits or
 * while a fresh worker loads its modules), a V8 heap cap per worker (piscina's `resourceLimits`), and every
 * failure turned into a reply with a stable code. A worker that times out, runs out of memory or crashes is
 * replaced by piscina; the other tasks go on.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import type { BatchError, WorkerReply, WorkerStarted, WorkerTask } from './protocol.js';

/** Options of a `WorkerPool`. */
export interface PoolOptions {
  /** Number of workers (default: os.availableParallelism()). */
  size?: number;
  /** Time limit per task in ms; 0 or absent: none. */
  timeoutMs?: number;
  /** V8 old-generation heap cap per worker, MiB (worker resourceLimits); absent: Node's default. */
  maxMemoryMb?: number;
  /** Worker module (default: ./worker.js beside this module). A `.ts` module is loaded through tsx. */
  workerUrl?: URL;
}

/** Figures about one worker slot over the pool's life. */
export interface WorkerSlotStats {
  /** Slot number (0-based). */
  slot: number;
  /** Tasks answered (converted or failed by the parser). */
  tasks: number;
  /** Workers started in this slot (1 + replacements after a time-out or crash). */
  started: number;
  /** Largest V8 heap (total heap size) reported after a task, MiB. */
  peakHeapMb: number;
  /** Largest external memory (array buffers: PDF bytes …) reported after a task, MiB. */
  peakExternalMb: number;
  /** Time spent on tasks, ms. */
  busyMs: number;
}

type Task = Omit<WorkerTask, 'id' | 'startPort'>;

interface Job {
  id: number;
  task: Task;
  resolve: (reply: WorkerReply) => void;
  controller: AbortController;
  started: number;
}

interface Slot {
  stats: WorkerSlotStats;
  /** Thread now serving the slot; undefined once it was stopped (its replacement takes the slot). */
  threadId: number | undefined;
}

/**
 * The worker module: the one beside this module (worker.js when built, worker.ts under tsx), unless
 * `BUDGET_INGEST_WORKER` names another (a URL or path; the test suite points it at the built worker so each
 * worker thread does not compile the sources again).
 */
function defaultWorkerUrl(): URL {
  const chosen = process.env.BUDGET_INGEST_WORKER;
  if (chosen) return chosen.startsWith('file:') ? new URL(chosen) : pathToFileURL(chosen);
  return new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
}

/**
 * The module piscina loads. A `.ts` worker (tests, `tsx src/cli/bin.ts`) is loaded through a small shim
 * that registers tsx inside the worker first: Node 20 applies neither the parent's loader nor an `--import`
 * of tsx to the ES modules a worker imports (a dynamic `import()` of a `.ts` file there fails).
 */
function workerFilename(url: URL): string {
  if (!url.pathname.endsWith('.ts')) return url.href;
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(
    /\.cjs$/,
    '.mjs',
  );
  const code = `import { register } from ${JSON.stringify(api)};\nregister();\nexport default (await import(${JSON.stringify(url.href)})).default;\n`;
  const shim = join(
    tmpdir(),
    `budget-ingest-worker-${createHash('sha256').update(code).digest('hex').slice(0, 12)}.mjs`,
  );
  writeFileSync(shim, code);
  return pathToFileURL(shim).href;
}

/** How long a task may wait for its worker to start it (a fresh worker loads its modules first). */
const STARTUP_LIMIT_MS = 60_000;

const zeroMemory = { heapUsedMb: 0, heapTotalMb: 0, externalMb: 0 };

/** Why piscina rejected a task, as a stable batch error. */
function failureOf(error: unknown, reason: unknown, limits: PoolOptions): BatchError {
  if (reason === 'timeout')
    return {
      code: 'timeout',
      message: `no result within ${(limits.timeoutMs ?? 0) / 1000} s (time limit per document): the worker was stopped`,
    };
  if (reason === 'startup')
    return {
      code: 'worker-crashed',
      message: `the worker did not start within ${STARTUP_LIMIT_MS / 1000} s`,
    };
  if (reason === 'closed') return { code: 'interrupted', message: 'the run was stopped' };
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'ERR_WORKER_OUT_OF_MEMORY')
    return {
      code: 'out-of-memory',
      message: `the worker ran out of memory (limit ${limits.maxMemoryMb ?? 'default'} MB heap)`,
    };
  if (message?.startsWith('worker exited with code'))
    return { code: 'worker-crashed', message: `the ${message.replace(/^worker/, 'worker thread')}` };
  return { code: 'worker-crashed', message: `the worker crashed: ${message ?? String(error)}` };
}

/**
 * piscina, required when the first pool starts, not imported: a bundle of `parse` / `parseFile` then carries
 * no worker-thread code (piscina is CommonJS and requires `node:worker_threads`, which an ES module bundle
 * cannot), and batch conversion keeps working from the installed package.
 */
function loadPiscina(): typeof Piscina {
  return (createRequire(import.meta.url)('piscina') as typeof import('piscina')).Piscina;
}

/** A pool of parse workers. Call `close()` when done. */
export class WorkerPool {
  readonly size: number;
  private readonly options: PoolOptions;
  private readonly piscina: Piscina<WorkerTask, WorkerReply>;
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private readonly running = new Set<Job>();
  private nextId = 1;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.options = options;
    this.size = Math.max(1, Math.floor(options.size ?? availableParallelism()));
    const url = options.workerUrl ?? defaultWorkerUrl();
    const PiscinaPool = loadPiscina();
    this.piscina = new PiscinaPool<WorkerTask, WorkerReply>({
      filename: workerFilename(url),
      minThreads: this.size,
      maxThreads: this.size,
      idleTimeout: Number.POSITIVE_INFINITY,
      // Tasks are async (pdfjs): no Atomics.wait between them, the worker's event loop keeps running.
      atomics: 'disabled',
      ...(options.maxMemoryMb ? { resourceLimits: { maxOldGenerationSizeMb: options.maxMemoryMb } } : {}),
    });
    // Errors of idle workers have no task to fail: the worker is replaced, nothing else to do.
    this.piscina.on('error', () => {});
    this.slots = Array.from({ length: this.size }, (_, slot) => ({
      threadId: undefined,
      stats: { slot, tasks: 0, started: 0, peakHeapMb: 0, peakExternalMb: 0, busyMs: 0 },
    }));
  }

  /** Per-slot figures (tasks, restarts, peak heap). */
  stats(): WorkerSlotStats[] {
    return this.slots.map((slot) => ({ ...slot.stats }));
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this.queue.length + this.running.size;
  }

  /** Run one task; never rejects: failures come back as `{ok: false, error}`. */
  run(task: Task): Promise<WorkerReply> {
    return new Promise((resolve) => {
      const job: Job = { id: this.nextId++, task, resolve, controller: new AbortController(), started: 0 };
      if (this.closed) {
        resolve(this.failure(job, { code: 'interrupted', message: 'the pool was closed' }));
        return;
      }
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Stop every worker; queued and running tasks resolve as `interrupted`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0))
      job.resolve(this.failure(job, { code: 'interrupted', message: 'the run was stopped' }));
    for (const job of this.running) job.controller.abort('closed');
    await this.piscina.destroy().catch(() => undefined);
  }

  private failure(job: Job, error: BatchError): WorkerReply {
    return {
      id: job.id,
      ok: false,
      ms: job.started ? performance.now() - job.started : 0,
      error,
      memory: zeroMemory,
    };
  }

  /** The slot of a thread: its own, or the slot a stopped thread left (its replacement). */
  private slotOf(threadId: number): Slot {
    let slot = this.slots.find((s) => s.threadId === threadId);
    if (!slot) {
      slot =
        this.slots.find((s) => s.threadId === undefined && s.stats.started === 0) ??
        this.slots.find((s) => s.threadId === undefined) ??
        this.slots[0]!;
      slot.threadId = threadId;
      slot.stats.started++;
    }
    return slot;
  }

  /** Hand queued tasks to piscina while fewer than `size` run, so each starts on a worker at once. */
  private dispatch(): void {
    while (!this.closed && this.queue.length && this.running.size < this.size) {
      const job = this.queue.shift()!;
      this.running.add(job);
      this.start(job);
    }
  }

  private start(job: Job): void {
    const { port1, port2 } = new MessageChannel();
    let slot: Slot | undefined;
    let timer = setTimeout(() => job.controller.abort('startup'), STARTUP_LIMIT_MS);
    port1.on('message', (started: WorkerStarted) => {
      job.started = performance.now();
      slot = this.slotOf(started.threadId);
      clearTimeout(timer);
      const limit = this.options.timeoutMs ?? 0;
      if (limit > 0) timer = setTimeout(() => job.controller.abort('timeout'), limit);
    });
    const finish = (reply: WorkerReply, lostWorker: boolean) => {
      clearTimeout(timer);
      port1.close();
      this.running.delete(job);
      // The reply may arrive before the start message: the reply names its thread too.
      if (!slot && reply.ok && reply.threadId !== undefined) slot = this.slotOf(reply.threadId);
      if (slot) {
        if (reply.ok || !lostWorker) slot.stats.tasks++;
        slot.stats.peakHeapMb = Math.max(slot.stats.peakHeapMb, reply.memory.heapTotalMb);
        slot.stats.peakExternalMb = Math.max(slot.stats.peakExternalMb, reply.memory.externalMb);
        if (job.started) slot.stats.busyMs += performance.now() - job.started;
        if (lostWorker) slot.threadId = undefined;
      }
      job.resolve(reply);
      this.dispatch();
    };
    this.piscina
      .run(
        { ...job.task, id: job.id, startPort: port2 },
        { transferList: [port2], signal: job.controller.signal },
      )
      .then(
        (reply) => finish({ ...reply, id: job.id }, false),
        (error: unknown) => {
          const reason: unknown = job.controller.signal.aborted ? job.controller.signal.reason : undefined;
          finish(this.failure(job, failureOf(error, reason, this.options)), true);
        },
      );
  }
}
