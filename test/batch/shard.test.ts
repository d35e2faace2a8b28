/**
 * Many machines: `--shard K/N` splits one input set with no coordination, and `merge` puts the shard outputs
 * back together as one run over all inputs would have written them.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeRuns } from '../../src/batch/merge-runs.js';
import { type RunReport, runBatch } from '../../src/batch/run.js';
import { parseShard, selectShard, shardOf } from '../../src/batch/shard.js';
import { ROOT, SEED_SAMPLE } from '../helpers/paths.js';

const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'src/cli/bin.ts');
const cli = (args: string[]) => spawnSync(TSX, [CLI, ...args], { encoding: 'utf8', cwd: ROOT });
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const read = (path: string) => readFileSync(path);
const report = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunReport;

describe('shard selection', () => {
  it('parses K/N and refuses anything else', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '3', 'a/b', '1/0', '-1/2'])
      expect(() => parseShard(bad)).toThrow(/K\/N/);
  });

  it('puts every name in exactly one shard, the same one every time', () => {
    const names = Array.from({ length: 600 }, (_, i) => `城市${i % 7}/部门${i}.pdf`);
    const shards = [1, 2, 3].map((index) => selectShard(names, { index, count: 3 }, (n) => n));
    expect(shards.flat().sort()).toEqual([...names].sort());
    for (const shard of shards) expect(shard.length).toBeGreaterThan(150); // roughly even
    expect(shardOf('a/b.pdf', 3)).toBe(shardOf('a/b.pdf', 3));
    expect(selectShard(names, undefined, (n) => n)).toEqual(names);
  });
});

describe('three shards merged equal one run', () => {
  let input: string;
  let whole: string;
  let shards: string[];
  let merged: string;

  beforeAll(async () => {
    input = tmp('shard-in-');
    const fragments = join(ROOT, 'samples/fragments');
    for (const folder of ['a', 'b', 'c', 'd']) {
      mkdirSync(join(input, folder));
      copyFileSync(join(fragments, 'expenditure-summary-split-codes.tsv'), join(input, folder, 'report.tsv'));
      copyFileSync(join(fragments, 'income-summary.csv'), join(input, folder, `income-${folder}.csv`));
    }
    copyFileSync(join(fragments, 'three-public-gb18030.tsv'), join(input, 'three-public.tsv'));
    copyFileSync(SEED_SAMPLE, join(input, 'seed.md'));
    writeFileSync(join(input, 'broken.pdf'), '%PDF-1.4\n1 0 obj\n<<');
    writeFileSync(join(input, 'notes.xyz'), 'not an input');
    const common = { inputs: [input], jobs: 1, parquet: true };
    whole = tmp('shard-whole-');
    await runBatch({ ...common, out: whole });
    shards = [];
    for (const index of [1, 2, 3]) {
      const out = tmp(`shard-${index}-`);
      await runBatch({ ...common, out, shard: { index, count: 3 } });
      shards.push(out);
    }
    merged = join(tmp('shard-merged-'), 'out');
    const result = cli(['merge', ...shards, '--out', merged]);
    expect(result.status, result.stderr).toBe(1); // broken.pdf failed in its shard, as in the whole run
    expect(result.stderr).toMatch(/merged 3 folders: 10 documents/);
  }, 240_000);

  it('splits the inputs: every shard has some, none twice', () => {
    const files = shards.map((dir) => report(dir).documents.map((d) => d.file));
    for (const list of files) expect(list.length).toBeGreaterThan(0);
    expect(files.flat().sort()).toEqual(
      report(whole)
        .documents.map((d) => d.file)
        .sort(),
    );
    expect(shards.map((dir) => report(dir).options.shard)).toEqual(['1/3', '2/3', '3/3']);
  });

  it('writes the same CSVs, diagnostics, Parquet files and JSON documents as the single run', () => {
    for (const file of [
      'summary.csv',
      'tables.csv',
      'diagnostics.jsonl',
      'summary.parquet',
      'tables.parquet',
    ])
      expect(read(join(merged, file)).equals(read(join(whole, file))), file).toBe(true);
    const json = (dir: string) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.json') && f !== 'run.json' && !f.startsWith('.'))
        .sort();
    expect(json(merged)).toEqual(json(whole));
    expect(json(whole)).toContain('report-4.json'); // four report.tsv: names as one run gives them
    for (const file of json(whole))
      expect(read(join(merged, file)).equals(read(join(whole, file))), file).toBe(true);
    const tablesCsv = readFileSync(join(whole, 'tables.csv'), 'utf8');
    expect(tablesCsv.split('\n').length).toBeGreaterThan(50);
    expect(tablesCsv.startsWith('file,')).toBe(true); // no byte order mark without --csv-bom
  });

  it('adds up the run counts, documents and failures', () => {
    const one = report(whole);
    const all = report(merged);
    expect(all.counts).toEqual(one.counts);
    expect(one.counts).toMatchObject({ inputs: 11, converted: 10, failed: 1, ignored: 1 });
    const strip = (r: RunReport) =>
      r.documents.map(({ file, output, status, sha256, index }) => ({ file, output, status, sha256, index }));
    expect(strip(all)).toEqual(strip(one));
    expect(all.failures.map((f) => [f.file, f.code])).toEqual([['broken.pdf', 'pdf-corrupt']]);
    expect(all.exitCode).toBe(one.exitCode);
    expect(all.options.merged).toHaveLength(3);
  });

  it('refuses overlapping runs, a shard twice, other versions and a folder that is not a run', async () => {
    const refused = (dirs: string[]) => mergeRuns(dirs, join(tmp('refused-'), 'out'));
    await expect(refused([shards[0]!, shards[0]!])).rejects.toThrow(/both shard 1\/3/);
    await expect(refused([whole, shards[1]!])).rejects.toThrow(/in both .* the runs overlap/);
    await expect(refused([input])).rejects.toThrow(/no run\.json/);
    const other = tmp('shard-other-');
    for (const file of readdirSync(shards[2]!)) {
      if (file === '.parts') continue;
      copyFileSync(join(shards[2]!, file), join(other, file));
    }
    const changed = { ...report(other), version: '9.9.9' };
    writeFileSync(join(other, 'run.json'), JSON.stringify(changed));
    await expect(refused([shards[0]!, other])).rejects.toThrow(/version 9\.9\.9/);
    const result = cli(['merge', shards[0]!, shards[0]!, '--out', join(tmp('refused-cli-'), 'out')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/budget-ingest: .* are both shard 1\/3/);
  });
});
