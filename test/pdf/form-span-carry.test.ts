/**
 * A project form (项目支出绩效目标表) whose project runs over a page break: its 项目名称 and 项目金额 are printed
 * once, in cells merged over the project's indicator rows, on the first page; on the next page the merged cells
 * go on blank above the rest of the project's indicators. Those rows belong to the project of the page before.
 * Generated with the bench's PDF writer (Chinese text, ruled cells).
 */
import { describe, expect, it } from 'vitest';
import { PageBuilder, writePdf } from '../../bench/pdf-writer.js';
import type { GridCell } from '../../src/ast/layout.js';
import { parsePdfBytes, type Row, type Table } from '../../src/index.js';
import { carrySpansOver } from '../../src/merge/continuations.js';
import type { DataLine } from '../../src/recognize/header.js';

const TOP = 780;
const ROW = 24;
/** Column edges: 项目名称, 项目金额, 一级指标, 二级指标, 三级指标, 指标值. */
const XS = [40, 150, 220, 290, 370, 480, 550];
/** Columns merged over a project's rows (name and amount). */
const MERGED = 2;

/**
 * A ruled page of `rows` (cells by column; '' for none). `starts[r]` is true where a project starts on row r:
 * the rule above that row crosses the merged columns too, every other rule only the indicator columns.
 */
function page(rows: readonly (readonly string[])[], starts: readonly boolean[], title?: string): PageBuilder {
  const p = new PageBuilder();
  if (title) p.text(200, TOP + 30, 16, title);
  for (const x of XS) p.line(x, TOP, x, TOP - ROW * rows.length);
  for (let r = 0; r <= rows.length; r++) {
    const from = r === rows.length || starts[r] ? XS[0]! : XS[MERGED]!;
    p.line(from, TOP - r * ROW, XS.at(-1)!, TOP - r * ROW);
  }
  for (const [r, cells] of rows.entries())
    for (const [c, text] of cells.entries()) if (text) p.text(XS[c]! + 3, TOP - r * ROW - 16, 9, text);
  return p;
}

const FIRST = page(
  [
    ['项目名称', '项目金额', '一级指标', '二级指标', '三级指标', '指标值'],
    ['档案数字化项目', '120.50', '产出指标', '数量指标', '数字化档案（卷）', '≥3000'],
    ['', '', '产出指标', '质量指标', '验收合格率（%）', '100'],
    ['执法装备购置项目', '88.00', '产出指标', '数量指标', '购置执法记录仪（台）', '≥40'],
    ['', '', '产出指标', '时效指标', '完成时间', '6月底前'],
  ],
  [true, true, false, true, false],
  '项目支出绩效目标表',
);

/** The next page: two more indicators of 执法装备购置项目 under blank merged cells, then a new project. */
const SECOND = page(
  [
    ['', '', '效益指标', '社会效益指标', '执法规范化水平', '明显提升'],
    ['', '', '满意度指标', '服务对象满意度', '群众满意度（%）', '≥90'],
    ['普法宣传项目', '15.00', '产出指标', '数量指标', '宣传活动（场）', '≥12'],
  ],
  [true, false, true],
);

async function readForm(pages: PageBuilder[]): Promise<Table> {
  const { document } = await parsePdfBytes(writePdf(pages), { filename: 'form.pdf' });
  const forms = document.tables.filter((t) => t.kind === 'performance-targets');
  expect(forms).toHaveLength(1);
  return forms[0]!;
}

/** The row printing `text` (in any column). */
function rowOf(form: Table, text: string): Row {
  const row = form.rows.find((r) => Object.values({ ...r.text, ...r.values }).includes(text));
  expect(row, text).toBeDefined();
  return row!;
}

/** The id of the column holding `value` in `row`. */
const columnOf = (row: Row, value: string) =>
  Object.entries({ ...row.text, ...row.values }).find(([, v]) => v === value)?.[0];

