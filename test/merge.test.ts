import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';

const HEAD = '序号\t科目编码\t科目名称\t合计\t基本支出\t项目支出';
const rows = (from: number, to: number) =>
  Array.from(
    { length: to - from + 1 },
    (_, i) => `${from + i}\t2010${from + i}\t事务${from + i}\t1.00\t1.00\t`,
  ).join('\n');
const table = (title: string, body: string) => `# ${title}\n\n金额单位：万元\n\n${HEAD}\n${body}\n`;

describe('cross-page merging', () => {
  it('merges a continuation that repeats the title and header', () => {
    const md = `${table('部门支出总表', rows(1, 3))}\n\f\n${table('部门支出总表', rows(4, 5))}`;
    const { document } = parse(md);
    expect(document.tables).toHaveLength(1);
    const t = document.tables[0]!;
    expect(t.rows.map((r) => r.serial)).toEqual(['1', '2', '3', '4', '5']);
    expect(t.fragments.map((f) => [f.join, f.rows, f.place.page])).toEqual([
      ['first', 3, 1],
      ['title-repeated', 2, 2],
    ]);
    expect(t.pages).toEqual([1, 2]);
    // The fixture prints no 合计 row: that completeness warning is the only one.
    expect(document.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.ruleId)).toEqual([
      'table-total-missing',
    ]);
  });

  it('merges a header-only continuation (no title repeated)', () => {
    const md = `${table('部门支出总表', rows(1, 3))}\n\f\n${HEAD}\n${rows(4, 6)}\n`;
    const t = parse(md).document.tables;
    expect(t).toHaveLength(1);
    expect(t[0]!.fragments.map((f) => f.join)).toEqual(['first', 'header-repeated']);
    expect(t[0]!.rows).toHaveLength(6);
    expect(t[0]!.rows.some((r) => r.label === '科目名称')).toBe(false);
  });

  it('merges a bare-rows continuation and checks the serials', () => {
    const md = `${table('部门支出总表', rows(1, 3))}\n\f\n${rows(4, 5)}\n`;
    const { document } = parse(md);
    expect(document.tables).toHaveLength(1);
    expect(document.tables[0]!.fragments.map((f) => f.join)).toEqual(['first', 'bare-rows']);
    expect(document.diagnostics.filter((d) => d.ruleId === 'merge-doubtful')).toEqual([]);
  });

  it('reports a doubtful join when serials jump', () => {
    const md = `${table('部门支出总表', rows(1, 3))}\n\f\n${rows(7, 8)}\n`;
    const { document } = parse(md);
    expect(document.tables).toHaveLength(1);
    const doubt = document.diagnostics.find((d) => d.ruleId === 'merge-doubtful');
    expect(doubt?.severity).toBe('warning');
    expect(doubt?.message).toContain('序号从 3 跳到 7（应为 4）');
    expect(doubt?.place?.page).toBe(2);
  });

  it('does not merge a look-alike table with another title', () => {
    const md = `${table('部门支出总表', rows(1, 3))}\n\f\n${table('一般公共预算支出表', rows(1, 3))}`;
    const tables = parse(md).document.tables;
    expect(tables.map((t) => t.kind)).toEqual(['expenditure-summary', 'general-budget-expenditure']);
    expect(tables.map((t) => t.rows.length)).toEqual([3, 3]);
  });

  it('does not merge a grid with a different header, nor one after narrative text', () => {
    const other = '序号\t项目\t数量\t价值\n1\t资产总额\t—\t6513.22\n';
    const a = parse(`${table('部门支出总表', rows(1, 3))}\n\f\n${other}`).document.tables;
    expect(a).toHaveLength(2);
    // Not merged; its own content (数量 / 价值 / 资产总额) names it.
    expect(a[1]!.kind).toBe('fixed-assets');
    const b = parse(
      `${table('部门支出总表', rows(1, 3))}\n\n二、部门预算安排的总体情况说明。\n\n${rows(4, 5)}\n`,
    ).document;
    expect(b.tables).toHaveLength(2);
    expect(b.diagnostics.map((d) => d.ruleId)).toContain('table-untitled');
  });

  it('does not merge a same-titled table that restarts its serials at 1', () => {
    const md = `${table('部门支出总表', rows(1, 3))}\n\f\n${table('部门支出总表', rows(1, 2))}`;
    expect(parse(md).document.tables.map((t) => t.rows.length)).toEqual([3, 2]);
  });

  it('merges a table continued under a 续表 title', () => {
    const md = `${table('部门支出总表', rows(1, 3))}\n\f\n${table('部门支出总表（续）', rows(4, 4))}`;
    const t = parse(md).document.tables;
    expect(t).toHaveLength(1);
    expect(t[0]!.rows).toHaveLength(4);
  });
});

