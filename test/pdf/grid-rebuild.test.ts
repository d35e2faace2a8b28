import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { rebuildRuledGrid } from '../../src/extract/pdf/grid-rebuild.js';
import type { PdfJs } from '../../src/extract/pdf/open-document.js';
import { readPageContent } from '../../src/extract/pdf/page-content.js';
import type { Ruling } from '../../src/extract/pdf/rulings.js';
import type { TableRegion } from '../../src/extract/pdf/table-regions.js';
import type { PageFrame } from '../../src/extract/pdf/text-items.js';

const pdfjs: PdfJs = await import('pdfjs-dist/legacy/build/pdf.mjs');
const { OPS } = pdfjs;
const FRAME: PageFrame = { width: 595, height: 842, transform: [1, 0, 0, -1, 0, 842] };
const FONTS = { F1: { fontMatrix: [0.001, 0, 0, 0.001, 0, 0] } };

/** Text runs of glyphs drawn one by one (each with its own Tm, 5 wide at size 10) from x on baseline 105. */
async function placedRuns(...texts: [text: string, x: number][]) {
  const fnArray: number[] = [OPS.beginText, OPS.setFont];
  const argsArray: unknown[] = [null, ['F1', 10]];
  for (const [text, x] of texts)
    [...text].forEach((ch, k) => {
      fnArray.push(OPS.setTextMatrix, OPS.showText);
      argsArray.push([1, 0, 0, 1, x + 5 * k, 842 - 105], [[{ unicode: ch, width: 500, isSpace: false }]]);
    });
  const page = {
    getOperatorList: async () => ({ fnArray, argsArray }),
    commonObjs: { has: (n: string) => n in FONTS, get: (n: 'F1') => FONTS[n] },
  } as unknown as PDFPageProxy;
  return (await readPageContent(page, FRAME, pdfjs)).items;
}

/** One ruled row from y 90 to 110 with column lines at `xs`. */
function region(xs: number[]): TableRegion {
  const v = (x: number): Ruling => ({ dir: 'v', x0: x, y0: 90, x1: x, y1: 110 });
  const h = (y: number): Ruling => ({ dir: 'h', x0: xs[0]!, y0: y, x1: xs.at(-1)!, y1: y });
  return { bbox: [xs[0]!, 90, xs.at(-1)!, 110], horizontals: [h(90), h(110)], verticals: xs.map(v) };
}

/** Cell texts of the rebuilt one-row grid, left to right. */
async function cells(xs: number[], ...texts: [string, number][]): Promise<string[]> {
  const items = await placedRuns(...texts);
  const { grid } = rebuildRuledGrid(region(xs), items, 1);
  return grid.cells.map((c) => c.text);
}

describe('rebuildRuledGrid with runs joined from glyphs drawn one by one', () => {
  it('parts two cells’ texts printed edge to edge where the column line passes between them', async () => {
    // 'Alpha' ends at 100 and 'Beta' starts there: one joined run, the line 0.4 away from the joint.
    expect(await cells([50, 100.4, 200], ['Alpha', 75], ['Beta', 100])).toEqual(['Alpha', 'Beta']);
  });

  it('keeps a text overflowing into the next cell whole when the line passes through a glyph', async () => {
    // 'Overflow' starts 2.5 left of the line (half a glyph): it is the right cell's text.
    expect(await cells([50, 100, 200], ['Overflow', 97.5])).toEqual(['', 'Overflow']);
  });

  it('keeps a number whole even where the line passes between two of its digits', async () => {
    expect(await cells([50, 102.6, 200], ['1234', 97.5])).toEqual(['', '1234']);
  });
});
