import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/index.js';
import { doc, EXPENDITURE_HEADER, table } from './helpers.js';

const run = (rows: string[]) => {
  const result = runChecks(doc(table('支出总表', EXPENDITURE_HEADER, rows)));
  return {
    findings: result.diagnostics.filter((d) => d.ruleId === 'code-dictionary'),
    coverage: result.coverage.rules['code-dictionary']!,
  };
};

describe('code-dictionary', () => {
  it('passes codes the dictionary knows with their names (or a known variant)', () => {
    const { findings, coverage } = run([
      '\t合计\t10.00\t6.00\t4.00',
      '201\t一般公共服务支出\t10.00\t6.00\t4.00',
      '20131\t党委办公厅（室）及相关机构事务\t10.00\t6.00\t4.00',
      '2013101\t行政运行\t10.00\t6.00\t4.00',
    ]);
    expect(findings).toEqual([]);
    expect(coverage.checks['code-known']?.passed).toBe(3);
    expect(coverage.checks['name-matches-code']?.passed).toBe(3);
  });

  it('reports an unknown code and a name that is not its code, as info only', () => {
    const { findings } = run([
      '\t合计\t10.00\t6.00\t4.00',
      '201\t一般公共服务支出\t10.00\t6.00\t4.00',
      '20131\t社会保障和就业支出\t10.00\t6.00\t4.00',
      '2019876\t自造科目\t10.00\t6.00\t4.00',
    ]);
    expect(findings.map((d) => d.severity)).toEqual(['info', 'info']);
    expect(findings[0]?.message).toContain('党委办公厅（室）及相关机构事务');
    expect(findings[1]?.message).toContain('2019876');
  });

  it('warns of an unknown code printed with the name of a sibling code: a digit misprinted or misread', () => {
    const misprinted = [
      '201\t一般公共服务支出',
      '20131\t党委办公厅（室）及相关机构事务',
      '2013191\t行政运行',
    ];
    const { findings } = run(misprinted.map((line) => `${line}\t10.00\t6.00\t4.00`));
    expect(findings.map((d) => [d.severity, d.actual, d.expected])).toEqual([
      ['warning', '2013191', '2013101'],
    ]);
    expect(findings[0]?.message).toContain('2013101 的名称');
  });
});
