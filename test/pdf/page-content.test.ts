import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { ENCODED_CHUNK, encodeOps, Op } from '../../src/extract/pdf/op-stream.js';
import type { PdfJs } from '../../src/extract/pdf/open-document.js';
import { leanPlan, readPageContent } from '../../src/extract/pdf/page-content.js';
import type { PageFrame } from '../../src/extract/pdf/text-items.js';

const pdfjs: PdfJs = await import('pdfjs-dist/legacy/build/pdf.mjs');
const { OPS } = pdfjs;

/** A4 portrait at scale 1: PDF user space flipped to top-left coordinates. */
const FRAME: PageFrame = { width: 595, height: 842, transform: [1, 0, 0, -1, 0, 842] };

/** A pdf.js glyph object (Helvetica-like widths in 1/1000 em). */
function glyph(unicode: string, width = 500): { unicode: string; width: number; isSpace: boolean } {
  return { unicode, width, isSpace: unicode === ' ' };
}

/** Glyphs for a string, every glyph `width` wide. */
function glyphs(text: string, width = 500) {
  return [...text].map((ch) => glyph(ch, width));
}

type OpList = { fnArray: number[]; argsArray: unknown[] };

/** A fake page whose operator list is `list`; fonts as pdf.js's common objects would hold them. */
function fakePage(list: OpList, fonts: Record<string, { fontMatrix: number[]; vertical?: boolean }> = {}) {
  return {
    getOperatorList: async () => list,
    commonObjs: { has: (name: string) => name in fonts, get: (name: string) => fonts[name] },
  } as unknown as PDFPageProxy;
}

/** Build an operator list from [op, args] pairs. */
function ops(...pairs: [number, unknown[]?][]): OpList {
  return { fnArray: pairs.map(([fn]) => fn), argsArray: pairs.map(([, args]) => args ?? null) };
}

const F1 = { F1: { fontMatrix: [0.001, 0, 0, 0.001, 0, 0] } };

