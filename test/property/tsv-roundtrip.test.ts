/**
 * Property: TSV / CSV → layout grid → cells round trip, and the cell budget cuts only whole rows from the end.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gridToMatrix } from '../../src/ast/layout.js';
import type { LimitHit } from '../../src/errors.js';
import { extractDelimitedLayout, parseCsv } from '../../src/extract/tsv/index.js';
import { SEED } from './seed.js';

/** Characters cleaning leaves alone (no spaces, markup, colons, compatibility forms or a leading 注). */
const CHARS = 'abcxyz0123456789.,-合计支出一般公共服务事务科目名称'.split('');
const cellText = fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 8 });
const cell = fc.oneof({ weight: 4, arbitrary: cellText }, { weight: 1, arbitrary: fc.constant('') });

/** A grid whose first row has every cell filled (so it reads as the grid's first line, not a title). */
const grid = fc
  .integer({ min: 2, max: 6 })
  .chain((width) =>
    fc.tuple(
      fc.array(cellText, { minLength: width, maxLength: width }),
      fc.array(fc.array(cell, { minLength: 1, maxLength: width }), { maxLength: 12 }),
    ),
  )
  .map(([first, rest]) => {
    const rows = [first, ...rest];
    // Trailing blank lines are dropped by design: end on a row with some text.
    while (rows.length > 1 && rows.at(-1)!.every((c) => c === '')) rows.pop();
    return rows;
  });

const eol = fc.constantFrom('\n', '\r\n', '\r');

function padded(rows: string[][]): string[][] {
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array.from({ length: width - r.length }, () => '')]);
}

function onlyGrid(root: ReturnType<typeof extractDelimitedLayout>) {
  const grids = root.children.filter((b) => b.type === 'grid');
  expect(grids).toHaveLength(1);
  return grids[0]!;
}

describe('TSV / CSV round trip (property)', () => {
  it('TSV text → grid → the same cells, whatever the line ends', () => {
    fc.assert(
      fc.property(grid, eol, (rows, end) => {
        const text = rows.map((r) => r.join('\t')).join(end) + end;
        const g = onlyGrid(extractDelimitedLayout(text, '\t'));
        expect(gridToMatrix(g)).toEqual(padded(rows));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('CSV with quoting → parseCsv → the same cells (commas, quotes and line ends inside cells)', () => {
    const csvCell = fc.string({ unit: fc.constantFrom(...CHARS, ',', '"', '\n', '\r\n', ' '), maxLength: 8 });
    const quote = (c: string) => (/[",\r\n]/.test(c) || c.trim() !== c ? `"${c.replace(/"/g, '""')}"` : c);
    fc.assert(
      fc.property(
        fc.array(fc.array(csvCell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        (rows) => {
          const text = `${rows.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
          expect(parseCsv(text)).toEqual(rows);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('a cell budget keeps a prefix of whole rows within the limit, and says so', () => {
    fc.assert(
      fc.property(grid, fc.integer({ min: 1, max: 40 }), (rows, maxCells) => {
        const hits: LimitHit[] = [];
        const text = `${rows.map((r) => r.join('\t')).join('\n')}\n`;
        const g = onlyGrid(
          extractDelimitedLayout(text, '\t', { maxCells, onLimit: (hit) => hits.push(hit) }),
        );
        const whole = padded(rows);
        const area = whole.length * (whole[0]?.length ?? 0);
        const kept = gridToMatrix(g);
        expect(g.rowCount * g.colCount).toBeLessThanOrEqual(Math.max(maxCells, 1));
        expect(hits.length).toBe(area > maxCells ? 1 : 0);
        // Rows kept are the first rows, cell for cell (a single over-wide row keeps its first cells).
        kept.forEach((row, r) => {
          row.forEach((text, c) => {
            expect(text).toBe(rows[r]?.[c] ?? '');
          });
        });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
