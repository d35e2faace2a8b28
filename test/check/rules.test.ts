import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/check/index.js';
import { Diagnostic } from '../../src/model/schema.js';
import { doc, EXPENDITURE_HEADER, GPB_HEADER, incomeSummary, table } from './helpers.js';

const only = (rule: string) => ({
  rules: Object.fromEntries(
    [
      'row-arithmetic',
      'column-totals',
      'code-hierarchy',
      'part-within-whole',
      'table-completeness',
      'two-sided-summary',
      'three-public',
      'cross-table',
      'prose-vs-table',
      'duplicates',
    ].map((id) => [id, id === rule]),
  ),
});

const expenditure = (rows: string[]) => table('部门预算支出总表', EXPENDITURE_HEADER, rows);
const GOOD_EXPENDITURE = [
  '\t合计\t100.00\t60.00\t40.00',
  '201\t一般公共服务支出\t100.00\t60.00\t40.00',
  '20101\t人大事务\t100.00\t60.00\t40.00',
  '2010101\t行政运行\t60.00\t60.00\t',
  '2010102\t一般行政管理事务\t40.00\t\t40.00',
];

describe('row-arithmetic', () => {
  it('passes when 合计 = 基本支出 + 项目支出 on every row', () => {
    const result = runChecks(doc(expenditure(GOOD_EXPENDITURE)), only('row-arithmetic'));
    expect(result.diagnostics).toEqual([]);
    expect(result.coverage.rules['row-arithmetic']?.checks['total-equals-basic-plus-project']?.passed).toBe(
      5,
    );
  });

  it('reports a 合计 that is not 基本支出 + 项目支出, quoting title, row, column and printed values', () => {
    const rows = [...GOOD_EXPENDITURE];
    rows[3] = '2010101\t行政运行\t60.00\t59.00\t';
    const result = runChecks(doc(expenditure(rows)), only('row-arithmetic'));
    expect(result.diagnostics).toHaveLength(1);
    const [d] = result.diagnostics;
    expect(Diagnostic.parse(d)).toBeTruthy();
    expect(d).toMatchObject({
      ruleId: 'row-arithmetic',
      severity: 'error',
      column: 'total',
      actual: '60',
      expected: '59',
    });
    expect(d?.message).toContain('部门预算支出总表');
    expect(d?.message).toContain('2010101 行政运行');
    expect(d?.message).toContain('「基本支出」');
    expect(d?.message).toContain('59.00');
    expect(d?.place?.line).toBeGreaterThan(0);
    expect(result.findings[0]?.difference).toBe('1');
  });

  it('tolerates rounding of one unit in the last printed place for a sum of two printed terms', () => {
    const rows = [...GOOD_EXPENDITURE];
    rows[0] = '\t合计\t100.01\t60.00\t40.00';
    const result = runChecks(doc(expenditure(rows)), only('row-arithmetic'));
    expect(result.diagnostics).toEqual([]);
  });

  it('catches a column shifted by one cell and names the suspected shift', () => {
    const gpb = (rows: string[]) => table('部门预算一般公共预算财政拨款支出表', GPB_HEADER, rows);
    const good = [
      '\t合计\t60.00\t60.00\t50.00\t10.00\t',
      '201\t一般公共服务支出\t60.00\t60.00\t50.00\t10.00\t',
    ];
    expect(runChecks(doc(gpb(good)), only('row-arithmetic')).diagnostics).toEqual([]);
    // The 小计 cell of the 201 row is lost, every later value moves one cell to the left.
    const shifted = [good[0]!, '201\t一般公共服务支出\t60.00\t50.00\t10.00'];
    const result = runChecks(doc(gpb(shifted)), only('row-arithmetic'));
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics[0]?.message).toContain('错位');
    expect(result.diagnostics[0]?.severity).toBe('warning');
  });
});

