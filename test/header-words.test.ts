import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';

/** A 一般公共预算支出表 as TSV: title, unit, header, then `extra` lines, then its rows. */
const table = (extra: string[]) =>
  [
    '2026年一般公共预算支出表',
    '金额单位：万元',
    '科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出',
    ...extra,
    '201\t\t\t一般公共服务支出\t30.00\t20.00\t10.00',
    '\t03\t\t政府办公厅（室）及相关机构事务\t30.00\t20.00\t10.00',
    '\t\t01\t行政运行\t30.00\t20.00\t10.00',
  ].join('\n');

describe('the words of a 栏次 row and of split code columns (grammars/tables/common.json)', () => {
  it('reads a 行次 row as the column numbers, not as data', () => {
    const { document } = parse(table(['行次\t\t\t\t1\t2\t3']), { format: 'tsv' });
    const [t] = document.tables;
    const numbers = Object.fromEntries(t?.columns.map((c) => [c.id, c.number]) ?? []);
    expect([numbers.total, numbers.basic, numbers.project]).toEqual(['1', '2', '3']);
    expect(t?.rows.map((r) => r.label)).toEqual([
      '一般公共服务支出',
      '政府办公厅（室）及相关机构事务',
      '行政运行',
    ]);
  });

  it('takes 类 | 款 | 项 printed on the 合计 line into the header, leaving 合计 a row', () => {
    const { document } = parse(table(['类\t款\t项\t合计\t30.00\t20.00\t10.00']), { format: 'tsv' });
    const [t] = document.tables;
    expect(t?.columns.slice(0, 3).map((c) => c.header.at(-1))).toEqual(['类', '款', '项']);
    expect(t?.rows.map((r) => [r.code, r.label])).toEqual([
      [null, '合计'],
      ['201', '一般公共服务支出'],
      ['20103', '政府办公厅（室）及相关机构事务'],
      ['2010301', '行政运行'],
    ]);
  });
});

describe('total lines and label columns (grammars/tables/common.json totalLabels, labelHeaders)', () => {
  it('keeps a 合计 line printed right under the header, its amounts blank, as a row', () => {
    const { document } = parse(table(['\t\t\t合计\t\t\t']), { format: 'tsv' });
    expect(document.tables[0]?.rows.map((r) => r.label)).toEqual([
      '合计',
      '一般公共服务支出',
      '政府办公厅（室）及相关机构事务',
      '行政运行',
    ]);
  });

  it('splits a two-sided grid without 收入 / 支出 headers at its second label column', () => {
    const grid = [
      '2026年收支预算总表',
      '金额单位：万元',
      '项目\t预算数\t项目\t预算数\t上年预算数',
      '一般公共预算拨款收入\t100.00\t一般公共服务支出\t100.00\t90.00',
      '收入总计\t100.00\t支出总计\t100.00\t90.00',
    ].join('\n');
    const { document } = parse(grid, { format: 'tsv' });
    const rows = document.tables[0]?.rows ?? [];
    expect(rows.filter((r) => r.side === 'expenditure').map((r) => r.label)).toEqual([
      '一般公共服务支出',
      '支出总计',
    ]);
  });
});
