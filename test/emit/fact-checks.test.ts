/**
 * Summary facts against the disclosure's identities, nil stated in words, and plausibility (issue 12), on
 * synthetic documents in the layout of real ones.
 */
import { describe, expect, it } from 'vitest';
import { summaryCsvHeader, summaryCsvRow } from '../../src/index.js';
import { doc, incomeSummary, SUMMARY_HEADER, table } from '../check/helpers.js';

const threePublic = (total: string, overseas: string, vehicles: string, reception: string) =>
  table('部门财政拨款“三公”经费支出表', '项目\t合计', [
    `合计\t${total}`,
    `一、因公出国（境）费\t${overseas}`,
    `二、公务用车购置及运行费\t${vehicles}`,
    `三、公务接待费\t${reception}`,
  ]);

const byRule = (d: ReturnType<typeof doc>, id: string) => d.diagnostics.filter((x) => x.ruleId === id);

describe('fact identities', () => {
  it('models the parts of basic spending Shenzhen states beside 人员 and 公用', () => {
    const document = doc(
      '## 情况说明\n\n### 一、基本支出\n\n基本支出3,072.01万元，包括在职人员经费2,422.61万元、公用经费357.43万元、' +
        '对个人和家庭的补助支出192.55万元、增人增资99.41万元。\n\n' +
        table('一般公共预算支出表', '科目编码\t科目名称\t合计\t基本支出\t项目支出', [
          '\t合计\t4684.30\t3072.01\t1612.29',
          '201\t一般公共服务支出\t4684.30\t3072.01\t1612.29',
        ]),
    );
    const s = document.summary;
    expect(s.gpb_basic_total?.yuan).toBe('30720100');
    expect(s.gpb_family_subsidy?.yuan).toBe('1925500');
    expect(s.gpb_staff_increase?.yuan).toBe('994100');
    expect(s.gpb_family_subsidy?.source.prose).toBe(true);
    expect(byRule(document, 'fact-identity')).toEqual([]);
  });

  it('reports 人员 + 公用 that do not make the basic total where no third part is stated', () => {
    const document = doc(
      '## 情况说明\n\n基本支出3,072.01万元，包括人员经费2,422.61万元、公用经费357.43万元。\n\n' +
        table('一般公共预算支出表', '科目编码\t科目名称\t合计\t基本支出\t项目支出', [
          '\t合计\t4684.30\t3072.01\t1612.29',
          '201\t一般公共服务支出\t4684.30\t3072.01\t1612.29',
        ]),
    );
    const [found] = byRule(document, 'fact-identity');
    expect(found).toMatchObject({ severity: 'error', fact: 'gpb_basic_total' });
    expect(found?.message).toContain('2,422.61');
    expect(found?.message).toContain('3072.01');
  });

  it('reports 三公 parts that do not make the 三公 total (fact-identity, error)', () => {
    const good = doc(threePublic('5.70', '1.00', '3.00', '1.70'));
    expect(byRule(good, 'fact-identity')).toEqual([]);
    const bad = doc(threePublic('5.70', '1.00', '3.00', '2.70'));
    const [found] = byRule(bad, 'fact-identity');
    expect(found).toMatchObject({ severity: 'error', fact: 'three_public_total', actual: '57000' });
    expect(found?.expected).toBe('67000');
  });

  it('reports 收入总计 ≠ 支出总计', () => {
    const document = doc(
      table('部门收支总表', SUMMARY_HEADER, [
        '一、一般公共预算拨款收入\t100.00\t一、一般公共服务支出\t90.00',
        '收入总计\t100.00\t支出总计\t90.00',
      ]),
    );
    expect(byRule(document, 'fact-identity').map((d) => d.fact)).toContain('revenue_total');
  });
});

