import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/index.js';
import { doc, EXPENDITURE_HEADER, table } from './helpers.js';

const quality = (markdown: string) => {
  const result = runChecks(doc(markdown));
  return {
    warnings: result.diagnostics.filter((d) => d.ruleId === 'disclosure-quality').map((d) => d.message),
    coverage: result.coverage.rules['disclosure-quality']!,
  };
};

const EXPENDITURE = table('支出总表', EXPENDITURE_HEADER, [
  '\t合计\t10.00\t6.00\t4.00',
  '201\t一般公共服务支出\t10.00\t6.00\t4.00',
]);

describe('disclosure-quality', () => {
  it('reports template placeholders left in, and passes text without them', () => {
    const bad = quality(`# 上海市XX局2024年度部门决算\n\n一、主要职能\n\nXX局负责……\n\n${EXPENDITURE}`);
    expect(bad.warnings.some((m) => m.includes('模板占位符') && m.includes('XX'))).toBe(true);
    const good = quality(`# 上海市财政局2024年度部门决算\n\n一、主要职能\n\n本局负责……\n\n${EXPENDITURE}`);
    expect(good.warnings.filter((m) => m.includes('模板占位符'))).toEqual([]);
    expect(good.coverage.checks['no-template-placeholder']?.passed).toBeGreaterThan(0);
  });

  it('reports an amount of 0 said to have increased, and a 持平 with a change amount', () => {
    const bad = quality(
      `# 示例局2026年部门预算\n\n## 三公经费\n\n公务接待费0万元，比上年增加1.50万元。\n\n${EXPENDITURE}`,
    );
    expect(bad.warnings.some((m) => m.includes('公务接待费') && m.includes('增加'))).toBe(true);
    const good = quality(
      `# 示例局2026年部门预算\n\n## 三公经费\n\n公务接待费3.00万元，比上年增加1.50万元。\n\n${EXPENDITURE}`,
    );
    expect(good.warnings.filter((m) => m.includes('公务接待费'))).toEqual([]);
    expect(good.coverage.checks['change-wording-matches-numbers']?.passed).toBeGreaterThan(0);
  });

  it('reports an empty-table note that names the other fund', () => {
    const empty = (note: string) =>
      `# 国有资本经营预算财政拨款支出表\n\n金额单位：万元\n\n科目编码\t科目名称\t合计\n\t合计\t\n\n${note}\n`;
    expect(quality(empty('注：本单位无政府性基金预算，空表列示。')).warnings.join()).toContain(
      '国有资本经营预算表',
    );
    const good = quality(empty('注：本单位无国有资本经营预算，空表列示。'));
    expect(good.warnings).toEqual([]);
    expect(good.coverage.checks['empty-table-note-names-its-fund']?.passed).toBe(1);
  });

  it('reports standard tables missing from a full disclosure, naming the aliases considered', () => {
    const kinds = ['收支总表', '收入总表', '支出总表', '财政拨款收支总表', '一般公共预算支出表'];
    const body = kinds.map((title) => table(title, EXPENDITURE_HEADER, ['\t合计\t1.00\t1.00\t'])).join('');
    const result = quality(`# 示例局2026年部门预算\n\n${body}`);
    const missing = result.warnings.filter((m) => m.includes('未找到标准表'));
    expect(missing).toHaveLength(4);
    expect(missing.join()).toContain('三公');
    expect(result.coverage.checks['standard-tables-present']?.passed).toBe(5);
    // Guard: a document with fewer than five standard tables is not judged.
    expect(
      quality(`# 示例局2026年部门预算\n\n${EXPENDITURE}`).coverage.checks['standard-tables-present']?.skipped,
    ).toBe(1);
  });
});

describe('disclosure-quality: contents', () => {
  const md = (cells: string) =>
    [
      '# 目录',
      '',
      '- 1、支出总表',
      '- 2、国有资本经营预算财政拨款支出表（空表）',
      '',
      EXPENDITURE,
      '## 国有资本经营预算财政拨款支出表',
      '',
      '金额单位：万元',
      '',
      '科目编码\t科目名称\t合计',
      `\t合计\t${cells}`,
      '',
    ].join('\n');

  it('reports a table the contents call empty that is filled, and passes an empty one', () => {
    expect(quality(md('12.00')).warnings.join()).toContain('目录称');
    const good = quality(md(''));
    expect(good.warnings.filter((m) => m.includes('目录称'))).toEqual([]);
    expect(good.coverage.checks['contents-empty-tables-are-empty']?.passed).toBe(1);
  });
});
