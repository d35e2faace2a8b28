/**
 * A CLI that behaves (issues #13.6, #14.4): usage errors exit 2 before any work, a closed pipe ends quietly,
 * `check` takes folders, a folder holding another run is refused or replaced.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PACKAGE_VERSION } from '../../src/batch/run.js';
import { CLI, cli } from '../helpers/cli.js';
import { ROOT, SEED_SAMPLE } from '../helpers/paths.js';

const FRAGMENTS = join(ROOT, 'samples/fragments');
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

afterEach(() => vi.restoreAllMocks());

describe('usage errors exit 2, once, before any work', () => {
  it('--out naming a file, a missing or invalid --grammar, --table that is neither kind nor id, --resume with --overwrite', async () => {
    const dir = tmp('usage-');
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const outFile = await cli(['convert', SEED_SAMPLE, '--out', file]);
    expect(outFile.status).toBe(2);
    expect(outFile.stderr).toContain('is a file, not a folder');
    const grammar = await cli([
      'convert',
      SEED_SAMPLE,
      SEED_SAMPLE,
      '--out',
      tmp('o-'),
      '--grammar',
      join(dir, 'nope.json'),
    ]);
    expect(grammar.status).toBe(2);
    expect(grammar.stderr.match(/--grammar .*nope\.json: no such file/g)).toHaveLength(1);
    writeFileSync(join(dir, 'bad.json'), '{"id": 1}');
    const invalid = await cli(['check', SEED_SAMPLE, '--grammar', join(dir, 'bad.json')]);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/--grammar .*bad\.json: /);
    const table = await cli(['inspect', SEED_SAMPLE, '--table', 'bogus']);
    expect(table.status).toBe(2);
    expect(table.stderr).toContain('--table bogus: not a table kind or id');
    const both = await cli(['convert', SEED_SAMPLE, '--out', tmp('o-'), '--resume', '--overwrite']);
    expect(both.status).toBe(2);
  });

  it('--version prints the version; every command help ends with examples', async () => {
    const version = await cli(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(PACKAGE_VERSION);
    for (const command of ['convert', 'check', 'inspect', 'schema']) {
      const help = await cli([command, '--help']);
      expect(help.status, command).toBe(0);
      expect(help.stdout, command).toMatch(/Examples:\n {2}\$ budget-ingest /);
    }
  });

  it('inspect --table t99 on a document without it exits 1 naming its ids', async () => {
    const result = await cli(['inspect', SEED_SAMPLE, '--table', 't99']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/has no table t99 \(its tables are t1–t\d+\)/);
  });
});

describe('folder runs', () => {
  it('a folder holding another run is refused without --resume; --overwrite replaces it', async () => {
    const out = tmp('again-');
    const first = await cli(['convert', SEED_SAMPLE, '--out', out, '-q']);
    expect(first.status).toBe(0);
    const refused = await cli(['convert', join(FRAGMENTS, 'income-summary.csv'), '--out', out, '-q']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      /holds the outputs of another run \(1 document, finished .*\): add --resume .* or --overwrite/,
    );
    const replaced = await cli([
      'convert',
      join(FRAGMENTS, 'income-summary.csv'),
      '--out',
      out,
      '-q',
      '--overwrite',
    ]);
    expect(replaced.status).toBe(0);
    expect(readdirSync(out).filter((f) => /^[^.].*\.json$/.test(f) && f !== 'run.json')).toEqual([
      'income-summary.json',
    ]);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(2);
    // --resume with other inputs continues the folder: the earlier document is kept and stays in the CSVs.
    const resumed = await cli(['convert', SEED_SAMPLE, '--out', out, '-q', '--resume']);
    expect(resumed.status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(report.counts).toMatchObject({ converted: 1, kept: 1 });
    expect(
      readFileSync(join(out, 'summary.csv'), 'utf8')
        .trimEnd()
        .split('\n')
        .map((line) => line.split(',')[0]),
    ).toEqual(['file', 'langfang-anci-xinfang-2022.md', 'income-summary.csv']);
  });

  it('check takes folders and patterns, in input order, and counts errors and warnings', async () => {
    const result = await cli(['check', FRAGMENTS, `${ROOT}samples/seed/*.md`, '--json', '--jobs', '2']);
    const lines = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.file.split('/').pop())).toEqual([
      'expenditure-summary-split-codes.tsv',
      'income-summary.csv',
      'three-public-gb18030.tsv',
      'langfang-anci-xinfang-2022.md',
    ]);
    expect(result.status).toBe(1); // the seed sample has an error-level diagnostic
    expect(result.stderr).toMatch(/checked 4 inputs: \d+ errors?, \d+ warnings?/);
  });
});

describe('signals and pipes', () => {
  it('convert --out - | head and inspect | head end quietly (exit 0, no stack trace)', async () => {
    const dir = tmp('pipe-in-');
    for (let i = 0; i < 6; i++) copyFileSync(SEED_SAMPLE, join(dir, `d${i}.md`));
    for (const args of [
      ['convert', dir, '--out', '-', '--jobs', '1'],
      ['inspect', SEED_SAMPLE],
    ]) {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Like `head -c 100`: read a little, then close the pipe.
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      child.stdout.destroy();
      expect(await exited, args[0]).toBe(0);
      expect(stderr, args[0]).not.toMatch(/EPIPE|Error|at .*\.ts:\d+/);
    }
  });
});