describe('nil stated in words', () => {
  it('gives 0 with the sentence as source where the narrative says there is no 三公 spending', () => {
    const document = doc(
      `${threePublic('', '', '', '')}## 情况说明\n\n### 四、“三公”经费\n\n本年度没有财政拨款“三公”经费支出。\n`,
    );
    const fact = document.summary.three_public_total!;
    expect(fact.yuan).toBe('0');
    expect(fact.source).toMatchObject({ prose: true, nil: true });
    expect(fact.source.quote).toContain('本年度没有财政拨款三公经费支出');
    expect(document.summary.three_public_reception?.yuan).toBe('0');
  });

  it('gives 0 for 本单位无机关运行经费 and for 因公出国（境）费0万元 against a blank cell', () => {
    const document = doc(
      `${threePublic('3.00', '', '2.00', '1.00')}## 情况说明\n\n本单位无机关运行经费。因公出国（境）费0万元。\n`,
    );
    expect(document.summary.operating_costs).toMatchObject({ yuan: '0', source: { nil: true } });
    expect(document.summary.three_public_overseas?.yuan).toBe('0');
    expect(document.summary.three_public_overseas?.source.printed).toBe('0');
  });

  it('leaves a blank cell alone blank', () => {
    const document = doc(threePublic('3.00', '', '2.00', '1.00'));
    expect(document.summary.three_public_overseas).toBeUndefined();
    expect(document.summary.operating_costs).toBeUndefined();
  });

  it('does not take a prior year’s nil for this year', () => {
    const document = doc('## 情况说明\n\n上年没有财政拨款“三公”经费支出。\n');
    expect(document.summary.three_public_total).toBeUndefined();
  });
});

describe('plausibility', () => {
  it('flags a department total under 1万元 as doubtful and leaves it out of summary.csv', () => {
    const document = doc(incomeSummary('0.50'));
    const found = byRule(document, 'fact-implausible');
    expect(found.map((d) => d.fact)).toContain('revenue_total');
    expect(found[0]?.severity).toBe('error');
    expect(document.summary.revenue_total).toMatchObject({ yuan: '5000', doubtful: true });
    const header = summaryCsvHeader().split(',');
    const row = summaryCsvRow(document, 'x.md').split(',');
    expect(row[header.indexOf('revenue_total')]).toBe('');
    expect(row[header.indexOf('general_public_budget_revenue')]).toBe('5000');
  });

  it('flags a fact 10,000× another source of it (元 printed as 万元)', () => {
    const document = doc(`${incomeSummary('1682.76', '元')}## 情况说明\n\n本年收入预算1682.76万元。\n`);
    const fact = document.summary.revenue_total!;
    expect(fact.sources.map((s) => s.yuan)).toEqual(['1682.76', '16827600']);
    expect(fact.doubtful).toBe(true);
    const found = byRule(document, 'fact-implausible').find((d) => d.fact === 'revenue_total');
    expect(found?.message).toContain('10000 倍');
  });

  it('leaves plausible facts sure', () => {
    const document = doc(incomeSummary('1682.76'));
    expect(byRule(document, 'fact-implausible')).toEqual([]);
    expect(document.summary.revenue_total?.doubtful).toBeUndefined();
  });
});

describe('basis and year of a fact', () => {
  it('reads the 当年 block of a 三公 table that prints 上年 / 当年 / 增减变化情况 side by side (Xi’an)', () => {
    const document = doc(
      table(
        '部门综合预算一般公共预算拨款“三公”经费支出预算表',
        '单位编码\t单位名称\t上年\t\t当年\t\t增减变化情况\t\n\t\t合计\t公务接待费\t合计\t公务接待费\t合计\t公务接待费',
        ['\t合计\t3.00\t3.00\t5.00\t5.00\t2.00\t2.00'],
      ),
    );
    const three = document.tables.find((t) => t.kind === 'three-public-expenses')!;
    expect(three.columns.map((c) => c.id)).toContain('reception_prev');
    expect(document.summary.three_public_total?.yuan).toBe('50000');
    expect(document.summary.three_public_reception?.yuan).toBe('50000');
    expect(document.summary.three_public_reception?.source.column).toBe('reception');
  });
});

/**
 * 重庆's layout: the 收支总表 prints each fund line with its carry-over, the 财政拨款收支总表 prints 本年收入 and the
 * carry-over itemized below 上年结转 (一般公共预算拨款 9,375.01 / 政府性基金预算拨款 44,134.59).
 */
function chongqing(carryGpb: string): string {
  return (
    table('2026年部门收支总体情况表', SUMMARY_HEADER, [
      '一、一般公共预算资金\t128148.56\t一、农林水支出\t172283.15',
      '二、政府性基金预算资金\t44134.59\t\t',
      '合计\t172283.15\t合计\t172283.15',
    ]) +
    table('2026年财政拨款收支总体情况表', SUMMARY_HEADER, [
      '一、本年收入\t118773.55\t一、本年支出\t172283.15',
      '（一）一般公共预算资金\t118773.55\t（一）农林水支出\t172283.15',
      '（二）政府性基金预算资金\t\t\t',
      '二、上年结转\t53509.60\t二、结转下年\t',
      `（一）一般公共预算拨款\t${carryGpb}\t\t`,
      '（二）政府性基金预算拨款\t44134.59\t\t',
      '收入合计\t172283.15\t支出合计\t172283.15',
    ])
  );
}

