/**
 * `npm run bench`: for the same PDFs in one run, time raw pdfjs getTextContent, this library's full
 * parseFile (PDF → layout → model) and `pdftotext -layout` (when on PATH); pages/s, full/raw ratio,
 * and each phase's peak RSS / heap, each phase in a fresh child process (bench/phase.ts).
 *
 * Timings are reported, never asserted. See `npm run bench -- --help`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchBench } from './batch.js';
import { compiledBenchModule } from './compiled.js';
import { type BenchOptions, collectInputs, parseArgs, ROOT, USAGE } from './options.js';
import { PHASES, pdftotextAvailable } from './phases.js';
import { MAX_RUNS, type PhaseName, type PhaseRequest, type PhaseResponse } from './protocol.js';
import {
  type BenchReport,
  buildRows,
  GOAL_RATIO,
  memoryTable,
  STATISTIC,
  SUBSTANTIAL_RAW_MS,
  stageTable,
  timingTable,
} from './report.js';
import { scalingReport, writeScalingDocuments } from './scaling.js';
import { throughputBench } from './throughput.js';

/** Forward a child's output to our stderr, line by line, tagged with the phase. */
function forward(stream: NodeJS.ReadableStream | null, tag: string): void {
  if (!stream) return;
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) process.stderr.write(`[${tag}] ${line}\n`);
  });
  stream.on('end', () => {
    if (buffer) process.stderr.write(`[${tag}] ${buffer}\n`);
  });
}

/**
 * Run one phase in a fresh `node --expose-gc .bench-build/bench/phase.js` child (compiled.ts) so its maxRSS
 * is the phase's own. The child says {ready}, gets the request, answers with a PhaseResponse.
 */
function runPhaseChild(request: PhaseRequest): Promise<PhaseResponse> {
  return new Promise((resolvePromise, reject) => {
    const child = forkPhase(request);
    let response: PhaseResponse | undefined;
    child.on('message', (msg: unknown) => {
      if (typeof msg === 'object' && msg !== null && 'ready' in msg) child.send(request);
      else response = msg as PhaseResponse;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (response) resolvePromise(response);
      else reject(new Error(`phase ${request.phase}: child exited (${signal ?? code}) without a result`));
    });
  });
}

