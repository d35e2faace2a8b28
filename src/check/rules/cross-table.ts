/**
 * Cross-table identities of DOMAIN.md: 收入总表 / 支出总表 合计 agree with 收支总表; 财政拨款收支总表 一般公共预算
 * column agrees with the 一般公共预算支出表 合计; 基本支出表 合计 / 人员经费 / 公用经费 agree with the 一般公共预算
 * 支出表's 基本支出 columns; 政府性基金 / 国有资本 tables agree with their columns of 财政拨款收支总表;
 * 收入总表 财政拨款 agrees with 财政拨款收支总表 本年收入.
 */
import type { Table, TableKind } from '../../model/schema.js';
import { rowIndexByKey } from '../../normalize/row-keys.js';
import {
  type CheckRule,
  cellQuantity,
  checkEqual,
  grandTotalIndex,
  literalQuantity,
  type Quantity,
  type RuleContext,
  tableDoubts,
} from '../context.js';
import { sumTolerance, withinTolerance } from '../tolerance.js';

type Side = 'income' | 'expenditure';

/** Where one side of a cross-table identity is read. */
interface Locator {
  kind: TableKind;
  /** Row: the grand total (合计/总计), or row keys (tried in order) on a side of a two-sided table. */
  row: 'grand' | { side: Side; keys: string[] };
  column: string;
  /** Read an empty table (空表) as 0. */
  emptyIsZero?: boolean;
}

interface CrossIdentity {
  id: string;
  subject: string;
  left: Locator;
  right: Locator;
  /** Another reading the left may equal instead of `right` (a total that legitimately includes more). */
  orRight?: Locator;
}

/** Whether two quantities agree within their printed precision (no diagnostic). */
function agrees(a: Quantity, b: Quantity): boolean {
  if (a.blank || b.blank) return false;
  const same = a.evidence.unit === b.evidence.unit;
  if (!same && !(a.factor && b.factor)) return false;
  const x = same ? a.value : a.value.times(a.factor!);
  const y = same ? b.value : b.value.times(b.factor!);
  const tolerance = same
    ? sumTolerance([a.ulp, b.ulp])
    : sumTolerance([a.ulp.times(a.factor!), b.ulp.times(b.factor!)]);
  return withinTolerance(x.minus(y), tolerance);
}

const KIND_NAMES: Partial<Record<TableKind, string>> = {
  'income-expenditure-summary': '收支总表',
  'income-summary': '收入总表',
  'expenditure-summary': '支出总表',
  'fiscal-appropriation-summary': '财政拨款收支总表',
  'general-budget-expenditure': '一般公共预算支出表',
  'general-budget-basic-expenditure': '一般公共预算基本支出表',
  'gov-fund-expenditure': '政府性基金预算支出表',
  'state-capital-expenditure': '国有资本经营预算支出表',
  'basic-expenditure': '基本支出总表',
  'fiscal-appropriation-expenditure': '财政拨款支出表',
  'fiscal-appropriation-basic-expenditure': '财政拨款基本支出表',
  'general-budget-economic-expenditure': '一般公共预算支出表（按经济分类）',
  'operating-costs': '机关运行经费支出表',
};

