import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

const TSX = join(ROOT, 'node_modules/.bin/tsx');

// Smoke test of the batch mode of the bench: it runs and prints its table. Timings are never asserted.
describe('npm run bench -- --jobs', () => {
  it('reports documents/s, pages/s and memory per worker count', () => {
    const json = join(mkdtempSync(join(tmpdir(), 'bench-')), 'bench.json');
    const result = spawnSync(
      TSX,
      ['bench/run.ts', 'samples/pdf', '--no-samples', '--jobs', '1,2', '--warmup', '0', '--json', json],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^--jobs\s+docs\s+failed\s+pages\s+wall s\s+docs\/s\s+pages\/s\s+speed-up\s+CPU s\s+pages\/CPU-s\s+CPU efficiency\s+cores busy\s+load\s+peak RSS MB/m,
    );
    // Pool overhead shows as the CPU efficiency of --jobs 2 against --jobs 1 (100% for the first row).
    expect(result.stdout).toMatch(/^1\s+2\s+0\s+26\s+(\S+\s+){5}\d+\.\d\s+100%/m);
    expect(result.stdout).toMatch(/^expected scaling: on N idle cores, --jobs N converts about N × \d+% × /m);
    expect(result.stdout).toMatch(
      /^ceiling: this machine has \d+ cores and --jobs 1 kept \d+\.\d\d busy .* beat \d+\.\d\dx here\.$/m,
    );
    expect(result.stdout).toMatch(/^1\s+2\s+0\s+26\s/m);
    expect(result.stdout).toMatch(/^2\s+2\s+0\s+26\s.*\d+ \/ \d+/m);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.batch.map((b: { jobs: number; workers: unknown[] }) => [b.jobs, b.workers.length])).toEqual(
      [
        [1, 1],
        [2, 2],
      ],
    );
  });
});