describe('like with like (fund lines printed with their carry-over)', () => {
  it('keys the lines itemized under 上年结转 as its parts, not as the current year’s sources', () => {
    const document = doc(chongqing('9375.01'));
    const fiscal = document.tables.find((t) => t.kind === 'fiscal-appropriation-summary')!;
    const keys = fiscal.rows.filter((r) => r.side === 'income').map((r) => r.key ?? null);
    expect(keys).toContain('carryover_general_public_budget');
    expect(keys).toContain('carryover_gov_fund');
    expect(keys.filter((k) => k === 'general_public_budget')).toHaveLength(1);
  });

  it('notes parts that add up on the carry-over basis instead of a fact-identity error', () => {
    const document = doc(chongqing('9375.01'));
    expect(byRule(document, 'fact-identity')).toEqual([]);
    const [note] = byRule(document, 'fact-identity-basis');
    expect(note).toMatchObject({ severity: 'info', fact: 'fiscal_appropriation_revenue' });
    expect(note?.message).toContain('172283.15');
    // The two tables' 一般公共预算 differ by exactly its carry-over: a basis note, not a conflict.
    const basis = byRule(document, 'fact-basis');
    expect(basis.map((d) => d.fact)).toContain('general_public_budget_revenue');
    expect(basis[0]?.message).toContain('9375.01');
    expect(byRule(document, 'fact-conflict')).toEqual([]);
  });

  it('still reports the conflict when the carry-over does not explain the difference', () => {
    // 上年结转 itemized as 9,000.00 + 44,134.59 (less than 53,509.60): the 收支总表 line is not 本年 + 结转.
    const document = doc(chongqing('9000.00'));
    expect(byRule(document, 'fact-conflict').map((d) => d.fact)).toContain('general_public_budget_revenue');
  });
});

describe('a fact only the narrative states, with different amounts', () => {
  const paragraphs = (amounts: string[]) =>
    `## 情况说明\n\n${amounts.map((a, i) => `### 单位${i + 1}\n\n基本支出中，人员经费${a}万元。\n\n`).join('')}`;

  it('is a fact-conflict warning when the narrative states it twice differently', () => {
    const document = doc(paragraphs(['6,011.73', '1,291.62']));
    const [found] = byRule(document, 'fact-conflict');
    expect(found).toMatchObject({ severity: 'warning', fact: 'gpb_personnel' });
    expect(document.summary.gpb_personnel?.doubtful).toBeUndefined();
  });

  it('is doubtful (fact-implausible) when a paragraph per unit states it: the department’s amount is unknown', () => {
    const document = doc(paragraphs(['6,011.73', '1,291.62', '4,741.41']));
    const [found] = byRule(document, 'fact-implausible');
    expect(found).toMatchObject({ severity: 'error', fact: 'gpb_personnel' });
    expect(document.summary.gpb_personnel?.doubtful).toBe(true);
    const header = summaryCsvHeader().split(',');
    const cells = summaryCsvRow(document, 'x.md').split(',');
    expect(cells[header.indexOf('gpb_personnel')]).toBe('');
  });
});

describe('basis and year of the columns a fact is read from', () => {
  const rows = (a: string, b: string) => [
    `合计\t${a}\t${b}`,
    '一、因公出国（境）费\t0.00\t0.00',
    `二、公务用车购置及运行费\t${a}\t${b}`,
    '三、公务接待费\t0.00\t0.00',
  ];

  it('reads a final account’s facts from its 决算数 column, never the 预算数 beside it', () => {
    const document = doc(
      `# 某市信访局2024年度部门决算\n\n${table('2024年度财政拨款“三公”经费支出决算表', '项目\t预算数\t决算数', rows('10.00', '8.00'))}`,
    );
    expect(document.meta.kind).toBe('final');
    expect(document.summary.three_public_total?.yuan).toBe('80000');
    expect(document.summary.three_public_vehicles?.yuan).toBe('80000');
  });

  it('reads a budget’s facts from the current year’s column, never the previous year’s', () => {
    const document = doc(
      `# 某市信访局2026年部门预算\n\n${table('2026年财政拨款“三公”经费支出预算表', '项目\t2025年预算数\t2026年预算数', rows('10.00', '8.00'))}`,
    );
    expect(document.meta.year).toBe(2026);
    expect(document.summary.three_public_total?.yuan).toBe('80000');
  });
});
