/**
 * `npm run bench -- --jobs 1,2`: batch throughput of `budget-ingest convert` (documents/s, pages/s) for each
 * worker count, each in a fresh child process so its peak RSS is its own, plus each worker's peak heap.
 */
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { compiledBenchModule } from './compiled.js';
import { ROOT } from './options.js';
import type { BatchRequest, BatchResponse } from './protocol.js';
import { alignTable } from './report.js';

function runChild(request: BatchRequest): Promise<BatchResponse> {
  return new Promise((resolve, reject) => {
    const child = fork(compiledBenchModule('batch-child'), [], {
      cwd: ROOT,
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let response: BatchResponse | undefined;
    child.on('message', (msg: unknown) => {
      if (typeof msg === 'object' && msg !== null && 'ready' in msg) child.send(request);
      else response = msg as BatchResponse;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      response
        ? resolve(response)
        : reject(new Error(`batch child (--jobs ${request.jobs}) exited ${signal ?? code}`)),
    );
  });
}

/** Run the batch bench for each worker count; returns the report lines and the figures. */
export async function batchBench(
  files: string[],
  jobsList: number[],
  warmup: number,
): Promise<{ lines: string[]; responses: BatchResponse[] }> {
  const responses: BatchResponse[] = [];
  for (const jobs of jobsList) {
    process.stderr.write(`bench: batch --jobs ${jobs} …\n`);
    responses.push(await runChild({ jobs, files, warmup }));
  }
  const base = responses[0];
  const body: string[][] = [
    [
      '--jobs',
      'docs',
      'failed',
      'pages',
      'wall s',
      'docs/s',
      'pages/s',
      'speed-up',
      'CPU s',
      'pages/CPU-s',
      'CPU efficiency',
      'cores busy',
      'load',
      'peak RSS MB',
      'worker peak heap MB',
      'worker peak external MB',
    ],
  ];
  for (const r of responses) {
    const seconds = r.wallMs / 1000;
    body.push([
      String(r.jobs),
      String(r.documents),
      String(r.failed),
      String(r.pages),
      seconds.toFixed(1),
      (r.documents / seconds).toFixed(2),
      (r.pages / seconds).toFixed(1),
      base ? `${(base.wallMs / r.wallMs).toFixed(2)}x` : '-',
      (r.cpuMs / 1000).toFixed(1),
      (r.pages / (r.cpuMs / 1000)).toFixed(1),
      base ? `${((r.pages / r.cpuMs / (base.pages / base.cpuMs)) * 100).toFixed(0)}%` : '-',
      (r.cpuMs / r.wallMs).toFixed(2),
      `${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)}`,
      (r.maxRssKb / 1024).toFixed(0),
      r.workers.map((w) => w.peakHeapMb.toFixed(0)).join(' / '),
      r.workers.map((w) => w.peakExternalMb.toFixed(0)).join(' / '),
    ]);
  }
  const cores = availableParallelism();
  const last = responses[responses.length - 1];
  const efficiency =
    base && last && last !== base ? last.pages / last.cpuMs / (base.pages / base.cpuMs) : undefined;
  const expect =
    base && efficiency !== undefined
      ? [
          `expected scaling: on N idle cores, --jobs N converts about N × ${(efficiency * 100).toFixed(0)}% × ${(base.pages / (base.wallMs / 1000)).toFixed(1)} pages/s ` +
            `(the --jobs ${last!.jobs} CPU efficiency times the --jobs ${base.jobs} rate), as long as memory allows N workers.`,
        ]
      : [];
  const ceiling = base
    ? [
        '',
        `ceiling: this machine has ${cores} cores and --jobs ${base.jobs} kept ${(base.cpuMs / base.wallMs).toFixed(2)} busy ` +
          `(V8 compiles on background threads), so no worker count can beat ${(cores / (base.cpuMs / base.wallMs)).toFixed(2)}x here.`,
      ]
    : [];
  const lines = [
    `budget-ingest batch bench: ${files.length} files; per worker count a fresh child process, ${warmup} untimed warm-up run(s), then one timed run`,
    '',
    ...alignTable(body),
    ...ceiling,
    ...expect,
    '',
    'wall = one whole `convert` run (find inputs, parse in workers, write JSON/parts, assemble CSVs, run.json);',
    'peak RSS = maxRSS of the child process (main thread + all workers); worker peak heap / external = largest V8',
    'total heap / external memory a worker reported after a document, per worker slot. CPU s = user + system time of',
    'the child (all threads) in the timed run; pages/CPU-s = pages per CPU-second; CPU efficiency = pages/CPU-s against the first',
    'worker count (below 100%: CPU spent on the pool, start-up and copying rather than on documents); cores busy = CPU s / wall s; load = 1-minute load average before → after (other work on the',
    'machine inflates wall times: compare CPU s, and rerun when load exceeds the core count).',
  ];
  return { lines, responses };
}
