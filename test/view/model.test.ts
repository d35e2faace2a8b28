import { beforeAll, describe, expect, it } from 'vitest';
import type { BudgetDocument } from '../../src/model/schema.js';
import { parseFile } from '../../src/parse.js';
import { renderDocumentPage } from '../../src/view/document-page.js';
import { buildView, diagnosticTarget, factSources, resolveSource, tableCells } from '../../src/view/model.js';
import { lineHtml, lineMarks } from '../../src/view/source-lines.js';
import { ROOT } from '../helpers/paths.js';

const PDF = `${ROOT}samples/pdf/seed-tables.pdf`;
let document: BudgetDocument;

beforeAll(async () => {
  document = (await parseFile(PDF)).document;
}, 240_000);

const clone = (): BudgetDocument => structuredClone(document);

describe('review model', () => {
  it('lists every printed cell with its page box', () => {
    const view = buildView(document);
    expect(view.tables).toHaveLength(10);
    const cells = document.tables.reduce(
      (sum, t) => sum + t.rows.reduce((n, r) => n + Object.keys(r.cells).length, 0),
      0,
    );
    expect(view.tables.reduce((sum, t) => sum + t.cells.length, 0)).toBe(cells);
    expect(view.tables.every((t) => t.unplaced === 0)).toBe(true);
    expect(view.pages).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const three = view.tables.find((t) => t.table.kind === 'three-public-expenses')!;
    expect(three.pages).toEqual([12]);
    const total = three.cells.find((c) => c.key === '0:total')!;
    expect(total).toMatchObject({ row: 0, column: 'total', printed: '5.7', page: 12 });
    expect(total.box).toEqual(
      document.tables.find((t) => t.id === three.table.id)!.rows[0]!.cells.total!.place!.bbox,
    );
  });

  it('resolves summary sources to their cells, by place, across a two-page table', () => {
    const view = buildView(document);
    const revenue = view.facts.find((f) => f.id === 'revenue_total')!;
    expect(revenue.sources).toHaveLength(1);
    const target = revenue.sources[0]!.target;
    expect(target.table).toBe('t1');
    const [key] = target.cells;
    const row = Number(key!.split(':')[0]);
    const t1 = document.tables[0]!;
    expect(t1.rows[row]!.label).toBe('收入总计');
    expect(t1.rows[row]!.cells.income_amount!.place!.page).toBe(2);
  });

  it('uses fact.sources, row.key and table.label when the model carries them', () => {
    const doc = clone();
    const fact = doc.summary.three_public_total!;
    const { place: _place, ...rest } = fact.source;
    const second = { ...rest, row: '公务用车运行费' };
    Object.assign(fact, { sources: [fact.source, second] });
    expect(factSources(fact)).toHaveLength(2);
    const t9 = doc.tables.find((t) => t.kind === 'three-public-expenses')!;
    Object.assign(t9, { label: '表09' });
    Object.assign(t9.rows[0]!, { key: 'grand_total' });
    const view = buildView(doc);
    const sources = view.facts.find((f) => f.id === 'three_public_total')!.sources;
    expect(sources.map((s) => s.target.cells)).toEqual([['0:total'], ['4:total']]);
    const html = renderDocumentPage(view, {
      name: 'x',
      input: 'x.pdf',
      source: { kind: 'pages', pages: [] },
    });
    expect(html).toContain('<span class="label">表09</span>');
    expect(html).toContain('<td class="key">grand_total</td>');
    expect(html).toContain(`href="#${t9.id}:4:total"`);
  });

  it('falls back from place to row label, and to the place alone for prose', () => {
    const source = { ...document.summary.three_public_total!.source };
    delete source.place;
    expect(resolveSource(document, source).cells).toEqual(['0:total']);
    const prose = {
      printed: '5.7',
      unit: '万元' as const,
      prose: true,
      place: { page: 3, bbox: [1, 2, 3, 4] as [number, number, number, number] },
    };
    expect(resolveSource(document, prose)).toEqual({ cells: [], place: prose.place });
  });

  it('points diagnostics at one cell, a row or a column', () => {
    const t9 = document.tables.find((t) => t.kind === 'three-public-expenses')!;
    const base = {
      ruleId: 'x',
      severity: 'error',
      message: 'm',
      source: 'budget-ingest',
      table: t9.id,
    } as const;
    expect(diagnosticTarget(t9, { ...base, row: 0, column: 'total' }).cells).toEqual(['0:total']);
    expect(diagnosticTarget(t9, { ...base, row: 1 }).cells).toEqual(
      Object.keys(t9.rows[1]!.cells).map((c) => `1:${c}`),
    );
    expect(diagnosticTarget(t9, { ...base, column: 'total' }).cells).toHaveLength(t9.rows.length);
    expect(diagnosticTarget(t9, { ...base, row: 99 }).cells).toEqual([]);
  });

  it('says how many cells have no box instead of drawing one', () => {
    const doc = clone();
    const t9 = doc.tables.find((t) => t.kind === 'three-public-expenses')!;
    delete t9.rows[0]!.cells.total!.place;
    delete t9.rows[1]!.cells.label!.place;
    const view = buildView(doc);
    const table = view.tables.find((t) => t.table.id === t9.id)!;
    expect(table.unplaced).toBe(2);
    expect(tableCells(t9).filter((c) => !c.box)).toHaveLength(2);
    const html = renderDocumentPage(view, {
      name: 'x',
      input: 'x.pdf',
      source: { kind: 'pages', pages: [{ page: 12, width: 595, height: 842 }] },
    });
    expect(html).toContain('2 of 36 printed cells have no recorded box on the page');
    expect(html).not.toMatch(/class="box[^"]*" data-cell="0:total"/);
    expect(html).toMatch(/<td data-cell="0:total"/);
  });
});

describe('source lines', () => {
  const cell = (key: string, printed: string, lineColumn?: number) => ({
    key,
    row: 0,
    column: key,
    printed,
    line: 1,
    ...(lineColumn ? { lineColumn } : {}),
  });

  it('marks a cell at its recorded character column (markdown, TSV)', () => {
    const line = '1\t合计\t12.50\t12.50';
    expect(lineMarks(line, [cell('a', '12.50', 6), cell('b', '12.50', 12)])).toEqual([
      { key: 'a', span: [5, 10] },
      { key: 'b', span: [11, 16] },
    ]);
  });

  it('finds a text printed once on the line (CSV records field numbers), else takes the whole line', () => {
    const line = '合计,"96,282,213.44",5.00,5.00';
    expect(lineMarks(line, [cell('a', '96,282,213.44', 2), cell('b', '5.00', 3), cell('c', '', 4)])).toEqual([
      { key: 'a', span: [4, 17] },
      { key: 'b', span: null },
      { key: 'c', span: null },
    ]);
    const html = lineHtml(7, line, [cell('a', '96,282,213.44', 2), cell('b', '5.00', 3)]);
    expect(html).toContain('data-cells="b"');
    expect(html).toContain('<span class="box" data-cell="a">96,282,213.44</span>');
    expect(html).toContain('<span class="no">7</span>');
  });

  it('escapes the source text', () => {
    expect(lineHtml(1, '<b>&</b>', [])).toContain('&lt;b&gt;&amp;&lt;/b&gt;');
  });
});