/** Fork `node --expose-gc .bench-build/bench/phase.js`, its output forwarded to our stderr. */
function forkPhase(request: PhaseRequest): ChildProcess {
  const child = fork(compiledBenchModule('phase'), [], {
    cwd: ROOT,
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  forward(child.stdout, request.phase);
  forward(child.stderr, request.phase);
  return child;
}

/** A phase child driven file by file: `next()` waits for its next message. */
interface SteppedChild {
  send(msg: unknown): void;
  next(): Promise<unknown>;
}

/** Fork a phase child in stepwise mode (phase.ts serveStepwise) and hand it the request. */
function forkStepwise(request: PhaseRequest): SteppedChild {
  const child = forkPhase(request);
  const inbox: unknown[] = [];
  const waiting: ((msg: unknown) => void)[] = [];
  let exited: Error | undefined;
  const deliver = (msg: unknown) => {
    const waiter = waiting.shift();
    if (waiter) waiter(msg);
    else inbox.push(msg);
  };
  child.on('message', (msg: unknown) => {
    if (typeof msg === 'object' && msg !== null && 'ready' in msg) child.send(request);
    else deliver(msg);
  });
  child.on('exit', (code, signal) => {
    exited = new Error(`phase ${request.phase}: child exited (${signal ?? code})`);
    for (const waiter of waiting.splice(0)) waiter(exited);
  });
  return {
    send: (msg) => child.send(msg as never),
    next: () =>
      new Promise((resolvePromise, reject) => {
        const settle = (msg: unknown) => (msg instanceof Error ? reject(msg) : resolvePromise(msg));
        if (inbox.length) settle(inbox.shift());
        else if (exited) reject(exited);
        else waiting.push(settle);
      }),
  };
}

/**
 * Time file `index` in every phase child: `settle` untimed runs in each first (the garbage the previous file
 * left is collected there, not in this file's timed runs), then one run each in turn (raw, full, raw, full
 * …): `runs` rounds, then more (at most MAX_RUNS) until every phase's runs add up to `minMs`. A phase whose
 * run throws is not asked again (the file is reported with its error there). The children keep the samples.
 */
async function timeFileInTurns(
  index: number,
  children: SteppedChild[],
  options: BenchOptions,
): Promise<void> {
  for (let s = 0; s < options.settle; s++)
    for (const child of children) {
      child.send({ settle: index });
      await child.next(); // {settled}
    }
  const spent: (number | undefined)[] = children.map(() => 0); // undefined: failed
  for (let round = 0; round < MAX_RUNS; round++) {
    const going = [...spent.entries()].filter(([, ms]) => ms !== undefined);
    if (going.length === 0) return;
    if (round >= options.runs && going.every(([, ms]) => ms! >= options.minMs)) return;
    for (const [c] of going) {
      children[c]!.send({ file: index });
      const { ms } = (await children[c]!.next()) as { ms?: number };
      spent[c] = ms === undefined ? undefined : spent[c]! + ms;
    }
  }
}

/**
 * Run the baseline child, then the timed phases over `files`, each phase in its own child, alternating the
 * phases run by run within each file (each child warmed up first) so that both sides of a file's ratio are
 * timed in the same moments.
 */
async function runPhases(
  files: string[],
  options: BenchOptions,
  timed: PhaseName[],
  notes: string[],
): Promise<Partial<Record<PhaseName, PhaseResponse>>> {
  const responses: Partial<Record<PhaseName, PhaseResponse>> = {};
  process.stderr.write(`bench: ${PHASES.baseline.label} …\n`);
  responses.baseline = await runPhaseChild({ phase: 'baseline', files: [], runs: options.runs, warmup: 0 });
  const children = new Map<PhaseName, SteppedChild>();
  for (const phase of timed) {
    process.stderr.write(`bench: ${PHASES[phase].label}: warm-up …\n`);
    const child = forkStepwise({
      phase,
      files,
      runs: options.runs, // stepwise: the parent decides how many (timeFileInTurns)
      warmup: options.warmup,
      stepwise: true,
      gcEachRun: options.gcEachRun,
    });
    await child.next(); // {warm: true}
    children.set(phase, child);
  }
  for (const [i, file] of files.entries()) {
    process.stderr.write(`bench: ${i + 1}/${files.length} ${file.split(/[\\/]/).pop()}\n`);
    await timeFileInTurns(i, [...children.values()], options);
  }
  for (const [phase, child] of children) {
    child.send({ finish: true });
    const response = (await child.next()) as PhaseResponse;
    responses[phase] = response;
    for (const note of response.notes) notes.push(`${PHASES[phase].label}: ${note}`);
  }
  return responses;
}

async function main(argv: string[]): Promise<number> {
  const options = parseArgs(argv);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.scaling) {
    const folder = mkdtempSync(join(tmpdir(), 'bench-scaling-'));
    try {
      const docs = writeScalingDocuments(folder, options.scaling);
      const notes: string[] = [];
      const responses = await runPhases(
        docs.map((d) => d.file),
        options,
        ['raw', 'full'],
        notes,
      );
      const lines = scalingReport(docs, responses, options);
      process.stdout.write(
        `${[...lines.slice(0, 1), ...notes.map((n) => `note: ${n}`), ...lines.slice(1)].join('\n')}\n`,
      );
      if (options.json) {
        writeFileSync(options.json, `${JSON.stringify({ docs, responses }, null, 2)}\n`);
        process.stderr.write(`bench: figures written to ${options.json}\n`);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    return 0;
  }
  if (options.throughput !== undefined) {
    const lines = await throughputBench(options.throughput, options.runs, options.warmup);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }
  const { files, notes } = collectInputs(options);
  if (files.length === 0) {
    process.stderr.write(`bench: no PDF to time\n${notes.join('\n')}\n`);
    return 1;
  }
  if (options.jobs) {
    const { lines, responses } = await batchBench(files, options.jobs, options.warmup);
    for (const note of notes) lines.splice(1, 0, `note: ${note}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    if (options.json) {
      const meta = {
        date: new Date().toISOString(),
        node: process.version,
        cpu: `${cpus()[0]?.model ?? 'unknown'} x${cpus().length}`,
      };
      writeFileSync(options.json, `${JSON.stringify({ meta, files, batch: responses }, null, 2)}\n`);
      process.stderr.write(`bench: figures written to ${options.json}\n`);
    }
    return 0;
  }
  let timed = options.phases;
  if (timed.includes('pdftotext') && !pdftotextAvailable()) {
    timed = timed.filter((p) => p !== 'pdftotext');
    notes.push('pdftotext is not on PATH: its phase is skipped');
  }
  const order: PhaseName[] = ['baseline', ...timed];
  const responses = await runPhases(files, options, timed, notes);

  const { rows, totals } = buildRows(files, responses, timed);
  const labels = Object.fromEntries(Object.entries(PHASES).map(([k, v]) => [k, v.label])) as Record<
    PhaseName,
    string
  >;
  const memory: BenchReport['memory'] = {};
  for (const p of order) {
    const r = responses[p];
    if (r) memory[p] = { ...r.memory, wallMs: r.wallMs };
  }

  const out: string[] = [];
  const passes = options.warmup === 1 ? '1 untimed warm-up pass' : `${options.warmup} untimed warm-up passes`;
  out.push(
    `budget-ingest bench: ${files.length} PDFs; ${STATISTIC} of ${options.runs} timed run(s) per file${options.minMs ? ` (more, up to ${MAX_RUNS}, until they add up to ${options.minMs} ms)` : ''}${options.settle ? `, after ${options.settle} untimed run(s) of that file,` : ''} after ${passes} (per phase); each phase in its own child process`,
  );
  for (const note of notes) out.push(`note: ${note}`);
  out.push('', ...timingTable(rows, totals, timed), '');
  if (totals.ratio !== undefined) {
    const worst = totals.ratioWorst
      ? `, worst ${totals.ratioWorst.ratio.toFixed(2)}x (${totals.ratioWorst.file})`
      : '';
    const med = totals.ratioMedian === undefined ? '' : `, per-file median ${totals.ratioMedian.toFixed(2)}x`;
    out.push(`full/raw: total ${totals.ratio.toFixed(2)}x${med}${worst}; goal <= ${GOAL_RATIO}x`);
    const { aboveGoal, ratioWorstSubstantial: big } = totals;
    if (aboveGoal)
      out.push(
        `files above ${GOAL_RATIO}x: ${aboveGoal.files}, ${aboveGoal.quick} of them read by raw pdf.js in under ${SUBSTANTIAL_RAW_MS} ms (where the full pipeline's fixed cost per document weighs most)` +
          (big
            ? `; worst of the ${big.files} files raw pdf.js needs ${SUBSTANTIAL_RAW_MS} ms or more for: ${big.ratio.toFixed(2)}x (${big.file})`
            : ''),
      );
  }
  if (totals.cpuRatio !== undefined)
    out.push(
      `CPU full/raw: total ${totals.cpuRatio.toFixed(2)}x (CPU time of the phase process per run: steadier than wall time on a busy machine)`,
    );
  const stages = options.stageRows > 0 ? stageTable(rows, totals, options.stageRows) : [];
  if (stages.length)
    out.push(
      '',
      `where the full phase's time goes (median run, ms; pdf.js = the pdf.js part of extract, layout = its own part; the ${Math.min(options.stageRows, rows.length)} highest full/raw first):`,
      ...stages,
    );
  const failed = rows.flatMap((r) =>
    timed.flatMap((p) => {
      const e = r.phases[p]?.error;
      return e === undefined ? [] : [`${r.name} [${PHASES[p].label}]: ${e}`];
    }),
  );
  if (failed.length > 0) {
    out.push(`left out of TOTAL (an error in some phase):`);
    for (const f of failed) out.push(`  ${f}`);
  }
  out.push('', ...memoryTable(memory, order, labels), '');
  out.push(
    'peak RSS = process.resourceUsage().maxRSS of the phase child (warm-up + all runs); heap = heapUsed at its end;',
    'ext peak RSS = largest pdftotext process (/usr/bin/time %M, one extra untimed run per file).',
    options.gcEachRun
      ? 'ms = median wall time per file (a forced GC, untimed, before each run); p/s = pages per second.'
      : 'ms = median wall time per file (runs back to back, as in a batch: no forced GC); p/s = pages per second.',
  );
  for (const p of timed) out.push(`  ${PHASES[p].label}: ${PHASES[p].describes}`);
  process.stdout.write(`${out.join('\n')}\n`);

  if (options.json) {
    const describes: BenchReport['meta']['describes'] = {};
    for (const p of order) describes[p] = PHASES[p].describes;
    const report: BenchReport = {
      meta: {
        date: new Date().toISOString(),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        cpu: `${cpus()[0]?.model ?? 'unknown'} x${cpus().length}`,
        statistic: STATISTIC,
        runs: options.runs,
        minMs: options.minMs,
        settle: options.settle,
        warmup: options.warmup,
        gcEachRun: options.gcEachRun,
        phases: timed,
        goalRatio: GOAL_RATIO,
        notes,
        describes,
      },
      rows,
      totals,
      memory,
    };
    writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(`bench: figures written to ${options.json}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
