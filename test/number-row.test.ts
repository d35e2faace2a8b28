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
