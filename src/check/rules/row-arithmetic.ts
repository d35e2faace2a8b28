/**
 * Row arithmetic across columns: 合计 = 基本支出 + 项目支出 (+ 经营支出 …), 基本支出 = 人员经费 + 公用经费,
 * 收入总表 合计 = 小计 + 上年结转, 小计 = Σ sources, 财政拨款 = 一般公共预算 + 政府性基金 + 国有资本经营.
 * A failing row whose printed values satisfy every identity once shifted by one cell is reported as a
 * suspected column shift (an extraction error, usually).
 */
import { Decimal } from 'decimal.js';
import type { Table, TableKind } from '../../model/schema.js';
import {
  type CellAmount,
  type CheckRule,
  cellAmount,
  cellQuantity,
  checkSum,
  columnName,
  grandTotalIndex,
  isColumnNumberRow,
  type RuleContext,
  sumVerdict,
  tableDecimals,
  tableDoubts,
} from '../context.js';
import { sumTolerance, ulp, withinTolerance } from '../tolerance.js';

/** A column identity within one row: target = Σ addends. */
interface RowIdentity {
  id: string;
  kinds: readonly TableKind[];
  side?: 'income' | 'expenditure';
  /** Given the table's column ids, the target and addends, or a reason to skip. */
  resolve(cols: ReadonlySet<string>): ResolvedIdentity | string;
}

/** Target = Σ addends (+ Σ optional when the table's total row adds them). */
interface ResolvedIdentity {
  target: string;
  addends: string[];
  /** Addends some templates print as 其中 parts of the others (深圳 支出总表: 事业单位经营支出 within 基本/项目). */
  optional?: string[];
}

const EXPENDITURE_KINDS: readonly TableKind[] = [
  'expenditure-summary',
  'general-budget-expenditure',
  'gov-fund-expenditure',
  'state-capital-expenditure',
];
/** Income source column ids of a 收入总表 besides 财政拨款. */
export const INCOME_SOURCES = [
  'fiscal_special_account',
  'business_income',
  'operating_income',
  'upper_subsidy',
  'subordinate_remittance',
  'other_income',
];
/** Fund column ids, the parts of 财政拨款 (also the row keys of those funds). */
export const FUNDS = ['general_public_budget', 'gov_fund', 'state_capital'];
/** Money a 收入总表 adds beyond the current year's income: carry-over, the business fund used, old balances. */
const CARRYOVERS = ['carryover', 'fund_offset', 'real_account_balance', 'non_fiscal_balance'];

const missing = (cols: ReadonlySet<string>, ids: string[]) => ids.filter((id) => !cols.has(id));

/** Income source columns of a 收入总表: 财政拨款 (or its three funds) and the other sources. */
function incomeSources(cols: ReadonlySet<string>): string[] {
  const funds = cols.has('fiscal_appropriation')
    ? ['fiscal_appropriation']
    : FUNDS.filter((c) => cols.has(c));
  return [...funds, ...INCOME_SOURCES.filter((c) => cols.has(c))];
}

