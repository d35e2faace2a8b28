import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, outputName } from '../src/cli/main.js';
import { ROOT, SEED_SAMPLE } from './helpers/paths.js';

const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'src/cli/bin.ts');
const run = (...args: string[]) => spawnSync(TSX, [CLI, ...args], { encoding: 'utf8' });

describe('budget-ingest CLI', () => {
  it('convert writes DIR/<name>.json per input and DIR/summary.csv', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cli-'));
    const fragment = join(ROOT, 'samples/fragments/expenditure-summary-split-codes.tsv');
    const code = await main(['node', 'budget-ingest', 'convert', SEED_SAMPLE, fragment, '--out', out]);
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      '.budget-ingest-manifest.json',
      '.parts',
      'diagnostics.jsonl',
      'expenditure-summary-split-codes.json',
      'langfang-anci-xinfang-2022.json',
      'run.json',
      'summary.csv',
      'tables.csv',
    ]);
    const document = JSON.parse(readFileSync(join(out, 'langfang-anci-xinfang-2022.json'), 'utf8'));
    expect(document.summary.revenue_total.yuan).toBe('11863500');
    const csv = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^file,department,year,kind,scope,revenue_total,expenditure_total,/);
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain(
      'langfang-anci-xinfang-2022.md,廊坊市安次区信访局,2022,budget,department,11863500',
    );
  });

  it('records a bad input, goes on with the rest and exits 1', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cli-'));
    const junk = join(out, 'junk.md');
    writeFileSync(junk, Uint8Array.of(0, 1, 2, 3, 0));
    const result = run('convert', junk, SEED_SAMPLE, '--out', out);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('input-binary');
    expect(result.stderr).toContain('junk.md');
    expect(readdirSync(out)).toContain('langfang-anci-xinfang-2022.json');
    expect(readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('exits 2 on a usage error', () => {
    expect(run('convert', SEED_SAMPLE).status).toBe(2);
    expect(run('frobnicate').status).toBe(2);
    expect(run('convert', SEED_SAMPLE, '--out', tmpdir(), '--kind', 'nonsense').status).toBe(2);
  });

  it('schema prints the JSON Schema on stdout', () => {
    const stdout = execFileSync(TSX, [CLI, 'schema'], { encoding: 'utf8' });
    const schema = JSON.parse(stdout);
    expect(schema.properties.schema.const).toBe('budget-ingest/document');
    expect(schema).toEqual(
      JSON.parse(readFileSync(join(ROOT, 'schema/budget-document.schema.json'), 'utf8')),
    );
  });

  it('names outputs safely and uniquely', () => {
    const taken = new Set<string>();
    expect(outputName('/a/b/报告.pdf', taken)).toBe('报告');
    expect(outputName('/c/报告.md', taken)).toBe('报告-2');
    expect(outputName('x/a:b?.md', taken)).toBe('a_b_');
  });
});
