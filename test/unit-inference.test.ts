/**
 * Units never guessed (issue 12): a prose amount takes the unit of its own token; a table without a printed
 * unit takes its notes' unit, the unit at which its totals agree with tables that print one, or the one unit of
 * the document's other tables (`unit-inferred`); else `unit-missing` (error) and no 元 values, no facts.
 */
import { describe, expect, it } from 'vitest';
import { doc, EXPENDITURE_HEADER, incomeSummary, table } from './check/helpers.js';

/** A table block without a unit line. */
const bare = (title: string, header: string, rows: string[]) =>
  `## ${title}\n\n${header}\n${rows.join('\n')}\n\n`;

const expenditureRows = (total: string, basic: string, project: string) => [
  `\t合计\t${total}\t${basic}\t${project}`,
  `201\t一般公共服务支出\t${total}\t${basic}\t${project}`,
];

const rules = (d: { diagnostics: { ruleId: string; severity: string; message: string }[] }, id: string) =>
  d.diagnostics.filter((x) => x.ruleId === id);

describe('units never guessed', () => {
  it('reads a prose amount in the unit of its own token', () => {
    const document = doc(
      '## 情况说明\n\n2026年收入预算1682.76万元，支出预算1682.76万元。其中，“三公”经费预算5000元。\n',
    );
    expect(document.summary.revenue_total?.yuan).toBe('16827600');
    expect(document.summary.expenditure_total?.yuan).toBe('16827600');
    expect(document.summary.three_public_total?.yuan).toBe('5000');
  });

  it('takes the one unit every other table of the document prints (unit-inferred, info)', () => {
    const document = doc(
      table('部门收入总表', '项目\t合计\t财政拨款', ['合计\t120.00\t120.00']) +
        bare('部门支出总表', EXPENDITURE_HEADER, expenditureRows('100.00', '60.00', '40.00')),
    );
    const spent = document.tables.find((t) => t.kind === 'expenditure-summary')!;
    expect(spent.unit).toBe('万元');
    const inferred = rules(document, 'unit-inferred');
    expect(inferred).toHaveLength(1);
    expect(inferred[0]).toMatchObject({ severity: 'info', table: spent.id, actual: '万元' });
    expect(rules(document, 'unit-missing')).toEqual([]);
    expect(document.summary.basic_expenditure?.yuan).toBe('600000');
  });

  it('takes the unit at which its totals agree with tables that print units', () => {
    // 收支总表 in 元, income table in 万元: the bare 支出总表 agrees with the 元 table at 元.
    const document = doc(
      incomeSummary('1000000.00', '元') +
        table('部门收入总表', '项目\t合计\t财政拨款', ['合计\t100.00\t100.00']) +
        bare('部门支出总表', EXPENDITURE_HEADER, expenditureRows('1000000.00', '600000.00', '400000.00')),
    );
    const spent = document.tables.find((t) => t.kind === 'expenditure-summary')!;
    expect(spent.unit).toBe('元');
    expect(rules(document, 'unit-inferred')[0]?.message).toContain('部门收支总表');
    expect(document.summary.project_expenditure?.yuan).toBe('400000');
  });

  it('takes the unit its own note states', () => {
    const document = doc(
      `${bare('部门支出总表', EXPENDITURE_HEADER, expenditureRows('100.00', '60.00', '40.00'))}注：本表金额单位为万元。\n\n`,
    );
    const spent = document.tables.find((t) => t.kind === 'expenditure-summary')!;
    expect(spent.notes.join('')).toContain('万元');
    expect(spent.unit).toBe('万元');
  });

  it('gives no 元 values and no facts where nothing states the unit (unit-missing, error)', () => {
    const document = doc(
      incomeSummary('1000000.00', '元') +
        table('部门收入总表', '项目\t合计\t财政拨款', ['合计\t100.00\t100.00']) +
        bare('部门支出总表', EXPENDITURE_HEADER, expenditureRows('555.00', '333.00', '222.00')),
    );
    const spent = document.tables.find((t) => t.kind === 'expenditure-summary')!;
    expect(spent.unit).toBeNull();
    expect(spent.unitFactor).toBeNull();
    const missing = rules(document, 'unit-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ severity: 'error', table: spent.id });
    expect(document.summary.basic_expenditure).toBeUndefined();
    expect(document.summary.project_expenditure).toBeUndefined();
  });

  it('reports a table of no known kind holding numbers without a unit too (unit-missing, warning: they may be counts)', () => {
    const document = doc(
      incomeSummary('1000000.00', '元') +
        table('部门收入总表', '项目\t合计\t财政拨款', ['合计\t100.00\t100.00']) +
        bare('会议费明细表', '项目\t会议费', ['合计\t3.20']),
    );
    const meetings = document.tables.find((t) => t.title === '会议费明细表')!;
    expect(meetings.kind).toBe('other');
    expect(meetings.unit).toBeNull();
    expect(rules(document, 'unit-missing')).toEqual([
      expect.objectContaining({ severity: 'warning', table: meetings.id }),
    ]);
  });
});
