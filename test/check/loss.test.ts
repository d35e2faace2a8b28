/**
 * Loss is loud (issue #13.1): a part above its whole is an error, a table without its total or with a gap in
 * its code tree is a warning naming it, pages read in part and printed page numbers that skip are reported.
 * The truth-free damage test over real PDFs is test/corpus/damage.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { LayoutBlock } from '../../src/ast/layout.js';
import { CHECK_RULE_IDS, runChecks } from '../../src/check/index.js';
import {
  damagedPageDiagnostics,
  folioSequenceDiagnostics,
  markTablesOnDamagedPages,
} from '../../src/check/page-damage.js';
import { labelNumber } from '../../src/check/rules/table-completeness.js';
import type { Diagnostic } from '../../src/model/types.js';
import { doc, EXPENDITURE_HEADER, table } from './helpers.js';

/** Run only the given rules. */
const only = (...rules: string[]) => ({
  rules: Object.fromEntries(CHECK_RULE_IDS.map((id) => [id, rules.includes(id)])),
});

const expenditure = (rows: string[]) => table('部门预算支出总表', EXPENDITURE_HEADER, rows);
const GOOD = [
  '\t合计\t100.00\t60.00\t40.00',
  '201\t一般公共服务支出\t100.00\t60.00\t40.00',
  '20101\t人大事务\t100.00\t60.00\t40.00',
  '2010101\t行政运行\t60.00\t60.00\t',
  '2010102\t一般行政管理事务\t40.00\t\t40.00',
];

const income = (general: string) =>
  table('部门收入总表', '单位名称\t合计\t财政拨款收入\t一般公共预算拨款收入\t事业收入', [
    `合计\t100.00\t90.00\t${general}\t10.00`,
  ]);

describe('part-within-whole', () => {
  it('passes parts within their wholes and counts what it compared', () => {
    const result = runChecks(doc(expenditure(GOOD)), only('part-within-whole'));
    expect(result.diagnostics).toEqual([]);
    expect(
      result.coverage.rules['part-within-whole']?.checks['child-not-above-parent']?.passed,
    ).toBeGreaterThan(5);
  });

  it('reports a 20101 line above its 201 parent as an error naming both lines and the printed values', () => {
    const rows = [...GOOD];
    rows[2] = '20101\t人大事务\t700.00\t60.00\t40.00';
    const result = runChecks(doc(expenditure(rows)), only('part-within-whole'));
    const found = result.diagnostics.filter((d) => d.ruleId === 'part-exceeds-whole');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', table: 't1', actual: '700' });
    expect(found[0]?.message).toContain('20101 人大事务');
    expect(found[0]?.message).toContain('201 一般公共服务支出');
  });

  it('reports 一般公共预算拨款收入 above 财政拨款收入, and a source above the total', () => {
    expect(runChecks(doc(income('80.00')), only('part-within-whole')).diagnostics).toEqual([]);
    const bad = runChecks(doc(income('95.00')), only('part-within-whole'));
    expect(bad.diagnostics).toMatchObject([
      { ruleId: 'part-exceeds-whole', severity: 'error', column: 'general_public_budget', actual: '95' },
    ]);
    expect(bad.diagnostics[0]?.message).toContain('财政拨款收入');
    // A fund is compared with 财政拨款 (itself compared with 合计), not twice.
    const above = runChecks(doc(income('180.00')), only('part-within-whole'));
    expect(above.diagnostics.map((d) => d.expected)).toEqual(['<= 90']);
    expect(above.coverage.rules['part-within-whole']?.checks['part-column-not-above-total-column']?.run).toBe(
      3,
    );
  });
});