/** The identities. */
export const CROSS_IDENTITIES: readonly CrossIdentity[] = [
  {
    id: 'income-summary-total-vs-summary',
    subject: '收入总表合计与收支总表收入总计',
    left: { kind: 'income-summary', row: 'grand', column: 'total' },
    right: {
      kind: 'income-expenditure-summary',
      row: { side: 'income', keys: ['grand_total'] },
      column: 'income_amount',
    },
  },
  {
    id: 'income-summary-subtotal-vs-summary',
    subject: '收入总表本年收入小计与收支总表本年收入合计',
    left: { kind: 'income-summary', row: 'grand', column: 'current_year_subtotal' },
    right: {
      kind: 'income-expenditure-summary',
      row: { side: 'income', keys: ['current_year_total'] },
      column: 'income_amount',
    },
  },
  {
    id: 'expenditure-summary-total-vs-summary',
    subject: '支出总表合计与收支总表本年支出合计',
    left: { kind: 'expenditure-summary', row: 'grand', column: 'total' },
    right: {
      kind: 'income-expenditure-summary',
      row: { side: 'expenditure', keys: ['current_year_total', 'grand_total'] },
      column: 'expenditure_amount',
    },
    // Templates whose 支出总表 also spends the carried-over funds (Xi'an 综合预算) total it to 支出总计.
    orRight: {
      kind: 'income-expenditure-summary',
      row: { side: 'expenditure', keys: ['grand_total'] },
      column: 'expenditure_amount',
    },
  },
  {
    id: 'fiscal-revenue-vs-income-summary',
    subject: '收入总表财政拨款收入与财政拨款收支总表本年收入合计',
    left: { kind: 'income-summary', row: 'grand', column: 'fiscal_appropriation' },
    right: {
      kind: 'fiscal-appropriation-summary',
      row: { side: 'income', keys: ['current_year_total'] },
      column: 'income_amount',
    },
  },
  {
    id: 'fiscal-gpb-vs-gpb-expenditure',
    subject: '财政拨款收支总表一般公共预算支出与一般公共预算支出表合计',
    left: {
      kind: 'fiscal-appropriation-summary',
      row: { side: 'expenditure', keys: ['current_year_total', 'grand_total'] },
      column: 'expenditure_general_public_budget',
    },
    right: { kind: 'general-budget-expenditure', row: 'grand', column: 'total' },
  },
  {
    id: 'basic-table-total-vs-gpb-expenditure',
    subject: '一般公共预算基本支出表合计与一般公共预算支出表基本支出',
    left: { kind: 'general-budget-basic-expenditure', row: 'grand', column: 'total' },
    right: { kind: 'general-budget-expenditure', row: 'grand', column: 'basic' },
  },
  {
    id: 'basic-table-personnel-vs-gpb-expenditure',
    subject: '一般公共预算基本支出表人员经费与一般公共预算支出表人员经费',
    left: { kind: 'general-budget-basic-expenditure', row: 'grand', column: 'personnel' },
    right: { kind: 'general-budget-expenditure', row: 'grand', column: 'basic_personnel' },
  },
  {
    id: 'basic-table-public-vs-gpb-expenditure',
    subject: '一般公共预算基本支出表公用经费与一般公共预算支出表公用经费',
    left: { kind: 'general-budget-basic-expenditure', row: 'grand', column: 'public' },
    right: { kind: 'general-budget-expenditure', row: 'grand', column: 'basic_public' },
  },
  {
    id: 'gov-fund-vs-fiscal-summary',
    subject: '政府性基金预算支出表合计与财政拨款收支总表政府性基金支出',
    left: { kind: 'gov-fund-expenditure', row: 'grand', column: 'total', emptyIsZero: true },
    right: {
      kind: 'fiscal-appropriation-summary',
      row: { side: 'expenditure', keys: ['current_year_total', 'grand_total'] },
      column: 'expenditure_gov_fund',
    },
  },
  {
    id: 'state-capital-vs-fiscal-summary',
    subject: '国有资本经营预算支出表合计与财政拨款收支总表国有资本经营支出',
    left: { kind: 'state-capital-expenditure', row: 'grand', column: 'total', emptyIsZero: true },
    right: {
      kind: 'fiscal-appropriation-summary',
      row: { side: 'expenditure', keys: ['current_year_total', 'grand_total'] },
      column: 'expenditure_state_capital',
    },
  },
  {
    id: 'gpb-economic-vs-gpb-expenditure',
    subject: '一般公共预算支出表（按经济分类）合计与一般公共预算支出表（按功能分类）合计',
    left: { kind: 'general-budget-economic-expenditure', row: 'grand', column: 'total' },
    right: { kind: 'general-budget-expenditure', row: 'grand', column: 'total' },
  },
  {
    id: 'fiscal-expenditure-vs-fiscal-summary',
    subject: '财政拨款支出表合计与财政拨款收支总表本年支出合计',
    left: { kind: 'fiscal-appropriation-expenditure', row: 'grand', column: 'total' },
    right: {
      kind: 'fiscal-appropriation-summary',
      row: { side: 'expenditure', keys: ['current_year_total', 'grand_total'] },
      column: 'expenditure_total',
    },
  },
  {
    id: 'fiscal-basic-vs-fiscal-expenditure',
    subject: '财政拨款基本支出表合计与财政拨款支出表基本支出',
    left: { kind: 'fiscal-appropriation-basic-expenditure', row: 'grand', column: 'total' },
    right: { kind: 'fiscal-appropriation-expenditure', row: 'grand', column: 'basic' },
  },
  {
    id: 'basic-expenditure-vs-expenditure-summary',
    subject: '基本支出总表合计与支出总表基本支出',
    left: { kind: 'basic-expenditure', row: 'grand', column: 'total' },
    right: { kind: 'expenditure-summary', row: 'grand', column: 'basic' },
  },
  {
    id: 'operating-costs-vs-three-public',
    subject: '机关运行经费支出表合计与“三公”经费表机关运行经费',
    left: { kind: 'operating-costs', row: 'grand', column: 'total' },
    right: { kind: 'three-public-expenses', row: 'grand', column: 'operating_costs' },
  },
];