describe('readPageContent text layout (glyph advances as pdf.js draws them)', () => {
  it('places a run from Tf/Td and measures it from the glyph widths', async () => {
    const page = fakePage(
      ops(
        [OPS.beginText],
        [OPS.setFont, ['F1', 10]],
        [OPS.moveText, [100, 742]],
        [OPS.showText, [glyphs('Total')]],
      ),
      F1,
    );
    const { items } = await readPageContent(page, FRAME, pdfjs);
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(item?.text).toBe('Total');
    expect(item?.x).toBeCloseTo(100);
    expect(item?.baseline).toBeCloseTo(100); // 842 - 742
    expect(item?.width).toBeCloseTo(25); // 5 glyphs × 500/1000 × 10
    expect(item?.fontSize).toBeCloseTo(10);
  });

  it('parts a run at a wide TJ adjustment and keeps a narrow one inside', async () => {
    const page = fakePage(
      ops(
        [OPS.beginText],
        [OPS.setFont, ['F1', 10]],
        [OPS.moveText, [40, 700]],
        [OPS.showText, [[...glyphs('AB'), -50, ...glyphs('C'), -8000, ...glyphs('1.00')]]],
      ),
      F1,
    );
    const { items } = await readPageContent(page, FRAME, pdfjs);
    expect(items.map((i) => i.text)).toEqual(['ABC', '1.00']);
    // AB (10) + 0.5 kerning + C (5) = 15.5; then 80 to the right.
    expect(items[1]?.x).toBeCloseTo(40 + 15.5 + 80);
  });

  it('keeps a space in the flow of a run and parts runs at a wide stretch of spaces', async () => {
    const page = fakePage(
      ops(
        [OPS.beginText],
        [OPS.setFont, ['F1', 10]],
        [OPS.moveText, [40, 700]],
        [
          OPS.showText,
          [[...glyphs('Unit:'), glyph(' ', 250), ...glyphs('yuan'), ...glyphs('     ', 250), ...glyphs('9')]],
        ],
      ),
      F1,
    );
    const { items } = await readPageContent(page, FRAME, pdfjs);
    expect(items.map((i) => i.text)).toEqual(['Unit: yuan', '9']);
  });

  it('applies Tz, Tc, Tw, TL/T* and Ts as the PDF text state defines them', async () => {
    const page = fakePage(
      ops(
        [OPS.beginText],
        [OPS.setFont, ['F1', 10]],
        [OPS.setHScale, [50]],
        [OPS.setCharSpacing, [2]],
        [OPS.setLeading, [12]],
        [OPS.moveText, [100, 700]],
        [OPS.showText, [glyphs('ab')]], // (5 + 2) × 2 × 0.5 = 7 wide
        [OPS.showText, [glyphs('c')]], // starts at 107
        [OPS.nextLine],
        [OPS.setTextRise, [3]],
        [OPS.showText, [glyphs('d')]],
      ),
      F1,
    );
    const { items } = await readPageContent(page, FRAME, pdfjs);
    // 'c' starts where 'ab' ends, on its baseline: one run, joined at x 107 (text offset 2).
    expect(items.map((i) => i.text)).toEqual(['abc', 'd']);
    expect(items[0]?.width).toBeCloseTo(7 + 3.5); // 'c': (5 + 2) × 0.5
    expect(items[0]?.joints?.[0]).toBeCloseTo(107);
    expect(items[0]?.joints?.[1]).toBe(2);
    expect(items[1]?.x).toBeCloseTo(100); // T* goes back to the line start
    expect(items[1]?.baseline).toBeCloseTo(842 - (700 - 12) - 3); // one leading down, raised by 3
  });

  it('joins glyphs placed one by one into runs as one TJ would, and parts them at a gap or a new line', async () => {
    // Each glyph with its own Tm, as WPS and some spreadsheet exports write them.
    const placed = (text: string, x: number, y: number, step = 5) =>
      [...text].flatMap((ch, k): [number, unknown[]][] => [
        [OPS.setTextMatrix, [1, 0, 0, 1, x + k * step, y]],
        [OPS.showText, [[glyph(ch)]]],
      ]);
    const page = fakePage(
      ops(
        [OPS.beginText],
        [OPS.setFont, ['F1', 10]],
        ...placed('Item', 40, 700),
        ...placed('12.5', 40 + 20 + 0.5, 700), // 0.5 after the word: within a tenth of the size
        ...placed('Tax', 40 + 40 + 2, 700), // 2 after it: a gap
        ...placed('Fee', 40, 688), // the next line
      ),
      F1,
    );
    const { items } = await readPageContent(page, FRAME, pdfjs);
    expect(items.map((i) => i.text)).toEqual(['Item12.5', 'Tax', 'Fee']);
    expect(items[0]?.x).toBeCloseTo(40);
    expect(items[0]?.width).toBeCloseTo(40.5);
    expect(items[0]?.joints).toHaveLength(2 * 7); // one joint per glyph after the first
    expect(items[0]?.joints?.slice(6, 8)).toEqual([60.5, 4]);
    expect(items[1]?.joints).toHaveLength(4);
    expect(items[2]?.baseline).toBeCloseTo(842 - 688);
  });

  it('keeps a glyph drawn twice at one place (fake bold) once, so doubled glyphs do not interleave', async () => {
    const page = fakePage(
      ops(
        [OPS.beginText],
        [OPS.setFont, ['F1', 10]],
        [OPS.setTextMatrix, [1, 0, 0, 1, 40, 700]],
        [OPS.showText, [[glyph('A')]]],
        [OPS.setTextMatrix, [1, 0, 0, 1, 40.3, 700]],
        [OPS.showText, [[glyph('A')]]],
        [OPS.setTextMatrix, [1, 0, 0, 1, 45, 700]],
        [OPS.showText, [[glyph('B')]]],
        [OPS.setTextMatrix, [1, 0, 0, 1, 45.3, 700]],
        [OPS.showText, [[glyph('B')]]],
      ),
      F1,
    );
    const { items } = await readPageContent(page, FRAME, pdfjs);
    expect(items.map((i) => i.text)).toEqual(['AB']);
  });

  it('uses Tm and the current transform, restored by Q and at the end of a form', async () => {
    const page = fakePage(
      ops(
        [OPS.setFont, ['F1', 10]],
        [OPS.save],
        [OPS.transform, [2, 0, 0, 2, 0, 0]],
        [OPS.beginText],
        [OPS.setTextMatrix, [new Float32Array([1, 0, 0, 1, 50, 300])]],
        [OPS.showText, [glyphs('x')]],
        [OPS.restore],
        [OPS.paintFormXObjectBegin, [new Float32Array([1, 0, 0, 1, 10, 0]), null]],
        [OPS.beginText],
        [OPS.setTextMatrix, [new Float32Array([1, 0, 0, 1, 50, 300])]],
        [OPS.showText, [glyphs('y')]],
        [OPS.paintFormXObjectEnd],
        [OPS.beginText],
        [OPS.setTextMatrix, [new Float32Array([1, 0, 0, 1, 50, 300])]],
        [OPS.showText, [glyphs('z')]],
      ),
      F1,
    );
    const { items } = await readPageContent(page, FRAME, pdfjs);
    expect(
      items.map((i) => [i.text, Math.round(i.x), Math.round(i.baseline), Math.round(i.fontSize)]),
    ).toEqual([
      ['x', 100, 242, 20],
      ['y', 60, 542, 10],
      ['z', 50, 542, 10],
    ]);
  });

  it('drops text drawn off the page, as pdf.js text layer does', async () => {
    const page = fakePage(
      ops(
        [OPS.beginText],
        [OPS.setFont, ['F1', 10]],
        [OPS.moveText, [100, 900]],
        [OPS.showText, [glyphs('above')]],
        [OPS.moveText, [0, -200]],
        [OPS.showText, [glyphs('inside')]],
      ),
      F1,
    );
    const { items } = await readPageContent(page, FRAME, pdfjs);
    expect(items.map((i) => i.text)).toEqual(['inside']);
  });

  it('boxes each glyph of a vertical font on its own, top to bottom', async () => {
    const page = fakePage(
      ops(
        [OPS.beginText],
        [OPS.setFont, ['V', 10]],
        [OPS.moveText, [100, 700]],
        [OPS.showText, [glyphs('年度', 1000)]],
      ),
      { V: { fontMatrix: [0.001, 0, 0, 0.001, 0, 0], vertical: true } },
    );
    const { items } = await readPageContent(page, FRAME, pdfjs);
    expect(items.map((i) => i.text)).toEqual(['年', '度']);
    expect(items[1]!.y).toBeGreaterThan(items[0]!.y);
  });

  it('reads rulings from stroked paths and thin filled bars, not from white boxes', async () => {
    const line = (x0: number, y0: number, x1: number, y1: number) => new Float32Array([0, x0, y0, 1, x1, y1]);
    // A closed 260 × 1 rectangle (pdf.js path ops: 0 moveTo, 1 lineTo, 4 closePath).
    const bar = (y: number) => new Float32Array([0, 40, y, 1, 300, y, 1, 300, y + 1, 1, 40, y + 1, 4]);
    const page = fakePage(
      ops(
        [OPS.constructPath, [OPS.stroke, [line(40, 700, 300, 700)], null]],
        [OPS.setFillRGBColor, ['#FFFFFF']],
        [OPS.constructPath, [OPS.fill, [bar(600)], null]],
        [OPS.setFillRGBColor, ['#000000']],
        [OPS.constructPath, [OPS.fill, [bar(500)], null]],
        [OPS.constructPath, [OPS.endPath, [line(0, 10, 595, 10)], null]],
      ),
    );
    const { rulings } = await readPageContent(page, FRAME, pdfjs);
    expect(rulings).toHaveLength(2);
    expect(rulings.every((r) => r.dir === 'h')).toBe(true);
    expect(rulings.map((r) => r.y0)).toEqual([142, 341.5]); // the line at 700 and the black bar's centre line
  });

  it('reads chunks the lean worker encoded exactly as the plain operator list', async () => {
    const list = ops(
      [OPS.beginText],
      [OPS.setFont, ['F1', 10]],
      [OPS.moveText, [40, 700]],
      [OPS.showText, [[...glyphs('合计'), -3000, ...glyphs('12.50')]]],
      [OPS.constructPath, [OPS.stroke, [new Float32Array([0, 40, 690, 1, 300, 690])], null]],
    );
    const plain = await readPageContent(fakePage(list, F1), FRAME, pdfjs);
    const reduced = leanPlan(OPS).reduce(list.fnArray, list.argsArray);
    expect(reduced.fnArray).toEqual([ENCODED_CHUNK]);
    const lean = await readPageContent(
      fakePage({ fnArray: reduced.fnArray, argsArray: reduced.argsArray }, F1),
      FRAME,
      pdfjs,
    );
    expect(lean).toEqual(plain);
    expect(plain.items.map((i) => i.text)).toEqual(['合计', '12.50']);
    expect(plain.rulings).toHaveLength(1);
  });
});

describe('encodeOps', () => {
  it('writes each kept operator with its operands and skips the rest', () => {
    const stream = encodeOps(
      [OPS.setFont, OPS.setLineWidth, OPS.showText, OPS.setGState, OPS.moveText],
      [
        ['F7', -9],
        [3],
        [[glyph('a', 556), 120, glyph(' ', 278)]],
        [
          [
            ['LW', 2],
            ['Font', ['F8', 12]],
          ],
        ],
        [1, 2],
      ],
      OPS,
    );
    expect(stream.fonts).toEqual(['F7', 'F8']);
    expect(stream.text).toBe('a ');
    expect(Array.from(stream.numbers)).toEqual([
      Op.Font,
      0,
      -9,
      Op.Text,
      3,
      1,
      556,
      0,
      -1,
      120,
      0,
      1,
      278,
      1,
      Op.Font,
      1,
      12,
      Op.Move,
      1,
      2,
    ]);
  });
});
