import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';

/** A document: a narrative paragraph, then a grid printed with no title line above it. */
const untitled = (grid: string) => `# 第三部分 附表\n\n以下为本部门预算情况。\n\n金额单位：万元\n\n${grid}\n`;

const THREE_PUBLIC = [
  '合计\t因公出国（境）费\t公务用车购置及运行费/小计\t公务用车购置及运行费/公务用车购置费\t公务用车购置及运行费/公务用车运行费\t公务接待费',
  '12.00\t2.00\t8.00\t3.00\t5.00\t2.00',
].join('\n');

const INCOME_SUMMARY = [
  '科目编码\t科目名称\t合计\t本年收入\t\t\t\t上年结转',
  '\t\t\t小计\t财政拨款收入\t事业收入\t其他收入\t',
  '201\t一般公共服务支出\t100.00\t90.00\t80.00\t5.00\t5.00\t10.00',
  '20101\t人大事务\t100.00\t90.00\t80.00\t5.00\t5.00\t10.00',
].join('\n');

const TWO_SIDED = [
  '收入\t\t支出\t',
  '项目\t预算数\t项目\t预算数',
  '一、一般公共预算拨款收入\t80.00\t一、一般公共服务支出\t90.00',
  '二、事业收入\t10.00\t二、教育支出\t20.00',
  '本年收入合计\t90.00\t本年支出合计\t110.00',
  '上年结转\t20.00\t结转下年\t0.00',
  '收入总计\t110.00\t支出总计\t110.00',
].join('\n');

/** A per-project form: the project's key figures on top, the indicators under a header printed in the body. */
const FORM_WITH_BODY_HEADER = [
  '项目名称\t资金总额\t年度目标\t',
  '社区服务项目\t25.89\t完成社区服务\t',
  '一级指标\t二级指标\t三级指标\t指标值',
  '产出指标\t数量指标\t服务人次\t≥1000人次',
  '效益指标\t社会效益指标\t群众满意度\t≥90%',
].join('\n');

describe('kind from content', () => {
  it('counts the columns a form names in its body (an indicator header under the project lines)', () => {
    const { document, diagnostics } = parse(untitled(FORM_WITH_BODY_HEADER));
    expect(document.tables[0]?.kind).toBe('performance-targets');
    expect(document.tables[0]?.columns.map((c) => c.id)).toEqual(
      expect.arrayContaining(['level1', 'level2', 'level3', 'target']),
    );
    expect(diagnostics.find((d) => d.ruleId === 'kind-from-content')?.message).toContain('level3');
  });

  it('names an untitled 三公 grid by its columns and says so', () => {
    const { document, diagnostics } = parse(untitled(THREE_PUBLIC));
    const [table] = document.tables;
    expect(table?.kind).toBe('three-public-expenses');
    expect(table?.columns.map((c) => c.id)).toContain('reception');
    const said = diagnostics.find((d) => d.ruleId === 'kind-from-content');
    expect(said?.severity).toBe('info');
    expect(said?.message).toContain('three-public-expenses');
    expect(diagnostics.some((d) => d.ruleId === 'table-untitled' && d.message.includes('other'))).toBe(false);
  });

  it('names a grid whose title names no kind (附表3) by its columns and codes', () => {
    const md = `# 附表3 2026年部门预算公开表\n\n金额单位：万元\n\n${INCOME_SUMMARY}\n`;
    const { document, diagnostics } = parse(md);
    expect(document.tables[0]?.kind).toBe('income-summary');
    expect([document.tables[0]?.label, document.tables[0]?.title]).toEqual(['附表3', '2026年部门预算公开表']);
    expect(diagnostics.find((d) => d.ruleId === 'kind-from-content')?.message).toContain(
      '2026年部门预算公开表',
    );
  });

  it('names an untitled 收入 | 支出 grid by its two sides and anchor rows', () => {
    const { document } = parse(untitled(TWO_SIDED));
    expect(document.tables[0]?.kind).toBe('income-expenditure-summary');
    const keys = document.tables[0]?.rows.map((r) => r.key).filter(Boolean);
    expect(keys).toEqual(expect.arrayContaining(['current_year_total', 'carryover', 'grand_total']));
  });

  it('leaves a grid that fits no kind as other (会议费 / 培训费)', () => {
    const grid = '项目\t会议费\t培训费\n本部门\t3.00\t4.00';
    const { document, diagnostics } = parse(untitled(grid));
    expect(document.tables[0]?.kind).toBe('other');
    expect(diagnostics.some((d) => d.ruleId === 'kind-from-content')).toBe(false);
  });

  it('does not take a function-code grid as income-summary when its codes are economic', () => {
    const grid = INCOME_SUMMARY.replace(/\n201\t/, '\n301\t').replace(/\n20101\t/, '\n30101\t');
    expect(parse(untitled(grid)).document.tables[0]?.kind).toBe('other');
  });

  it('reports a title that names one kind over content that is plainly another, keeping the title', () => {
    const md = `# 2026年部门预算财政拨款“三公”经费支出表\n\n金额单位：万元\n\n${TWO_SIDED}\n`;
    const { document, diagnostics } = parse(md);
    expect(document.tables[0]?.kind).toBe('three-public-expenses');
    const said = diagnostics.find((d) => d.ruleId === 'title-content-mismatch');
    expect(said?.severity).toBe('warning');
    expect(said?.message).toContain('income-expenditure-summary');
    // Fund-source columns alone are shared by many kinds: no contradiction from columns only.
    const byColumns = `# 2026年部门预算财政拨款“三公”经费支出表\n\n金额单位：万元\n\n${INCOME_SUMMARY}\n`;
    expect(parse(byColumns).diagnostics.some((d) => d.ruleId === 'title-content-mismatch')).toBe(false);
  });

  it('raises nothing when title and content agree', () => {
    const md = `# 2026年部门收入总表\n\n金额单位：万元\n\n${INCOME_SUMMARY}\n`;
    const { document, diagnostics } = parse(md);
    expect(document.tables[0]?.kind).toBe('income-summary');
    expect(diagnostics.filter((d) => /kind-from-content|title-content-mismatch/.test(d.ruleId))).toEqual([]);
  });
});