describe('row-arithmetic: 事业单位经营支出 and the like, added or printed within 基本支出 / 项目支出', () => {
  const header = `${EXPENDITURE_HEADER}\t事业单位经营支出`;
  const run = (rows: string[]) => runChecks(doc(expenditure2(rows)), only('row-arithmetic')).diagnostics;
  const expenditure2 = (rows: string[]) => table('部门预算支出总表', header, rows);

  it('adds them where the total row does (合计 = 基本 + 项目 + 经营)', () => {
    expect(
      run(['\t合计\t110.00\t60.00\t40.00\t10.00', '201\t一般公共服务支出\t110.00\t60.00\t40.00\t10.00']),
    ).toEqual([]);
  });

  it('leaves them out where the total row is 基本 + 项目 alone (深圳: 经营支出 within them)', () => {
    expect(
      run(['\t合计\t100.00\t60.00\t40.00\t10.00', '201\t一般公共服务支出\t100.00\t60.00\t40.00\t10.00']),
    ).toEqual([]);
  });

  it('still reports a row that fits neither reading of its table', () => {
    const diagnostics = run([
      '\t合计\t100.00\t60.00\t40.00\t10.00',
      '201\t一般公共服务支出\t110.00\t60.00\t40.00\t10.00',
    ]);
    expect(diagnostics.map((d) => d.ruleId)).toEqual(['row-arithmetic']);
    expect(diagnostics[0]?.message).toContain('201 一般公共服务支出');
  });
});

describe('code-hierarchy', () => {
  it('passes when 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项', () => {
    const result = runChecks(doc(expenditure(GOOD_EXPENDITURE)), only('code-hierarchy'));
    expect(result.diagnostics).toEqual([]);
    const checks = result.coverage.rules['code-hierarchy']?.checks ?? {};
    expect(checks['total-equals-sum-of-classes']?.run).toBeGreaterThan(0);
    expect(checks['class-equals-sum-of-kuan']?.run).toBeGreaterThan(0);
    expect(checks['kuan-equals-sum-of-xiang']?.run).toBeGreaterThan(0);
  });

  it('reports a 款 that is not the sum of its 项', () => {
    const rows = [...GOOD_EXPENDITURE];
    rows[4] = '2010102\t一般行政管理事务\t41.00\t\t41.00';
    const result = runChecks(doc(expenditure(rows)), only('code-hierarchy'));
    const messages = result.diagnostics.map((d) => d.message);
    expect(messages.some((m) => m.includes('20101 人大事务') && m.includes('Σ 其下各项'))).toBe(true);
    expect(result.coverage.rules['code-hierarchy']?.checks['kuan-equals-sum-of-xiang']?.failed).toBe(2);
  });
});

describe('code-hierarchy with a level left out', () => {
  it('adds 7-digit rows printed without their 5-digit parent under the nearest printed ancestor', () => {
    const rows = (wages: string) => [
      `\t合计\t${wages}\t${wages}\t`,
      `301\t工资福利支出\t${wages}\t${wages}\t`,
      '30101\t基本工资\t40.00\t40.00\t',
      '3010201\t津贴补贴\t30.00\t30.00\t',
      '3010202\t改革性补贴\t10.00\t10.00\t',
      '30113\t住房公积金\t20.00\t20.00\t',
    ];
    const table2 = (r: string[]) => table('一般公共预算基本支出表', EXPENDITURE_HEADER, r);
    const good = runChecks(doc(table2(rows('100.00'))), only('code-hierarchy'));
    expect(good.diagnostics.filter((d) => d.ruleId === 'code-hierarchy')).toEqual([]);
    expect(good.coverage.rules['code-hierarchy']?.checks['class-equals-sum-of-kuan']?.passed).toBeGreaterThan(
      0,
    );
    const bad = runChecks(doc(table2(rows('90.00'))), only('code-hierarchy'));
    expect(
      bad.diagnostics.some((d) => d.ruleId === 'code-hierarchy' && d.message.includes('301 工资福利支出')),
    ).toBe(true);
  });
});

