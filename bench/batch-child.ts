/**
 * Child side of `npm run bench -- --jobs N,M`: converts the given files with the batch engine (the same code
 * as `budget-ingest convert`) using N workers, once untimed (warm-up: OS page cache,
 * worker start-up paths) and once timed, into a temporary folder; replies with the figures over IPC.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
// The engine compiled beside this module (.bench-build/, see compiled.ts): what `budget-ingest convert` runs.
import { runBatch } from '../src/batch/run.js';
import type { BatchRequest, BatchResponse } from './protocol.js';

async function measure(request: BatchRequest): Promise<BatchResponse> {
  const run = async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-batch-'));
    try {
      return await runBatch({ inputs: request.files, out, jobs: request.jobs, timeout: 600 });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  };
  for (let w = 0; w < request.warmup; w++) await run();
  const loadBefore = loadavg()[0]!;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const report = await run();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    jobs: request.jobs,
    wallMs,
    documents: report.counts.converted,
    failed: report.counts.failed,
    pages: report.rate.pages,
    workers: report.workers.map((w) => ({
      tasks: w.tasks,
      started: w.started,
      peakHeapMb: w.peakHeapMb,
      peakExternalMb: w.peakExternalMb,
      busyMs: w.busyMs,
    })),
    maxRssKb: process.resourceUsage().maxRSS,
    cpuMs: (cpu.user + cpu.system) / 1000,
    load: [loadBefore, loadavg()[0]!],
  };
}

process.once('message', (msg: unknown) => {
  measure(msg as BatchRequest).then(
    (response) => process.send?.(response, () => process.exit(0)),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
});
process.send?.({ ready: true });
