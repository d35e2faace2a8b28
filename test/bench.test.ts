import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGE_COLUMNS } from '../bench/report.js';
import { ROOT } from './helpers/paths.js';

const TSX = join(ROOT, 'node_modules/.bin/tsx');

// Smoke test only: the bench runs end to end and prints its table. Timings are never asserted.
describe('npm run bench', () => {
  it('times samples/pdf, prints the table header and a TOTAL line, exits 0', () => {
    const json = join(mkdtempSync(join(tmpdir(), 'bench-')), 'bench.json');
    const result = spawnSync(
      TSX,
      [
        'bench/run.ts',
        'samples/pdf',
        '--runs',
        '1',
        '--min-ms',
        '0',
        '--warmup',
        '0',
        '--no-pdftotext',
        '--json',
        json,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 280_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^file\s+pages\s+raw ms\s+raw p\/s\s+full ms\s+full p\/s\s+full\/raw\s+cpu full\/raw\s+top own stage$/m,
    );
    // The per-stage table: pdf.js and the own stages, a TOTAL line.
    expect(result.stdout).toMatch(
      /^file\s+pages\s+full\/raw\s+pdf\.js ms\s+layout ms\s+recognize ms\s+merge ms.*page faults raw\/full$/m,
    );
    // Each stage-table line ends with the median page faults per run of both phases.
    expect(result.stdout).toMatch(/^TOTAL \(2 files\)\s+26\s.*\s\d+\/\d+$/m);
    expect(result.stdout).toMatch(/^CPU full\/raw: total \d+\.\d\dx/m);
    expect(result.stdout).toMatch(/^TOTAL \(2 files\)\s+26\s/m);
    expect(result.stdout).toMatch(/^phase \(own child process\)\s+peak RSS MB/m);
    expect(result.stdout).not.toContain('pdftotext ms');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.meta).toMatchObject({
      statistic: 'median',
      runs: 1,
      minMs: 0,
      settle: 1,
      warmup: 0,
      gcEachRun: false,
      phases: ['raw', 'full'],
    });
    expect(result.stdout).toContain('runs back to back, as in a batch: no forced GC');
    expect(report.rows.map((r: { name: string }) => r.name)).toEqual([
      'seed-tables-no-repeat.pdf',
      'seed-tables.pdf',
    ]);
    // Each file's full phase carries its stage times (median run), pdf.js and the own stages.
    for (const row of report.rows) {
      // The untimed settling run is not among the samples: exactly --runs of them per phase.
      expect(row.phases.raw.samplesMs).toHaveLength(1);
      expect(row.phases.full.samplesMs).toHaveLength(1);
      expect(Object.keys(row.phases.full.stages)).toEqual([...STAGE_COLUMNS]);
      expect(STAGE_COLUMNS.slice(0, 3)).toEqual(['pdf.js', 'layout', 'recognize']);
      expect(row.phases.full.stages.layout).toBeGreaterThan(0);
      expect(row.phases.full.cpuMs).toBeGreaterThan(0);
      // Reading a PDF touches memory: some minor page faults in each phase's run.
      expect(row.phases.raw.faults).toBeGreaterThanOrEqual(0);
      expect(row.phases.full.faults).toBeGreaterThan(0);
    }
    expect(report.totals.faults.full).toBeGreaterThan(0);
    expect(report.totals.stages.recognize).toBeGreaterThan(0);
  });
});
