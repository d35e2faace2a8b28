/**
 * The review in a real browser: headless Chromium (Debian's package) driven by playwright-core loads the
 * review of the sample PDF and of the seed markdown from the file system. Skips, saying why, without Chromium.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetDocument } from '../../src/model/schema.js';
import { parseFile } from '../../src/parse.js';
import { buildReviews } from '../../src/view/build.js';
import { loadCanvas } from '../../src/view/page-images.js';
import { launchChromium, NO_BROWSER } from '../helpers/browser.js';
import { ROOT, SEED_SAMPLE } from '../helpers/paths.js';

const PDF = `${ROOT}samples/pdf/seed-tables.pdf`;
if (NO_BROWSER) console.warn(`budget-ingest view: ${NO_BROWSER}`);
const HAS_CANVAS = loadCanvas().ok;
if (!HAS_CANVAS)
  console.warn('budget-ingest view: page-image browser checks skipped: @napi-rs/canvas is missing');

describe.skipIf(NO_BROWSER !== undefined || !HAS_CANVAS)('review in Chromium', () => {
  let browser: Browser;
  let out: string;
  let document: BudgetDocument;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'view-browser-'));
    const report = await buildReviews({ inputs: [PDF, SEED_SAMPLE], out });
    expect(report.entries.map((e) => e.status)).toEqual(['ok', 'ok']);
    document = (await parseFile(PDF)).document;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
  });

  const open = async (hash = '') => {
    await page.goto(`${pathToFileURL(join(out, 'seed-tables/index.html')).href}${hash}`);
  };
  const t9 = () => document.tables.find((t) => t.kind === 'three-public-expenses')!;

  it('loads every view without console errors, with every table and cell', async () => {
    await open();
    expect(await page.locator('#overview').isVisible()).toBe(true);
    expect(await page.locator('section.table-view').count()).toBe(document.tables.length);
    expect(await page.locator('nav.side ol a').count()).toBe(10);
    const cells = document.tables.reduce(
      (sum, t) => sum + t.rows.reduce((n, r) => n + Object.keys(r.cells).length, 0),
      0,
    );
    expect(cells).toBeGreaterThan(1000);
    expect(await page.locator('td[data-cell]').count()).toBe(cells);
    expect(await page.locator('figure.page .box[data-cell]').count()).toBe(cells);
    for (const table of document.tables) {
      await page.click(`nav.side a[href="#${table.id}"]`);
      await expect.poll(() => page.locator(`#${table.id}`).isVisible()).toBe(true);
      const images = page.locator(`#${table.id} figure.page img`);
      expect(await images.count()).toBe(table.pages.length);
      for (let i = 0; i < (await images.count()); i++)
        await expect
          .poll(() =>
            images
              .nth(i)
              .evaluate(
                (img) =>
                  (img as { complete: boolean }).complete && (img as { naturalWidth: number }).naturalWidth,
              ),
          )
          .toBe(1200);
    }
    await page.goto(pathToFileURL(join(out, 'index.html')).href);
    expect(await page.locator('table.docs tbody tr').count()).toBe(2);
    expect(problems).toEqual([]);
  });

  /** The selected box's position on its page image, in PDF units, and the page it is on. */
  const selectedBox = (section: string) =>
    page
      .locator(`${section} figure.page .box.sel`)
      .first()
      .evaluate((box) => {
        const figure = box.closest('figure') as unknown as {
          dataset: { w: string; page: string };
        } & typeof box;
        const img = figure.querySelector('img')!.getBoundingClientRect();
        const r = box.getBoundingClientRect();
        const scale = Number(figure.dataset.w) / img.width;
        const pane = figure.closest('.pane')!.getBoundingClientRect();
        return {
          page: Number(figure.dataset.page),
          bbox: [
            (r.left - img.left) * scale,
            (r.top - img.top) * scale,
            (r.right - img.left) * scale,
            (r.bottom - img.top) * scale,
          ],
          visible: r.top >= pane.top && r.bottom <= pane.bottom,
        };
      });

  it('clicking the 三公 total cell highlights a box at the cell’s recorded position', async () => {
    const table = t9();
    const row = table.rows.findIndex((r) => r.label === '合计');
    expect(row).toBeGreaterThanOrEqual(0);
    const recorded = table.rows[row]!.cells.total!.place!;
    await open(`#${table.id}`);
    await page.click(`#${table.id} td[data-cell="${row}:total"]`);
    expect(await page.locator(`#${table.id} td.sel`).count()).toBe(1);
    const box = await selectedBox(`#${table.id}`);
    expect(box.page).toBe(recorded.page);
    box.bbox.forEach((v, i) => {
      expect(Math.abs(v - recorded.bbox![i]!)).toBeLessThan(1.5);
    });
    expect(box.visible).toBe(true);
    // and the reverse: hovering the box marks the grid cell, clicking another box selects its cell
    await page.hover(`#${table.id} figure .box[data-cell="${row}:general_public_budget"]`);
    expect(await page.locator(`#${table.id} td.hl`).getAttribute('data-cell')).toBe(
      `${row}:general_public_budget`,
    );
    await page.click(`#${table.id} figure .box[data-cell="${row}:label"]`);
    expect(await page.locator(`#${table.id} td.sel`).getAttribute('data-cell')).toBe(`${row}:label`);
    expect(problems).toEqual([]);
  });

  it('a summary link lands on the source cell on its page', async () => {
    for (const id of ['revenue_total', 'three_public_total'] as const) {
      const source = document.summary[id]!.source;
      await open();
      await page.click(`tr[data-fact="${id}"] a.src`);
      await expect.poll(() => page.locator(`#${source.table}`).isVisible()).toBe(true);
      const box = await selectedBox(`#${source.table}`);
      expect(box.page).toBe(source.place!.page);
      box.bbox.forEach((v, i) => {
        expect(Math.abs(v - source.place!.bbox![i]!)).toBeLessThan(1.5);
      });
      expect(box.visible).toBe(true);
      expect(await page.locator(`#${source.table} td.sel`).textContent()).toBe(
        document.tables.find((t) => t.id === source.table)!.rows.find((r) => r.label === source.row)!.values[
          source.column!
        ],
      );
    }
    expect(document.summary.revenue_total!.source.place!.page).toBe(2); // the second page of a two-page table
  });

  it('a diagnostic selects the cells it names', async () => {
    const diagnostic = document.diagnostics.find(
      (d) => d.table && d.row !== undefined && d.column === undefined,
    )!;
    expect(diagnostic).toBeDefined();
    await open(`#${diagnostic.table}`);
    const item = page.locator(`#${diagnostic.table} li.diag[data-targets]`).first();
    await item.click();
    const table = document.tables.find((t) => t.id === diagnostic.table)!;
    expect(await page.locator(`#${diagnostic.table} td.sel`).count()).toBe(
      Object.keys(table.rows[diagnostic.row!]!.cells).length,
    );
    expect(await page.locator(`#${diagnostic.table} li.diag.sel`).count()).toBe(1);
  });

  it('a screenshot of a table view has the viewport size and is not blank', async () => {
    const table = t9();
    await open(`#${table.id}:0:total`);
    await expect
      .poll(() =>
        page.locator(`#${table.id} figure img`).evaluate((img) => (img as { complete: boolean }).complete),
      )
      .toBe(true);
    const png = await page.screenshot();
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 800]);
    const { loadImage, createCanvas } = (loadCanvas() as { ok: true; canvas: never }).canvas as unknown as {
      loadImage(data: Buffer): Promise<{ width: number; height: number }>;
      createCanvas(
        w: number,
        h: number,
      ): {
        getContext(k: '2d'): {
          drawImage(i: unknown, x: number, y: number): void;
          getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
        };
      };
    };
    const image = await loadImage(png);
    const context = createCanvas(image.width, image.height).getContext('2d');
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.width, image.height);
    const colours = new Set<number>();
    let dark = 0;
    for (let i = 0; i < data.length; i += 4 * 7) {
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      if (data[i]! + data[i + 1]! + data[i + 2]! < 200) dark++;
    }
    expect(colours.size).toBeGreaterThan(50);
    expect(dark).toBeGreaterThan(1000);
    // the selected cell is painted in the selection colour (orange) somewhere on the screen
    let orange = 0;
    for (let i = 0; i < data.length; i += 4)
      if (data[i]! > 220 && data[i + 1]! > 150 && data[i + 1]! < 215 && data[i + 2]! < 150) orange++;
    expect(orange).toBeGreaterThan(50);
    expect(readFileSync(join(out, 'seed-tables/index.html'), 'utf8')).not.toMatch(/https?:\/\//);
  });

  it('a page address shows the page alone with the box it names', async () => {
    const fragment = t9().fragments[0]!.place;
    await open(`#page:${fragment.page}:${fragment.bbox!.join(',')}`);
    expect(await page.locator('#page-view').isVisible()).toBe(true);
    const box = await selectedBox('#page-view');
    expect(box.page).toBe(12);
    box.bbox.forEach((v, i) => {
      expect(Math.abs(v - fragment.bbox![i]!)).toBeLessThan(1.5);
    });
    expect(problems).toEqual([]);
  });

  it('the markdown review shows source lines and marks a cell on its line', async () => {
    await page.goto(pathToFileURL(join(out, 'langfang-anci-xinfang-2022/index.html')).href);
    expect(await page.locator('figure.page').count()).toBe(0);
    await page.click('nav.side a[href="#t1"]');
    expect(await page.locator('#t1 .source .ln').count()).toBeGreaterThan(20);
    await page.click('#t1 td[data-cell="1:expenditure_amount"]');
    const mark = page.locator('#t1 .source .sel').first();
    expect(await mark.textContent()).toBe('1098.86');
    expect(await mark.evaluate((el) => el.closest('.ln')!.getAttribute('data-line'))).toBe('44');
    // a document diagnostic's link opens the source at its line
    await page.click('nav.side a[href="#overview"]');
    const link = page.locator('#overview a[href^="#line:"]').first();
    const line = (await link.getAttribute('href'))!.slice('#line:'.length);
    await link.click();
    // The view opens on the link's hash change: wait for it (no time limit asserted).
    await page.locator('#source-view').waitFor({ state: 'visible' });
    await page.locator(`#L${line}.sel`).waitFor();
    expect(await page.locator('#source-view').isVisible()).toBe(true);
    expect(await page.locator(`#L${line}.sel`).count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
