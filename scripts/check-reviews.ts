/**
 * Open every review under a `budget-ingest view` output folder in headless Chromium and report what a
 * reader would hit: console errors or warnings, script errors, files that fail to load, page images that
 * do not decode, and views that do not show. Exits 1 when anything is found.
 *
 *   npx tsx scripts/check-reviews.ts DIR
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium, NO_BROWSER } from '../test/helpers/browser.js';

const dir = resolve(process.argv[2] ?? 'out');
if (NO_BROWSER) {
  console.error(NO_BROWSER);
  process.exit(2);
}
const reviews = readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory());
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
let current = '';
const problems: string[] = [];
page.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning')
    problems.push(`${current}: console ${m.type()}: ${m.text()}`);
});
page.on('pageerror', (e) => problems.push(`${current}: script error: ${e.message}`));
page.on('requestfailed', (r) => problems.push(`${current}: failed to load ${r.url()}`));
const started = performance.now();
let views = 0;
let images = 0;
current = 'index.html';
await page.goto(pathToFileURL(join(dir, 'index.html')).href);
for (const name of reviews) {
  current = name;
  await page.goto(pathToFileURL(join(dir, name, 'index.html')).href);
  const ids = await page.locator('section.table-view').evaluateAll((s) => s.map((e) => e.id));
  for (const id of ['overview', ...ids]) {
    await page.evaluate((hash) => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = hash;
    }, id);
    if (!(await page.locator(`#${id}`).isVisible())) problems.push(`${name}: view ${id} does not show`);
    const state = await page.locator(`#${id} figure.page img`).evaluateAll(async (imgs) => {
      // lazy images off screen never load by themselves: ask for each one (with a time limit)
      await Promise.all(
        imgs.map((img) => {
          const i = img as unknown as { loading: string; decode(): Promise<void> };
          i.loading = 'eager';
          return Promise.race([i.decode().catch(() => {}), new Promise((r) => setTimeout(r, 20_000))]);
        }),
      );
      return imgs.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
    });
    images += state.length;
    if (state.some((w) => w === 0)) problems.push(`${name}: ${id}: a page image does not decode`);
    views++;
  }
}
await browser.close();
for (const p of problems) console.log(p);
console.log(
  `${reviews.length} reviews, ${views} views, ${images} page images checked in ${((performance.now() - started) / 1000).toFixed(1)} s: ${problems.length} problems`,
);
process.exitCode = problems.length ? 1 : 0;
