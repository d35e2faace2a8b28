/**
 * narrative.performance: each performance-target form's project, budget (元, with the cell it was read from)
 * and overall goal, from the form's own rows (专项资金情况（万元） | 资金总额 | 25.89, 年度目标 | …) or, for a table
 * listing several projects (项目名称 | 项目总额 | 绩效目标 | 一级指标 …), one per project.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/index.js';

/** A markdown pipe table from lines of cells joined by " | " (the first line is the grid's own first row). */
const grid = (lines: string[]) =>
  [
    `| ${lines[0]} |`,
    `|${' --- |'.repeat(lines[0]!.split(' | ').length)}`,
    ...lines.slice(1).map((line) => `| ${line} |`),
  ].join('\n');

const performance = (markdown: string) =>
  parse(markdown, { filename: 'forms.md' }).document.narrative.performance;

describe('performance summaries from a form’s own rows', () => {
  const summaries = performance(
    `# 档案数字化项目绩效目标表\n\n${grid([
      '项目名称 | 档案数字化项目 | 档案数字化项目 | 档案数字化项目',
      '专项资金情况（万元） | 资金总额 | 25.89 | 25.89',
      '专项资金情况（万元） | 财政拨款 | 20.00 | 20.00',
      '年度目标 | 完成档案数字化 | 完成档案数字化 | 完成档案数字化',
      '一级指标 | 二级指标 | 三级指标 | 指标值',
      '产出指标 | 数量指标 | 数字化卷数 | ≥3000卷',
    ])}\n\n# 整体绩效目标表\n\n${grid([
      '当年整体绩效目标 | 当年整体绩效目标 | 当年整体绩效目标',
      '保障机关运转 | 保障机关运转 | 保障机关运转',
      '一级指标 | 三级指标 | 指标值',
      '产出指标 | 办件量 | ≥100件',
    ])}\n`,
  );

  it('reads the budget after its total key, in the unit its key names, with the cell it came from', () => {
    expect(summaries[0]).toMatchObject({
      project: '档案数字化项目',
      budgetYuan: '258900',
      budgetSource: { printed: '25.89', unit: '万元', row: 0 },
      goal: '完成档案数字化',
    });
    expect(summaries[0]!.budgetSource?.column).toMatch(/^col_\d+$/);
  });

  it('takes a goal printed on the row under its key', () => {
    expect(summaries[1]).toMatchObject({ goal: '保障机关运转', budgetYuan: null });
    expect(summaries[1]!.budgetSource).toBeUndefined();
  });
});

describe('performance summaries of a table listing several projects', () => {
  const header = '项目名称 | 项目总额 | 绩效目标 | 一级指标 | 二级指标 | 三级指标 | 指标值';
  const summaries = performance(
    `# 项目支出绩效目标表\n\n金额单位：万元\n\n${grid([
      header,
      '合计 | 130.00 |  |  |  |  | ',
      '甲项目 | 100.00 | 完成甲 | 产出指标 | 数量指标 | 检查次数 | ≥10次',
      '甲项目 | 100.00 | 完成甲 | 效益指标 | 社会效益 | 满意度 | ≥90%',
      '项目 |  | 完成甲（续） |  |  |  | ',
      '乙项目 | 30.00 | 完成乙 | 产出指标 | 数量指标 | 培训人次 | ≥50人次',
      '乙项目 | 12.00 | 完成乙（另一单位） | 产出指标 | 数量指标 | 培训人次 | ≥20人次',
    ])}\n`,
  );

  it('gives one summary per project, not for the total nor a wrapped name line', () => {
    expect(summaries.map((s) => [s.project, s.budgetYuan, s.goal, s.budgetSource?.row])).toEqual([
      ['甲项目', '1000000', '完成甲', 1],
      ['乙项目', '300000', '完成乙', 4],
      ['乙项目', '120000', '完成乙（另一单位）', 5],
    ]);
  });
});

describe('a project named by the form’s title', () => {
  const form = (title: string) =>
    `# ${title}\n\n${grid(['一级指标 | 二级指标 | 三级指标 | 指标值', '产出指标 | 数量指标 | 办件量 | ≥100件'])}\n`;
  const projectOf = (title: string) => performance(form(title))[0]?.project;

  it('takes the name a project form’s title prints before its suffix, enumeration removed', () => {
    expect(projectOf('（一）女子看守所保障经费项目绩效目标表')).toBe('女子看守所保障经费');
  });

  it('names no project from a title that does not end as a project form or names a whole department or fund', () => {
    // Not a form title of one project: …绩效表 without 目标 (the table of all the department's projects).
    expect(projectOf('2026年市级部门项目支出绩效表')).toBeNull();
    expect(projectOf('专项资金总体绩效目标表')).toBeNull();
    expect(projectOf('政策和项目预算绩效目标表')).toBeNull();
    expect(projectOf('部门整体支出绩效目标表')).toBeNull();
  });
});

describe('a table of projects listed by unit', () => {
  const summaries = performance(
    `# 2026年市级部门项目支出绩效表\n\n单位：万元\n\n${grid([
      '单位名称 | 项目名称 | 金额 | 项目总体绩效目标',
      '合计 |  | 2,400.95 | ',
      '卫生健康发展中心 | 公立医院改革示范项目 | 2,260.95 | 开展人才招聘活动不少于3次。',
      '干部保健中心 | 干部保健管理 | 140.00 | 完成日常医疗保健服务。',
    ])}\n`,
  );

  it('names each project by its 项目名称 column, not the unit in the row’s first label', () => {
    expect(summaries.map((s) => [s.project, s.budgetYuan, s.goal])).toEqual([
      ['公立医院改革示范项目', '22609500', '开展人才招聘活动不少于3次。'],
      ['干部保健管理', '1400000', '完成日常医疗保健服务。'],
    ]);
  });
});

describe('a table of projects whose amount column is headed 总计', () => {
  it('reads each project’s budget from its 总计 cell', () => {
    const summaries = performance(
      `# 项目支出绩效目标表（含转移支付项目）\n\n部门名称：某局 单位：万元\n\n${grid([
        '项目名称（资金使用单位） | 总计 | 财政拨款 | 其他资金 | 绩效目标',
        '合计 | 1,491.47 | 1,491.47 |  | ',
        '运营服务项目 | 1,391.47 | 1,391.47 |  | 保障平台运行。',
        '热线平台项目 | 100.00 | 100.00 |  | 提升服务效能。',
      ])}\n`,
    );
    expect(summaries.map((s) => [s.project, s.budgetYuan])).toEqual([
      ['运营服务项目', '13914700'],
      ['热线平台项目', '1000000'],
    ]);
  });
});
