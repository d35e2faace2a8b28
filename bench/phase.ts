/**
 * Child-process side of the bench: runs ONE phase over the given files so that the process's RSS
 * high-water mark (process.resourceUsage().maxRSS) belongs to that phase alone.
 *
 * Forked by run.ts with an IPC channel: receives a PhaseRequest message, replies with a PhaseResponse.
 * Can also be run by hand: `node --import tsx --expose-gc bench/phase.ts PHASE [--runs N] [--warmup N] FILE...`
 * prints the PhaseResponse as JSON on stdout.
 */
import { performance } from 'node:perf_hooks';
import { PHASES } from './phases.js';
import {
  type FileTiming,
  isPhaseRequest,
  MAX_RUNS,
  type PhaseName,
  type PhaseRequest,
  type PhaseResponse,
} from './protocol.js';

/** Full GC when the process was started with --expose-gc; a no-op otherwise. */
function collect(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  return true;
}

function message(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Untimed passes over every file (JIT, pdf.js font and CMap caches, OS page cache). */
async function warmUp(request: PhaseRequest): Promise<void> {
  const phase = PHASES[request.phase];
  for (let w = 0; w < request.warmup; w++) {
    for (const file of request.files) {
      try {
        await phase.runOnce(file);
      } catch {
        // reported by the timed runs
      }
    }
  }
}

/**
 * Timed runs of one file back to back — `runs`, then more until they add up to `minMs` (at most MAX_RUNS) —
 * each preceded by a forced GC (untimed) when `gcEachRun`.
 */
async function measureFile(name: PhaseName, file: string, request: PhaseRequest): Promise<FileTiming> {
  const phase = PHASES[name];
  const { runs, minMs = 0 } = request;
  const gcEachRun = request.gcEachRun === true;
  const timing: FileTiming = { file, samplesMs: [], cpuMs: [] };
  let spent = 0;
  for (let r = 0; r < runs || (spent < minMs && r < MAX_RUNS); r++) {
    if (gcEachRun) collect();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    try {
      const info = await phase.runOnce(file);
      const ms = performance.now() - t0;
      spent += ms;
      timing.samplesMs.push(ms);
      const cpu = process.cpuUsage(cpu0);
      timing.cpuMs?.push((cpu.user + cpu.system) / 1000);
      if (info.pages !== undefined) timing.pages = info.pages;
      if (info.stages) {
        timing.stages ??= [];
        timing.stages.push(info.stages);
      }
    } catch (err) {
      timing.error = message(err);
      break;
    }
  }
  const ext = phase.externalMaxRssKb?.(file);
  if (ext !== undefined) timing.externalMaxRssKb = ext;
  return timing;
}

/** The phase's response once every file is measured: timings, memory of this process, notes. */
function respond(request: PhaseRequest, files: FileTiming[], started: number): PhaseResponse {
  const wallMs = performance.now() - started;
  const heapUsedBytes = process.memoryUsage().heapUsed;
  const gcOk = collect();
  const externalMax = files.reduce<number | undefined>(
    (max, t) => (t.externalMaxRssKb === undefined ? max : Math.max(max ?? 0, t.externalMaxRssKb)),
    undefined,
  );
  const memory: PhaseResponse['memory'] = {
    maxRssKb: process.resourceUsage().maxRSS,
    heapUsedBytes,
    ...(gcOk ? { heapUsedAfterGcBytes: process.memoryUsage().heapUsed } : {}),
    ...(externalMax !== undefined ? { externalMaxRssKb: externalMax } : {}),
  };
  return { phase: request.phase, files, memory, wallMs, notes: PHASES[request.phase].notes?.() ?? [] };
}

/**
 * Sequential measurement: `warmup` untimed passes over all files, then for each file `runs` timed runs.
 * (run.ts drives the same steps file by file, alternating the phases; see {@link serveStepwise}.)
 */
export async function measureSequential(request: PhaseRequest): Promise<PhaseResponse> {
  const started = performance.now();
  await warmUp(request);
  const files: FileTiming[] = [];
  for (const file of request.files) files.push(await measureFile(request.phase, file, request));
  return respond(request, files, started);
}

/**
 * Stepwise measurement under the parent's control, so that the phases of one file run close together in time
 * (on a busy machine, load that comes and goes then weighs on both sides of a ratio alike): warm up, say
 * `{warm: true}`, then time the file of each `{file: index}` message and answer `{timing}`, until `{finish:
 * true}`, answered with the PhaseResponse.
 */
function serveStepwise(request: PhaseRequest): void {
  const started = performance.now();
  const files: FileTiming[] = [];
  process.on('message', (msg: unknown) => {
    const m = msg as { file?: number; finish?: boolean };
    if (typeof m.file === 'number') {
      measureFile(request.phase, request.files[m.file]!, request).then((timing) => {
        files.push(timing);
        process.send?.({ timing });
      }, fail);
    } else if (m.finish) process.send?.(respond(request, files, started), () => process.exit(0));
  });
  warmUp(request).then(() => process.send?.({ warm: true }), fail);
}

function fail(err: unknown): never {
  console.error(message(err));
  process.exit(1);
}

/** Parse `PHASE [--runs N] [--min-ms N] [--warmup N] [--gc-each-run] FILE...` for hand use. */
function requestFromArgv(argv: string[]): PhaseRequest {
  const [phase, ...rest] = argv;
  if (!phase || !(phase in PHASES)) {
    throw new Error(
      `usage: phase.ts (${Object.keys(PHASES).join('|')}) [--runs N] [--min-ms N] [--warmup N] [--gc-each-run] FILE...`,
    );
  }
  const request: PhaseRequest = { phase: phase as PhaseName, files: [], runs: 3, warmup: 1 };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--runs' || arg === '--warmup' || arg === '--min-ms') {
      const n = Number(rest[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${arg} needs a whole number`);
      request[arg === '--runs' ? 'runs' : arg === '--warmup' ? 'warmup' : 'minMs'] = n;
    } else if (arg === '--gc-each-run') request.gcEachRun = true;
    else request.files.push(arg);
  }
  return request;
}

async function main(): Promise<void> {
  if (process.send) {
    // Handshake: say we are listening, then take the request (no race with an early parent message).
    process.once('message', (msg: unknown) => {
      if (!isPhaseRequest(msg)) {
        console.error('phase.ts: not a PhaseRequest');
        process.exit(2);
      }
      if (msg.stepwise) {
        serveStepwise(msg);
        return;
      }
      measureSequential(msg).then(
        (response) => process.send?.(response, () => process.exit(0)),
        (err: unknown) => {
          console.error(message(err));
          process.exit(1);
        },
      );
    });
    process.send({ ready: true });
    return;
  }
  const response = await measureSequential(requestFromArgv(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(response, null, 2)}\n`);
}

await main();