/** The identities, with the table kinds they apply to. */
export const ROW_IDENTITIES: readonly RowIdentity[] = [
  {
    id: 'total-equals-basic-plus-project',
    kinds: EXPENDITURE_KINDS,
    resolve(cols) {
      const basic = cols.has('basic')
        ? ['basic']
        : cols.has('basic_personnel') && cols.has('basic_public')
          ? ['basic_personnel', 'basic_public']
          : null;
      if (!cols.has('total') || !cols.has('project') || !basic) return '缺少合计、基本支出或项目支出列';
      const extra = ['operating', 'remit_upper', 'subsidy_subordinate'].filter((c) => cols.has(c));
      return { target: 'total', addends: [...basic, 'project'], optional: extra };
    },
  },
  {
    id: 'basic-equals-personnel-plus-public',
    kinds: EXPENDITURE_KINDS,
    resolve(cols) {
      const lack = missing(cols, ['basic', 'basic_personnel', 'basic_public']);
      if (lack.length > 0) return '未分列基本支出、人员经费、公用经费';
      return { target: 'basic', addends: ['basic_personnel', 'basic_public'] };
    },
  },
  {
    id: 'basic-total-equals-personnel-plus-public',
    kinds: ['general-budget-basic-expenditure'],
    resolve(cols) {
      if (missing(cols, ['total', 'personnel', 'public']).length > 0) return '未分列人员经费、公用经费';
      return { target: 'total', addends: ['personnel', 'public'] };
    },
  },
  {
    id: 'income-total-equals-subtotal-plus-carryover',
    kinds: ['income-summary'],
    resolve(cols) {
      if (!cols.has('total') || !cols.has('current_year_subtotal')) return '未印本年收入小计列';
      return {
        target: 'total',
        addends: ['current_year_subtotal', ...CARRYOVERS.filter((c) => cols.has(c))],
      };
    },
  },
  {
    id: 'income-subtotal-equals-sources',
    kinds: ['income-summary'],
    resolve(cols) {
      const sources = incomeSources(cols);
      if (sources.length === 0) return '未分列收入来源';
      if (cols.has('current_year_subtotal')) return { target: 'current_year_subtotal', addends: sources };
      if (!cols.has('total')) return '缺少合计列';
      return { target: 'total', addends: [...sources, ...CARRYOVERS.filter((c) => cols.has(c))] };
    },
  },
  {
    id: 'fiscal-appropriation-equals-funds',
    kinds: ['income-summary'],
    resolve(cols) {
      if (!cols.has('fiscal_appropriation') || FUNDS.filter((c) => cols.has(c)).length < 2)
        return '财政拨款未按资金性质分列';
      return { target: 'fiscal_appropriation', addends: FUNDS.filter((c) => cols.has(c)) };
    },
  },
  {
    id: 'fiscal-expenditure-equals-funds',
    kinds: ['fiscal-appropriation-summary'],
    side: 'expenditure',
    resolve(cols) {
      const funds = [
        'expenditure_general_public_budget',
        'expenditure_gov_fund',
        'expenditure_state_capital',
      ].filter((c) => cols.has(c));
      if (!cols.has('expenditure_total') || funds.length < 2) return '支出未按资金性质分列';
      return { target: 'expenditure_total', addends: funds };
    },
  },
  {
    id: 'summary-expenditure-equals-split',
    kinds: ['income-expenditure-summary'],
    side: 'expenditure',
    resolve(cols) {
      const parts = ['expenditure_personnel', 'expenditure_public', 'expenditure_project'].filter((c) =>
        cols.has(c),
      );
      if (!cols.has('expenditure_amount') || parts.length < 2)
        return '支出栏未分列人员经费、公用经费、项目支出';
      return { target: 'expenditure_amount', addends: parts };
    },
  },
  {
    id: 'three-public-equals-funds',
    kinds: ['three-public-expenses'],
    resolve(cols) {
      const funds = FUNDS.filter((c) => cols.has(c));
      if (!cols.has('total') || funds.length < 2) return '未按资金性质分列';
      return { target: 'total', addends: funds };
    },
  },
];

/** Σ of a row's `ids` in the table, null when a cell is missing. */
function rowSum(table: Table, rowIndex: number, ids: string[]): Decimal | null {
  let sum = new Decimal(0);
  for (const id of ids) {
    const q = cellQuantity(table, rowIndex, id, 'term');
    if (!q) return null;
    sum = sum.plus(q.value);
  }
  return sum;
}

/**
 * The addends of an identity in this table: the optional ones too, unless the total row equals the sum without
 * them and not with them (a template printing them as parts of the others).
 */
function withOptional(table: Table, r: ResolvedIdentity): string[] {
  const all = [...r.addends, ...(r.optional ?? [])];
  const index = grandTotalIndex(table);
  if (!r.optional?.length || index < 0) return all;
  const total = cellQuantity(table, index, r.target, 'total');
  const base = rowSum(table, index, r.addends);
  const full = rowSum(table, index, all);
  if (!total || !base || !full) return all;
  const tol = sumTolerance(Array(all.length + 1).fill(ulp(tableDecimals(table))));
  return withinTolerance(total.value.minus(base), tol) && !withinTolerance(total.value.minus(full), tol)
    ? r.addends
    : all;
}

/** Values of a row's amount columns, optionally shifted by one cell from position `from` on. */
function shiftedValues(table: Table, rowIndex: number, from: number, delta: number): Map<string, Decimal> {
  const row = table.rows[rowIndex]!;
  const amountCols = table.columns
    .filter(
      (c) => c.role === 'amount' && (row.side === undefined || c.side === undefined || c.side === row.side),
    )
    .map((c) => c.id);
  const values = amountCols.map((id) => new Decimal(row.values[id] ?? 0));
  const out = new Map<string, Decimal>();
  amountCols.forEach((id, k) => {
    const source = k >= from ? k + delta : k;
    out.set(id, source >= 0 && source < values.length ? values[source]! : new Decimal(0));
  });
  return out;
}

