/**
 * The sample PDFs under samples/pdf/ (LibreOffice renderings of the seed's 公开表 tables, made by
 * scripts/make-sample-pdfs.ts) must give the same tables as the seed markdown: same kinds, same rows, same
 * amounts, split tables merged, and the pages each table was printed on. The PDFs are committed, so these
 * tests do not need LibreOffice.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildFods, readSeedTables } from '../scripts/make-sample-pdfs.js';
import { type BudgetDocument, parseFile, type Table } from '../src/index.js';
import { ROOT, SEED_SAMPLE } from './helpers/paths.js';

const DIR = `${ROOT}samples/pdf/`;

interface ExpectedRow {
  serial: string | null;
  code: string | null;
  label: string | null;
  side?: 'income' | 'expenditure';
  values: Record<string, string | null>;
}

interface ExpectedTable {
  title: string;
  kind: string;
  unit: string | null;
  empty: boolean;
  notes: string[];
  pages: number[];
  fragmentRows: number[];
  rows: ExpectedRow[];
}

interface Expected {
  pdfs: Record<string, { continuation: 'title-repeated' | 'bare-rows' }>;
  tables: ExpectedTable[];
}

const expected: Expected = JSON.parse(readFileSync(`${DIR}seed-tables.expected.json`, 'utf8'));
const markdown = (await parseFile(SEED_SAMPLE)).document;

/** The compared part of a row: serial, code, label, side, values. */
function rowsOf(table: Pick<Table, 'rows'>): ExpectedRow[] {
  return table.rows.map((r) => ({
    serial: r.serial,
    code: r.code,
    label: r.label,
    ...(r.side ? { side: r.side } : {}),
    values: r.values,
  }));
}

/** The markdown table a PDF table corresponds to: same kind and same title (固定资产占用情况表 appears twice). */
function markdownTwin(table: Table): Table | undefined {
  return markdown.tables.find((t) => t.kind === table.kind && t.title === table.title);
}

/** Rows of one side (two-sided tables), or all rows. */
function side(rows: ExpectedRow[], which?: 'income' | 'expenditure'): ExpectedRow[] {
  return which ? rows.filter((r) => r.side === which) : rows;
}

describe('expected JSON (samples/pdf/seed-tables.expected.json)', () => {
  it('is the markdown path’s current output for the ten 公开表 tables', () => {
    // Guard: the snapshot is not empty and holds the amounts a reader would check first.
    expect(expected.tables.map((t) => t.kind)).toEqual([
      'income-expenditure-summary',
      'income-summary',
      'expenditure-summary',
      'fiscal-appropriation-summary',
      'general-budget-expenditure',
      'general-budget-basic-expenditure',
      'gov-fund-expenditure',
      'state-capital-expenditure',
      'three-public-expenses',
      'fixed-assets',
    ]);
    expect(expected.tables[0]!.rows.find((r) => r.serial === '33' && r.side === 'income')?.values).toEqual({
      income_amount: '1186.35',
    });
    expect(expected.tables[8]!.rows[0]!.values.total).toBe('5.7');
    // The snapshot equals what parseFile gives on the seed markdown today.
    for (const table of expected.tables) {
      const live = markdown.tables.find((t) => t.title === table.title);
      expect(live, table.title).toBeDefined();
      expect(live!.kind, table.title).toBe(table.kind);
      expect(rowsOf(live!), table.title).toEqual(table.rows);
      expect(
        live!.fragments.map((f) => f.rows),
        table.title,
      ).toEqual(table.fragmentRows);
    }
  });

  it('the committed workbooks are what the generator writes from the seed', () => {
    const tables = readSeedTables(readFileSync(SEED_SAMPLE, 'utf8'));
    expect(tables.map((t) => [t.title, t.pieces.length])).toEqual(
      expected.tables.map((t) => [t.title, t.pages.length]),
    );
    expect(readFileSync(`${DIR}seed-tables.fods`, 'utf8')).toBe(buildFods(tables, true));
    expect(readFileSync(`${DIR}seed-tables-no-repeat.fods`, 'utf8')).toBe(buildFods(tables, false));
  });
});