describe('table-completeness', () => {
  it('passes a table with its total and a whole code tree', () => {
    const result = runChecks(doc(expenditure(GOOD)), only('table-completeness'));
    expect(result.diagnostics).toEqual([]);
    const checks = result.coverage.rules['table-completeness']?.checks ?? {};
    expect(checks['total-row-present']?.passed).toBe(1);
    expect(checks['code-tree-complete']?.passed).toBe(1);
  });

  it('warns of a table whose total row is missing, naming the table', () => {
    const result = runChecks(doc(expenditure(GOOD.slice(1))), only('table-completeness'));
    expect(result.diagnostics).toMatchObject([
      { ruleId: 'table-total-missing', severity: 'warning', table: 't1' },
    ]);
    expect(result.diagnostics[0]?.message).toContain('部门预算支出总表');
  });

  it('takes a table opened by the department’s own line, the sum of the lines below, as totalled', () => {
    const basic = (head: string) =>
      table('基本支出总表', '支出项目类别\t总计\t财政拨款', [
        `某某局（本级）\t${head}\t${head}`,
        '工资福利支出\t90.00\t90.00',
        '基本工资\t60.00\t60.00',
        '津贴补贴\t30.00\t30.00',
        '商品和服务支出\t20.00\t20.00',
        '办公费\t20.00\t20.00',
      ]);
    // Classes and their items: the line below the title is half their sum (110.00), the table's total.
    expect(runChecks(doc(basic('110.00')), only('table-completeness')).diagnostics).toEqual([]);
    expect(runChecks(doc(basic('100.00')), only('table-completeness')).diagnostics).toMatchObject([
      { ruleId: 'table-total-missing', severity: 'warning' },
    ]);
  });

  it('warns of a code tree with a gap (款 and 项 whose 类 is not printed), not of one stray line', () => {
    const stray = [...GOOD, '2080505\t机关事业单位基本养老保险缴费支出\t5.00\t5.00\t'];
    expect(runChecks(doc(expenditure(stray)), only('table-completeness')).diagnostics).toEqual([]);
    const rows = [
      ...GOOD,
      '20805\t行政事业单位养老支出\t5.00\t5.00\t',
      '2080505\t机关事业单位基本养老保险缴费支出\t5.00\t5.00\t',
    ];
    const result = runChecks(doc(expenditure(rows)), only('table-completeness'));
    expect(result.diagnostics).toMatchObject([{ ruleId: 'code-tree-gap', severity: 'warning', table: 't1' }]);
    expect(result.diagnostics[0]?.message).toContain('2080505');
  });
});

describe('amount columns', () => {
  it('warns of an amount column the grammar cannot name, whose values go unchecked', () => {
    const header = '科目编码\t科目名称\t合计\t某某栏\t项目支出';
    const rows = GOOD.map((row) => row.replace(/\t60\.00\t|\t\t/, '\t60.00\t'));
    const result = runChecks(doc(table('部门预算支出总表', header, rows)), only('table-completeness'));
    expect(result.diagnostics.filter((d) => d.ruleId === 'amount-column-unnamed')).toMatchObject([
      { severity: 'warning', table: 't1' },
    ]);
    expect(result.diagnostics[0]?.message).toContain('某某栏');
  });
});

