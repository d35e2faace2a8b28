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
 * One timed run of `timing.file`, preceded by a forced GC (untimed) when `gcEachRun`: its wall and CPU time
 * and stage times are appended to `timing`. Returns the run's milliseconds, or undefined when it threw (then
 * `timing.error` says why).
 */
async function timeOneRun(
  name: PhaseName,
  timing: FileTiming,
  gcEachRun: boolean,
): Promise<number | undefined> {
  if (gcEachRun) collect();
  const faults0 = process.resourceUsage().minorPageFault;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const info = await PHASES[name].runOnce(timing.file);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    timing.samplesMs.push(ms);
    timing.cpuMs?.push((cpu.user + cpu.system) / 1000);
    timing.faults?.push(process.resourceUsage().minorPageFault - faults0);
    if (info.pages !== undefined) timing.pages = info.pages;
    if (info.stages) {
      timing.stages ??= [];
      timing.stages.push(info.stages);
    }
    return ms;
  } catch (err) {
    timing.error = message(err);
    return undefined;
  }
}

/** The external process's peak RSS for the file (pdftotext), probed once after its runs. */
function probeExternal(name: PhaseName, timing: FileTiming): void {
  const ext = PHASES[name].externalMaxRssKb?.(timing.file);
  if (ext !== undefined) timing.externalMaxRssKb = ext;
}

/** Timed runs of one file back to back: `runs`, then more until they add up to `minMs` (at most MAX_RUNS). */
async function measureFile(name: PhaseName, file: string, request: PhaseRequest): Promise<FileTiming> {
  const { runs, minMs = 0 } = request;
  const timing: FileTiming = { file, samplesMs: [], cpuMs: [], faults: [] };
  let spent = 0;
  for (let r = 0; r < runs || (spent < minMs && r < MAX_RUNS); r++) {
    const ms = await timeOneRun(name, timing, request.gcEachRun === true);
    if (ms === undefined) break;
    spent += ms;
  }
  probeExternal(name, timing);
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
 * Stepwise measurement under the parent's control, so that the phases of one file alternate run by run (load
 * that comes and goes on a shared machine then weighs on both sides of a ratio alike): warm up, say `{warm:
 * true}`, then for each `{file: index}` message time ONE run of that file and answer `{ms}` (undefined when it
 * threw), for each `{settle: index}` run it untimed and answer `{settled}`, until `{finish: true}`, answered
 * with the PhaseResponse (files in request order).
 */
function serveStepwise(request: PhaseRequest): void {
  const started = performance.now();
  const timings = new Map<number, FileTiming>();
  process.on('message', (msg: unknown) => {
    const m = msg as { file?: number; settle?: number; finish?: boolean };
    if (typeof m.settle === 'number') {
      // An untimed run of the file about to be timed: it pays for what the previous file left (its garbage).
      PHASES[request.phase].runOnce(request.files[m.settle]!).then(
        () => process.send?.({ settled: true }),
        () => process.send?.({ settled: false }),
      );
    } else if (typeof m.file === 'number') {
      const index = m.file;
      let timing = timings.get(index);
      if (!timing) {
        timing = { file: request.files[index]!, samplesMs: [], cpuMs: [], faults: [] };
        timings.set(index, timing);
      }
      timeOneRun(request.phase, timing, request.gcEachRun === true).then(
        (ms) => process.send?.({ ms }),
        fail,
      );
    } else if (m.finish) {
      const files = [...timings.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
      for (const timing of files) probeExternal(request.phase, timing);
      process.send?.(respond(request, files, started), () => process.exit(0));
    }
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
