import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allFiles, CLI, cli, csvLines, readJson, tmp } from '../helpers/cli.js';
import { ROOT, SEED_SAMPLE } from '../helpers/paths.js';

const FRAGMENTS = join(ROOT, 'samples/fragments');
const SPLIT_CODES = join(FRAGMENTS, 'expenditure-summary-split-codes.tsv');

const run = cli;

describe('convert: resume', () => {
  it('--resume skips unchanged inputs, redoes deleted or changed ones, and rebuilds complete CSVs', async () => {
    const dir = tmp('resume-in-');
    copyFileSync(SEED_SAMPLE, join(dir, 'a.md'));
    copyFileSync(SPLIT_CODES, join(dir, 'b.tsv'));
    copyFileSync(join(FRAGMENTS, 'income-summary.csv'), join(dir, 'c.csv'));
    const out = tmp('resume-out-');
    expect((await run(['convert', dir, '--out', out, '-q'])).status).toBe(0);
    const mtime = statSync(join(out, 'a.json')).mtimeMs;

    const again = await run(['convert', dir, '--out', out, '-q', '--resume']);
    expect(again.status, again.stderr).toBe(0);
    expect(readJson(join(out, 'run.json')).counts).toMatchObject({ converted: 0, skipped: 3 });
    expect(statSync(join(out, 'a.json')).mtimeMs).toBe(mtime);
    expect(csvLines(join(out, 'summary.csv'))).toHaveLength(4);

    rmSync(join(out, 'b.json'));
    writeFileSync(join(dir, 'c.csv'), `${readFileSync(join(dir, 'c.csv'), 'utf8')}\n`);
    expect((await run(['convert', dir, '--out', out, '-q', '--resume'])).status).toBe(0);
    const report = readJson(join(out, 'run.json'));
    expect(report.counts).toMatchObject({ converted: 2, skipped: 1 });
    expect(
      report.documents.map((d: { output: string; status: string }) => `${d.output}:${d.status}`),
    ).toEqual(['a:skipped', 'b:converted', 'c:converted']);
    expect(csvLines(join(out, 'summary.csv'))).toHaveLength(4);
    expect(statSync(join(out, 'a.json')).mtimeMs).toBe(mtime);

    // Presentation (--pretty) does not invalidate finished work: the JSON is re-indented, not re-converted.
    const compact = readJson(join(out, 'a.json'));
    expect((await run(['convert', dir, '--out', out, '-q', '--resume', '--pretty'])).status).toBe(0);
    expect(readJson(join(out, 'run.json')).counts).toMatchObject({ converted: 0, skipped: 3 });
    expect(readFileSync(join(out, 'a.json'), 'utf8')).toMatch(/^\{\n {2}"schema"/);
    expect(readJson(join(out, 'a.json'))).toEqual(compact);
    // Other content options: everything is redone.
    expect(
      (await run(['convert', dir, '--out', out, '-q', '--resume', '--kind', 'expenditure-summary'])).status,
    ).toBe(0);
    expect(readJson(join(out, 'run.json')).counts).toMatchObject({ converted: 3, skipped: 0 });
  });

  it('after the process is killed mid-run, --resume keeps finished documents and leaves no partial file', async () => {
    const dir = tmp('kill-in-');
    const total = 12;
    for (let i = 0; i < total; i++) copyFileSync(SEED_SAMPLE, join(dir, `d${String(i).padStart(2, '0')}.md`));
    const out = tmp('kill-out-');
    const manifestPath = join(out, '.budget-ingest-manifest.json');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, 'convert', dir, '--out', out, '--jobs', '1', '-q'],
      {
        cwd: ROOT,
        stdio: 'ignore',
      },
    );
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? code)),
    );
    const entries = () => {
      try {
        return Object.keys(readJson(manifestPath).entries).length;
      } catch {
        return 0;
      }
    };
    while (entries() < 3 && child.exitCode === null) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const finished = entries();
    expect(finished).toBeGreaterThanOrEqual(3);
    expect(finished).toBeLessThan(total);
    expect(existsSync(join(out, 'summary.csv'))).toBe(false); // never a half CSV: only assembled at the end

    const resumed = await run(['convert', dir, '--out', out, '-q', '--resume', '--jobs', '2']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const report = readJson(join(out, 'run.json'));
    expect(report.counts.skipped).toBe(finished);
    expect(report.counts.converted).toBe(total - finished);
    expect(csvLines(join(out, 'summary.csv'))).toHaveLength(total + 1);
    const files = allFiles(out);
    expect(files.filter((f) => f.endsWith('.tmp') || f.includes('.lock'))).toEqual([]);
    expect(files.filter((f) => /^d\d\d\.json$/.test(f))).toHaveLength(total);
  });

  it.each(['SIGINT', 'SIGHUP'] as const)(
    '%s (Ctrl-C, a closed terminal) stops the run with exit 130, keeps finished work, writes no CSV, releases the lock',
    async (signal) => {
      const dir = tmp('int-in-');
      for (let i = 0; i < 30; i++) copyFileSync(SEED_SAMPLE, join(dir, `d${i}.md`));
      const out = tmp('int-out-');
      mkdirSync(out, { recursive: true });
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', CLI, 'convert', dir, '--out', out, '--jobs', '1', '-q'],
        {
          cwd: ROOT,
          stdio: 'ignore',
        },
      );
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      while (
        !readdirSync(out).some((f) => f.endsWith('.json') && !f.startsWith('.')) &&
        child.exitCode === null
      )
        await new Promise((r) => setTimeout(r, 25));
      child.kill(signal);
      expect(await exited).toBe(130);
      const report = readJson(join(out, 'run.json'));
      expect(report.interrupted).toBe(true);
      expect(report.counts.converted + report.counts.interrupted).toBe(30);
      expect(existsSync(join(out, 'summary.csv'))).toBe(false);
      expect(allFiles(out).filter((f) => f.endsWith('.tmp') || f.includes('.lock'))).toEqual([]);
    },
  );
});
