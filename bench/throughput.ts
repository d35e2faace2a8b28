/**
 * `npm run bench -- --throughput [MB]`: MB/s of `parse()` on generated markdown, TSV and HTML disclosures of
 * about MB megabytes each (bench/generate.ts), with the stage times of the median run. Runs in this process:
 * no pdf.js is involved.
 */
import { performance } from 'node:perf_hooks';
import { STAGES } from '../src/timings.js';
import { generateDisclosureText, type TextFormat } from './generate.js';
import { alignTable, median } from './report.js';

/** The project's goal for TSV throughput, MB/s. */
export const TSV_GOAL_MBS = 20;

/** Time parse() on each text format; the report lines. */
export async function throughputBench(megabytes: number, runs: number, warmup: number): Promise<string[]> {
  const { parse } = await import('../src/index.js');
  const body: string[][] = [
    ['format', 'MB', 'tables', 'rows', 'median ms', 'MB/s', 'cpu ms', 'MB/cpu-s', 'cpu µs/row', ...STAGES],
  ];
  for (const format of ['tsv', 'markdown', 'html'] as TextFormat[]) {
    process.stderr.write(`bench: throughput ${format} …\n`);
    const text = generateDisclosureText(format, Math.round(megabytes * 1024 * 1024));
    const mb = Buffer.byteLength(text) / 1024 / 1024;
    // One big table is the point of the TSV case: no cell cap, no time limit.
    const options = {
      format,
      timings: true,
      maxCellsPerTable: Number.MAX_SAFE_INTEGER,
      timeoutMs: 0,
    } as const;
    for (let w = 0; w < warmup; w++) parse(text, options);
    const samples: { ms: number; cpuMs: number; result: ReturnType<typeof parse> }[] = [];
    for (let r = 0; r < Math.max(1, runs); r++) {
      (globalThis as { gc?: () => void }).gc?.();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const result = parse(text, options);
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      samples.push({ ms, cpuMs: (cpu.user + cpu.system) / 1000, result });
    }
    const ms = median(samples.map((s) => s.ms))!;
    const cpuMs = median(samples.map((s) => s.cpuMs))!;
    const mid = [...samples].sort((a, b) => a.ms - b.ms)[samples.length >> 1]!.result;
    const t = mid.timings!;
    const rows = mid.document.tables.reduce((sum, table) => sum + table.rows.length, 0);
    body.push([
      format,
      mb.toFixed(1),
      String(mid.document.tables.length),
      String(rows),
      ms.toFixed(0),
      (mb / (ms / 1000)).toFixed(1),
      cpuMs.toFixed(0),
      (mb / (cpuMs / 1000)).toFixed(2),
      rows ? ((cpuMs * 1000) / rows).toFixed(1) : '-',
      ...STAGES.map((k) => t[k].toFixed(0)),
    ]);
  }
  return [
    `budget-ingest throughput bench: parse() on generated text disclosures of about ${megabytes} MB; median of ${Math.max(1, runs)} run(s) after ${warmup} warm-up run(s); stage columns in ms`,
    '',
    ...alignTable(body),
    '',
    `MB = UTF-8 megabytes of input; MB/s from wall time, MB/cpu-s and cpu µs/row (per model row, all stages) from this process's CPU time (user + system, GC threads included: steadier on a shared machine); goal for TSV: at least ${TSV_GOAL_MBS} MB/s.`,
  ];
}
