import { describe, expect, it } from 'vitest';
import { type GridBlock, gridToMatrix } from '../src/ast/layout.js';
import { extractMarkdownLayout } from '../src/extract/markdown/index.js';

const grids = (md: string) =>
  extractMarkdownLayout(md).children.filter((b): b is GridBlock => b.type === 'grid');

describe('markdown extractor', () => {
  it('reads headings at any level, paragraphs and lists, with positions', () => {
    const root = extractMarkdownLayout(
      '# 一级\n\n###### 六级 **粗体**\n\n正文 第一行\n第二行\n\n- 1、甲\n- 2、乙\n',
    );
    expect(root.children.map((b) => b.type)).toEqual(['heading', 'heading', 'paragraph', 'list']);
    expect(root.children[0]).toMatchObject({
      depth: 1,
      text: '一级',
      position: { start: { line: 1, column: 1 } },
    });
    expect(root.children[1]).toMatchObject({ depth: 6, text: '六级粗体' });
    expect(root.children[2]).toMatchObject({ text: '正文第一行\n第二行' });
    expect(root.children[3]).toMatchObject({ items: ['1、甲', '2、乙'], ordered: false });
    expect(root.pageCount).toBeUndefined();
  });

  it('reads TSV blocks inside paragraphs, strips <b> and keeps cell line/column', () => {
    const [grid] = grids('标题\n\n序号\t项目\t金额\n1\t<b>合计</b>\t1,186.35\n');
    expect(grid).toBeDefined();
    expect(gridToMatrix(grid!)).toEqual([
      ['序号', '项目', '金额'],
      ['1', '合计', '1,186.35'],
    ]);
    const amount = grid!.cells.find((c) => c.text === '1,186.35');
    expect(amount?.prov?.position?.start).toEqual({ line: 4, column: 13 });
  });

  it('treats a TSV block that starts with a tab (an indented code block to markdown) as a grid', () => {
    const [grid] = grids('表\n\n\t科目编码\t科目名称\n1\t201\t一般公共服务支出\n');
    expect(grid?.rowCount).toBe(2);
    expect(gridToMatrix(grid!)[0]).toEqual(['', '科目编码', '科目名称']);
  });

  it('joins TSV rows separated by tab-only lines (empty grid rows) but not by a real blank line', () => {
    expect(grids('a\tb\n1\t2\n\t\n3\t4\n')).toHaveLength(1);
    expect(grids('a\tb\n1\t2\n\t\n3\t4\n')[0]?.rowCount).toBe(4);
    expect(grids('a\tb\n1\t2\n\na\tb\n3\t4\n')).toHaveLength(2);
  });

  it('reads GFM pipe tables', () => {
    const [grid] = grids('| 项目 | 金额 |\n| --- | ---: |\n| 合计 | 12.50 |\n');
    expect(grid?.syntax).toBe('gfm');
    expect(gridToMatrix(grid!)).toEqual([
      ['项目', '金额'],
      ['合计', '12.50'],
    ]);
  });

  it('reads HTML tables with rowspan and colspan and inline tags', () => {
    const html = [
      '<table>',
      '<tr><td rowspan="2">序号</td><td colspan="2"><b>基本支出</b></td><td rowspan="2">项目支出</td></tr>',
      '<tr><td>人员经费</td><td>公用经费</td></tr>',
      '<tr><td>1</td><td>399.02</td><td>37.33</td><td>750.00</td></tr>',
      '</table>',
    ].join('\n');
    const [grid] = grids(`# 表\n\n${html}\n`);
    expect(grid?.syntax).toBe('html');
    expect(grid?.cells[0]).toMatchObject({ text: '序号', rowSpan: 2, colSpan: 1 });
    expect(grid?.cells[1]).toMatchObject({ text: '基本支出', colSpan: 2, col: 1 });
    expect(gridToMatrix(grid!)).toEqual([
      ['序号', '基本支出', '基本支出', '项目支出'],
      ['序号', '人员经费', '公用经费', '项目支出'],
      ['1', '399.02', '37.33', '750.00'],
    ]);
  });

  it('turns explicit page-break markers into page breaks and numbers pages', () => {
    for (const marker of [
      '\f',
      '<!-- pagebreak -->',
      '<!-- page 2 -->',
      '<div style="page-break-after: always"></div>',
    ]) {
      const root = extractMarkdownLayout(`# 表\n\na\tb\n1\t2\n\n${marker}\n\na\tb\n3\t4\n`);
      expect(root.pageCount, JSON.stringify(marker)).toBe(2);
      const types = root.children.map((b) => b.type);
      expect(types, JSON.stringify(marker)).toEqual(['heading', 'grid', 'pageBreak', 'grid']);
      expect(root.children[3]?.prov[0]?.page).toBe(2);
      expect((root.children[3] as GridBlock).cells[0]?.prov?.page).toBe(2);
    }
  });
});
