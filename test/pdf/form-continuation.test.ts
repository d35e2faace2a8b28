/**
 * A performance-target form whose next page is ruled to fewer columns (the 年度绩效指标 cell that spans the
 * indicator rows ends with the first page): the next page's cells go under the first page's columns by
 * position, not by index. Generated with the bench's PDF writer (Chinese text, ruled cells).
 */
import { describe, expect, it } from 'vitest';
import { PageBuilder, writePdf } from '../../bench/pdf-writer.js';
import { parsePdfBytes, type Table } from '../../src/index.js';

const TOP = 780;
const ROW = 24;
/** Column edges of the first page; the next page drops the first column. */
const XS = [40, 100, 160, 230, 390, 460, 530];
const NEXT = XS.slice(1);

/** Texts of a grid's rows, cell by cell ('' for none), at column edges `xs` from y = TOP down. */
function texts(page: PageBuilder, xs: readonly number[], rows: readonly (readonly string[])[]): void {
  for (const [r, cells] of rows.entries())
    for (const [c, text] of cells.entries()) if (text) page.text(xs[c]! + 3, TOP - r * ROW - 16, 9, text);
}

/** The first page: title, header row and one indicator row, fully ruled. */
function firstPage(): PageBuilder {
  const page = new PageBuilder();
  page.text(200, TOP + 30, 16, '部门整体支出绩效目标表');
  const rows = [
    ['年度绩效指标', '一级指标', '二级指标', '三级指标', '指标值', '分值'],
    ['年度绩效指标', '产出指标', '数量指标', '检查企业户数（户）', '≥120', '10'],
  ];
  for (const x of XS) page.line(x, TOP, x, TOP - ROW * rows.length);
  for (let r = 0; r <= rows.length; r++) page.line(XS[0]!, TOP - r * ROW, XS.at(-1)!, TOP - r * ROW);
  texts(page, XS, rows);
  return page;
}

/** The form read from the two pages, with the cells (text and values) of the row printing `text`. */
async function readForm(
  second: PageBuilder,
): Promise<{ form: Table; cellsOf(text: string): Record<string, unknown> }> {
  const { document } = await parsePdfBytes(writePdf([firstPage(), second]), { filename: 'form.pdf' });
  const forms = document.tables.filter((t) => t.kind === 'performance-targets');
  expect(forms).toHaveLength(1);
  const form = forms[0]!;
  const cellsOf = (text: string) => {
    const row = form.rows.find((r) => Object.values({ ...r.text, ...r.values }).includes(text));
    return { ...row?.text, ...row?.values };
  };
  return { form, cellsOf };
}

/** The column id under which the row printing `text` prints `value`. */
const columnIn = (cells: Record<string, unknown>, value: string) =>
  Object.entries(cells).find(([, v]) => v === value)?.[0];

describe('a form continued on a page ruled to fewer columns', () => {
  it('places the next page’s cells under the same columns as the first page’s', async () => {
    const second = new PageBuilder();
    for (const x of NEXT) second.line(x, TOP, x, TOP - 2 * ROW);
    for (let r = 0; r <= 2; r++) second.line(NEXT[0]!, TOP - r * ROW, NEXT.at(-1)!, TOP - r * ROW);
    texts(second, NEXT, [
      ['效益指标', '社会效益指标', '群众知晓率（%）', '≥90', '20'],
      ['满意度指标', '服务对象满意度', '企业满意度（%）', '≥95', '30'],
    ]);
    const { form, cellsOf } = await readForm(second);
    expect(form.pages).toEqual([1, 2]);
    expect(form.fragments.map((f) => f.join)).toEqual(['first', 'bare-rows']);
    const firstRow = cellsOf('检查企业户数（户）');
    // 三级指标, 指标值 and 分值 under the same columns on both pages (not shifted one column left).
    expect(columnIn(cellsOf('群众知晓率（%）'), '群众知晓率（%）')).toBe(
      columnIn(firstRow, '检查企业户数（户）'),
    );
    expect(columnIn(cellsOf('群众知晓率（%）'), '≥90')).toBe(columnIn(firstRow, '≥120'));
    expect(columnIn(cellsOf('企业满意度（%）'), '30')).toBe(columnIn(firstRow, '10'));
    expect(columnIn(firstRow, '10')).toBeDefined();
  });

  it('reads the indicator header printed again on the next page as a header, not as an indicator', async () => {
    const second = new PageBuilder();
    for (const x of NEXT) second.line(x, TOP, x, TOP - 3 * ROW);
    for (let r = 0; r <= 3; r++) second.line(NEXT[0]!, TOP - r * ROW, NEXT.at(-1)!, TOP - r * ROW);
    texts(second, NEXT, [
      ['效益指标', '社会效益指标', '群众知晓率（%）', '≥90', '20'],
      ['一级指标', '二级指标', '三级指标', '指标值', '分值'],
      ['满意度指标', '服务对象满意度', '企业满意度（%）', '≥95', '30'],
    ]);
    const { form, cellsOf } = await readForm(second);
    expect(form.pages).toEqual([1, 2]);
    expect(form.rows.map((row) => row.indicator?.level3)).toEqual([
      '检查企业户数（户）',
      '群众知晓率（%）',
      '企业满意度（%）',
    ]);
    expect(Object.keys(cellsOf('三级指标'))).toHaveLength(0);
  });

  it('fills every row a cell of the next page spans, as lines placed by index read them', async () => {
    // One 分值 printed in a cell spanning both rows (no ruling between them in that column).
    const second = new PageBuilder();
    for (const x of NEXT) second.line(x, TOP, x, TOP - 2 * ROW);
    second.line(NEXT[0]!, TOP, NEXT.at(-1)!, TOP);
    second.line(NEXT[0]!, TOP - ROW, NEXT.at(-2)!, TOP - ROW);
    second.line(NEXT[0]!, TOP - 2 * ROW, NEXT.at(-1)!, TOP - 2 * ROW);
    second.text(NEXT.at(-2)! + 3, TOP - ROW - 4, 9, '30');
    texts(second, NEXT, [
      ['效益指标', '社会效益指标', '群众知晓率（%）', '≥90'],
      ['效益指标', '可持续影响指标', '制度完善程度', '持续完善'],
    ]);
    const { form, cellsOf } = await readForm(second);
    expect(form.pages).toEqual([1, 2]);
    const weight = columnIn(cellsOf('检查企业户数（户）'), '10');
    expect(weight).toBeDefined();
    expect(cellsOf('群众知晓率（%）')[weight!]).toBe('30');
    expect(cellsOf('制度完善程度')[weight!]).toBe('30');
  });
});
