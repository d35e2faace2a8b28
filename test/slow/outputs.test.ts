/**
 * Outputs are all-or-nothing (issue #13.2): short writes, failing writes (ENOSPC, EROFS, EACCES) and a
 * really full disk (a small tmpfs, where this machine can mount one) leave every output whole or absent,
 * a run report saying what happened, no temporary and no lock.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { injectWriteFault, writeFileAtomic } from '../../src/batch/files.js';
import { runBatch } from '../../src/batch/run.js';
import { ROOT, SEED_SAMPLE } from '../helpers/paths.js';

const FRAGMENT = join(ROOT, 'samples/fragments/expenditure-summary-split-codes.tsv');
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** Every file below `dir` (relative), hidden ones and folders' contents included. */
function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() || entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

/** A folder of `n` copies of a document (d0.md …; the seed sample by default) and one TSV fragment. */
function inputs(n: number, source = SEED_SAMPLE): string {
  const dir = tmp('outputs-in-');
  const ext = source.slice(source.lastIndexOf('.'));
  for (let i = 0; i < n; i++) copyFileSync(source, join(dir, `d${i}${ext}`));
  copyFileSync(FRAGMENT, join(dir, 'z.tsv'));
  return dir;
}

/** What must hold after any stopped run: whole files only, a report, no temporaries, no lock. */
function expectWholeOrAbsent(out: string): void {
  const files = allFiles(out);
  expect(files.filter((f) => f.endsWith('.tmp') || f.includes('.lock'))).toEqual([]);
  expect(files).not.toContain('.budget-ingest.reserve');
  for (const file of files.filter((f) => f.endsWith('.json'))) {
    const text = readFileSync(join(out, file), 'utf8');
    expect(() => JSON.parse(text), file).not.toThrow();
  }
  // Documents on disk are exactly the manifest's.
  const manifest = JSON.parse(readFileSync(join(out, '.budget-ingest-manifest.json'), 'utf8'));
  const names = Object.values(manifest.entries as Record<string, { name: string }>).map(
    (e) => `${e.name}.json`,
  );
  expect(files.filter((f) => /^[^./][^/]*\.json$/.test(f) && f !== 'run.json').sort()).toEqual(names.sort());
}

afterEach(() => injectWriteFault(undefined));