describe('a project form whose project runs over a page break', () => {
  it('gives the next page’s rows under blank merged cells the project of the page before', async () => {
    const form = await readForm([FIRST, SECOND]);
    expect(form.pages).toEqual([1, 2]);
    expect(form.fragments.map((f) => f.join)).toEqual(['first', 'bare-rows']);
    const before = rowOf(form, '购置执法记录仪（台）');
    expect(before.label).toBe('执法装备购置项目');
    const amount = columnOf(before, '88.00');
    expect(amount).toBeDefined();
    for (const text of ['执法规范化水平', '群众满意度（%）']) {
      const row = rowOf(form, text);
      expect(row.label, text).toBe('执法装备购置项目');
      expect(row.values[amount!], text).toBe('88.00');
      // Read from the merged cell on page 1, and said so.
      expect(row.cells.label).toMatchObject({
        printed: '执法装备购置项目',
        spanned: true,
        place: { page: 1 },
      });
      expect(row.cells[amount!]).toMatchObject({ printed: '88.00', spanned: true, place: { page: 1 } });
      // The row's own cells stay on page 2.
      expect(row.cells[columnOf(row, text)!]?.place?.page).toBe(2);
    }
    // A project starting on the next page keeps its own name and amount.
    const next = rowOf(form, '宣传活动（场）');
    expect(next.label).toBe('普法宣传项目');
    expect(next.values[amount!]).toBe('15.00');
    expect(next.cells.label?.spanned).toBeUndefined();
  });

  it('leaves a blank one-row cell under a one-row cell blank (no merged cell runs over the break)', async () => {
    // The first page ends with a project of one row; the next page starts with one row whose name is blank.
    const first = page(
      [
        ['项目名称', '项目金额', '一级指标', '二级指标', '三级指标', '指标值'],
        ['档案数字化项目', '120.50', '产出指标', '数量指标', '数字化档案（卷）', '≥3000'],
      ],
      [true, true],
      '项目支出绩效目标表',
    );
    const second = page([['', '', '产出指标', '时效指标', '完成时间', '6月底前']], [true]);
    const form = await readForm([first, second]);
    expect(form.pages).toEqual([1, 2]);
    const row = rowOf(form, '完成时间');
    expect(row.label).toBeNull();
    expect(Object.values(row.values).every((v) => v === null)).toBe(true);
  });

  it('carries only a cell standing in the same column of the page (not one of another column at that index)', () => {
    const cell = (
      text: string,
      row: number,
      rowSpan: number,
      x0: number,
      x1: number,
      page: number,
    ): GridCell => ({
      text,
      row,
      col: 0,
      rowSpan,
      colSpan: 1,
      prov: { page, bbox: [x0, 100, x1, 200] },
    });
    const above = cell('执法装备购置项目', 3, 2, 40, 150, 1);
    const previous: DataLine = {
      texts: ['执法装备购置项目', '产出指标'],
      cells: [above, undefined],
      gridRow: 4,
    };
    const lineUnder = (blank: GridCell, gridRow: number): DataLine => ({
      texts: ['', `指标${gridRow}`],
      cells: [blank, undefined],
      gridRow,
    });
    const inColumn = cell('', 0, 2, 40.5, 150, 2);
    const carried = carrySpansOver(previous, [lineUnder(inColumn, 0), lineUnder(inColumn, 1)]);
    expect(carried.map((l) => [l.texts[0], l.carried])).toEqual([
      ['执法装备购置项目', [0]],
      ['执法装备购置项目', [0]],
    ]);
    expect(carried[0]!.cells[0]).toBe(above);
    // The next page ruled one more column on the left: its blank first cell is another column of the page.
    const elsewhere = cell('', 0, 2, 20, 40, 2);
    const kept = carrySpansOver(previous, [lineUnder(elsewhere, 0), lineUnder(elsewhere, 1)]);
    expect(kept.map((l) => [l.texts[0], l.carried])).toEqual([
      ['', undefined],
      ['', undefined],
    ]);
  });

  it('carries nothing into a new record, nor into a line with nothing printed of its own', () => {
    const cell = (text: string, col: number, row: number, rowSpan: number, page: number): GridCell => ({
      text,
      row,
      col,
      rowSpan,
      colSpan: 1,
      prov: { page, bbox: [40 + 100 * col, 100, 140 + 100 * col, 200] },
    });
    // The last project of page 1: name, amount and 其他资金, each merged over its rows.
    const above = [cell('执法装备购置项目', 0, 3, 2, 1), cell('88.00', 1, 3, 2, 1), cell('3.35', 2, 3, 2, 1)];
    const previous: DataLine = {
      texts: ['执法装备购置项目', '88.00', '3.35', '指标'],
      cells: [...above],
      gridRow: 4,
    };
    // Page 2 starts a new project whose 其他资金 is blank: nothing of the project before goes on.
    const fresh = [cell('普法宣传项目', 0, 0, 2, 2), cell('15.00', 1, 0, 2, 2), cell('', 2, 0, 2, 2)];
    const newRecord = carrySpansOver(previous, [
      { texts: ['普法宣传项目', '15.00', '', '宣传活动（场）'], cells: [...fresh], gridRow: 0 },
    ]);
    expect(newRecord[0]!.texts).toEqual(['普法宣传项目', '15.00', '', '宣传活动（场）']);
    expect(newRecord[0]!.carried).toBeUndefined();
    // Page 2 goes on with the project, its first line blank throughout: that line stays blank.
    const blanks = [cell('', 0, 0, 2, 2), cell('', 1, 0, 2, 2), cell('', 2, 0, 2, 2)];
    const goesOn = carrySpansOver(previous, [
      { texts: ['', '', '', ''], cells: [...blanks], gridRow: 0 },
      { texts: ['', '', '', '群众满意度（%）'], cells: [...blanks], gridRow: 1 },
    ]);
    expect(goesOn.map((l) => l.texts)).toEqual([
      ['', '', '', ''],
      ['执法装备购置项目', '88.00', '3.35', '群众满意度（%）'],
    ]);
  });
});
