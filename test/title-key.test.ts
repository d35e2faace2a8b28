import { describe, expect, it } from 'vitest';
import { splitTableLabel, withoutTableLabel } from '../src/grammar/lines.js';
import { parse } from '../src/index.js';
import { titleKey } from '../src/recognize/title.js';

describe('titleKey: the numbering printed before a title', () => {
  it.each([
    '收支总表',
    '表1：收支总表',
    '表 1 收支总表',
    '公开03表：收支总表',
    '部门公开表4 收支总表',
    '附表3 收支总表',
    '预算01表 收支总表',
    '一、收支总表',
    '（一）收支总表',
    '1. 收支总表',
    '一、表1：收支总表',
    '收支总表（续）',
    '续表：收支总表',
  ])('reads %s as 收支总表', (title) => {
    expect(titleKey(title)).toBe('收支总表');
  });

  it('keeps what is not numbering: a year, a decimal, a word', () => {
    expect(titleKey('2026年收支总表')).toBe('2026年收支总表');
    expect(titleKey('1.5亿元以上项目表')).toBe('1.5亿元以上项目表');
    expect(titleKey('表格说明')).toBe('表格说明');
  });

  it('takes the table-number labels from grammars/document.json (one vocabulary with splitTableLabel)', () => {
    expect(withoutTableLabel('表1:收支总表')).toBe('收支总表');
    expect(withoutTableLabel('预算01表收支总表')).toBe('收支总表');
    expect(withoutTableLabel('收支总表')).toBe('收支总表');
  });
});

describe('splitTableLabel: a label printed after the title, apart from it', () => {
  it.each([
    ['收支总表 公开01表', '公开01表'],
    ['收支总表 公开 01 表', '公开 01 表'],
    ['2026年部门收支总表 表1', '表1'],
    ['收支总表 预算表一', '预算表一'],
  ])('splits %s into its title and %s', (line, label) => {
    expect(splitTableLabel(line)).toEqual({ label, rest: line.slice(0, line.length - label.length).trim() });
  });

  it('keeps a line whose last words are no label whole', () => {
    for (const line of ['收支总表 单位：万元', '政府采购 表格说明', '项目支出 2026 年'])
      expect(splitTableLabel(line)).toEqual({ label: null, rest: line });
  });
});

describe('a table whose title is printed again without its numbering', () => {
  const part = (title: string, rows: string[]) =>
    [
      `## ${title}`,
      '',
      '金额单位：万元',
      '',
      '| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n');

  it('is one table: （三）一般公共预算支出表 goes on under 一般公共预算支出表', () => {
    const markdown = [
      part('（三）一般公共预算支出表', [
        '| | 合计 | 30.00 | 20.00 | 10.00 |',
        '| 201 | 一般公共服务支出 | 20.00 | 20.00 | 0.00 |',
      ]),
      part('一般公共预算支出表', ['| 205 | 教育支出 | 10.00 | 0.00 | 10.00 |']),
    ].join('\n');
    const { document } = parse(markdown, { format: 'markdown' });
    expect(document.tables).toHaveLength(1);
    expect(document.tables[0]?.rows.map((r) => r.label)).toEqual(['合计', '一般公共服务支出', '教育支出']);
  });

  it('stays two tables when the titles differ beyond their numbering', () => {
    const markdown = [
      part('（三）一般公共预算支出表', ['| 201 | 一般公共服务支出 | 20.00 | 20.00 | 0.00 |']),
      part('（四）一般公共预算基本支出表', ['| 301 | 工资福利支出 | 10.00 | 10.00 | 0.00 |']),
    ].join('\n');
    expect(parse(markdown, { format: 'markdown' }).document.tables).toHaveLength(2);
  });
});
