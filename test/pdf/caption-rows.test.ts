/**
 * Captions inside a table's ruled area (title, unit line, 表N) are taken out of the grid, so that the header
 * below them is read as the header.
 */
import { describe, expect, it } from 'vitest';
import type { GridBlock, GridCell } from '../../src/ast/layout.js';
import { detachCaptionRows } from '../../src/extract/pdf/grid-rebuild.js';

const cell = (row: number, col: number, text: string, rowSpan = 1): GridCell => ({
  text,
  row,
  col,
  rowSpan,
  colSpan: 1,
});

/** A unit line in the top row of a ruled area, a header and one line below; `sliver` spans the rows at the left. */
function grid(sliver: string): GridBlock {
  const cells = [
    cell(0, 0, sliver, 3),
    cell(0, 1, ''),
    cell(0, 2, '金额单位：万元'),
    cell(1, 1, '科目名称'),
    cell(1, 2, '合计'),
    cell(2, 1, '行政运行'),
    cell(2, 2, '10.00'),
  ];
  return { type: 'grid', prov: [], syntax: 'pdf', rowCount: 3, colCount: 3, cells };
}

const isCaption = (text: string) => text.startsWith('金额单位');

describe('caption rows inside a ruled area', () => {
  it('takes the unit line out even when an empty sliver at the edge is merged down past it', () => {
    const { captions, grid: table } = detachCaptionRows(grid(''), isCaption);
    expect(captions.map((c) => c.text)).toEqual(['金额单位：万元']);
    expect(table.rowCount).toBe(2);
    expect(table.cells.find((c) => c.col === 0)).toMatchObject({ row: 0, rowSpan: 2 });
    expect(table.cells.filter((c) => c.row === 0).map((c) => c.text)).toEqual(['', '科目名称', '合计']);
  });

  it('keeps a row whose text is merged down into the table', () => {
    const { captions, grid: table } = detachCaptionRows(grid('项目'), isCaption);
    expect(captions).toEqual([]);
    expect(table.rowCount).toBe(3);
  });
});
