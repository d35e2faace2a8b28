import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildReviews, folderBytes } from '../../src/view/build.js';
import { loadCanvas } from '../../src/view/page-images.js';
import { ROOT, SEED_SAMPLE } from '../helpers/paths.js';

const PDF = `${ROOT}samples/pdf/seed-tables.pdf`;
const CSV = `${ROOT}samples/fragments/income-summary.csv`;
const tmp = () => mkdtempSync(join(tmpdir(), 'view-build-'));
const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe('budget-ingest view', () => {
  it('writes a review per text input with its source lines, and a sortable index', async () => {
    const out = tmp();
    const code = await main(['node', 'budget-ingest', 'view', SEED_SAMPLE, CSV, '--out', out, '-q']);
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['income-summary', 'index.html', 'langfang-anci-xinfang-2022']);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain(
      '<a href="langfang-anci-xinfang-2022/index.html">langfang-anci-xinfang-2022.md</a>',
    );
    expect(index).toContain('table class="docs sortable"');
    expect(count(index, /<tr[ >]/g)).toBe(3);
    const html = readFileSync(join(out, 'income-summary/index.html'), 'utf8');
    expect(html).toContain('<section id="t1" class="view table-view"');
    expect(html).toContain('<span class="box" data-cell="1:total">80,000,000.00</span>');
    expect(html).toContain('id="source-view"');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('lists an input that cannot be parsed as failed and exits 1', async () => {
    const out = tmp();
    const junk = join(out, 'junk.md');
    writeFileSync(junk, Uint8Array.of(0, 1, 2, 3, 0));
    const code = await main(['node', 'budget-ingest', 'view', junk, CSV, '--out', join(out, 'review'), '-q']);
    expect(code).toBe(1);
    const index = readFileSync(join(out, 'review/index.html'), 'utf8');
    expect(index).toContain('failed: [input-binary]');
    expect(existsSync(join(out, 'review/income-summary/index.html'))).toBe(true);
  });

  it('exits 2 on a usage error', async () => {
    expect(await main(['node', 'budget-ingest', 'view', CSV])).toBe(2);
    expect(await main(['node', 'budget-ingest', 'view', CSV, '--out', tmp(), '--width', '10'])).toBe(2);
  });

  it('writes a text-only review with a clear reason when the canvas package is missing', async () => {
    expect(loadCanvas('no-such-canvas-package')).toMatchObject({ ok: false });
    const out = tmp();
    const report = await buildReviews({ inputs: [PDF], out, canvasModule: 'no-such-canvas-package' });
    expect(report.textOnly).toMatch(/page images need @napi-rs\/canvas.*npm install @napi-rs\/canvas/);
    expect(report.entries[0]).toMatchObject({ status: 'ok', tables: 10, images: 0, pages: 13 });
    expect(existsSync(join(out, 'seed-tables/pages'))).toBe(false);
    const html = readFileSync(join(out, 'seed-tables/index.html'), 'utf8');
    expect(count(html, /<figure class="page"/g)).toBe(13); // every page once, as an outline
    expect(html).toContain('text-only: page images need @napi-rs/canvas');
    expect(count(html, /<div class="box[^"]*" data-cell=/g)).toBeGreaterThan(1000);
  });

  it.skipIf(!loadCanvas().ok)('writes one JPEG about 1,200 px wide per page with a table', async () => {
    const out = tmp();
    const report = await buildReviews({ inputs: [PDF], out, jobs: 2 });
    const entry = report.entries[0]!;
    expect(entry).toMatchObject({ status: 'ok', images: 13, pages: 13 });
    const pages = readdirSync(join(out, 'seed-tables/pages')).sort();
    expect(pages).toEqual(Array.from({ length: 13 }, (_, i) => `p${String(i + 1).padStart(4, '0')}.jpg`));
    const first = readFileSync(join(out, 'seed-tables/pages/p0001.jpg'));
    expect([first[0], first[1]]).toEqual([0xff, 0xd8]);
    const html = readFileSync(join(out, 'seed-tables/index.html'), 'utf8');
    expect(html).toContain('width="1200" height="1697"');
    const bytes = folderBytes(join(out, 'seed-tables'));
    expect(bytes).toBe(entry.bytes);
    expect(bytes / 13).toBeLessThan(150_000); // a 200-page review stays under 30 MB
  });
});
