/**
 * Printed page numbers (folios): read in the page's margin bands; a decorated one ("— 31 —") also somewhat
 * further in, where landscape pages print it, while a bare number there is a table cell's, not a folio.
 */
import { describe, expect, it } from 'vitest';
import type { TextLine } from '../../src/extract/pdf/lines.js';
import { printedFolio } from '../../src/extract/pdf/page-furniture.js';

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