describe('column-totals', () => {
  const units = (third: string) =>
    table('部门收入总表', '单位名称\t合计\t财政拨款收入\t其他收入', [
      '合计\t300.00\t290.00\t10.00',
      '某局本级\t200.00\t195.00\t5.00',
      `某中心\t${third}\t95.00\t5.00`,
    ]);
  it('passes when the 合计 row is the sum of the unit rows', () => {
    expect(runChecks(doc(units('100.00')), only('column-totals')).diagnostics).toEqual([]);
    expect(
      runChecks(doc(units('100.00')), only('column-totals')).coverage.rules['column-totals']?.passed,
    ).toBe(3);
  });
  it('reports a 合计 row that is not the sum of the unit rows', () => {
    const result = runChecks(doc(units('110.00')), only('column-totals'));
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]?.message).toContain('某中心');
  });
  const projects = (last: string) =>
    table('部门预算项目支出预算表', '项目名称\t总计', [
      '合计\t130.00',
      '某局\t100.00',
      '甲项目\t60.00',
      '乙项目\t40.00',
      '某中心\t30.00',
      `丙项目\t${last}`,
    ]);
  it('reads unit lines over their projects: 合计 = Σ units, each unit = Σ its projects', () => {
    const result = runChecks(doc(projects('30.00')), only('column-totals'));
    expect(result.diagnostics).toEqual([]);
    expect(result.coverage.rules['column-totals']?.passed).toBe(1);
    expect(runChecks(doc(projects('31.00')), only('column-totals')).diagnostics).toHaveLength(1);
  });
});

const SUMMARY_HEADER = '收入\t\t支出\t\n项目\t预算数\t项目\t预算数';
const summary = (income: string, total = '100.00') =>
  table('部门收支总表', SUMMARY_HEADER, [
    `一、一般公共预算拨款收入\t${income}\t一、一般公共服务支出\t90.00`,
    '二、政府性基金预算拨款收入\t\t二、社会保障和就业支出\t10.00',
    `本年收入合计\t${total}\t本年支出合计\t100.00`,
    '上年结转结余\t\t年终结转结余\t',
    `收入总计\t${total}\t支出总计\t100.00`,
  ]);

describe('two-sided-summary', () => {
  it('checks every identity of a balanced 收支总表', () => {
    const result = runChecks(doc(summary('100.00')), only('two-sided-summary'));
    expect(result.diagnostics).toEqual([]);
    const checks = result.coverage.rules['two-sided-summary']?.checks ?? {};
    for (const id of [
      'income-items-sum',
      'income-total',
      'expenditure-items-sum',
      'expenditure-total',
      'totals-balance',
    ])
      expect(checks[id]?.passed, id).toBe(1);
  });
  it('reports income items that do not add up and unbalanced totals', () => {
    const result = runChecks(doc(summary('100.00', '101.00')), only('two-sided-summary'));
    const failed = result.findings.map((f) => f.check).sort();
    expect(failed).toEqual(['income-items-sum', 'totals-balance']);
    expect(result.diagnostics[0]?.message).toContain('本年收入合计');
  });
});

const threePublic = (vehicles: string) =>
  table('部门财政拨款“三公”经费支出表', '项目\t合计', [
    '合计\t5.70',
    '一、因公出国（境）费\t',
    `二、公务用车购置及运行费\t${vehicles}`,
    '其中：公务用车购置费\t',
    '公务用车运行费\t5.70',
    '三、公务接待费\t',
  ]);

describe('three-public', () => {
  it('passes when 合计 = 出国 + 公务用车 + 接待 and 公务用车 = 购置 + 运行', () => {
    const result = runChecks(doc(threePublic('5.70')), only('three-public'));
    expect(result.diagnostics).toEqual([]);
    expect(result.coverage.rules['three-public']?.checks['total-equals-items']?.passed).toBe(1);
    expect(
      result.coverage.rules['three-public']?.checks['vehicles-equals-purchase-plus-operation']?.passed,
    ).toBe(1);
  });
  it('reports a 公务用车 row that breaks both identities', () => {
    const result = runChecks(doc(threePublic('4.70')), only('three-public'));
    expect(result.findings.map((f) => f.check).sort()).toEqual([
      'total-equals-items',
      'vehicles-equals-purchase-plus-operation',
    ]);
  });
});

