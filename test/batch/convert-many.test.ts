import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableByKind } from '../../src/batch/access.js';
import { type BatchResult, convertMany } from '../../src/batch/convert-many.js';
import { ROOT, SEED_SAMPLE } from '../helpers/paths.js';

describe('convertMany', () => {
  it('converts in parallel, isolates failures and yields every input once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'many-'));
    const junk = join(dir, 'junk.md');
    writeFileSync(junk, Uint8Array.of(0, 1, 2, 3, 0, 255, 254));
    const html = join(dir, 'page.pdf');
    writeFileSync(html, '<!doctype html><html><head><title>404</title></head><body>404</body></html>');
    const inputs = [
      SEED_SAMPLE,
      junk,
      join(ROOT, 'samples/fragments/income-summary.csv'),
      html,
      join(ROOT, 'samples/pdf/seed-tables.pdf'),
      { name: 'fragment.tsv', bytes: readFileSync(join(ROOT, 'samples/fragments/three-public-gb18030.tsv')) },
    ];
    const results: BatchResult[] = [];
    let workers = 0;
    for await (const result of convertMany(inputs, { concurrency: 2, onStats: (s) => (workers = s.length) }))
      results.push(result);
    expect(workers).toBe(2);
    expect(results).toHaveLength(6);
    const byInput = new Map(results.map((r) => [r.input, r]));
    expect(byInput.get(junk)).toMatchObject({ ok: false, error: { code: 'input-binary' } });
    const page = byInput.get(html)!;
    expect(page.ok).toBe(true);
    expect(page.document?.diagnostics.map((d) => d.ruleId)).toEqual(['format-detected', 'portal-page']);
    const seed = byInput.get(SEED_SAMPLE)!;
    expect(seed.ok).toBe(true);
    expect(seed.document?.summary.revenue_total?.yuan).toBe('11863500');
    expect(tableByKind(seed.document!, 'three-public-expenses')).toBeDefined();
    expect(byInput.get('fragment.tsv')?.document?.summary.three_public_total?.yuan).toBe('96282.50');
    expect(byInput.get(join(ROOT, 'samples/pdf/seed-tables.pdf'))?.stats?.pages).toBeGreaterThan(1);
  });

  it('yields in input order with `ordered`, and stops cleanly when the loop breaks', async () => {
    const inputs = [SEED_SAMPLE, join(ROOT, 'samples/fragments/income-summary.csv'), SEED_SAMPLE];
    const order: number[] = [];
    for await (const result of convertMany(inputs, { concurrency: 2, ordered: true }))
      order.push(result.index);
    expect(order).toEqual([0, 1, 2]);
    let seen = 0;
    for await (const _ of convertMany(inputs, { concurrency: 1 })) {
      seen++;
      break;
    }
    expect(seen).toBe(1);
  });
});