/** Read a locator: a quantity, or a reason it cannot be read. */
function locate(tables: readonly Table[], loc: Locator, role: 'left' | 'right'): Quantity | string {
  const name = KIND_NAMES[loc.kind] ?? loc.kind;
  const candidates = tables.filter((t) => t.kind === loc.kind);
  if (candidates.length === 0) return `文件中未识别出${name}`;
  const reasons: string[] = [];
  for (const table of candidates) {
    if (!table.columns.some((c) => c.id === loc.column)) {
      reasons.push(`表「${table.title}」无对应列`);
      continue;
    }
    if (table.empty || table.rows.length === 0) {
      if (loc.emptyIsZero) return literalQuantity('0', 0, table.unit, `表「${table.title}」（空表）`, role);
      reasons.push(`表「${table.title}」为空表`);
      continue;
    }
    let index = -1;
    if (loc.row === 'grand') index = grandTotalIndex(table);
    else {
      const { side, keys } = loc.row;
      for (const key of keys) {
        index = rowIndexByKey(table, key, side);
        if (index >= 0) break;
      }
    }
    if (index < 0) {
      reasons.push(`表「${table.title}」无对应合计行`);
      continue;
    }
    const q = cellQuantity(table, index, loc.column, role);
    if (q) return q;
  }
  return reasons.join('；') || `文件中未识别出${name}`;
}

/** Cross-table identities. */
export const crossTable: CheckRule = {
  id: 'cross-table',
  description:
    '表间勾稽：收入总表、支出总表与收支总表，财政拨款收支总表与一般公共预算支出表、基本支出表、政府性基金和国有资本经营预算表',
  checks: CROSS_IDENTITIES.map((i) => i.id),
  run(ctx: RuleContext) {
    const tables = ctx.document.tables;
    for (const identity of CROSS_IDENTITIES) {
      const left = locate(tables, identity.left, 'left');
      const right = locate(tables, identity.right, 'right');
      if (typeof left === 'string' || typeof right === 'string') {
        ctx.skip(identity.id, [left, right].filter((x) => typeof x === 'string').join('；'));
        continue;
      }
      const alternative = identity.orRight ? locate(tables, identity.orRight, 'right') : undefined;
      if (
        alternative &&
        typeof alternative !== 'string' &&
        !agrees(left, right) &&
        agrees(left, alternative)
      ) {
        ctx.pass(identity.id);
        continue;
      }
      const doubts = [left, right].flatMap((q) =>
        q.evidence.table ? tableDoubts(ctx.document, q.evidence.table) : [],
      );
      const outcome = checkEqual(ctx, identity.id, left, right, {
        subject: identity.subject,
        severity: doubts.length > 0 ? 'warning' : 'error',
        hint: doubts.length > 0 ? `所涉表格提取存疑（${[...new Set(doubts)].join('、')}）。` : '',
      });
      if (outcome === 'empty') ctx.pass(identity.id);
    }
  },
};