describe.each(Object.entries(expected.pdfs))('%s', async (file, { continuation }) => {
  const result = await parseFile(`${DIR}${file}`);
  const document: BudgetDocument = result.document;

  it('is commit-sized and has one page per table piece', () => {
    expect(statSync(`${DIR}${file}`).size).toBeLessThan(1_000_000);
    expect(result.layout.pageCount).toBe(expected.tables.flatMap((t) => t.pages).length);
  });

  it('finds the ten tables in order, none left untitled', () => {
    expect(document.tables.map((t) => `${t.kind} ${t.title}`)).toEqual(
      expected.tables.map((t) => `${t.kind} ${t.title}`),
    );
    expect(document.diagnostics.filter((d) => d.ruleId === 'table-untitled')).toEqual([]);
  });

  it('every table has the markdown path’s rows and amounts (two-sided tables side by side)', () => {
    // Guard: the comparison below runs on real tables, not on an empty list.
    expect(document.tables.length).toBeGreaterThan(0);
    for (const table of document.tables) {
      const twin = markdownTwin(table);
      expect(twin, `${table.kind} ${table.title}: no markdown table of this kind and title`).toBeDefined();
      const got = rowsOf(table);
      const want = rowsOf(twin!);
      const sides = table.columns.some((c) => c.side) ? (['income', 'expenditure'] as const) : [undefined];
      for (const s of sides) {
        const a = side(got, s);
        const b = side(want, s);
        expect(a.length, `${table.title} ${s ?? ''} row count`).toBe(b.length);
        b.forEach((row, i) => {
          expect(a[i], `${table.title} ${s ?? ''} row ${i + 1}`).toEqual(row);
        });
      }
      expect(table.unit, table.title).toBe(twin!.unit);
      expect(table.empty, table.title).toBe(twin!.empty);
      expect(table.notes, table.title).toEqual(twin!.notes);
    }
  });

  it('reports the pages each table was printed on', () => {
    for (const want of expected.tables) {
      const table = document.tables.find((t) => t.kind === want.kind && t.title === want.title);
      expect(table?.pages, want.title).toEqual(want.pages);
    }
    const summary = document.tables.find((t) => t.kind === 'income-expenditure-summary');
    expect(summary?.pages).toEqual([1, 2]);
  });

  it(`merges the split tables into one (${continuation})`, () => {
    const split = expected.tables.filter((t) => t.pages.length > 1);
    // Guard: the seed splits three tables (收支总表 after 17, 财政拨款收支总表 after 19, 基本支出表 after 20).
    expect(split.map((t) => [t.kind, t.fragmentRows])).toEqual([
      ['income-expenditure-summary', [17, 16]],
      ['fiscal-appropriation-summary', [19, 17]],
      ['general-budget-basic-expenditure', [20, 1]],
    ]);
    for (const want of split) {
      const tables = document.tables.filter((t) => t.kind === want.kind);
      expect(tables, want.title).toHaveLength(1);
      const table = tables[0]!;
      expect(
        table.fragments.map((f) => [f.join, f.rows]),
        want.title,
      ).toEqual([
        ['first', want.fragmentRows[0]],
        [continuation, want.fragmentRows[1]],
      ]);
      const serials = [...new Set(table.rows.map((r) => r.serial))];
      expect(serials, want.title).toEqual(serials.map((_, i) => String(i + 1)));
    }
    expect(document.diagnostics.filter((d) => d.ruleId === 'merge-doubtful')).toEqual([]);
  });
});

describe('the PDF path in this process', () => {
  it('ran on the lean worker (operator lists reduced on pdf.js’s worker side)', () => {
    const handler = (globalThis as { pdfjsWorker?: { WorkerMessageHandler?: { name?: string } } }).pdfjsWorker
      ?.WorkerMessageHandler;
    expect(handler?.name).toBe('LeanWorkerMessageHandler');
  });
});