describe('cross-table', () => {
  it('passes when 支出总表 合计 agrees with 收支总表 本年支出合计, and reports when it does not', () => {
    const good = runChecks(doc(summary('100.00') + expenditure(GOOD_EXPENDITURE)), only('cross-table'));
    expect(good.diagnostics).toEqual([]);
    expect(good.coverage.rules['cross-table']?.checks['expenditure-summary-total-vs-summary']?.passed).toBe(
      1,
    );
    const rows = [...GOOD_EXPENDITURE];
    rows[0] = '\t合计\t110.00\t70.00\t40.00';
    const bad = runChecks(doc(summary('100.00') + expenditure(rows)), only('cross-table'));
    expect(bad.diagnostics).toHaveLength(1);
    expect(bad.diagnostics[0]?.message).toContain('部门收支总表');
    expect(bad.diagnostics[0]?.message).toContain('部门预算支出总表');
  });
  it('accepts a 支出总表 that also spends carried-over funds and so totals to 支出总计', () => {
    const withCarry = table('部门收支总表', SUMMARY_HEADER, [
      '一、一般公共预算拨款收入\t100.00\t一、一般公共服务支出\t100.00',
      '本年收入合计\t100.00\t本年支出合计\t100.00',
      '上年结转结余\t10.00\t年终结转结余\t10.00',
      '收入总计\t110.00\t支出总计\t110.00',
    ]);
    const rows = (total: string) => [`\t合计\t${total}\t70.00\t${Number(total) - 70}.00`];
    const equalsGrand = runChecks(doc(withCarry + expenditure(rows('110.00'))), only('cross-table'));
    expect(equalsGrand.diagnostics).toEqual([]);
    const neither = runChecks(doc(withCarry + expenditure(rows('105.00'))), only('cross-table'));
    expect(neither.diagnostics.map((d) => d.message.includes('本年支出合计'))).toEqual([true]);
  });
  it('reports a value that matches only at another unit as a unit error', () => {
    const rows = GOOD_EXPENDITURE.map((r) => r.replace(/(\d+)\.00/g, '$10000.00'));
    const result = runChecks(
      doc(summary('100.00') + table('部门预算支出总表', EXPENDITURE_HEADER, rows, '元')),
      only('cross-table'),
    );
    expect(result.diagnostics).toEqual([]);
    const slipped = runChecks(
      doc(summary('100.00') + table('部门预算支出总表', EXPENDITURE_HEADER, rows, '万元')),
      only('cross-table'),
    );
    expect(slipped.diagnostics[0]?.ruleId).toBe('unit-mismatch');
  });
});