describe('tables too wide for their page', () => {
  const first =
    '# 部门收入总表\n\n金额单位：万元\n\n单位名称\t合计\t一般公共预算拨款收入\n合计\t100.00\t60.00\n示例局\t100.00\t60.00\n';
  const next = (lines: number) =>
    `事业收入\t其他收入\n${Array.from({ length: lines }, () => '30.00\t10.00').join('\n')}\n`;

  it('joins the next columns of the same rows, printed on the next page, side by side', () => {
    const { document } = parse(`${first}\n\f\n${next(2)}`);
    expect(document.tables).toHaveLength(1);
    const t = document.tables[0]!;
    expect(t.fragments.map((f) => [f.join, f.rows, f.place.page])).toEqual([
      ['first', 2, 1],
      ['columns-continued', 0, 2],
    ]);
    expect(t.pages).toEqual([1, 2]);
    expect(
      t.rows.map((r) => [r.label, r.values.total, r.values.business_income, r.values.other_income]),
    ).toEqual([
      ['合计', '100.00', '30.00', '10.00'],
      ['示例局', '100.00', '30.00', '10.00'],
    ]);
    expect(t.rows[1]!.cells.other_income?.place?.page).toBe(2);
  });

  it('does not join columns whose rows do not match the table (another count of lines, or row names)', () => {
    expect(parse(`${first}\n\f\n${next(3)}`).document.tables).toHaveLength(2);
    const named = `单位名称\t事业收入\n示例局\t30.00\n示例局\t30.00\n`;
    expect(parse(`${first}\n\f\n${named}`).document.tables).toHaveLength(2);
  });
});

describe('context around grids', () => {
  it('joins the wrapped end of a metadata value printed after the unit line', () => {
    const md =
      '# 收入预算总表\n\n部门：中国共产党江苏省委员会办\n\n单位：万元\n\n公厅\n\n项目\t金额\n合计\t1.00\n';
    const t = parse(md).document.tables[0]!;
    expect(t.kind).toBe('income-summary');
    expect(t.meta.部门).toBe('中国共产党江苏省委员会办公厅');
    expect(t.unit).toBe('万元');
  });

  it('lets a stray cell label across a page break continue the table, but not without the break', () => {
    const across = `${table('部门支出总表', rows(1, 3))}\n\f\n产出指标\n\n${rows(4, 5)}\n`;
    expect(parse(across).document.tables.map((t) => t.rows.length)).toEqual([5]);
    const inline = `${table('部门支出总表', rows(1, 3))}\n\n产出指标\n\n${rows(4, 5)}\n`;
    expect(parse(inline).document.tables.map((t) => t.rows.length)).toEqual([3, 2]);
  });

  it('lets a one-character stray label (the end of a vertical cell label) continue the table', () => {
    const across = `${table('部门支出总表', rows(1, 3))}\n\n绩效指\n\n标\n\f\n${rows(4, 5)}\n`;
    expect(parse(across).document.tables.map((t) => t.rows.length)).toEqual([5]);
  });
});

