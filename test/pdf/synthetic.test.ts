import { describe, expect, it } from 'vitest';
import { type GridBlock, gridCellIndex } from '../../src/ast/layout.js';
import { extractPdfLayout, PdfExtractError } from '../../src/extract/pdf/index.js';
import { gridLines, makePdf, type PdfLineSpec } from './make-pdf.js';

const XS = [40, 240, 400, 555] as const;

/** Page 1: title, unit line, a ruled table with a two-row header (rowSpan/colSpan), a wrapped label and an amount split over two baselines, folio. */
function page1() {
  const [a, b, c, d] = XS;
  const ys = [110, 130, 150, 170, 200, 220, 245];
  const lines: PdfLineSpec[] = [
    { x0: a, y0: 110, x1: d, y1: 110 },
    { x0: b, y0: 130, x1: d, y1: 130 }, // no line under "Item": it spans two header rows
    ...ys.slice(2).map((y) => ({ x0: a, y0: y, x1: d, y1: y })),
    { x0: a, y0: 110, x1: a, y1: 245 },
    { x0: b, y0: 110, x1: b, y1: 245 },
    { x0: c, y0: 130, x1: c, y1: 245 }, // no line inside "Budget": it spans two columns
    { x0: d, y0: 110, x1: d, y1: 245 },
  ];
  return {
    lines,
    texts: [
      { x: 250, y: 70, text: 'Income Summary', size: 14 },
      { x: 40, y: 100, text: 'Unit: yuan' },
      { x: 45, y: 134, text: 'Item' },
      { x: 300, y: 124, text: 'Budget' },
      { x: 245, y: 144, text: 'Basic' },
      { x: 405, y: 144, text: 'Project' },
      { x: 45, y: 164, text: 'Salaries' },
      { x: 330, y: 164, text: '1,234.56' },
      { x: 500, y: 164, text: '0.00' },
      { x: 45, y: 182, text: 'Office supplies and' },
      { x: 45, y: 194, text: 'services' },
      { x: 330, y: 182, text: '12,345.' },
      { x: 330, y: 194, text: '67' },
      { x: 500, y: 188, text: '100.00' },
      { x: 45, y: 214, text: 'Travel' },
      { x: 330, y: 214, text: '50.00' },
      { x: 500, y: 214, text: '20.00' },
      { x: 45, y: 236, text: 'Training' },
      { x: 330, y: 236, text: '10.00' },
      { x: 500, y: 236, text: '5.00' },
      { x: 285, y: 810, text: '- 1 -' },
    ],
  };
}

/** Page 2: the table continues (no title), then a paragraph wrapped over two lines, folio. */
function page2() {
  const [a, , , d] = XS;
  const lines: PdfLineSpec[] = [
    ...[60, 80, 100].map((y) => ({ x0: a, y0: y, x1: d, y1: y })),
    ...XS.map((x) => ({ x0: x, y0: 60, x1: x, y1: 100 })),
  ];
  return {
    lines,
    texts: [
      { x: 45, y: 74, text: 'Meetings' },
      { x: 330, y: 74, text: '7.00' },
      { x: 500, y: 74, text: '1.00' },
      { x: 45, y: 94, text: 'Total' },
      { x: 330, y: 94, text: '13,647.23' },
      { x: 500, y: 94, text: '126.00' },
      { x: 40, y: 140, text: 'The budget covers salaries, office supplies and' },
      { x: 40, y: 152, text: 'travel for the whole year.' },
      { x: 285, y: 810, text: '- 2 -' },
    ],
  };
}

/** Texts of a grid by [row][col] (top-left cells only). */
function texts(grid: GridBlock): (string | undefined)[][] {
  return gridCellIndex(grid).map((row) => row.map((cell) => cell?.text));
}

describe('extractPdfLayout on a generated ruled table', async () => {
  const root = await extractPdfLayout(makePdf([page1(), page2()]), { filename: 'synthetic.pdf' });
  const kinds = root.children.map((b) => b.type);

  it('emits blocks in reading order with a page break before page 2', () => {
    expect(root.format).toBe('pdf');
    expect(root.pageCount).toBe(2);
    expect(root.data.unreadablePages).toEqual([]);
    expect(kinds).toEqual(['heading', 'paragraph', 'grid', 'pageBreak', 'grid', 'paragraph']);
    expect(root.children[3]).toMatchObject({ type: 'pageBreak', page: 2 });
  });

  it('keeps the title as a heading and the unit line as a paragraph, and drops folios', () => {
    expect(root.children[0]).toMatchObject({ type: 'heading', depth: 0, text: 'Income Summary' });
    expect(root.children[1]).toMatchObject({ type: 'paragraph', text: 'Unit: yuan' });
    const all = JSON.stringify(root.children);
    expect(all).not.toContain('- 1 -');
    expect(all).not.toContain('- 2 -');
  });

  it('rebuilds the grid with spans, a wrapped cell and a split amount', () => {
    const grid = root.children[2] as GridBlock;
    expect(grid.syntax).toBe('pdf');
    expect([grid.rowCount, grid.colCount]).toEqual([6, 3]);
    const byPos = gridCellIndex(grid);
    expect(byPos[0]?.[0]).toMatchObject({ text: 'Item', rowSpan: 2, colSpan: 1 });
    expect(byPos[0]?.[1]).toMatchObject({ text: 'Budget', rowSpan: 1, colSpan: 2 });
    expect(texts(grid).slice(1)).toEqual([
      [undefined, 'Basic', 'Project'],
      ['Salaries', '1,234.56', '0.00'],
      ['Office supplies and services', '12,345.67', '100.00'],
      ['Travel', '50.00', '20.00'],
      ['Training', '10.00', '5.00'],
    ]);
    const cell = byPos[2]?.[1];
    expect(cell?.prov?.page).toBe(1);
    const [x0, y0, x1, y1] = cell?.prov?.bbox ?? [];
    expect(x0).toBeCloseTo(240, 0);
    expect(x1).toBeCloseTo(400, 0);
    expect(y0).toBeCloseTo(150, 0);
    expect(y1).toBeCloseTo(170, 0);
  });

  it('continues the table on page 2 as its own grid and rejoins the wrapped paragraph', () => {
    const grid = root.children[4] as GridBlock;
    expect(grid.prov[0]?.page).toBe(2);
    expect(texts(grid)).toEqual([
      ['Meetings', '7.00', '1.00'],
      ['Total', '13,647.23', '126.00'],
    ]);
    expect(root.children[5]).toMatchObject({
      type: 'paragraph',
      text: 'The budget covers salaries, office supplies and travel for the whole year.',
    });
  });
});

