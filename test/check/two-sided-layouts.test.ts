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

describe('Xi’an 综合预算 收支总表: blank 一、 headings and side-by-side expenditure blocks', () => {
  const xian = (second: string) =>
    doc(
      [
        '## 部门综合预算收支总表',
        '',
        '金额单位：万元',
        '',
        '收入\t\t支出\t\t支出\t',
        '项目\t预算数\t支出功能分类科目（按大类）\t预算数\t部门预算支出经济分类科目（按大类）\t预算数',
        '一、部门预算\t\t一、部门预算\t\t一、部门预算\t',
        '1、财政拨款\t100.00\t1、一般公共服务\t70.00\t1、人员经费和公用经费支出\t60.00',
        '(1)一般公共预算拨款收入\t100.00\t2、公共安全\t30.00\t(1)工资福利支出\t60.00',
        `2、上级补助收入\t\t3、教育\t\t2、专项业务经费支出\t${second}`,
        '本年收入合计\t100.00\t本年支出合计\t100.00\t本年支出合计\t100.00',
        '上年结转\t5.00\t结转下年\t5.00\t结转下年\t5.00',
        '收入总计\t105.00\t支出总计\t105.00\t支出总计\t105.00',
        '',
      ].join('\n'),
    );
  const twoSidedFailures = (document: ReturnType<typeof doc>) =>
    runChecks(document).diagnostics.filter((d) => d.ruleId === 'two-sided-summary');

  it('sums the numbered items under a blank heading and checks each block on its own', () => {
    const document = xian('40.00');
    expect(twoSidedFailures(document)).toEqual([]);
    const checks = runChecks(document).coverage.rules['two-sided-summary']?.checks ?? {};
    // Income, and each of the two expenditure blocks: items and 本年合计 + 结转 = 总计.
    expect(checks['expenditure-items-sum']?.passed).toBe(2);
    expect(checks['expenditure-total']?.passed).toBe(2);
    expect(checks['income-items-sum']?.passed).toBe(1);
  });

  it('names the block whose items do not add up', () => {
    const failures = twoSidedFailures(xian('35.00'));
    expect(failures).toHaveLength(1);
    expect(failures[0]?.message).toContain('支出第 2 栏');
  });
});

describe('a total printed once across two expenditure blocks (Jiangsu 收支预算总表)', () => {
  it('reads the block’s blank total from the block on the same line that holds it', () => {
    const document = doc(
      [
        '## 收支预算总表',
        '',
        '单位：万元',
        '',
        '收入\t\t支出\t\t\t',
        '\t\t功能分类\t\t支出用途\t',
        '项目名称\t金额\t功能科目名称\t金额\t项目名称\t金额',
        '一、财政拨款\t100.00\t一、一般公共服务支出\t100.00\t一、基本支出\t60.00',
        '\t\t\t\t二、项目支出\t40.00',
        '当年收入小计\t100.00\t当年支出小计\t\t\t100.00',
        '收入合计\t100.00\t支出合计\t\t\t100.00',
        '',
      ].join('\n'),
    );
    const result = runChecks(document);
    expect(result.diagnostics.filter((d) => d.ruleId === 'two-sided-summary')).toEqual([]);
    expect(result.coverage.rules['two-sided-summary']?.checks['totals-balance']?.passed).toBe(1);
  });
});