describe('prose-vs-table', () => {
  const narrative = (amount: string) =>
    `${threePublic('5.70')}## 情况说明\n\n### 四、“三公”经费预算情况\n\n2022年“三公”经费预算5.7万元，其中公务用车购置及运行费${amount}万元，比上年减少0.3万元。\n`;
  it('passes when the narrative repeats the table (万元 prose, 2-decimal table)', () => {
    const result = runChecks(doc(narrative('5.7')), only('prose-vs-table'));
    expect(result.diagnostics).toEqual([]);
    expect(result.coverage.rules['prose-vs-table']?.passed).toBe(2);
  });
  it('reports a narrative amount that contradicts the table, naming both places', () => {
    const result = runChecks(doc(narrative('0')), only('prose-vs-table'));
    expect(result.diagnostics).toHaveLength(1);
    const message = result.diagnostics[0]?.message ?? '';
    expect(message).toContain('四、“三公”经费预算情况');
    expect(message).toContain('公务用车购置及运行费0万元');
    expect(message).toContain('部门财政拨款“三公”经费支出表');
    expect(message).toContain('5.70');
  });
  it('reports the probe: 公务用车购置费用5.00万元 against the table’s 3.00', () => {
    const tableText = table('部门财政拨款“三公”经费支出表', '项目\t合计', [
      '合计\t5.00',
      '一、因公出国（境）费\t',
      '二、公务用车购置及运行费\t5.00',
      '其中：公务用车购置费\t3.00',
      '公务用车运行费\t2.00',
      '三、公务接待费\t',
    ]);
    const stated = (amount: string) =>
      `${tableText}## 情况说明\n\n### 四、“三公”经费预算情况\n\n公务用车购置费用${amount}万元。\n`;
    const agreeing = runChecks(doc(stated('3.00')), only('prose-vs-table'));
    expect(agreeing.diagnostics).toEqual([]);
    expect(agreeing.coverage.rules['prose-vs-table']?.passed).toBe(1);
    const result = runChecks(doc(stated('5.00')), only('prose-vs-table'));
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]?.message).toContain('公务用车购置费用5.00万元');
    expect(result.diagnostics[0]?.message).toContain('3.00');
    expect(result.diagnostics[0]?.severity).toBe('error');
    // The same words about a counted set of projects are not the department's figure.
    const projects = `${tableText}## 情况说明\n\n### 四、“三公”经费预算情况\n\n本部门涉及一级预算项目6个，预算资金8.00万元，其中公务用车购置费用5.00万元。\n`;
    expect(runChecks(doc(projects), only('prose-vs-table')).diagnostics).toEqual([]);
    // Nor the same words under the performance section's own headings (the projects' money).
    const performance = `${tableText}## 情况说明\n\n### 七、预算绩效管理情况说明\n\n#### （一）总体工作情况\n\n本部门重点项目预算资金8.00万元，其中公务用车购置费用5.00万元。\n`;
    expect(runChecks(doc(performance), only('prose-vs-table')).diagnostics).toEqual([]);
  });
  it('accepts an amount the narrative cuts off at its last digit, not one a unit beyond', () => {
    const stated = (amount: string) =>
      `${threePublic('5.78')}## 情况说明\n\n### 四、“三公”经费预算情况\n\n公务用车购置及运行费${amount}万元。\n`;
    // 5.78 万元 stated as 5.7 (cut off, not rounded to 5.8) agrees; 5.6 does not.
    expect(runChecks(doc(stated('5.7')), only('prose-vs-table')).diagnostics).toEqual([]);
    expect(runChecks(doc(stated('5.8')), only('prose-vs-table')).diagnostics).toEqual([]);
    const wrong = runChecks(doc(stated('5.6')), only('prose-vs-table'));
    expect(wrong.diagnostics.map((d) => d.severity)).toEqual(['error']);
  });
  it('does not take an amount spent (财政拨款支出决算) for a revenue', () => {
    const text = `${incomeSummary('19572.91')}## 情况说明\n\n### （三）财政拨款支出决算具体情况\n\n财政拨款支出年初预算为15068.55万元，支出决算为13733.8万元。\n`;
    const document = doc(text);
    expect(document.facts.filter((f) => f.id === 'fiscal_appropriation_revenue')).toEqual([]);
    expect(runChecks(document, only('prose-vs-table')).diagnostics).toEqual([]);
  });
  it('compares the narrative’s stated facts, naming the summary fact it concerns', () => {
    const result = runChecks(doc(narrative('0')), only('prose-vs-table'));
    expect(result.diagnostics[0]?.fact).toBe('three_public_vehicles');
  });
  it('reports 元 written where 万元 is meant as a unit error', () => {
    const result = runChecks(doc(narrative('57000').replace('57000万元', '5.7元')), only('prose-vs-table'));
    expect(result.diagnostics[0]?.ruleId).toBe('unit-mismatch');
  });
});

