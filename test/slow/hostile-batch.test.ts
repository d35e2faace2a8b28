/**
 * A batch over the hostile folder mixed with real documents: every good document converts, every bad one is
 * listed with its reason, and the run says "some failed".
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/index.js';
import { CORPUS, HAS_CORPUS, ROOT } from '../helpers/paths.js';
import { writeFixtures } from '../hostile/make-fixtures.js';

describe('batch over hostile inputs mixed with good documents', () => {
  it('converts the good ones, lists each bad one with its code, and exits "some failed"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-batch-'));
    const inputs = join(dir, 'in');
    const hostile = writeFixtures(inputs);
    const good = ['samples/seed/langfang-anci-xinfang-2022.md', 'samples/pdf/seed-tables.pdf'];
    for (const file of good) copyFileSync(join(ROOT, file), join(inputs, file.split('/').pop()!));
    const corpus = HAS_CORPUS ? ['06-shpt-sfj-2026-dept.pdf', '23-sz-czj-2026.pdf'] : [];
    for (const file of corpus) if (existsSync(CORPUS + file)) copyFileSync(CORPUS + file, join(inputs, file));

    const report = await runBatch({ inputs: [inputs], out: join(dir, 'out'), jobs: 2, timeout: 600 });

    const failed = new Map(report.failures.map((f) => [f.file.split('/').pop()!, f]));
    for (const file of [...good, ...corpus].map((f) => f.split('/').pop()!))
      expect(failed.has(file), file).toBe(false);
    expect(failed.has('html-page.pdf')).toBe(false); // read as the HTML page it is (format-detected)
    expect(failed.get('zero-bytes.pdf')?.code).toBe('input-empty');
    expect(failed.get('header-only.pdf')?.code).toBe('pdf-corrupt');
    for (const failure of report.failures) expect(failure.reason.length, failure.file).toBeGreaterThan(0);
    expect(report.counts.converted).toBeGreaterThanOrEqual(good.length + corpus.length);
    // Text files that do not look like disclosures (no budget vocabulary) are listed as ignored, with why.
    const ignored = report.ignored.map((i) => i.input.split('/').pop()!);
    for (const entry of report.ignored) expect(entry.reason, entry.input).toMatch(/^not a disclosure: /);
    expect(ignored.every((name) => hostile.includes(name) && !name.endsWith('.pdf'))).toBe(true);
    expect(report.counts.converted + report.counts.failed + ignored.length).toBe(
      hostile.length + good.length + corpus.length,
    );
    expect(report.exitCode).toBe(1);
    expect(readdirSync(join(dir, 'out'))).toContain('summary.csv');
  });
});
