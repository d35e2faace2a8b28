/**
 * The text-format fast paths give exactly what the general paths give: compact TSV / CSV grids (cells made
 * only when asked for) against the same grids with their cells made, plain-number amount reading against
 * folding, and the string helpers against the expressions they replace — on generated tables full of blank
 * cells, negative and （）amounts, thousands separators, full-width digits, units in headers and merged
 * header rows (test/helpers/edge-tables.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compactRowsOf,
  type GridBlock,
  gridCoverIndex,
  gridFromRows,
  type LayoutRoot,
} from '../src/ast/layout.js';
import { unitsOf } from '../src/check/context.js';
import { printedDecimals } from '../src/check/tolerance.js';
import { extractDelimitedLayout } from '../src/extract/tsv/index.js';
import { loadGrammars } from '../src/grammar/load.js';
import { parse } from '../src/index.js';
import { parseAmount, parseFolded, plainAmountValue } from '../src/normalize/amount.js';
import { cleanCell, cleanText, stripEnumeration, stripMarkup } from '../src/normalize/text.js';
import { buildDocument } from '../src/parse.js';
import { analyzeGrid, lineCells } from '../src/recognize/header.js';
import { type EdgeFormat, edgeTableRows, edgeTableText } from './helpers/edge-tables.js';
import { SEED } from './property/seed.js';

/** The grid blocks of a layout. */
const gridsOf = (root: LayoutRoot): GridBlock[] => root.children.filter((b) => b.type === 'grid');

/** The layout with every grid's cells made (plain objects: the general path reads them). */
const materialized = (root: LayoutRoot): LayoutRoot => JSON.parse(JSON.stringify(root)) as LayoutRoot;

describe('compact TSV / CSV grids', () => {
  for (const format of ['tsv', 'csv'] as const)
    it(`give the same document as the same grids with their cells made (${format})`, () => {
      for (let seed = 1; seed <= 12; seed++) {
        const text = edgeTableText(format, seed, 40 + seed * 7);
        const layout = extractDelimitedLayout(text, format === 'tsv' ? '\t' : ',');
        const grid = gridsOf(layout)[0]!;
        expect(compactRowsOf(grid), `seed ${seed}`).toBeDefined();
        const origin = { filename: null, sha256: '0', mediaType: 'text/plain' };
        const fast = buildDocument(layout, origin).document;
        // Read without making its cells; serialized, the grid makes them and is an ordinary grid from then on.
        expect(compactRowsOf(grid), `seed ${seed}`).toBeDefined();
        const plain = materialized(layout);
        expect(compactRowsOf(grid)).toBeUndefined();
        expect(gridsOf(plain)[0]!.cells.length).toBeGreaterThan(40);
        expect(compactRowsOf(gridsOf(plain)[0]!)).toBeUndefined();
        const general = buildDocument(plain, origin).document;
        expect(fast.tables.length, `seed ${seed}`).toBeGreaterThan(0);
        expect(fast.tables[0]!.rows.length, `seed ${seed}`).toBeGreaterThan(20);
        expect(JSON.stringify(fast), `seed ${seed}`).toBe(JSON.stringify(general));
      }
    });

  it('make the cells gridFromRows makes, with TSV character columns', () => {
    const rows = edgeTableRows(4, 30);
    const text = `${rows.map((row) => row.join('\t')).join('\n')}\n`;
    const grid = gridsOf(extractDelimitedLayout(text, '\t'))[0]!;
    const expected = gridFromRows(
      rows.map((row) => row.map(cleanCell)),
      'tsv',
      (r, c) => {
        const column = rows[r]!.slice(0, c).reduce((sum, field) => sum + field.length + 1, 1);
        const end = column + rows[r]![c]!.length;
        return { position: { start: { line: r + 1, column }, end: { line: r + 1, column: end } } };
      },
    );
    expect(grid.cells.length).toBe(expected.cells.length);
    expect(grid.cells).toEqual(expected.cells);
    expect(Object.keys(grid)).toEqual([
      'type',
      'rowCount',
      'colCount',
      'cells',
      'syntax',
      'prov',
      'position',
    ]);
  });

  it('behave as plain grids: spread, structured clone, assignment, parse after the cells were read', () => {
    const text = edgeTableText('tsv', 7, 25);
    const cloned = structuredClone(gridsOf(extractDelimitedLayout(text))[0]!);
    const spread = { ...gridsOf(extractDelimitedLayout(text))[0]! };
    expect(cloned.cells.length).toBe(spread.cells.length);
    expect(cloned).toEqual(spread);
    const assigned = gridsOf(extractDelimitedLayout(text))[0]!;
    assigned.cells = assigned.cells.slice(0, 3);
    expect(assigned.cells).toHaveLength(3);
    expect(compactRowsOf(assigned)).toBeUndefined();
    // parse() reads the rows without making the cells; a result whose layout cells were read (made) since
    // gives the same document again.
    const first = parse(text, { format: 'tsv' });
    expect(compactRowsOf(gridsOf(first.layout)[0]!)).toBeDefined();
    expect(gridsOf(first.layout)[0]!.cells.length).toBeGreaterThan(25);
    const again = buildDocument(first.layout, first.document.origin).document;
    expect(JSON.stringify(again.tables)).toBe(JSON.stringify(first.document.tables));
  });

  it('give each data line the cells of its row when asked for them (lineCells)', () => {
    const layout = extractDelimitedLayout(edgeTableText('tsv', 2, 30), '\t');
    const grid = gridsOf(layout)[0]!;
    const analysis = analyzeGrid(grid, undefined, loadGrammars());
    expect(analysis.lines.length).toBeGreaterThan(25);
    expect(analysis.lines.every((line) => line.rows !== undefined && line.cells.length === 0)).toBe(true);
    const index = gridCoverIndex(gridsOf(materialized(layout))[0]!);
    for (const line of analysis.lines)
      expect(lineCells(line)).toEqual(index[line.gridRow]!.slice(0, line.texts.length));
  });

  it('keep the general path for markdown and HTML grids', () => {
    for (const format of ['markdown', 'html'] as EdgeFormat[]) {
      const { layout } = parse(edgeTableText(format, 5, 20), { format: format as 'markdown' | 'html' });
      expect(
        gridsOf(layout).every((grid) => compactRowsOf(grid) === undefined),
        format,
      ).toBe(true);
    }
  });
});

