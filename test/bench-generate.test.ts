import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDisclosurePdf, generateDisclosureText } from '../bench/generate.js';
import { parseArgs } from '../bench/options.js';
import { MAX_RUNS, type PhaseResponse } from '../bench/protocol.js';
import { formsForPages, pagesForForms, type ScalingDocument, scalingReport } from '../bench/scaling.js';
import { parse, parsePdfBytes } from '../src/index.js';
import { STAGES } from '../src/timings.js';
import { ROOT } from './helpers/paths.js';

const TSX = join(ROOT, 'node_modules/.bin/tsx');
const SAMPLE = join(ROOT, 'samples/pdf/seed-tables.pdf');

// The generated documents of the scaling and throughput benches must read as the disclosures they imitate,
// or the benches would time the wrong work. Times are never asserted.
describe('generated bench documents', () => {
  it('a generated PDF has the pages asked for, its tables and forms recognized, amounts adding up', async () => {
    const bytes = generateDisclosurePdf({ pages: 12, forms: 4 });
    const { document, layout, timings } = await parsePdfBytes(bytes, { filename: 'gen.pdf', timings: true });
    expect(layout.pageCount).toBe(12);
    const kinds = document.tables.map((t) => t.kind);
    expect(kinds.filter((k) => k === 'performance-targets')).toHaveLength(4);
    expect(kinds.slice(0, 3)).toEqual([
      'expenditure-summary',
      'general-budget-expenditure',
      'expenditure-summary',
    ]);
    // The first table runs over three pages under a repeated header and joins into one table.
    expect(document.tables[0]!.pages).toEqual([4, 5, 6]);
    expect(document.tables[0]!.fragments.map((f) => f.join)).toEqual([
      'first',
      'header-repeated',
      'header-repeated',
    ]);
    // Code trees add up: no check fails on the tables.
    const failed = document.diagnostics.filter(
      (d) => d.severity === 'error' && d.ruleId !== 'prose-vs-table',
    );
    expect(failed).toEqual([]);
    expect(Object.keys(timings!)).toEqual(expect.arrayContaining([...STAGES, 'extractLayout', 'total']));
  });

  it('a generated PDF sets its text as most real disclosures do: Identity-H codes with a /ToUnicode map', async () => {
    const bytes = generateDisclosurePdf({ pages: 6, forms: 2 });
    const pdf = Buffer.from(bytes).toString('latin1');
    expect(pdf).toContain('/Encoding /Identity-H');
    expect(pdf).toMatch(/\/ToUnicode \d+ 0 R/);
    // No predefined CMap: pdf.js would build a ToUnicode map from its bundled CMaps for every document.
    expect(pdf).not.toMatch(/UniGB|STSong/);
    // The CMap format allows at most 100 entries per bfchar block.
    const blocks = [...pdf.matchAll(/(\d+) beginbfchar\n([\s\S]*?)\nendbfchar/g)];
    expect(blocks.length).toBeGreaterThan(1);
    for (const [, count, body] of blocks) {
      expect(Number(count)).toBeLessThanOrEqual(100);
      expect(body!.split('\n')).toHaveLength(Number(count));
    }
    // Codes read back to the characters written, half-width digits measured as such (amounts parse, totals add).
    const { document } = await parsePdfBytes(bytes, { filename: 'gen.pdf' });
    expect(document.tables[0]!.title).toMatch(/^示例市水务局\d{4}年支出预算总表$/);
    expect(
      document.tables[0]!.rows.some((row) => row.values.total && /^\d+\.\d{2}$/.test(row.values.total)),
    ).toBe(true);
  });

  it('stage timings leave the document unchanged and are absent unless asked for', async () => {
    const bytes = generateDisclosurePdf({ pages: 6, forms: 2 });
    const plain = await parsePdfBytes(bytes, { filename: 'gen.pdf' });
    const timed = await parsePdfBytes(bytes, { filename: 'gen.pdf', timings: true });
    expect(plain.timings).toBeUndefined();
    expect(timed.timings!.total).toBeGreaterThan(0);
    expect(timed.timings!.extractLayout).toBeLessThanOrEqual(timed.timings!.extract);
    expect(timed.document).toEqual(plain.document);
  });

  it('generated text inputs of each format hold kinded tables', () => {
    for (const format of ['tsv', 'markdown', 'html'] as const) {
      const text = generateDisclosureText(format, 30_000);
      expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(30_000);
      const { document, timings } = parse(text, { format, timings: true });
      expect(document.tables.length, format).toBeGreaterThanOrEqual(1);
      expect(document.tables[0]!.kind, format).not.toBe('other');
      expect(timings!.extractLayout).toBeUndefined();
    }
  });

  it('the scaling series and the bench options', () => {
    expect(formsForPages(50)).toBe(20);
    expect(pagesForForms(1000)).toBe(633);
    expect(parseArgs(['--scaling']).scaling).toEqual({ pages: [50, 200, 800], forms: [10, 100, 1000] });
    expect(parseArgs(['--scaling', '20,40;4']).scaling).toEqual({ pages: [20, 40], forms: [4] });
    const wild = parseArgs(['--corpus', 'wild']);
    expect(wild.samples).toBe(false);
    expect(wild.inputs[0]).toMatch(/corpus[\\/]wild$/);
    expect(parseArgs(['--throughput']).throughput).toBe(8);
    // Steady state by default; the forced GC before each run only when asked.
    expect(parseArgs([]).gcEachRun).toBe(false);
    expect(parseArgs(['--gc-each-run']).gcEachRun).toBe(true);
    // Files of a few ms are timed until their runs add up to 100 ms, unless asked otherwise.
    expect(parseArgs([]).minMs).toBe(100);
    expect(parseArgs(['--min-ms', '0']).minMs).toBe(0);
    expect(() => parseArgs(['--min-ms', '-1'])).toThrow(/--min-ms needs a whole number/);
    // One untimed run of each file right before its timed runs, unless asked otherwise.
    expect(parseArgs([]).settle).toBe(1);
    expect(parseArgs(['--settle', '0']).settle).toBe(0);
  });

  it('a phase child times a file past --runs until --min-ms is spent, at most MAX_RUNS times', () => {
    const runs = (minMs: number): number => {
      const child = spawnSync(
        TSX,
        ['bench/phase.ts', 'baseline', '--runs', '2', '--warmup', '0', '--min-ms', String(minMs), SAMPLE],
        { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
      );
      expect(child.status, child.stderr).toBe(0);
      return JSON.parse(child.stdout).files[0].samplesMs.length;
    };
    expect(runs(0)).toBe(2);
    expect(runs(600_000)).toBe(MAX_RUNS); // an idle run never adds up to ten minutes
  });
});

describe('scaling report', () => {
  /** A phase response timing each file at `msPerPage` × its pages (stages: pdf.js half, layout the rest). */
  function response(phase: 'raw' | 'full', docs: ScalingDocument[], msPerPage: (pages: number) => number) {
    return {
      phase,
      wallMs: 0,
      notes: [],
      memory: { maxRssKb: 0, heapUsedBytes: 0 },
      files: docs.map((doc) => {
        const ms = msPerPage(doc.pages) * doc.pages;
        const stages = {
          extract: ms,
          extractLayout: ms / 2,
          recognize: 0,
          merge: 0,
          normalize: 0,
          narrative: 0,
          checks: 0,
          emit: 0,
          total: ms,
        };
        return { file: doc.file, pages: doc.pages, samplesMs: [ms], cpuMs: [ms], stages: [stages] };
      }),
    } as unknown as PhaseResponse;
  }

  it('reports the spread per page of the full pipeline, of the own stages and of raw pdf.js', () => {
    const docs: ScalingDocument[] = [50, 200, 800].map((pages) => ({
      file: `/x/pages-${pages}.pdf`,
      series: 'pages',
      pages,
      forms: pages / 10,
    }));
    // Full: 10 ms/page flat; raw: 4 ms/page at 50 pages, 2 at 800.
    const lines = scalingReport(
      docs,
      { raw: response('raw', docs, (p) => (p === 800 ? 2 : 4)), full: response('full', docs, () => 10) },
      parseArgs(['--scaling', '50,200,800;']),
    );
    expect(lines).toContain(
      'full wall ms/page along the pages series: 10.00 → 10.00 → 10.00 (largest departure from the 50-page document: 0%; goal within ±20%)',
    );
    expect(lines).toContain(
      'own stages (all but pdf.js) ms/page along the pages series: 5.00 → 5.00 → 5.00 (largest departure from the 50-page document: 0%; goal within ±20%)',
    );
    expect(lines).toContain(
      'raw pdfjs wall ms/page along the pages series: 4.00 → 4.00 → 2.00 (largest departure from the 50-page document: -50%)',
    );
  });
});
