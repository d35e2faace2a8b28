/**
 * Row keys: every printed wording in test/data/row-labels.tsv gets its key from the grammars (a new wording is
 * one grammar line plus one line there); totals are told apart and unlabelled totals proven by arithmetic.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadGrammars } from '../src/grammar/load.js';
import type { Row, Table } from '../src/model/schema.js';
import { keyTableRows, matchRowKey } from '../src/normalize/row-keys.js';
import { ROOT } from './helpers/paths.js';

const set = loadGrammars();
const lines = readFileSync(`${ROOT}test/data/row-labels.tsv`, 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .slice(1)
  .map((line) => line.split('\t') as [string, string, string, string]);

describe('row keys from printed labels (test/data/row-labels.tsv)', () => {
  it('has wordings for every key the shipped grammars define', () => {
    const keys = new Set([...set.commonRows, ...set.grammars.flatMap((g) => g.rowKeys)].map((r) => r.key));
    const covered = new Set(lines.map(([, , , key]) => key));
    expect([...keys].filter((key) => !covered.has(key))).toEqual([]);
    expect(lines.length).toBeGreaterThan(90);
  });

  it.each(lines)('%s %s 「%s」 → %s', (kind, side, label, expected) => {
    const grammar = set.grammars.find((g) => g.kind === kind);
    const twoSided = grammar?.layout === 'two-sided';
    const key = matchRowKey(label, side === '' ? undefined : (side as Row['side']), twoSided, [
      grammar?.rowKeys ?? [],
      set.commonRows,
    ]);
    expect(key ?? '-').toBe(expected);
  });
});

/** A minimal table for keyTableRows. */
function table(kind: Table['kind'], rows: Partial<Row>[], columns = ['total']): Table {
  return {
    id: 't1',
    kind,
    title: '',
    label: null,
    grammar: kind,
    unit: '万元',
    unitFactor: '10000',
    pages: [],
    columns: [
      { id: 'label', header: ['项目'], role: 'label' },
      ...columns.map((id) => ({ id, header: [id], role: 'amount' as const })),
    ],
    rows: rows.map((row, i) => ({
      serial: null,
      code: null,
      level: null,
      parentCode: null,
      label: null,
      labelPrinted: null,
      values: {},
      cells: row.label ? { label: { printed: row.label, gridColumn: 0 } } : {},
      flags: [],
      gridLine: i,
      ...row,
    })),
    empty: false,
    notes: [],
    meta: {},
    fragments: [],
  };
}

const keysOf = (t: Table) => t.rows.map((row) => row.key ?? '-');

describe('keyTableRows', () => {
  const grammar = (kind: string) => set.grammars.find((g) => g.kind === kind);

  it('reads a 合计 above the carry-over and the 总计 as the current-year total', () => {
    const t = table('income-expenditure-summary', [
      { label: '一般公共预算拨款收入', side: 'income', values: { total: '80.00' } },
      { label: '合计', side: 'income', values: { total: '80.00' } },
      { label: '上年结转', side: 'income', values: { total: '20.00' } },
      { label: '总计', side: 'income', values: { total: '100.00' } },
    ]);
    keyTableRows(t, grammar('income-expenditure-summary'), set);
    expect(keysOf(t)).toEqual(['general_public_budget', 'current_year_total', 'carryover', 'grand_total']);
    expect(t.rows[1]!.flags).toContain('total');
  });

  it('proves an unlabelled first line by the sum of the 类 lines, and never assumes it', () => {
    const lines = [
      { code: '201', level: '类' as const, label: '一般公共服务支出', values: { total: '60.00' } },
      { code: '20101', level: '款' as const, label: '人大事务', values: { total: '60.00' } },
      { code: '208', level: '类' as const, label: '社会保障和就业支出', values: { total: '40.00' } },
    ];
    const proven = table('expenditure-summary', [{ values: { total: '100.00' } }, ...lines]);
    keyTableRows(proven, grammar('expenditure-summary'), set);
    expect(keysOf(proven)).toEqual(['grand_total', '-', '-', '-']);

    // Beijing: the first line is 30101 基本工资 side by side with other blocks, not a total.
    const notTotal = table('expenditure-summary', [{ values: { total: '60.00' } }, ...lines]);
    keyTableRows(notTotal, grammar('expenditure-summary'), set);
    expect(keysOf(notTotal)).toEqual(['-', '-', '-', '-']);
  });

  it('takes a unit line the class lines add up to as the total (深圳市财政局（本级）)', () => {
    const t = table('general-budget-expenditure', [
      { label: '深圳市财政局（本级）', values: { total: '37385.88' } },
      { code: '201', level: '类', label: '一般公共服务支出', values: { total: '20563.76' } },
      { code: '217', level: '类', label: '金融支出', values: { total: '16822.12' } },
    ]);
    keyTableRows(t, grammar('general-budget-expenditure'), set);
    expect(keysOf(t)).toEqual(['grand_total', '-', '-']);
  });

  it('takes the only line of a horizontal 三公 table as its total, never a lone project line', () => {
    const threePublic = table('three-public-expenses', [
      { label: '示例市信访局', values: { total: '9.60' } },
    ]);
    keyTableRows(threePublic, grammar('three-public-expenses'), set);
    expect(keysOf(threePublic)).toEqual(['grand_total']);
    const project = table('project-expenditure', [{ label: '信息化运维项目', values: { total: '9.60' } }]);
    keyTableRows(project, grammar('project-expenditure'), set);
    expect(keysOf(project)).toEqual(['-']);
  });
});
