/**
 * Column ids: every printed header in test/data/column-headers.tsv gets its id from the grammars (a new wording is
 * one grammar alias plus one line there), and the general naming rules of src/recognize/header.ts hold on
 * synthetic TSV tables.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GridBlock } from '../src/ast/layout.js';
import { loadGrammars } from '../src/grammar/load.js';
import { parse } from '../src/index.js';
import { analyzeGrid } from '../src/recognize/header.js';
import { ROOT } from './helpers/paths.js';

const set = loadGrammars();
const lines = readFileSync(`${ROOT}test/data/column-headers.tsv`, 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .slice(1)
  .map((line) => line.split('\t') as [string, string, string]);

/** A grid printing `paths` as a header (a short path's last cell merged down) over one 合计 line. */
function headerGrid(paths: string[][]): GridBlock {
  const depth = Math.max(...paths.map((path) => path.length));
  const rows = Array.from({ length: depth }, (_, r) =>
    paths.map((path) => path[Math.min(r, path.length - 1)]!),
  );
  rows.push(paths.map((_, c) => (c === 0 ? '合计' : '1.00')));
  return {
    type: 'grid',
    prov: [],
    syntax: 'html',
    rowCount: rows.length,
    colCount: paths.length,
    cells: rows.flatMap((row, r) => row.map((text, col) => ({ text, row: r, col, rowSpan: 1, colSpan: 1 }))),
  };
}

describe('column ids from printed headers (test/data/column-headers.tsv)', () => {
  it('covers every kind that names amounts by fund source', () => {
    expect(new Set(lines.map(([kind]) => kind)).size).toBeGreaterThanOrEqual(10);
  });

  it.each(lines)('%s: %s', (kind, printed, expected) => {
    const grammar = set.grammars.find((g) => g.kind === kind);
    expect(grammar).toBeDefined();
    const paths = printed.split(' | ').map((path) => path.split('/'));
    const analysis = analyzeGrid(headerGrid(paths), grammar, set);
    expect(analysis.headerRows).toHaveLength(Math.max(...paths.map((p) => p.length)));
    expect(analysis.columns.map((column) => column.id).join(' | ')).toBe(expected);
  });
});

/** Column ids of the first table of a TSV document. */
function ids(tsv: string): string[] {
  const table = parse(tsv, { format: 'tsv' }).document.tables[0];
  return table?.columns.map((column) => `${column.id}:${column.role}`) ?? [];
}

describe('general naming rules', () => {
  it('reads a row a header cell is merged down to as the header’s last row, whatever it prints', () => {
    const html = [
      '<table>',
      '<tr><td colspan="3">服务目录分级</td><td rowspan="2">预算金额</td></tr>',
      '<tr><td>大类</td><td>中类</td><td>小类</td></tr>',
      '<tr><td>合计</td><td></td><td></td><td>100.00</td></tr>',
      '<tr><td>01-公共服务</td><td>0108-文化公共服务</td><td>文化活动组织与实施服务</td><td>100.00</td></tr>',
      '</table>',
    ].join('\n');
    const { document, diagnostics } = parse(`# 财政拨款政府购买服务明细表\n\n单位：万元\n\n${html}\n`);
    const table = document.tables[0]!;
    expect(table.columns.map((c) => [c.id, c.header.join('/')])).toEqual([
      ['col_1', '服务目录分级/大类'],
      ['col_2', '服务目录分级/中类'],
      ['col_3', '服务目录分级/小类'],
      ['total', '预算金额'],
    ]);
    expect(table.rows.map((r) => r.text?.col_1)).toEqual(['合计', '01-公共服务']);
    expect(diagnostics.filter((d) => d.ruleId === 'amount-unreadable')).toEqual([]);
  });

  it('does not take rows a form’s left cell runs down over for header rows', () => {
    const html = [
      '<table>',
      '<tr><td rowspan="3">绩效指标</td><td>一级指标</td><td>三级指标</td><td>指标值</td></tr>',
      '<tr><td>产出指标</td><td>小型水库运行管理补助数量</td><td>=24座</td></tr>',
      '<tr><td>效益指标</td><td>受益人口</td><td>≥740个</td></tr>',
      '</table>',
    ].join('\n');
    const table = parse(`# 水务专项绩效目标表\n\n${html}\n`).document.tables[0]!;
    expect(table.rows.map((r) => r.text?.level3)).toEqual(['小型水库运行管理补助数量', '受益人口']);
  });

  it('names a 小计 under a group by the group (部门预算 / 一般公共预算拨款 / 小计)', () => {
    const tsv = [
      '收入总表',
      '单位：万元',
      '单位名称\t部门预算\t\t\t',
      '\t合计\t一般公共预算拨款\t\t政府性基金拨款',
      '\t\t小计\t其中：专项资金列入部门预算项目\t',
      '合计\t10.00\t8.00\t2.00\t2.00',
    ].join('\n');
    expect(ids(tsv)).toEqual([
      'label:label',
      'total:amount',
      'general_public_budget:amount',
      'general_public_budget_special_funds:amount',
      'gov_fund:amount',
    ]);
  });

  it('keeps an alias that names the subtotal with its group (本年收入 / 小计)', () => {
    const tsv = [
      '收入总表',
      '单位：万元',
      '项目\t合计\t本年收入\t\t上年结转结余',
      '\t\t小计\t一般公共预算资金\t',
      '合计\t10.00\t8.00\t8.00\t2.00',
    ].join('\n');
    expect(ids(tsv)).toEqual([
      'label:label',
      'total:amount',
      'current_year_subtotal:amount',
      'general_public_budget:amount',
      'carryover:amount',
    ]);
  });

  it('reads funds under 财政拨款 as the plain fund columns, funds under another item as its split', () => {
    const tsv = [
      '项目支出表',
      '单位：万元',
      '项目名称\t合计\t财政拨款\t\t\t上年结转\t',
      '\t\t小计\t一般公共预算\t政府性基金预算\t一般公共预算\t政府性基金预算',
      '合计\t10.00\t8.00\t6.00\t2.00\t1.00\t1.00',
    ].join('\n');
    expect(ids(tsv)).toEqual([
      'label:label',
      'total:amount',
      'fiscal_appropriation:amount',
      'general_public_budget:amount',
      'gov_fund:amount',
      'carryover_gpb:amount',
      'carryover_gov_fund:amount',
    ]);
  });

  it('reads a 其中： sub-header printed with a year as the quantity it names', () => {
    const tsv = [
      '支出总表',
      '单位：万元',
      '科目名称\t合计\t基本支出\t项目支出\t2026年政府采购项目\t',
      '\t\t\t\t小计\t其中：2026年政府采购项目中预留给中小企业的项目资金规模',
      '合计\t10.00\t6.00\t4.00\t3.00\t1.00',
    ].join('\n');
    expect(ids(tsv)).toEqual([
      'label:label',
      'total:amount',
      'basic:amount',
      'project:amount',
      'procurement:amount',
      'procurement_sme_share:amount',
    ]);
  });
});