/** True when some one-cell shift of the row's values makes every applicable identity hold. */
function explainedByShift(
  table: Table,
  rowIndex: number,
  identities: Array<{ target: string; addends: string[] }>,
): boolean {
  const row = table.rows[rowIndex]!;
  const amountCount = table.columns.filter((c) => c.role === 'amount').length;
  const u = ulp(tableDecimals(table));
  for (const delta of [-1, 1]) {
    for (let from = 0; from < amountCount; from++) {
      const values = shiftedValues(table, rowIndex, from, delta);
      let nontrivial = false;
      const ok = identities.every(({ target, addends }) => {
        const t = values.get(target) ?? new Decimal(0);
        const sum = addends.reduce((acc, a) => acc.plus(values.get(a) ?? 0), new Decimal(0));
        if (!t.isZero()) nontrivial = true;
        return withinTolerance(t.minus(sum), sumTolerance(Array(addends.length + 1).fill(u)));
      });
      if (ok && nontrivial && Object.values(row.values).some((v) => v != null)) return true;
    }
  }
  return false;
}

/** Row arithmetic across columns. */
export const rowArithmetic: CheckRule = {
  id: 'row-arithmetic',
  description:
    '行内列间勾稽：合计 = 基本支出 + 项目支出，基本支出 = 人员经费 + 公用经费，收入合计 = 小计 + 上年结转 等',
  checks: ROW_IDENTITIES.map((i) => i.id),
  run(ctx: RuleContext) {
    for (const table of ctx.document.tables) {
      const identities = ROW_IDENTITIES.filter((i) => i.kinds.includes(table.kind));
      if (identities.length === 0) continue;
      if (table.empty || table.rows.length === 0) {
        for (const i of identities) ctx.skip(i.id, `表「${table.title}」为空表`);
        continue;
      }
      const unnamed = table.columns.filter((c) => c.role === 'amount' && /^col_\d+$/.test(c.id));
      if (unnamed.length > 0) {
        const names = unnamed.map((c) => `「${columnName(c)}」`).join('、');
        for (const i of identities)
          ctx.skip(i.id, `表「${table.title}」有未识别的金额列${names}，列间关系无法确定`);
        continue;
      }
      const cols = new Set(table.columns.map((c) => c.id));
      const resolved: Array<{ identity: RowIdentity; target: string; addends: string[] }> = [];
      for (const identity of identities) {
        const r = identity.resolve(cols);
        if (typeof r === 'string') ctx.skip(identity.id, `表「${table.title}」${r}`);
        else resolved.push({ identity, target: r.target, addends: withOptional(table, r) });
      }
      if (resolved.length === 0) continue;
      const doubts = tableDoubts(ctx.document, table.id);
      const named = (id: string) => `「${columnName(table.columns.find((c) => c.id === id))}」`;
      const subjects = new Map(
        resolved.map((r) => [
          r,
          `表「${table.title}」列间关系${named(r.target)}= ${r.addends.map(named).join(' + ')}`,
        ]),
      );
      table.rows.forEach((row, rowIndex) => {
        if (row.flags.includes('heading')) return;
        if (isColumnNumberRow(table, row)) {
          for (const r of resolved)
            ctx.skip(r.identity.id, `表「${table.title}」栏次行被当作数据行（提取问题）`);
          return;
        }
        const applicable = resolved.filter((r) => !r.identity.side || r.identity.side === row.side);
        // Decide every identity first without recording (so that a failure's hint can name a shift), from
        // the cells' amounts alone; quantities with their evidence are built only to report a failure.
        const outcomes = applicable.map((r) => {
          const total = cellAmount(table, rowIndex, r.target);
          const terms = r.addends.map((a) => cellAmount(table, rowIndex, a));
          if (!total || terms.some((t) => !t)) return { r, verdict: 'missing' as const };
          return { r, verdict: sumVerdict(total, terms as CellAmount[]) };
        });
        const failing = outcomes.filter((o) => o.verdict === 'failed').map((o) => o.r);
        const shift = failing.length > 0 && explainedByShift(table, rowIndex, applicable);
        for (const { r, verdict } of outcomes) {
          if (verdict === 'missing' || verdict === 'empty') continue;
          if (verdict === 'passed') {
            ctx.pass(r.identity.id);
            continue;
          }
          const total = cellQuantity(table, rowIndex, r.target, 'total')!;
          const terms = r.addends.map((a) => cellQuantity(table, rowIndex, a, 'term')!);
          let hint = '';
          if (shift) hint += '该行数值整体错开一格后各列关系全部成立，疑为提取时列错位，而非原表错误。';
          if (doubts.length > 0) hint += `该表提取存疑（${[...new Set(doubts)].join('、')}）。`;
          checkSum(ctx, r.identity.id, total, terms, {
            subject: subjects.get(r)!,
            severity: shift || doubts.length > 0 ? 'warning' : 'error',
            hint,
          });
        }
      });
    }
  },
};
