import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { documentJsonSchema, parseFile, type Table } from '../src/index.js';
import { parseAmount } from '../src/normalize/amount.js';
import { HAS_SEED, ROOT, SEED_SAMPLE, SHARED } from './helpers/paths.js';

const result = await parseFile(SEED_SAMPLE);
const { document } = result;
const byTitle = (fragment: string): Table => {
  const table = document.tables.find((t) => t.title.includes(fragment));
  if (!table) throw new Error(`no table titled …${fragment}…`);
  return table;
};

describe('seed sample (廊坊市安次区信访局 2022 部门预算)', () => {
  it('is the seed, byte for byte', () => {
    if (!HAS_SEED) return;
    expect(readFileSync(SEED_SAMPLE, 'utf8')).toBe(
      readFileSync(`${SHARED}seed/000_e4e915ce7232cd55.txt`, 'utf8'),
    );
  });

  it('validates against the shipped JSON Schema (ajv) and the schema file is current', () => {
    const shipped = JSON.parse(readFileSync(`${ROOT}schema/budget-document.schema.json`, 'utf8'));
    expect(shipped).toEqual(documentJsonSchema());
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(shipped);
    const json = JSON.parse(JSON.stringify(document));
    expect(validate(json), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    // Guard: the validator rejects a float amount.
    json.tables[0].rows[0].values.income_amount = 1186.35;
    expect(validate(json)).toBe(false);
  });

  it('reads the document metadata', () => {
    expect(document.meta).toEqual({
      department: '廊坊市安次区信访局',
      year: 2022,
      kind: 'budget',
      scope: 'department',
    });
  });

  it('finds every table with the right kind, in order', () => {
    expect(document.tables.map((t) => t.kind)).toEqual([
      'income-expenditure-summary',
      'income-summary',
      'expenditure-summary',
      'fiscal-appropriation-summary',
      'general-budget-expenditure',
      'general-budget-basic-expenditure',
      'gov-fund-expenditure',
      'state-capital-expenditure',
      'three-public-expenses',
      'fixed-assets',
      'other',
      'performance-targets',
      'performance-targets',
      'performance-targets',
      'government-procurement',
      'fixed-assets',
    ]);
    expect(document.tables[10]?.title).toBe('部门机构设置情况');
  });

  it('merges the split tables with contiguous serials and no header rows among the data', () => {
    const expectations: [string, number[], string[]][] = [
      ['部门预算收支总表', [17, 16], ['first', 'title-repeated']],
      ['部门预算财政拨款收支总表', [19, 17], ['first', 'title-repeated']],
      ['一般公共预算财政拨款基本支出表', [20, 1], ['first', 'title-repeated']],
      ['部门整体支出绩效指标', [9, 3], ['first', 'header-repeated']],
      ['信访工作经费绩效目标表', [3, 4], ['first', 'header-repeated']],
      ['解决信访问题资金绩效目标表', [1, 5], ['first', 'header-repeated']],
    ];
    for (const [title, rows, joins] of expectations) {
      const table = byTitle(title);
      expect(
        table.fragments.map((f) => f.rows),
        title,
      ).toEqual(rows);
      expect(
        table.fragments.map((f) => f.join),
        title,
      ).toEqual(joins);
      const serials = [...new Set(table.rows.map((r) => r.serial).filter((s) => s !== null))].map(Number);
      if (serials.length) expect(serials, title).toEqual(serials.map((_, i) => i + 1));
      const headerWords = /^(序号|栏次|项目|科目编码|科目名称|一级指标|绩效目标)$/;
      for (const row of table.rows) {
        expect(row.serial ?? '', title).not.toMatch(/栏次/);
        expect(row.label ?? '', title).not.toMatch(headerWords);
        for (const text of Object.values(row.text ?? {})) expect(text ?? '', title).not.toMatch(headerWords);
      }
    }
    expect(byTitle('部门预算收支总表').rows.filter((r) => r.side === 'expenditure')).toHaveLength(33);
    expect(
      byTitle('一般公共预算财政拨款基本支出表')
        .rows.map((r) => r.code)
        .at(-1),
    ).toBe('30309');
  });

  it('keeps the empty 政府性基金 and 国有资本经营 tables as explicitly empty, with their note', () => {
    const fund = byTitle('政府基金预算');
    expect(fund.kind).toBe('gov-fund-expenditure');
    expect(fund.empty).toBe(true);
    expect(fund.rows).toEqual([]);
    expect(fund.notes).toEqual(['注：无政府性基金预算，空表列示。']);
    const capital = byTitle('国有资本经营预算');
    expect(capital.empty).toBe(true);
    expect(capital.notes).toEqual(['注：无国有资本经营预算，空表列示。']);
    expect(document.tables.filter((t) => t.empty).map((t) => t.kind)).toEqual([
      'gov-fund-expenditure',
      'state-capital-expenditure',
    ]);
  });

  it('keeps every amount equal to the printed one', () => {
    let checked = 0;
    for (const table of document.tables)
      for (const row of table.rows)
        for (const [column, value] of Object.entries(row.values)) {
          const printed = row.cells[column]?.printed ?? '';
          const parsed = parseAmount(printed);
          expect(value, `${table.title} ${row.label} ${column}`).toBe(
            parsed.kind === 'number' ? parsed.value : null,
          );
          if (value !== null) {
            expect(value).toBe(printed.replace(/,/g, ''));
            checked++;
          }
        }
    // 226 numeric cells in the seed's grids (serials and codes aside), minus the 6 indicator target values.
    expect(checked).toBe(220);
    const basic = byTitle('一般公共预算财政拨款支出表').rows.find((r) => r.label === '合计')!;
    expect(basic.values).toEqual({
      total: '1186.35',
      basic: '436.35',
      basic_personnel: '399.02',
      basic_public: '37.33',
      project: '750.00',
    });
    // Line 219 of the sample is "1\t\t合计\t1186.35…": the amount starts at column 7.
    expect(basic.cells.total?.place).toEqual({ line: 219, column: 7 });
  });

  it('computes the summary facts in 元', () => {
    const yuan = Object.fromEntries(Object.entries(document.summary).map(([k, v]) => [k, v?.yuan]));
    expect(yuan).toMatchObject({
      revenue_total: '11863500',
      expenditure_total: '11863500',
      basic_expenditure: '4363500',
      project_expenditure: '7500000',
      gpb_personnel: '3990200',
      gpb_public_funds: '373300',
      three_public_total: '57000',
      operating_costs: '204700',
    });
    // The tables leave 政府性基金 blank; the narrative states 基金预算收入0万元, so the fact comes from prose.
    expect(document.summary.gov_fund_revenue).toMatchObject({
      yuan: '0',
      source: { prose: true, printed: '0' },
    });
    expect(document.summary.revenue_total?.source).toMatchObject({
      kind: 'income-expenditure-summary',
      printed: '1186.35',
      unit: '万元',
    });
    expect(document.summary.operating_costs?.source.prose).toBe(true);
  });

  it('restores the truncated 收入总表 name from the document and flags it', () => {
    const row = byTitle('部门预算收入总表').rows.find((r) => r.code === '20131')!;
    expect(row).toMatchObject({
      label: '党委办公厅（室）及相关机构事务',
      labelPrinted: '党委办公厅（室）及相',
      level: '款',
      parentCode: '201',
    });
    expect(row.flags).toContain('label-restored');
    expect(document.diagnostics.filter((d) => d.ruleId === 'label-truncated').map((d) => d.actual)).toEqual([
      '党委办公厅（室）及相',
      '机关事业单位基本养老',
    ]);
  });

  it('raises exactly one error on the seed: the 三公 vehicles sentence against its own table', () => {
    const problems = document.diagnostics.filter((d) => d.severity !== 'info');
    expect(problems.map((d) => [d.severity, d.ruleId])).toEqual([['error', 'prose-vs-table']]);
    expect(problems[0]?.message).toContain('公务用车购置及运维费0万元');
    expect(problems[0]?.message).toContain('5.7');
    expect(document.checks.totals.failed - document.checks.totals.infos).toBe(1);
    expect(document.checks.totals.passed).toBeGreaterThan(200);
  });
});