describe('page damage', () => {
  it('reports a page read in part with the share of glyphs not decoded, and one cut short', () => {
    const [partly, cut] = damagedPageDiagnostics(
      [
        { page: 3, glyphs: 400, undecoded: 100, cutShort: false },
        { page: 5, glyphs: 10, undecoded: 0, cutShort: true },
      ],
      'a.pdf',
    );
    expect(partly).toMatchObject({
      ruleId: 'page-partly-unreadable',
      severity: 'warning',
      place: { page: 3 },
    });
    expect(partly?.actual).toBe('0.2500');
    expect(partly?.message).toContain('25.0%');
    expect(cut?.actual).toBe('cut-short');
    expect(cut?.message).toContain('截断');
  });

  it('marks every table with a fragment on such a page, so that its checks doubt it', () => {
    const document = doc(expenditure(GOOD));
    const table1 = { ...document.tables[0]!, pages: [2, 3] };
    const diagnostics = damagedPageDiagnostics(
      [{ page: 3, glyphs: 10, undecoded: 4, cutShort: false }],
      'a.pdf',
    );
    markTablesOnDamagedPages([table1, { ...table1, id: 't2', pages: [7] }], diagnostics);
    expect(diagnostics.map((d) => [d.ruleId, d.table])).toEqual([
      ['page-partly-unreadable', undefined],
      ['page-partly-unreadable', 't1'],
    ]);
  });

  it('marks a table before an unreadable page only when it has not visibly ended', () => {
    const unreadable = (page: number): Diagnostic[] => [
      {
        ruleId: 'page-unreadable',
        severity: 'warning',
        source: 'budget-ingest',
        message: '',
        place: { page },
      },
    ];
    const open = { ...doc(expenditure(GOOD.slice(1))).tables[0]!, pages: [2] };
    const ended = {
      ...doc(expenditure([...GOOD.slice(1), '\t合计\t100.00\t60.00\t40.00'])).tables[0]!,
      pages: [2],
    };
    for (const [table, marked] of [
      [open, true],
      [ended, false],
    ] as const) {
      const diagnostics = unreadable(3);
      markTablesOnDamagedPages([table], diagnostics);
      expect(diagnostics.some((d) => d.table === table.id)).toBe(marked);
    }
    // Text below the table on its last page ends it too (a chart or a blank page follows, not its rows).
    const placed = structuredClone(open);
    for (const row of placed.rows)
      for (const cell of Object.values(row.cells)) cell.place = { page: 2, bbox: [50, 100, 90, 110] };
    const below = (top: number): LayoutBlock[] => [
      {
        type: 'paragraph',
        text: '四、部门人员情况说明',
        prov: [{ page: 2, bbox: [50, top, 300, top + 12] }],
      },
    ];
    const after = unreadable(3);
    markTablesOnDamagedPages([placed], after, below(400));
    expect(after.some((d) => d.table)).toBe(false);
    const before = unreadable(3);
    markTablesOnDamagedPages([placed], before, below(40));
    expect(before.some((d) => d.table === placed.id)).toBe(true);
  });

  it('reports printed page numbers that skip or go back, only in a document numbered throughout', () => {
    const folios = [1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 5, 12].map((printed, i) => ({ page: i + 1, printed }));
    const found = folioSequenceDiagnostics(folios, 'a.pdf');
    expect(found.map((d) => [d.place?.page, d.expected, d.actual])).toEqual([
      [5, '5', '6'],
      [11, '12', '5'],
      [12, '6', '12'],
    ]);
    expect(found[0]?.message).toContain('缺页');
    // A page between pages 3 and 5 that shows no number 4 of its own stopped short.
    const numbered = [1, 2, 3, 5, 6, 7].map((printed) => ({ page: printed, printed }));
    expect(folioSequenceDiagnostics(numbered, 'a.pdf')).toMatchObject([
      { ruleId: 'page-partly-unreadable', place: { page: 4 }, actual: 'folio-missing' },
    ]);
    // A numbering starting again at 1 (narrative, then tables) is no break; two numbers are no numbering.
    const restart = [1, 2, 3, 4, 1, 2, 3, 4].map((printed, i) => ({ page: i + 1, printed }));
    expect(folioSequenceDiagnostics(restart, 'a.pdf')).toEqual([]);
    // Nor is one going back to any number and running on to the last page (two parts bound together).
    const rebound = [57, 58, 59, 60, 61, 60, 61, 62, 63].map((printed, i) => ({ page: i + 1, printed }));
    expect(folioSequenceDiagnostics(rebound, 'a.pdf')).toEqual([]);
    const moved = [57, 58, 59, 60, 61, 58, 62, 63, 64].map((printed, i) => ({ page: i + 1, printed }));
    expect(folioSequenceDiagnostics(moved, 'a.pdf').map((d) => d.place?.page)).toEqual([6, 7]);
    expect(
      folioSequenceDiagnostics(
        [
          { page: 1, printed: 9 },
          { page: 2, printed: 3 },
        ],
        'a.pdf',
      ),
    ).toEqual([]);
  });
});

describe('table numbers', () => {
  it('reads arabic and Chinese table numbers', () => {
    expect(['表01', '预算05表', '公开表十二', '附表3', '表二十', '表十'].map(labelNumber)).toEqual([
      1, 5, 12, 3, 20, 10,
    ]);
  });

  it('warns when a numbered table is missing, not when a series starts again', () => {
    const tables = (numbers: number[]) =>
      numbers.map((n) => table(`表${n}\n\n## 部门预算支出总表${n}`, EXPENDITURE_HEADER, GOOD)).join('');
    const whole = runChecks(doc(tables([1, 2, 3, 4, 5, 1, 2, 3])), only('table-completeness'));
    expect(whole.diagnostics.filter((d) => d.ruleId === 'table-number-gap')).toEqual([]);
    const gap = runChecks(doc(tables([1, 2, 3, 5, 6, 7])), only('table-completeness'));
    expect(gap.diagnostics.filter((d) => d.ruleId === 'table-number-gap')).toMatchObject([
      { severity: 'warning', actual: '表5', expected: '4' },
    ]);
  });
});