describe('duplicates', () => {
  const rows = (second: string) =>
    table('部门预算支出总表', `序号\t${EXPENDITURE_HEADER}`, [
      '1\t\t合计\t100.00\t60.00\t40.00',
      '2\t201\t一般公共服务支出\t100.00\t60.00\t40.00',
      `${second}\t20101\t人大事务\t100.00\t60.00\t40.00`,
      '4\t2010101\t行政运行\t100.00\t60.00\t40.00',
    ]);
  it('passes unique serials and reports a serial printed twice', () => {
    expect(runChecks(doc(rows('3')), only('duplicates')).diagnostics).toEqual([]);
    const result = runChecks(doc(rows('2')), only('duplicates'));
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]?.message).toContain('序号 2');
  });
  it('keys codes on both code columns: a department code printed against two government codes is no duplicate', () => {
    const econ = (lastGov: string) =>
      table(
        '一般公共预算支出明细表（按支出经济分类科目）',
        '部门经济科目编码\t部门经济科目名称\t政府经济科目编码\t政府经济科目名称\t合计',
        [
          '\t合计\t\t\t30.00',
          '302\t商品和服务支出\t\t\t30.00',
          '30215\t会议费\t50202\t会议费\t10.00',
          `30215\t会议费\t${lastGov}\t商品和服务支出\t20.00`,
        ],
      );
    const codeDuplicates = (md: string) =>
      runChecks(doc(md), only('duplicates')).diagnostics.filter((d) => d.column === 'code');
    expect(codeDuplicates(econ('50502'))).toEqual([]);
    expect(codeDuplicates(econ('50202')).map((d) => d.message)).toEqual([
      expect.stringContaining('科目编码 30215 重复'),
    ]);
  });
  it('reads a code tree listed again, unit after unit, without unit lines, as no duplicate', () => {
    const perUnit = (second: string) =>
      table('一般公共预算支出表', EXPENDITURE_HEADER, [
        '2010501\t行政运行\t10.00\t10.00\t',
        '2010505\t专项统计业务\t5.00\t\t5.00',
        '2080505\t机关事业单位基本养老保险缴费支出\t3.00\t3.00\t',
        '2010501\t行政运行\t4.00\t4.00\t',
        `${second}\t机关事业单位基本养老保险缴费支出\t1.00\t1.00\t`,
      ]);
    const codeDuplicates = (md: string) =>
      runChecks(doc(md), only('duplicates')).diagnostics.filter((d) => d.column === 'code');
    expect(codeDuplicates(perUnit('2080505'))).toEqual([]);
    // 2010501 twice in one run of ascending codes (the second unit's tree restarts after it): a duplicate.
    expect(codeDuplicates(perUnit('2010501')).map((d) => d.actual)).toEqual(['2010501']);
  });
  it('in a table of items, counts a shared code only when the whole row is printed again', () => {
    const purchases = (lastItem: string) =>
      table('政府采购预算表', '科目编码\t采购物品名称\t采购金额', [
        '2010301\t台式计算机\t10.00',
        '2010301\t打印机\t10.00',
        `2010301\t${lastItem}\t10.00`,
      ]);
    const codeDuplicates = (md: string) =>
      runChecks(doc(md), only('duplicates')).diagnostics.filter((d) => d.column === 'code');
    expect(codeDuplicates(purchases('复印机'))).toEqual([]);
    expect(codeDuplicates(purchases('打印机')).map((d) => d.message)).toEqual([
      expect.stringContaining('两行金额完全相同'),
    ]);
  });
  it('does not count a serial printed once in a merged cell over several rows, but still counts a reprint', () => {
    const html =
      '# 项目绩效目标表\n\n<table><tr><td>序号</td><td>项目名称</td><td>当年财政拨款预算金额</td><td>指标名称</td></tr>' +
      '<tr><td rowspan="3">1</td><td rowspan="3">甲</td><td rowspan="3">10.00</td><td>A</td></tr><tr><td>B</td></tr>' +
      '<tr><td>C</td></tr><tr><td>1</td><td>乙</td><td>5.00</td><td>D</td></tr></table>\n';
    const document = doc(html);
    expect(document.tables[0]?.rows.map((r) => r.cells.serial?.spanned ?? false)).toEqual([
      false,
      true,
      true,
      false,
    ]);
    const messages = runChecks(document, only('duplicates')).diagnostics.map((d) => d.message);
    expect(messages).toEqual(['表「项目绩效目标表」序号 1 重复：「甲」与「乙」。']);
  });
});