describe('extractPdfLayout without rulings, and on pages without text', async () => {
  const root = await extractPdfLayout(
    makePdf([
      {
        texts: [
          { x: 40, y: 100, text: 'Item' },
          { x: 215, y: 100, text: 'Basic' },
          { x: 360, y: 100, text: 'Project' },
          { x: 40, y: 115, text: 'Salaries' },
          { x: 210, y: 115, text: '1,234.56' },
          { x: 365, y: 115, text: '10.00' },
          { x: 40, y: 130, text: 'Travel' },
          { x: 220, y: 130, text: '50.00' },
          { x: 365, y: 130, text: '20.00' },
          { x: 40, y: 145, text: 'Total' },
          { x: 210, y: 145, text: '1,284.56' },
          { x: 365, y: 145, text: '30.00' },
        ],
      },
      { texts: [], lines: [{ x0: 40, y0: 100, x1: 500, y1: 100 }] },
    ]),
  );

  it('finds columns from aligned text', () => {
    const grid = root.children.find((b): b is GridBlock => b.type === 'grid');
    expect(grid).toBeDefined();
    expect(texts(grid!)).toEqual([
      ['Item', 'Basic', 'Project'],
      ['Salaries', '1,234.56', '10.00'],
      ['Travel', '50.00', '20.00'],
      ['Total', '1,284.56', '30.00'],
    ]);
  });

  it('records a page without text as unreadable but still breaks pages', () => {
    expect(root.data.unreadablePages).toEqual([2]);
    expect(root.children.at(-1)).toMatchObject({ type: 'pageBreak', page: 2 });
  });
});

describe('extractPdfLayout on a framed cover and text off the page', async () => {
  const cover = {
    lines: gridLines([100, 495], [300, 360]),
    texts: [
      { x: 150, y: 335, text: 'Department Budget 2026', size: 16 },
      { x: 150, y: -40, text: 'clipped text above the page' },
      { x: 150, y: 900, text: 'clipped text below the page' },
      { x: 150, y: 500, text: 'Prepared by the finance bureau' },
    ],
  };
  const root = await extractPdfLayout(makePdf([cover]), { filename: 'cover.pdf' });

  it('reads a box around one line of text as text, not as a one-cell table', () => {
    expect(root.children.map((b) => b.type)).not.toContain('grid');
    expect(JSON.stringify(root.children)).toContain('Department Budget 2026');
  });

  it('leaves out text drawn outside the page', () => {
    const all = JSON.stringify(root.children);
    expect(all).not.toContain('clipped');
    expect(all).toContain('Prepared by the finance bureau');
  });
});

describe('extractPdfLayout errors', () => {
  const codeOf = async (data: Uint8Array, maxPages?: number): Promise<string> => {
    try {
      await extractPdfLayout(data, { filename: 'bad.pdf', ...(maxPages === undefined ? {} : { maxPages }) });
      return 'no error';
    } catch (err) {
      expect(err).toBeInstanceOf(PdfExtractError);
      expect((err as Error).message).toContain('bad.pdf');
      return (err as PdfExtractError).code;
    }
  };

  it('rejects a zero-byte file', async () => {
    expect(await codeOf(new Uint8Array())).toBe('pdf-not-a-pdf');
  });

  it('rejects HTML saved as .pdf', async () => {
    const html = new TextEncoder().encode('<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>');
    expect(await codeOf(html)).toBe('pdf-not-a-pdf');
  });

  it('rejects truncated PDF bytes', async () => {
    const full = makePdf([page1()]);
    expect(await codeOf(full.slice(0, 60))).toBe('pdf-corrupt');
  });

  it('rejects an encrypted PDF', async () => {
    expect(await codeOf(makePdf([page1()], { encrypted: true }))).toBe('pdf-encrypted');
  });

  it('enforces maxPages', async () => {
    expect(await codeOf(makePdf([page1(), page2()]), 1)).toBe('pdf-too-many-pages');
  });
});
