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

/**
 * Sequential measurement: `warmup` untimed passes over all files, then for each file `runs` timed runs
 * back to back, each preceded by a forced GC (untimed) so one run's garbage is not billed to the next.
 * A batch `--jobs N` mode would be a sibling of this function over the same Phase.runOnce.
 */
export async function measureSequential(request: PhaseRequest): Promise<PhaseResponse> {
  const phase = PHASES[request.phase];
  const started = performance.now();
  for (let w = 0; w < request.warmup; w++) {
    for (const file of request.files) {
      try {
        await phase.runOnce(file);
      } catch {
        // reported by the timed runs
      }
    }
  }
  const files: FileTiming[] = [];
  let externalMax: number | undefined;
  for (const file of request.files) {
    const timing: FileTiming = { file, samplesMs: [] };
    for (let r = 0; r < request.runs; r++) {
      collect();
      const t0 = performance.now();
      try {
        const info = await phase.runOnce(file);
        timing.samplesMs.push(performance.now() - t0);
        if (info.pages !== undefined) timing.pages = info.pages;
      } catch (err) {
        timing.error = message(err);
        break;
      }
    }
    const ext = phase.externalMaxRssKb?.(file);
    if (ext !== undefined) {
      timing.externalMaxRssKb = ext;
      externalMax = Math.max(externalMax ?? 0, ext);
    }
    files.push(timing);
  }
  const wallMs = performance.now() - started;
  const heapUsedBytes = process.memoryUsage().heapUsed;
  const gcOk = collect();
  const memory: PhaseResponse['memory'] = {
    maxRssKb: process.resourceUsage().maxRSS,
    heapUsedBytes,
    ...(gcOk ? { heapUsedAfterGcBytes: process.memoryUsage().heapUsed } : {}),
    ...(externalMax !== undefined ? { externalMaxRssKb: externalMax } : {}),
  };
  return { phase: request.phase, files, memory, wallMs, notes: phase.notes?.() ?? [] };
}

/** Parse `PHASE [--runs N] [--warmup N] FILE...` for hand use. */
function requestFromArgv(argv: string[]): PhaseRequest {
  const [phase, ...rest] = argv;
  if (!phase || !(phase in PHASES)) {
    throw new Error(`usage: phase.ts (${Object.keys(PHASES).join('|')}) [--runs N] [--warmup N] FILE...`);
  }
  const request: PhaseRequest = { phase: phase as PhaseName, files: [], runs: 3, warmup: 1 };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--runs' || arg === '--warmup') {
      const n = Number(rest[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${arg} needs a whole number`);
      request[arg === '--runs' ? 'runs' : 'warmup'] = n;
    } else request.files.push(arg);
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
