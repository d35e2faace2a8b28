/**
 * A small worker pool over node:worker_threads: one input per task, a time limit per task and a V8 heap cap
 * per worker. A worker that times out, runs out of memory or crashes fails its task with the reason and is
 * replaced; the other tasks go on.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BatchError, WorkerReply, WorkerTask } from './protocol.js';

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

type Task = Omit<WorkerTask, 'id'>;

interface Job {
  id: number;
  task: Task;
  resolve: (reply: WorkerReply) => void;
  started: number;
}

interface Slot {
  worker: Worker | undefined;
  /** The worker has loaded its modules (said `{ready: true}`); time limits count from then. */
  ready: boolean;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
  stats: WorkerSlotStats;
}

const require = createRequire(import.meta.url);

function defaultWorkerUrl(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
}

/**
 * How to start a worker module: a `.ts` module (tests, `tsx src/cli/bin.ts`) starts from a one-line script
 * that registers tsx inside the worker first (Node 20 applies neither the parent's loader nor an `--import`
 * of tsx to a worker's modules).
 */
function workerEntry(url: URL): { entry: URL | string; eval: boolean } {
  if (!url.pathname.endsWith('.ts')) return { entry: url, eval: false };
  const api = pathToFileURL(require.resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return { entry: code, eval: true };
}

/** How long a new worker may take to load its modules. */
const STARTUP_LIMIT_MS = 60_000;

const zeroMemory = { heapUsedMb: 0, heapTotalMb: 0, externalMb: 0 };

/** A pool of parse workers. Call `close()` when done (idle workers keep the process alive). */
export class WorkerPool {
  readonly size: number;
  private readonly options: PoolOptions;
  private readonly url: URL;
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.options = options;
    this.size = Math.max(1, Math.floor(options.size ?? availableParallelism()));
    this.url = options.workerUrl ?? defaultWorkerUrl();
    this.slots = Array.from({ length: this.size }, (_, slot) => ({
      worker: undefined,
      ready: false,
      job: undefined,
      timer: undefined,
      stats: { slot, tasks: 0, started: 0, peakHeapMb: 0, peakExternalMb: 0, busyMs: 0 },
    }));
  }

  /** Per-slot figures (tasks, restarts, peak heap). */
  stats(): WorkerSlotStats[] {
    return this.slots.map((slot) => ({ ...slot.stats }));
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this.queue.length + this.slots.filter((slot) => slot.job).length;
  }

  /** Run one task; never rejects: failures come back as `{ok: false, error}`. */
  run(task: Task): Promise<WorkerReply> {
    return new Promise((resolve) => {
      const job: Job = { id: this.nextId++, task, resolve, started: 0 };
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
    this.closed = true;
    for (const job of this.queue.splice(0))
      job.resolve(this.failure(job, { code: 'interrupted', message: 'the run was stopped' }));
    const terminations: Promise<unknown>[] = [];
    for (const slot of this.slots) {
      if (slot.job)
        this.settle(slot, this.failure(slot.job, { code: 'interrupted', message: 'the run was stopped' }));
      const worker = slot.worker;
      slot.worker = undefined;
      if (worker) terminations.push(worker.terminate());
    }
    await Promise.allSettled(terminations);
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

  private spawn(slot: Slot): Worker {
    const { entry, eval: isEval } = workerEntry(this.url);
    const worker = new Worker(entry, {
      eval: isEval,
      ...(this.options.maxMemoryMb
        ? { resourceLimits: { maxOldGenerationSizeMb: this.options.maxMemoryMb } }
        : {}),
      // Never let a worker write to our stdout (it may carry data): both streams go to stderr.
      stdout: true,
      stderr: true,
    });
    const toStderr = (chunk: Buffer) => process.stderr.write(chunk);
    worker.stdout.on('data', toStderr);
    worker.stderr.on('data', toStderr);
    slot.stats.started++;
    worker.on('message', (reply: WorkerReply | { ready: true }) => {
      if (slot.worker !== worker) return;
      if ('ready' in reply) {
        slot.ready = true;
        if (slot.job) this.startTimer(slot, slot.job);
        return;
      }
      if (!slot.job || reply.id !== slot.job.id) return;
      slot.stats.tasks++;
      slot.stats.peakHeapMb = Math.max(slot.stats.peakHeapMb, reply.memory.heapTotalMb);
      slot.stats.peakExternalMb = Math.max(slot.stats.peakExternalMb, reply.memory.externalMb);
      this.settle(slot, reply);
      this.dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (slot.worker !== worker) return;
      const oom = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.retire(
        slot,
        oom
          ? {
              code: 'out-of-memory',
              message: `the worker ran out of memory (limit ${this.options.maxMemoryMb ?? 'default'} MB heap)`,
            }
          : { code: 'worker-crashed', message: `the worker crashed: ${error.message}` },
      );
    });
    worker.on('exit', (code) => {
      if (slot.worker !== worker) return;
      this.retire(slot, { code: 'worker-crashed', message: `the worker exited with code ${code}` });
    });
    return worker;
  }

  /** Resolve the slot's job and free the slot. */
  private settle(slot: Slot, reply: WorkerReply): void {
    const job = slot.job;
    if (!job) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
    slot.stats.busyMs += performance.now() - job.started;
    job.resolve(reply);
  }

  /** Fail the slot's job (if any) with `error`, drop its worker and go on with a fresh one. */
  private retire(slot: Slot, error: BatchError): void {
    const worker = slot.worker;
    slot.worker = undefined;
    slot.ready = false;
    if (worker) void worker.terminate().catch(() => undefined);
    if (slot.job) this.settle(slot, this.failure(slot.job, error));
    if (!this.closed) this.dispatch();
  }

  private startTimer(slot: Slot, job: Job, limitMs = this.options.timeoutMs ?? 0, startup = false): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    if (!limitMs || limitMs <= 0) return;
    slot.timer = setTimeout(() => {
      if (slot.job !== job) return;
      this.retire(
        slot,
        startup
          ? { code: 'worker-crashed', message: `the worker did not start within ${limitMs / 1000} s` }
          : {
              code: 'timeout',
              message: `no result within ${limitMs / 1000} s (time limit per document): the worker was stopped`,
            },
      );
    }, limitMs);
  }

  private dispatch(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker ??= this.spawn(slot);
      job.started = performance.now();
      // A fresh worker first loads its modules: the time limit starts once it is ready (a worker that never
      // gets ready is caught by the start-up limit).
      if (slot.ready) this.startTimer(slot, job);
      else this.startTimer(slot, job, Math.max(STARTUP_LIMIT_MS, this.options.timeoutMs ?? 0), true);
      slot.worker.postMessage({ ...job.task, id: job.id } satisfies WorkerTask);
    }
  }
}