describe('writes', () => {
  it('a short write is completed, never renamed half-written', () => {
    const dir = tmp('short-');
    const text = `${'预算'.repeat(50_000)}\n`;
    injectWriteFault(() => 1000); // every write() takes at most 1000 bytes
    writeFileAtomic(join(dir, 'a.json'), text);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(text);
  });

  it('a write that fails half-way leaves the previous file and no temporary', () => {
    const dir = tmp('half-');
    writeFileAtomic(join(dir, 'a.json'), 'old\n');
    let calls = 0;
    injectWriteFault(() => {
      if (++calls > 1) throw Object.assign(new Error('No space left on device'), { code: 'ENOSPC' });
      return 10;
    });
    expect(() => writeFileAtomic(join(dir, 'a.json'), 'x'.repeat(100))).toThrow(
      expect.objectContaining({ code: 'output-disk-full', errno: 'ENOSPC' }),
    );
    expect(readdirSync(dir)).toEqual(['a.json']);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('old\n');
  });

  it.each([
    ['ENOSPC', 'output-disk-full'],
    ['EROFS', 'output-read-only'],
    ['EACCES', 'output-permission-denied'],
    ['EIO', 'output-write-failed'],
  ])(
    'a batch whose writes fail with %s stops with %s, exit 3, a run report and finished documents kept',
    async (errno, code) => {
      const dir = inputs(4, FRAGMENT);
      const out = tmp('fault-out-');
      let documents = 0;
      // The third document JSON fails; the run report itself can still be written.
      injectWriteFault((path) => {
        if (/d\d\.json$/.test(path) && !path.includes('.parts') && ++documents === 3)
          throw Object.assign(new Error(`${errno} (injected)`), { code: errno });
        return undefined;
      });
      const report = await runBatch({ inputs: [dir], out, jobs: 1, timeout: 0 });
      injectWriteFault(undefined);
      expect(report.exitCode).toBe(3);
      expect(report.error).toMatchObject({ code, errno });
      expect(report.error?.message).toContain('.json');
      const written = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
      expect(written.error.code).toBe(code);
      expect(written.counts.converted).toBe(2);
      expect(written.counts.interrupted).toBe(3);
      expect(existsSync(join(out, 'summary.csv'))).toBe(false); // never a CSV describing other documents
      expectWholeOrAbsent(out);

      if (errno !== 'ENOSPC') return; // the resume after a stop is the same for every code

      const resumed = await runBatch({ inputs: [dir], out, jobs: 1, timeout: 0, resume: true });
      expect(resumed.exitCode).toBe(0);
      expect(resumed.counts).toMatchObject({ skipped: 2, converted: 3 });
      expect(readFileSync(join(out, 'summary.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(6);
      expectWholeOrAbsent(out);
    },
  );

  it('a failure while assembling the CSVs leaves none of them (never a mix of two runs)', async () => {
    const dir = inputs(2, FRAGMENT);
    const out = tmp('assemble-out-');
    expect((await runBatch({ inputs: [dir], out, jobs: 1 })).exitCode).toBe(0);
    const before = readFileSync(join(out, 'summary.csv'), 'utf8');
    injectWriteFault((path) => {
      if (path.endsWith('assembling.tables.csv'))
        throw Object.assign(new Error('No space left on device'), { code: 'ENOSPC' });
      return undefined;
    });
    const report = await runBatch({ inputs: [dir], out, jobs: 1, resume: true });
    injectWriteFault(undefined);
    expect(report.exitCode).toBe(3);
    expect(report.error?.path).toMatch(/assembling\.tables\.csv$/);
    // The skipped run changed no document: the previous summary.csv is still the folder's.
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).toBe(before);
    expect(allFiles(out).filter((f) => f.includes('assembling'))).toEqual([]);
    expectWholeOrAbsent(out);
  });

  it("documents a killed run finished after its last manifest save are the folder's own, not foreign files", async () => {
    const dir = inputs(2, FRAGMENT);
    const out = tmp('orphan-out-');
    expect((await runBatch({ inputs: [dir], out, jobs: 1 })).exitCode).toBe(0);
    rmSync(join(out, '.budget-ingest-manifest.json')); // as if killed before the first save
    writeFileAtomic(join(out, 'notes.json'), '{"mine": true}\n'); // a user's file: never touched
    rmSync(join(dir, 'd1.tsv')); // its document is now stale
    const resumed = await runBatch({ inputs: [dir], out, jobs: 1, resume: true });
    expect(resumed.exitCode).toBe(0);
    expect(resumed.documents.map((d) => d.output)).toEqual(['d0', 'z']);
    expect(
      readdirSync(out)
        .filter((f) => /^[^.].*\.json$/.test(f))
        .sort(),
    ).toEqual(['d0.json', 'notes.json', 'run.json', 'z.json']);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(3);
  });

  it('a disk too full to hold the run report stops before touching any output', async () => {
    const out = tmp('reserve-out-');
    injectWriteFault((path) => {
      if (path.endsWith('.budget-ingest.reserve'))
        throw Object.assign(new Error('No space left on device'), { code: 'ENOSPC' });
      return undefined;
    });
    await expect(runBatch({ inputs: [SEED_SAMPLE], out, jobs: 1 })).rejects.toMatchObject({
      code: 'output-disk-full',
    });
    injectWriteFault(undefined);
    expect(readdirSync(out)).toEqual([]);
  });
});

/** A small tmpfs: the one `.ci/run` mounted (BUDGET_INGEST_SMALL_TMPFS), or one mounted here as root. */
function smallTmpfs(): { path: string; unmount: () => void } | string {
  const given = process.env.BUDGET_INGEST_SMALL_TMPFS;
  if (given && existsSync(given)) return { path: given, unmount: () => {} };
  if (process.platform !== 'linux' || process.getuid?.() !== 0)
    return 'not root on Linux: cannot mount a tmpfs';
  const path = tmp('tmpfs-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', path], { stdio: 'ignore' });
  } catch {
    return 'mount -t tmpfs failed here';
  }
  return {
    path,
    unmount: () => {
      execFileSync('umount', [path], { stdio: 'ignore' });
      rmSync(path, { recursive: true, force: true });
    },
  };
}

const tmpfs = smallTmpfs();
if (typeof tmpfs === 'string') process.stderr.write(`full-disk test skipped: ${tmpfs}\n`);
afterAll(() => {
  if (typeof tmpfs !== 'string') tmpfs.unmount();
});

describe.skipIf(typeof tmpfs === 'string')('a really full disk (1 MiB tmpfs)', () => {
  it('stops with output-disk-full, every output whole or absent, and finishes with --resume once there is room', async () => {
    if (typeof tmpfs === 'string') return;
    const out = join(tmpfs.path, 'out');
    mkdirSync(out, { recursive: true });
    const dir = inputs(6); // each document's JSON is about 240 KB: the disk holds three
    const report = await runBatch({ inputs: [dir], out, jobs: 2, timeout: 0 });
    expect(report.exitCode).toBe(3);
    expect(report.error).toMatchObject({ code: 'output-disk-full', errno: 'ENOSPC' });
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).error.code).toBe('output-disk-full');
    expect(report.counts.converted).toBeGreaterThan(0);
    expect(report.counts.converted).toBeLessThan(7);
    expectWholeOrAbsent(out);
    if (!process.env.BUDGET_INGEST_SMALL_TMPFS) {
      execFileSync('mount', ['-o', 'remount,size=16m', tmpfs.path], { stdio: 'ignore' });
      const resumed = await runBatch({ inputs: [dir], out, jobs: 2, timeout: 0, resume: true });
      expect(resumed.exitCode).toBe(0);
      expect(resumed.counts.skipped + resumed.counts.converted).toBe(7);
      expect(readFileSync(join(out, 'summary.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(8);
      expectWholeOrAbsent(out);
    }
  });
});
