import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/index.js';
import { doc } from './helpers.js';

const twoSided = (rows: string[]) =>
  doc(
    [
      '## 财政拨款收支总表',
      '',
      '金额单位：万元',
      '',
      '收入\t\t支出\t',
      '项目\t预算数\t项目\t预算数',
      ...rows,
      '',
    ].join('\n'),
  );

const failures = (rows: string[]) =>
  runChecks(twoSided(rows)).diagnostics.filter((d) => d.ruleId === 'two-sided-summary');

describe('two-sided summaries printed with the current-year total first', () => {
  const rows = [
    '一、本年收入\t100.00\t一、本年支出\t120.00',
    '一般公共预算拨款\t100.00\t一般公共服务支出\t120.00',
    '二、上年结转\t20.00\t二、年终结转结余\t',
    '一般公共预算拨款\t20.00\t\t',
    '收入总计\t120.00\t支出总计\t120.00',
  ];

  it('sums only the items under 本年收入, not those under 上年结转', () => {
    expect(failures(rows)).toEqual([]);
  });

  it('still catches an item that does not add up', () => {
    const bad = [...rows];
    bad[1] = '一般公共预算拨款\t90.00\t一般公共服务支出\t120.00';
    expect(failures(bad).map((d) => d.severity)).toContain('error');
  });
});

describe('carry-over rows printed with their part', () => {
  it('counts 上年结余、结转 once when the next carry row is its part', () => {
    const rows = [
      '一般公共预算拨款\t100.00\t一般公共服务支出\t120.00',
      '本年收入合计\t100.00\t本年支出合计\t120.00',
      '上年结余、结转\t20.00\t\t',
      '财政拨款结余、结转\t20.00\t\t',
      '收入总计\t120.00\t支出总计\t120.00',
    ];
    expect(failures(rows)).toEqual([]);
  });
});