/** Characters amounts print with, the awkward ones included. */
const AMOUNT_CHARS = '0123456789.,-()（）０１２９．，－—/ 　无'.split('');
const amountText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...AMOUNT_CHARS), maxLength: 12 }),
  fc.stringMatching(/^-?\d{1,16}(\.\d{1,6})?$/),
);

describe('amount reading', () => {
  it('reads plain numbers as the general (folding) path does', () => {
    fc.assert(
      fc.property(amountText, (printed) => {
        const trimmed = printed.trim();
        const general = trimmed === '' ? { kind: 'blank', printed } : parseFolded(printed);
        expect(parseAmount(printed)).toEqual(general);
        const plain = plainAmountValue(trimmed);
        if (plain !== undefined)
          expect(general).toMatchObject({ kind: 'number', value: plain, negative: false });
      }),
      { seed: SEED, numRuns: 3000 },
    );
    for (const printed of ['-0', '-0.00', '-000.10', '0012.50', '7'])
      expect(parseAmount(printed), printed).toEqual(parseFolded(printed));
  });

  it('counts whole ulps as the regular expression it replaces does', () => {
    const reference = (raw: string, decimals: number): number | undefined => {
      const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(raw);
      if (!m) return undefined;
      const fraction = m[3] ?? '';
      if (fraction.length > decimals || m[2]!.length + decimals > 15) return undefined;
      const units = Number(m[2]! + fraction.padEnd(decimals, '0'));
      if (m[1] === '-' && units === 0) return undefined;
      return m[1] === '-' ? -units : units;
    };
    fc.assert(
      fc.property(amountText, fc.integer({ min: 0, max: 6 }), (raw, decimals) => {
        expect(unitsOf(raw, decimals)).toBe(reference(raw, decimals));
      }),
      { seed: SEED, numRuns: 3000 },
    );
    for (const raw of ['', '-', '1.', '.5', '-0', '-0.0', '999999999999999', '99999999999999.9', '1e5'])
      for (const decimals of [0, 1, 2]) expect(unitsOf(raw, decimals), raw).toBe(reference(raw, decimals));
  });

  it('counts printed decimals with and without full-width digits', () => {
    for (const printed of ['1,186.35', '5.7', '750', '（12.50）', '１２．３４５', '3.0 ', '(2.10)'])
      expect(printedDecimals(printed), printed).toBe(
        /\.(\d+)\s*\)?\s*$/.exec(
          printed
            .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
            .replace(/[．]/g, '.')
            .trim(),
        )?.[1]?.length ?? 0,
      );
  });
});

describe('text cleaning shortcuts', () => {
  const TEXT_CHARS = 'ab 1２、（一）其中：注*_<>&\t\u3000\u2f00一般公共服务'.split('');
  const text = fc.string({ unit: fc.constantFrom(...TEXT_CHARS), maxLength: 14 });

  it('cleanCell is cleanText(stripMarkup()) with blanks collapsed', () => {
    fc.assert(
      fc.property(text, (cell) => {
        expect(cleanCell(cell)).toBe(cleanText(stripMarkup(cell)).replace(/\s+/g, ' '));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('stripEnumeration without a marker is the trimmed text', () => {
    const ENUMERATION =
      /^(?:[（(][一二三四五六七八九十百\d]+[）)]|[一二三四五六七八九十百]+[、.．]|\d+[、.．](?!\d)|其中[:：]?)\s*/;
    const reference = (label: string): string => {
      let out = label;
      for (let i = 0; i < 3; i++) {
        const next = out.replace(ENUMERATION, '');
        if (next === out) break;
        out = next;
      }
      return out.trim();
    };
    fc.assert(
      fc.property(text, (label) => {
        expect(stripEnumeration(label)).toBe(reference(label));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
