/**
 * Printed page numbers (folios): read in the page's margin bands; a decorated one ("— 31 —") also somewhat
 * further in, where landscape pages print it, while a bare number there is a table cell's, not a folio.
 */
import { describe, expect, it } from 'vitest';
import type { TextLine } from '../../src/extract/pdf/lines.js';
import { printedFolio, removePageFurniture } from '../../src/extract/pdf/page-furniture.js';
import { isMetadataLine } from '../../src/grammar/lines.js';

/** A one-fragment line of `text` whose top is at `top` on a 595-high page. */
function line(text: string, top: number): TextLine {
  const fragment = { x0: 390, x1: 430, top, bottom: top + 14, baseline: top + 12, fontSize: 14, text };
  return { ...fragment, fragments: [fragment] } as TextLine;
}

describe('printed folios', () => {
  it('reads a number in the bottom band, and a decorated one just above it', () => {
    expect(printedFolio({ height: 595, lines: [line('12', 560)] })).toBe(12);
    // "— 31 —" printed 70 pt above the bottom edge of a landscape page (above the 12 % band).
    expect(printedFolio({ height: 595, lines: [line('— 31 —', 511)] })).toBe(31);
    expect(printedFolio({ height: 595, lines: [line('31', 511)] })).toBeUndefined();
    expect(printedFolio({ height: 595, lines: [line('— 31 —', 300)] })).toBeUndefined();
  });
});

describe('running headers', () => {
  const pages = (top: string) =>
    Array.from({ length: 4 }, (_, i) => ({
      height: 595,
      lines: [line(top, 20), line(`正文第${i + 1}行`, 300)],
    }));

  it('drops a line repeated atop every page, but keeps a table’s metadata line printed so', () => {
    const running = removePageFurniture(pages('某某局2026年部门预算公开'), isMetadataLine);
    expect(running.map((page) => page.map((l) => l.text))).toEqual([
      ['正文第1行'],
      ['正文第2行'],
      ['正文第3行'],
      ['正文第4行'],
    ]);
    const meta = removePageFurniture(
      pages('部门名称：广州市政务服务和数据管理局 单位：万元'),
      isMetadataLine,
    );
    expect(meta.every((page) => page[0]?.text === '部门名称：广州市政务服务和数据管理局 单位：万元')).toBe(
      true,
    );
  });
});