describe('performance-target forms over pages', () => {
  const form = (project: string) =>
    `项目名称\t${project}\t${project}\n主管部门\t某局\t某局\n年度目标\t完成${project}任务\t完成${project}任务\n`;
  const indicators =
    '一级指标\t二级指标\t三级指标\t指标值\t备注\n产出指标\t数量指标\t检查次数\t≥10次\t\n效益指标\t社会效益\t满意度\t≥90%\t\n';

  it('continues a form on a page ruled with more columns', () => {
    const md = `# 甲项目绩效目标表\n\n${form('甲项目')}\n\f\n${indicators}`;
    const { document } = parse(md);
    expect(document.tables).toHaveLength(1);
    const t = document.tables[0]!;
    expect(t.kind).toBe('performance-targets');
    expect(t.fragments.map((f) => f.join)).toEqual(['first', 'header-repeated']);
    expect(t.pages).toEqual([1, 2]);
  });

  it('keeps one table per project when forms under one title follow page after page', () => {
    const md = `# 项目支出绩效目标表\n\n${form('甲项目')}\n\f\n# 项目支出绩效目标表\n\n${form('乙项目')}\n`;
    const tables = parse(md).document.tables;
    expect(tables.map((t) => [t.kind, t.pages])).toEqual([
      ['performance-targets', [1]],
      ['performance-targets', [2]],
    ]);
  });

  it('reads a repeated header with a misread cell as the table header, not as columns of its own', () => {
    const header = (first: string) =>
      `${first}\t项目总额\t一级指标\t二级指标\t三级指标\t绩效指标性质\t本年绩效指标值\t绩效度量单位\n`;
    const md =
      `# 项目支出绩效目标表\n\n${header('项目名称')}甲项目\t10.00\t产出指标\t数量指标\t检查次数\t≥\t10\t次\n` +
      `\f\n${header('（甲项目续）项目名称')}乙项目\t20.00\t产出指标\t数量指标\t抽查次数\t≥\t5\t次\n`;
    const [t, ...rest] = parse(md).document.tables;
    expect(rest).toHaveLength(0);
    expect(t!.pages).toEqual([1, 2]);
    expect(t!.columns.map((c) => c.id)).not.toContain('col_1');
    expect(t!.rows.map((r) => [r.label, r.text?.level3, r.indicator?.value, r.indicator?.unit])).toEqual([
      ['甲项目', '检查次数', '10', '次'],
      ['乙项目', '抽查次数', '5', '次'],
    ]);
  });

  it('reads a repeated header with a body cell read as a segment under one of its cells as the table header', () => {
    const header = (last: string) =>
      `项目名称\t项目总额\t绩效目标\t一级指标\t二级指标\t三级指标\t绩效指标性质\t本年绩效指标值\t${last}\n`;
    const md =
      `# 项目支出绩效目标表\n\n${header('绩效度量单位')}甲项目\t10.00\t完成甲\t产出指标\t数量指标\t检查次数\t≥\t10\t次\n` +
      `\f\n${header('绩效度量单位')}${header('类')}乙项目\t20.00\t完成乙\t产出指标\t数量指标\t抽查次数\t≥\t5\t次\n`;
    const [t, ...rest] = parse(md).document.tables;
    expect(rest).toHaveLength(0);
    expect(t!.columns.map((c) => c.id)).toEqual([
      'label',
      'col_2',
      'goal',
      'level1',
      'level2',
      'level3',
      'operator',
      'target',
      'target_unit',
    ]);
    expect(t!.rows.map((r) => [r.label, r.text?.goal, r.indicator?.unit])).toEqual([
      ['甲项目', '完成甲', '次'],
      ['乙项目', '完成乙', '次'],
    ]);
  });

  it('still joins a same-titled page that continues a form (no project name of its own)', () => {
    const md = `# 甲项目绩效目标表\n\n${form('甲项目')}\n\f\n# 甲项目绩效目标表\n\n年度目标\t续写的目标\t续写的目标\n`;
    expect(parse(md).document.tables.map((t) => t.pages)).toEqual([[1, 2]]);
  });
});

describe('tables printed inside the narrative', () => {
  it('takes the title from the numbered section heading a lead-in line announces', () => {
    const md =
      '# 第七部分 重点项目预算绩效情况说明\n\n2026年，本单位重点项目绩效目标情况如下：\n\n' +
      '二级预算单位名称\t一级项目名称\t预算数（万元）\t绩效目标\n某局\t甲项目\t18,808.16\t完成甲项目\n某局\t乙项目\t2,714.03\t完成乙项目\n';
    const { document } = parse(md);
    expect(document.tables.map((t) => [t.kind, t.title])).toEqual([
      ['performance-targets', '重点项目预算绩效情况说明'],
    ]);
    // The heading stays a section of the narrative.
    expect(JSON.stringify(document.sections)).toContain('重点项目预算绩效情况说明');
    // The table lists projects: one performance summary each, with its budget.
    expect(document.narrative.performance.map((p) => [p.project, p.budgetYuan])).toEqual([
      ['甲项目', '188081600'],
      ['乙项目', '27140300'],
    ]);
  });

  it('titles a grid no lead-in announces by its section heading, and says so', () => {
    const md =
      '# 第七部分 重点项目预算绩效情况说明\n\n本单位重点项目的绩效目标已全部公开。\n\n' +
      '二级预算单位名称\t一级项目名称\t预算数（万元）\t绩效目标\n某局\t甲项目\t18,808.16\t完成甲项目\n';
    const { document, diagnostics } = parse(md);
    expect(document.tables.map((t) => t.title)).toEqual(['重点项目预算绩效情况说明']);
    const said = diagnostics.find((d) => d.ruleId === 'table-untitled');
    expect(said?.message).toContain('以该章节标题为表名');
  });

  it('reads 资金主管部门： as a metadata line between title and grid', () => {
    const md = `# 2026年市级一般性项目绩效目标表（一级项目）\n\n资金主管部门：重庆市水利局\n\n序号\t项目名称\t当年财政拨款预算金额\t当年绩效目标\n1\t水利行业业务经费\t14,299.16\t推进项目实施\n`;
    const [t] = parse(md).document.tables;
    expect([t?.kind, t?.title, t?.meta.资金主管部门]).toEqual([
      'performance-targets',
      '2026年市级一般性项目绩效目标表（一级项目）',
      '重庆市水利局',
    ]);
  });
});
