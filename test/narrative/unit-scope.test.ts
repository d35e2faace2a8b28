/**
 * A department that discloses its units one section each (深圳): the amounts of a unit's paragraphs are that
 * unit's, compared with the unit's own table row and never taken as the department's summary facts.
 */
import { describe, expect, it } from 'vitest';
import { doc, table } from '../check/helpers.js';

const EXPENDITURE = table('支出总表', '单位名称\t合计\t基本支出\t项目支出', [
  '某市生态环境局\t300.00\t100.00\t200.00',
  '某市生态环境局（本级）\t180.00\t60.00\t120.00',
  '某市环境监测站\t120.00\t40.00\t80.00',
]);

const narrative = (stationProject: string) =>
  '## 第三部分 部门预算支出具体情况\n\n' +
  '### 一、某市生态环境局（本级）\n\n某市生态环境局（本级）预算180.00万元，包括人员经费50.00万元、项目支出120.00万元。\n\n' +
  // The heading run into its paragraph, as extraction often leaves it.
  `二、某市环境监测站某市环境监测站预算120.00万元，包括人员经费30.00万元、项目支出${stationProject}万元。\n\n` +
  '## 第四部分 政府采购预算情况\n\n本部门项目支出200.00万元。\n';

describe('paragraphs about one unit of the department', () => {
  const document = doc(`# 2026年某市生态环境局部门预算\n\n${EXPENDITURE}${narrative('80.00')}`);

  it('names the unit each paragraph describes, until a heading of the same or a higher level', () => {
    const projects = document.facts.filter((f) => f.id === 'project_expenditure');
    expect(projects.map((f) => [f.printed, f.organisation ?? null])).toEqual([
      ['120.00', '某市生态环境局（本级）'],
      ['80.00', '某市环境监测站'],
      ['200.00', null],
    ]);
  });

  it('takes no department fact from a unit’s paragraph', () => {
    // 人员经费 is stated only per unit (50.00, 30.00): the department's is not known.
    expect(document.summary.gpb_personnel).toBeUndefined();
    expect(document.diagnostics.filter((d) => d.ruleId === 'fact-implausible')).toEqual([]);
  });

  it('compares a unit’s amount with the unit’s own row: agreeing passes, a different one is reported', () => {
    expect(document.diagnostics.filter((d) => d.ruleId === 'prose-vs-table')).toEqual([]);
    const wrong = doc(`# 2026年某市生态环境局部门预算\n\n${EXPENDITURE}${narrative('90.00')}`);
    const [found] = wrong.diagnostics.filter((d) => d.ruleId === 'prose-vs-table');
    expect(found?.message).toContain('90.00');
    expect(found?.message).toContain('某市环境监测站');
    expect(found?.message).toContain('80.00');
  });
});
