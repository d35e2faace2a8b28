/**
 * When pdf.js's main-thread worker is already in place (another library loaded it first), the lean worker
 * (src/extract/pdf/lean-worker.ts) is not installed and operator lists come complete. The layout must then be
 * the same: this file loads pdf.js's own worker before anything else and reads the seed sample PDF.
 */
import { describe, expect, it } from 'vitest';
import { parseFile, type Table } from '../../src/index.js';
import { ROOT, SEED_SAMPLE } from '../helpers/paths.js';

const specifier = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
await import(specifier); // sets globalThis.pdfjsWorker to pdf.js's own handler
const plainHandler = (globalThis as { pdfjsWorker?: { WorkerMessageHandler?: { name?: string } } })
  .pdfjsWorker?.WorkerMessageHandler;

/** Serial, code, label, side and values of each row. */
function rowsOf(table: Table) {
  return table.rows.map((r) => [r.serial, r.code, r.label, r.side ?? null, r.values]);
}

describe('PDF extraction with pdf.js’s own main-thread worker', async () => {
  const pdf = (await parseFile(`${ROOT}samples/pdf/seed-tables.pdf`)).document;
  const markdown = (await parseFile(SEED_SAMPLE)).document;

  it('ran without the lean worker', () => {
    const handler = (globalThis as { pdfjsWorker?: { WorkerMessageHandler?: unknown } }).pdfjsWorker
      ?.WorkerMessageHandler;
    expect(plainHandler?.name).toBe('WorkerMessageHandler');
    expect(handler).toBe(plainHandler);
  });

  it('gives every table the markdown path’s rows and amounts', () => {
    expect(pdf.tables).toHaveLength(10);
    for (const table of pdf.tables) {
      const twin = markdown.tables.find((t) => t.kind === table.kind && t.title === table.title);
      expect(twin, table.title).toBeDefined();
      const key = (r: unknown[]) => JSON.stringify(r);
      expect(rowsOf(table).map(key).sort(), table.title).toEqual(rowsOf(twin!).map(key).sort());
    }
  });
});
