/**
 * A performance-target form whose next page is ruled to fewer columns (the 年度绩效指标 cell that spans the
 * indicator rows ends with the first page): the next page's cells go under the first page's columns by
 * position, not by index. Generated with the bench's PDF writer (Chinese text, ruled cells).
 */
import { describe, expect, it } from 'vitest';
import { PageBuilder, writePdf } from '../../bench/pdf-writer.js';
import { parsePdfBytes } from '../../src/index.js';

const TOP = 800;
const ROW = 24;

/** A ruled grid of `rows` (texts per column, '' for none) at column edges `xs`, starting at y = `top`. */
function grid(page: PageBuilder, xs: number[], top: number, rows: string[][]): void {
  const bottom = top - ROW * rows.length;
  for (const x of xs) page.line(x, top, x, bottom);
  for (let r = 0; r <= rows.length; r++) page.line(xs[0]!, top - r * ROW, xs.at(-1)!, top - r * ROW);
  rows.forEach((texts, r) =>
    texts.forEach((text, c) => {
      if (text) page.text(xs[c]! + 3, top - r * ROW - 16, 9, text);
    }),
  );
}

describe('a form continued on a page ruled to fewer columns', () => {
  it('places the next page’s cells under the same columns as the first page’s', async () => {
    const first = new PageBuilder();
    first.text(200, TOP + 10, 16, '部门整体支出绩效目标表');
    const xs = [40, 100, 160, 230, 390, 460, 530];
    grid(first, xs, TOP - 20, [
      ['年度绩效指标', '一级指标', '二级指标', '三级指标', '指标值', '分值'],
      ['年度绩效指标', '产出指标', '数量指标', '检查企业户数（户）', '≥120', '10'],
      ['年度绩效指标', '产出指标', '质量指标', '整改完成率（%）', '100', '10'],
    ]);
    const second = new PageBuilder();
    grid(second, xs.slice(1), TOP - 20, [
      ['效益指标', '社会效益指标', '群众知晓率（%）', '≥90', '20'],
      ['满意度指标', '服务对象满意度', '企业满意度（%）', '≥95', '10'],
    ]);
    const { document } = await parsePdfBytes(writePdf([first, second]), { filename: 'form.pdf' });
    const forms = document.tables.filter((t) => t.kind === 'performance-targets');
    expect(forms).toHaveLength(1);
    const form = forms[0]!;
    expect(form.pages).toEqual([1, 2]);
    expect(form.fragments.map((f) => f.join)).toEqual(['first', 'bare-rows']);
    /** The column a row prints `text` in (its text or its value). */
    const columnOf = (text: string) => {
      for (const row of form.rows)
        for (const [id, value] of Object.entries({ ...row.text, ...row.values }))
          if (value === text) return id;
      for (const row of form.rows) if (row.label === text) return 'label';
      return undefined;
    };
    // First page and next page alike: 三级指标, 指标值 and 分值 each in one column.
    expect(columnOf('群众知晓率（%）')).toBe(columnOf('检查企业户数（户）'));
    expect(columnOf('≥90')).toBe(columnOf('≥120'));
    expect(columnOf('20')).toBe(columnOf('10'));
    expect(columnOf('≥90')).toBeDefined();
  });

  it('fills every row a cell of the next page spans, as lines placed by index read them', async () => {
    const first = new PageBuilder();
    first.text(200, TOP + 10, 16, '部门整体支出绩效目标表');
    const xs = [40, 100, 160, 230, 390, 460, 530];
    grid(first, xs, TOP - 20, [
      ['年度绩效指标', '一级指标', '二级指标', '三级指标', '指标值', '分值'],
      ['年度绩效指标', '产出指标', '数量指标', '检查企业户数（户）', '≥120', '10'],
    ]);
    // Next page: one 分值 printed in a cell spanning both rows (no ruling between them in that column).
    const second = new PageBuilder();
    const next = xs.slice(1);
    const top = TOP - 20;
    for (const x of next) second.line(x, top, x, top - 2 * ROW);
    second.line(next[0]!, top, next.at(-1)!, top);
    second.line(next[0]!, top - ROW, next.at(-2)!, top - ROW);
    second.line(next[0]!, top - 2 * ROW, next.at(-1)!, top - 2 * ROW);
    second.text(next.at(-2)! + 3, top - ROW - 4, 9, '30');
    [
      ['效益指标', '社会效益指标', '群众知晓率（%）', '≥90'],
      ['效益指标', '可持续影响指标', '制度完善程度', '持续完善'],
    ].forEach((texts, r) =>
      texts.forEach((text, c) => second.text(next[c]! + 3, top - r * ROW - 16, 9, text)),
    );
    const { document } = await parsePdfBytes(writePdf([first, second]), { filename: 'form.pdf' });
    const form = document.tables.find((t) => t.kind === 'performance-targets')!;
    expect(form.pages).toEqual([1, 2]);
    const cellsOf = (text: string) => {
      const row = form.rows.find((r) => Object.values({ ...r.text, ...r.values }).includes(text))!;
      return { ...row.text, ...row.values };
    };
    const weight = Object.entries(cellsOf('检查企业户数（户）')).find(([, v]) => v === '10')?.[0];
    expect(weight).toBeDefined();
    expect(cellsOf('群众知晓率（%）')[weight!]).toBe('30');
    expect(cellsOf('制度完善程度')[weight!]).toBe('30');
  });
});
