import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';

const HEAD = '序号\t科目编码\t科目名称\t合计\t基本支出\t项目支出';
const rows = (from: number, to: number) =>
  Array.from(
    { length: to - from + 1 },
    (_, i) => `${from + i}\t2010${from + i}\t事务${from + i}\t1.00\t1.00\t`,
  ).join('\n');
const table = (title: string, body: string) => `# ${title}\n\n金额单位：万元\n\n${HEAD}\n${body}\n`;

describe('cross-page merging', () => {
  it('merges a continuation that repeats the title and header', () => {
    const md = `${table('部门支出总表', rows(1, 3))}\n\f\n${table('部门支出总表', rows(4, 5))}`;
    const { document } = parse(md);
    expect(document.tables).toHaveLength(1);
    const t = document.tables[0]!;
    expect(t.rows.map((r) => r.serial)).toEqual(['1', '2', '3', '4', '5']);
    expect(t.fragments.map((f) => [f.join, f.rows, f.place.page])).toEqual([
      ['first', 3, 1],
      ['title-repeated', 2, 2],
    ]);
    expect(t.pages).toEqual([1, 2]);
    expect(document.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('merges a header-only continuation (no title repeated)', () => {
    const md = `${table('部门支出总表', rows(1, 3))}\n\f\n${HEAD}\n${rows(4, 6)}\n`;
    const t = parse(md).document.tables;
    expect(t).toHaveLength(1);
    expect(t[0]!.fragments.map((f) => f.join)).toEqual(['first', 'header-repeated']);
    expect(t[0]!.rows).toHaveLength(6);
    expect(t[0]!.rows.some((r) => r.label === '科目名称')).toBe(false);
  });

  it('merges a bare-rows continuation and checks the serials', () => {
    const md = `${table('部门支出总表', rows(1, 3))}\n\f\n${rows(4, 5)}\n`;
    const { document } = parse(md);
    expect(document.tables).toHaveLength(1);
    expect(document.tables[0]!.fragments.map((f) => f.join)).toEqual(['first', 'bare-rows']);
    expect(document.diagnostics.filter((d) => d.ruleId === 'merge-doubtful')).toEqual([]);
  });

  it('reports a doubtful join when serials jump', () => {
    const md = `${table('部门支出总表', rows(1, 3))}\n\f\n${rows(7, 8)}\n`;
    const { document } = parse(md);
    expect(document.tables).toHaveLength(1);
    const doubt = document.diagnostics.find((d) => d.ruleId === 'merge-doubtful');
    expect(doubt?.severity).toBe('warning');
    expect(doubt?.message).toContain('3');
    expect(doubt?.message).toContain('7');
    expect(doubt?.place?.page).toBe(2);
  });

  it('does not merge a look-alike table with another title', () => {
    const md = `${table('部门支出总表', rows(1, 3))}\n\f\n${table('一般公共预算支出表', rows(1, 3))}`;
    const tables = parse(md).document.tables;
    expect(tables.map((t) => t.kind)).toEqual(['expenditure-summary', 'general-budget-expenditure']);
    expect(tables.map((t) => t.rows.length)).toEqual([3, 3]);
  });

  it('does not merge a grid with a different header, nor one after narrative text', () => {
    const other = '序号\t项目\t数量\t价值\n1\t资产总额\t—\t6513.22\n';
    const a = parse(`${table('部门支出总表', rows(1, 3))}\n\f\n${other}`).document.tables;
    expect(a).toHaveLength(2);
    expect(a[1]!.kind).toBe('other');
    const b = parse(
      `${table('部门支出总表', rows(1, 3))}\n\n二、部门预算安排的总体情况说明。\n\n${rows(4, 5)}\n`,
    ).document;
    expect(b.tables).toHaveLength(2);
    expect(b.diagnostics.map((d) => d.ruleId)).toContain('table-untitled');
  });

  it('does not merge a same-titled table that restarts its serials at 1', () => {
    const md = `${table('部门支出总表', rows(1, 3))}\n\f\n${table('部门支出总表', rows(1, 2))}`;
    expect(parse(md).document.tables.map((t) => t.rows.length)).toEqual([3, 2]);
  });

  it('merges a table continued under a 续表 title', () => {
    const md = `${table('部门支出总表', rows(1, 3))}\n\f\n${table('部门支出总表（续）', rows(4, 4))}`;
    const t = parse(md).document.tables;
    expect(t).toHaveLength(1);
    expect(t[0]!.rows).toHaveLength(4);
  });
});

describe('context around grids', () => {
  it('joins the wrapped end of a metadata value printed after the unit line', () => {
    const md =
      '# 收入预算总表\n\n部门：中国共产党江苏省委员会办\n\n单位：万元\n\n公厅\n\n项目\t金额\n合计\t1.00\n';
    const t = parse(md).document.tables[0]!;
    expect(t.kind).toBe('income-summary');
    expect(t.meta.部门).toBe('中国共产党江苏省委员会办公厅');
    expect(t.unit).toBe('万元');
  });

  it('lets a stray cell label across a page break continue the table, but not without the break', () => {
    const across = `${table('部门支出总表', rows(1, 3))}\n\f\n产出指标\n\n${rows(4, 5)}\n`;
    expect(parse(across).document.tables.map((t) => t.rows.length)).toEqual([5]);
    const inline = `${table('部门支出总表', rows(1, 3))}\n\n产出指标\n\n${rows(4, 5)}\n`;
    expect(parse(inline).document.tables.map((t) => t.rows.length)).toEqual([3, 2]);
  });
});
