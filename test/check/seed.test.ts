import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { CHECK_RULE_IDS, Coverage, formatDiagnostics, runChecks } from '../../src/check/index.js';
import { printedDecimals, sumTolerance, ulp, unitSlip } from '../../src/check/tolerance.js';
import { Diagnostic, parseFile } from '../../src/index.js';
import { SEED_SAMPLE } from '../helpers/paths.js';

const { document } = await parseFile(SEED_SAMPLE);
const result = runChecks(document);

describe('checks on the seed (廊坊市安次区信访局 2022)', () => {
  it('reports exactly one error: the 三公 vehicles narrative contradicting its own table, naming both places', () => {
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toHaveLength(1);
    const [d] = result.diagnostics;
    expect(d).toMatchObject({ ruleId: 'prose-vs-table', severity: 'error', actual: '0', expected: '5.7' });
    expect(d?.table).toBe(document.tables.find((t) => t.kind === 'three-public-expenses')?.id);
    expect(d?.message).toContain('四、财政拨款“三公”经费预算情况及增减变化原因');
    expect(d?.message).toContain('公务用车购置及运维费0万元');
    expect(d?.message).toContain('部门预算财政拨款“三公”经费支出表');
    expect(d?.message).toContain('5.7');
    expect(d?.place?.line).toBeGreaterThan(0);
    const finding = result.findings[0]!;
    expect(finding.evidence.map((e) => e.place?.line !== undefined)).toEqual([true, true]);
    for (const diagnostic of result.diagnostics) expect(Diagnostic.parse(diagnostic)).toEqual(diagnostic);
  });

  it('ran every identity of DOMAIN.md that the seed allows', () => {
    expect(Coverage.parse(result.coverage)).toEqual(result.coverage);
    const ran = (rule: string, check: string) => result.coverage.rules[rule]?.checks[check]?.run ?? 0;
    const expected: Array<[string, string]> = [
      ['two-sided-summary', 'income-items-sum'],
      ['two-sided-summary', 'income-total'],
      ['two-sided-summary', 'expenditure-items-sum'],
      ['two-sided-summary', 'expenditure-total'],
      ['two-sided-summary', 'totals-balance'],
      ['code-hierarchy', 'total-equals-sum-of-classes'],
      ['code-hierarchy', 'class-equals-sum-of-kuan'],
      ['code-hierarchy', 'kuan-equals-sum-of-xiang'],
      ['row-arithmetic', 'total-equals-basic-plus-project'],
      ['row-arithmetic', 'basic-equals-personnel-plus-public'],
      ['row-arithmetic', 'basic-total-equals-personnel-plus-public'],
      ['row-arithmetic', 'income-total-equals-subtotal-plus-carryover'],
      ['row-arithmetic', 'income-subtotal-equals-sources'],
      ['row-arithmetic', 'fiscal-expenditure-equals-funds'],
      ['cross-table', 'income-summary-total-vs-summary'],
      ['cross-table', 'income-summary-subtotal-vs-summary'],
      ['cross-table', 'expenditure-summary-total-vs-summary'],
      ['cross-table', 'fiscal-revenue-vs-income-summary'],
      ['cross-table', 'fiscal-gpb-vs-gpb-expenditure'],
      ['cross-table', 'basic-table-total-vs-gpb-expenditure'],
      ['cross-table', 'basic-table-personnel-vs-gpb-expenditure'],
      ['cross-table', 'basic-table-public-vs-gpb-expenditure'],
      ['cross-table', 'gov-fund-vs-fiscal-summary'],
      ['cross-table', 'state-capital-vs-fiscal-summary'],
      ['three-public', 'total-equals-items'],
      ['three-public', 'vehicles-equals-purchase-plus-operation'],
      ['prose-vs-table', 'prose-equals-table'],
    ];
    for (const [rule, check] of expected) expect(ran(rule, check), `${rule}/${check}`).toBeGreaterThan(0);
    // Besides infos (codes the dictionary lacks, such as 2013105 专项业务), one failure: the 三公 sentence.
    expect(result.coverage.totals).toMatchObject({ errors: 1, warnings: 0 });
    expect(result.coverage.totals.failed - result.coverage.totals.infos).toBe(1);
    expect(result.coverage.totals.run).toBe(result.coverage.totals.passed + result.coverage.totals.failed);
    // Amounts the narrative states: totals, 基本/项目/人员/公用, the 三公 items, 政府采购, 固定资产.
    expect(result.coverage.rules['prose-vs-table']?.run).toBeGreaterThanOrEqual(15);
  });

  it('explains skips (机关运行经费 is stated in prose only)', () => {
    const reasons = result.coverage.rules['prose-vs-table']?.skipReasons ?? [];
    expect(reasons.some((r) => r.includes('机关运行经费'))).toBe(true);
  });

  it('switches rules off and says so in the coverage', () => {
    const off = runChecks(document, { rules: { 'prose-vs-table': false } });
    expect(off.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(off.coverage.rules['prose-vs-table']).toMatchObject({ enabled: false, run: 0 });
    expect(off.coverage.rules['prose-vs-table']?.skipReasons[0]).toContain('关闭');
    expect(() => runChecks(document, { rules: { 'no-such-rule': false } })).toThrow(/Unknown check rule/);
    expect(CHECK_RULE_IDS).toContain('cross-table');
  });

  it('formats diagnostics grouped by table, with coverage', () => {
    const text = formatDiagnostics(document, result);
    expect(text).toContain('1 个错误');
    expect(text).toMatch(/表 t\d+「部门预算财政拨款“三公”经费支出表」/);
    expect(text).toContain('[prose-vs-table]');
    expect(text).toContain('核对范围');
  });
});

describe('tolerance', () => {
  it('derives precision from the printed amount', () => {
    expect(printedDecimals('1,186.35')).toBe(2);
    expect(printedDecimals('5.7')).toBe(1);
    expect(printedDecimals('750')).toBe(0);
    expect(ulp(2, 10000).toFixed()).toBe('100');
  });
  it('allows half a unit in the last place per printed value', () => {
    expect(sumTolerance([ulp(2), ulp(2), ulp(2)]).toFixed()).toBe('0.015');
  });
  it('recognizes a value that matches at another unit', () => {
    expect(unitSlip(new Decimal(11863500), new Decimal(1186.35), new Decimal(0.01))?.toFixed()).toBe('10000');
    expect(unitSlip(new Decimal(5), new Decimal(6), new Decimal(0.01))).toBeNull();
  });
});
