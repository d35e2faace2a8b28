import { describe, expect, it } from 'vitest';
import type { LayoutBlock } from '../../src/ast/layout.js';
import { parse } from '../../src/index.js';
import { compileFactsGrammar } from '../../src/narrative/facts-grammar.js';
import { extractStatedFacts, FactsGrammar, factIdOf } from '../../src/narrative/index.js';

const blocks = (...texts: string[]): LayoutBlock[] =>
  texts.map((text, i) => ({ type: 'paragraph', text, prov: [{ page: i + 1 }] }));

describe('extractStatedFacts', () => {
  it('reads a function-code line with its prior-year execution and % change', () => {
    const facts = extractStatedFacts(
      blocks(
        '1、公共安全支出（204类）司法（06款）行政运行（01项）1672.67万元。主要用于：行政单位的基本支出。2025年当年预算执行数为1690.69万元，2026年预算安排1672.67万元，比2025年预算执行数减少1.07%。主要原因是：部分人员退休。',
      ),
      { year: 2026 },
    );
    const line = facts.find((f) => f.id === 'function_line')!;
    expect(line.code).toBe('2040601');
    expect(line.yuan).toBe('16726700');
    expect(line.change).toMatchObject({
      priorYuan: '16906900',
      priorStated: true,
      priorYear: 2025,
      percent: '1.07',
    });
    expect(line.place?.page).toBe(1);
  });

  it('reads a stated prior value, change, percent and reason (Beijing)', () => {
    const facts = extractStatedFacts(
      blocks(
        '2026 年度收入预算 44169.36 万元，比 2025 年年初预算数 44021.20 万元增加 148.16 万元，增长 0.34%。主要原因是人员增加，基本经费预算有所增长。',
      ),
      { year: 2026 },
    );
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({
      id: 'revenue_total',
      yuan: '441693600',
      change: {
        direction: 'increase',
        yuan: '1481600',
        percent: '0.34',
        priorYuan: '440212000',
        priorStated: true,
        priorYear: 2025,
        reason: '人员增加，基本经费预算有所增长',
      },
    });
  });

  it('takes the subject from the section title when the sentence names none, and reads counts', () => {
    const facts = extractStatedFacts(
      [
        { type: 'heading', depth: 0, text: '（一）因公出国（境）费用', prov: [{ page: 8 }] },
        ...blocks(
          '2026 年预算数 127.74 万元，主要用于公共管理政策交流等工作。',
          '截至 2025 年底，共有车辆 27 台。',
        ),
      ],
      { year: 2026 },
    );
    expect(facts.map((f) => [f.id, f.measure, f.yuan ?? f.value])).toEqual([
      ['three_public_overseas', 'amount', '1277400'],
      ['vehicles_count', 'count', '27'],
    ]);
  });

  it('tells 年初预算 from 决算 amounts, and gives a basis-only clause the subject before it', () => {
    const facts = extractStatedFacts(
      blocks(
        '“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的0%，其中：因公出国（境）费决算为0.00万元；公务接待费支出决算为0.00万元。',
      ),
      { year: 2024 },
    );
    expect(facts.map((f) => [f.id, f.basis, f.yuan])).toEqual([
      ['three_public_total', 'budget', '9500'],
      ['three_public_total', 'final', '0'],
      ['three_public_overseas', 'final', '0'],
      ['three_public_reception', 'final', '0'],
    ]);
  });

  it('marks amounts of other years as prior', () => {
    const [f] = extractStatedFacts(blocks('2025年机关运行经费1000.5万元。'), { year: 2026 });
    expect([f?.id, f?.period, f?.year]).toEqual(['operating_costs', 'prior', 2025]);
  });

  it('classifies labels with the grammar', () => {
    expect(factIdOf('公务用车购置及运维费')).toBe('three_public_vehicles');
    expect(factIdOf('日常公用经费')).toBe('gpb_public_funds');
    expect(factIdOf('一般公共预算拨款收入')).toBe('general_public_budget_revenue');
    expect(factIdOf('信访工作经费')).toBeUndefined();
  });

  it('rejects a grammar with a bad pattern at load, naming the field', () => {
    const grammar = FactsGrammar.parse({
      units: { 万元: '10000' },
      boundary: '[，]',
      trailing: '为$',
      leading: '^其中',
      change: { increase: '增加', decrease: '减少', flat: '持平', comparison: '较', percent: '(\\d+)%' },
      reason: '原因',
      basis: {
        copula: '为$',
        words: '决算$',
        spent: '支出决算$',
        final: '决算$',
        budget: '预算$',
        prior: '上年',
        carryover: '结转',
      },
      departmentScope: { prefix: '部门$', partWords: '项目', genericTotals: [], subjectSection: '（类）' },
      facts: [{ id: 'basic_expenditure', subject: '基本支出', label: '基本支出(' }],
      counts: [],
      organisationCounts: '(?<label>编制)(?<n>\\d+)(?<unit>名)',
      functionLine: '(?<path>x)(?<amount>\\d+)(?<unit>万元)',
      codeLine: '(?<class>\\d{3})(?<kuan>\\d{2})(?<xiang>\\d{2})(?<amount>\\d+)(?<unit>万元)',
    });
    expect(() => compileFactsGrammar(grammar)).toThrow(/facts\[0\]\.label/);
  });
});

describe('summary from stated facts on the document’s basis', () => {
  const text = (kind: string) =>
    `# 上海市某局2024年度部门${kind}\n\n## 七、“三公”经费情况说明\n\n` +
    '“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的0%。\n';
  it('takes the 决算 amount in a final-accounts document and the 预算 amount in a budget', () => {
    const final = parse(text('决算')).document;
    expect(final.meta.kind).toBe('final');
    expect(final.summary.three_public_total).toMatchObject({
      yuan: '0',
      source: { prose: true, printed: '0.00' },
    });
    const budget = parse(text('预算')).document;
    expect(budget.meta.kind).toBe('budget');
    expect(budget.summary.three_public_total).toMatchObject({ yuan: '9500', source: { printed: '0.95' } });
  });
});
