/**
 * Performance-target forms that print their indicator header (一级指标 | 二级指标 | 三级指标 | 指标值) inside the
 * body, under the project's own rows (资金, 年度目标 …), as Fuzhou, Xi'an, Yantai, Quanzhou and the central
 * departments do: the indicator rows are named by that header, the header is not a row, the rows above it and
 * after its section (备注, the next form's rows) keep the grid's columns.
 */
import { describe, expect, it } from 'vitest';
import { parse, type Row, type Table } from '../src/index.js';

/** A markdown table of five columns (the first row is the grid's own first row). */
const grid = (rows: string[][]) =>
  [
    `| ${rows[0]!.join(' | ')} |`,
    '| --- | --- | --- | --- | --- |',
    ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

function form(markdown: string): Table {
  const { document } = parse(markdown, { filename: 'form.md' });
  const forms = document.tables.filter((t) => t.kind === 'performance-targets');
  expect(forms).toHaveLength(1);
  return forms[0]!;
}

/** The row holding `text` in any column, with its texts and values in one record. */
function rowWith(table: Table, text: string): Record<string, string | null> {
  const row = table.rows.find((r: Row) => Object.values({ ...r.text, ...r.values }).includes(text));
  expect(row, text).toBeDefined();
  return { ...row!.text, ...row!.values };
}

const INDICATOR_HEADER = ['绩效目标指标', '一级指标', '二级指标', '三级指标', '指标值'];

describe('a form whose indicator header is printed inside its body', () => {
  const table = form(
    `# 档案数字化项目绩效目标表\n\n${grid([
      ['项目名称', '档案数字化项目', '档案数字化项目', '档案数字化项目', '档案数字化项目'],
      ['专项资金情况（万元）', '资金总额', '资金总额', '25.89', '25.89'],
      ['年度目标', '完成档案数字化', '完成档案数字化', '完成档案数字化', '完成档案数字化'],
      INDICATOR_HEADER,
      ['绩效目标指标', '产出指标', '数量指标', '数字化档案（卷）', '≥3000'],
      ['绩效目标指标', '效益指标', '社会效益指标', '档案利用率（%）', '≥90'],
      ['备注', '', '', '', ''],
    ])}\n`,
  );

  it('names the indicator rows by that header', () => {
    expect(rowWith(table, '数字化档案（卷）')).toMatchObject({
      level1: '产出指标',
      level2: '数量指标',
      level3: '数字化档案（卷）',
      target: '≥3000',
    });
    expect(rowWith(table, '档案利用率（%）')).toMatchObject({ level1: '效益指标', target: '≥90' });
    const ids = table.columns.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['level1', 'level2', 'level3', 'target']));
    expect(table.columns.find((c) => c.id === 'level1')?.header).toEqual(['一级指标']);
  });

  it('keeps the header out of the rows, and the rows above and after its section under the grid’s columns', () => {
    expect(table.rows.some((r) => Object.values({ ...r.text }).includes('一级指标'))).toBe(false);
    const funds = rowWith(table, '专项资金情况（万元）');
    expect(Object.keys(funds).some((k) => k.startsWith('level'))).toBe(false);
    expect(Object.values(funds)).toContain('25.89');
    const note = rowWith(table, '备注');
    expect(Object.keys(note).some((k) => k.startsWith('level'))).toBe(false);
    expect(table.rows).toHaveLength(5);
  });
});

describe('forms printed one after another in one grid, going on over a page break', () => {
  const table = form(
    `# 转移支付项目绩效目标表\n\n${grid([
      ['转移支付名称', '养老服务补助', '养老服务补助', '养老服务补助', '养老服务补助'],
      ['资金情况（万元）', '年度金额', '161.50', '161.50', '161.50'],
      ['绩效指标', '一级指标', '二级指标', '三级指标', '指标值'],
      ['绩效指标', '产出指标', '数量指标', '补贴人数', '≥3万人'],
      ['转移支付名称', '入职奖励', '入职奖励', '入职奖励', '入职奖励'],
      ['资金情况（万元）', '年度金额', '80.00', '80.00', '80.00'],
      ['绩效指标', '一级指标', '二级指标', '三级指标', '指标值'],
      ['绩效指标', '产出指标', '数量指标', '奖励人数', '≥19人'],
    ])}\n\n\f\n\n${grid([
      ['绩效指标', '满意度指标', '服务对象满意度指标', '补贴对象满意率', '≥85%'],
      ['绩效指标', '效益指标', '社会效益指标', '人才队伍稳定', '良'],
      ['备注', '', '', '', ''],
    ])}\n`,
  );

  it('ends a header’s section where its merged label ends, and starts the next at the next header', () => {
    expect(rowWith(table, '补贴人数')).toMatchObject({ level1: '产出指标', level3: '补贴人数' });
    const second = rowWith(table, '入职奖励');
    expect(Object.keys(second).some((k) => k.startsWith('level'))).toBe(false);
    expect(Object.keys(rowWith(table, '80.00')).some((k) => k.startsWith('level'))).toBe(false);
    expect(rowWith(table, '奖励人数')).toMatchObject({ level1: '产出指标', target: '≥19人' });
    expect(table.rows.filter((r) => Object.values({ ...r.text }).includes('一级指标'))).toHaveLength(0);
  });

  it('names the next page’s rows by the header whose section reached the foot of the page before', () => {
    expect(table.pages).toEqual([1, 2]);
    expect(table.fragments.map((f) => f.join)).toEqual(['first', 'bare-rows']);
    expect(rowWith(table, '补贴对象满意率')).toMatchObject({ level1: '满意度指标', target: '≥85%' });
    expect(rowWith(table, '人才队伍稳定')).toMatchObject({ level2: '社会效益指标', target: '良' });
    expect(Object.keys(rowWith(table, '备注')).some((k) => k.startsWith('level'))).toBe(false);
  });
});