describe('column-unrecognized', () => {
  const reports = (tsv: string) =>
    parse(tsv, { format: 'tsv' })
      .document.diagnostics.filter((d) => d.ruleId === 'column-unrecognized')
      .map((d) => `${d.severity} ${d.column}`);

  it('warns of an amount column no grammar names in a table of a known kind', () => {
    const tsv = [
      '支出总表',
      '单位：万元',
      '科目名称\t合计\t基本支出\t项目支出\t机动经费',
      '合计\t10.00\t6.00\t4.00\t1.00',
    ];
    expect(reports(tsv.join('\n'))).toEqual(['warning col_5']);
  });

  it('warns of a bare 小计 beside 合计 (its group header lost), not of a 小计 under its group', () => {
    const lost = [
      '一般公共预算支出表',
      '单位：万元',
      '科目名称\t合计\t小计\t人员经费\t公用经费\t项目支出',
      '合计\t10.00\t6.00\t4.00\t2.00\t4.00',
    ];
    expect(reports(lost.join('\n'))).toEqual(['warning total_2']);
    const whole = [
      '一般公共预算支出表',
      '单位：万元',
      '科目名称\t合计\t基本支出\t\t\t项目支出',
      '\t\t小计\t人员经费\t公用经费\t',
      '合计\t10.00\t6.00\t4.00\t2.00\t4.00',
    ];
    expect(reports(whole.join('\n'))).toEqual([]);
  });

  it('keeps text columns and tables of no known kind at info', () => {
    const tsv = ['机构设置情况', '单位名称\t单位性质\t编制数', '某某局\t行政单位\t12'];
    expect(reports(tsv.join('\n'))).toEqual(['info col_2']);
  });
});

describe('key/value rows above a form', () => {
  const grammar = set.grammars.find((g) => g.kind === 'performance-targets')!;
  const grid = (rows: string[][]): GridBlock => ({
    type: 'grid',
    prov: [],
    syntax: 'html',
    rowCount: rows.length,
    colCount: rows[0]!.length,
    cells: rows.flatMap((row, r) => row.map((text, col) => ({ text, row: r, col, rowSpan: 1, colSpan: 1 }))),
  });

  it('reads a key printed with its values and a further key as metadata, not as the header', () => {
    const analysis = analyzeGrid(
      grid([
        ['项目名称', '会展业发展专项资金', '会展业发展专项资金', '会展业发展专项资金'],
        ['主管部门', '主管部门', '烟台市商务局', '实施单位'],
        ['一级指标', '二级指标', '三级指标', '指标值'],
        ['产出指标', '数量指标', '举办会展活动', '≥110场'],
      ]),
      grammar,
      set,
    );
    expect(Object.keys(analysis.preamble)).toEqual(['项目名称', '主管部门']);
    expect(analysis.columns.map((column) => column.id)).toEqual(['level1', 'level2', 'level3', 'target']);
  });
});
