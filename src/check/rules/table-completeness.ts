/**
 * Rows expected but missing: a table of a totalled kind whose total row cannot be found (on a side, for
 * two-sided tables), a code tree with a gap (款 and 项 lines whose 类 is not printed while other 类 are), and
 * table numbers that skip or go back (a whole table missing), and amount columns of a totalled table that
 * its grammar cannot name (their values go unchecked).
 * Both are warnings naming the table and its pages: rows of the table may have been lost (a damaged or
 * missing page, a continuation that joined nothing), and the checks that need them could not run.
 */
import { Decimal } from 'decimal.js';
import { CORE_TABLE_KINDS, type Table, type TableKind } from '../../model/schema.js';
import { rowIndexByKey } from '../../normalize/row-keys.js';
import { type CheckRule, cellQuantity, type RuleContext } from '../context.js';
import { sumTolerance, withinTolerance } from '../tolerance.js';

const CHECKS = {
  total: 'total-row-present',
  tree: 'code-tree-complete',
  numbers: 'table-numbers-follow-on',
  columns: 'amount-columns-named',
} as const;

const CHINESE_DIGITS = '零一二三四五六七八九';

/** The number in a table-number label (表01 → 1, 预算05表 → 5, 公开表十二 → 12, 附表3 → 3), or undefined. */
export function labelNumber(label: string): number | undefined {
  const arabic = /(\d{1,3})/.exec(label)?.[1];
  if (arabic !== undefined) return Number(arabic);
  const chinese = /([零一二三四五六七八九十]{1,3})/.exec(label)?.[1];
  if (!chinese) return undefined;
  if (!chinese.includes('十')) return chinese.length === 1 ? CHINESE_DIGITS.indexOf(chinese) : undefined;
  const [tens, ones] = chinese.split('十') as [string, string];
  return (tens ? CHINESE_DIGITS.indexOf(tens) : 1) * 10 + (ones ? CHINESE_DIGITS.indexOf(ones) : 0);
}

/**
 * Numbered tables follow on (表3 after 表2): a number skipped or going back, where the document numbers its
 * tables throughout, is a warning (a table — a page — missing or out of order). A series starting again at 1
 * (部门 then 单位 tables), and tables without a number, are passed over.
 */
function checkNumbers(ctx: RuleContext): void {
  const numbered = ctx.document.tables.flatMap((table) => {
    const n = table.label ? labelNumber(table.label) : undefined;
    return n === undefined
      ? []
      : [{ table, n, prefix: table.label!.replace(/[\d零一二三四五六七八九十\s]/g, '') }];
  });
  const pairs = numbered.slice(1).map((b, k) => [numbered[k]!, b] as const);
  const following = pairs.filter(([a, b]) => b.n === a.n + 1).length;
  if (following < 3 || following < pairs.length * 0.6) return;
  for (const [a, b] of pairs) {
    if (b.n === a.n + 1 || b.n === a.n || b.n === 1 || a.prefix !== b.prefix) {
      ctx.pass(CHECKS.numbers);
      continue;
    }
    const page = b.table.pages.length ? Math.min(...b.table.pages) : undefined;
    ctx.fail(CHECKS.numbers, {
      diagnostic: {
        ruleId: 'table-number-gap',
        severity: 'warning',
        source: 'budget-ingest',
        message: `表「${a.table.title}」（${a.table.label}）之后是表「${b.table.title}」（${b.table.label}）：${b.n > a.n ? '中间的表未找到（缺页或页面无法读取）' : '表序错乱（页序错乱）'}。`,
        ...(page === undefined ? {} : { place: { page } }),
        actual: b.table.label!,
        expected: String(a.n + 1),
      },
      evidence: [],
    });
  }
}

/** Kinds whose tables print a total row (合计 / 总计). */
const TOTALLED: readonly TableKind[] = [
  ...CORE_TABLE_KINDS.filter((kind) => kind !== 'three-public-expenses'),
  'basic-expenditure',
  'fiscal-appropriation-expenditure',
  'fiscal-appropriation-basic-expenditure',
  'general-budget-economic-expenditure',
];

/** 第 N 页 / 第 N–M 页 of a table. */
function pagesOf(table: Table): string {
  if (table.pages.length === 0) return '';
  const first = Math.min(...table.pages);
  const last = Math.max(...table.pages);
  return first === last ? `（第 ${first} 页）` : `（第 ${first}–${last} 页）`;
}

/** A warning on a table. */
function warn(ctx: RuleContext, check: string, table: Table, ruleId: string, message: string): void {
  const page = table.pages.length ? Math.min(...table.pages) : undefined;
  ctx.fail(check, {
    diagnostic: {
      ruleId,
      severity: 'warning',
      source: 'budget-ingest',
      message,
      table: table.id,
      ...(page === undefined ? {} : { place: { page } }),
    },
    evidence: [],
  });
}

/**
 * True when a one-sided table without a total row opens with a line that is its total in all but name: an
 * uncoded line (the department's or unit's own line: 深圳市医疗保障局（本级） | 11,012.04) whose every amount is the
 * sum of the lines below it, or half their sum (a two-level listing: each class and its items). `amounts`: the
 * indices of the rows that print an amount.
 */
function openedByItsTotal(table: Table, amounts: readonly number[]): boolean {
  const [first, ...below] = amounts;
  const head = first === undefined ? undefined : table.rows[first]!;
  if (!head || below.length === 0 || head.code || head.key || !head.label?.trim()) return false;
  let compared = 0;
  for (const [column, value] of Object.entries(head.values)) {
    if (value == null) continue;
    const total = cellQuantity(table, first!, column, 'total')!;
    const terms = below.map((index) => cellQuantity(table, index, column, 'term')!);
    const sum = terms.reduce((acc, t) => acc.plus(t.value), new Decimal(0));
    // Half an ulp per printed term, and per printed total counted (twice for a two-level listing).
    const tolerance = sumTolerance([total, total, ...terms].filter((q) => !q.blank).map((q) => q.ulp));
    if (
      !withinTolerance(sum.minus(total.value), tolerance) &&
      !withinTolerance(sum.minus(total.value.times(2)), tolerance)
    )
      return false;
    if (!total.value.isZero()) compared++;
  }
  return compared > 0;
}

/** Is there a total row (on each side of a two-sided table)? */
function checkTotal(ctx: RuleContext, table: Table): void {
  if (!TOTALLED.includes(table.kind) || table.empty) return;
  const amounts = table.rows.flatMap((row, index) =>
    Object.values(row.values).some((v) => v != null) ? [index] : [],
  );
  if (amounts.length < 2) return;
  const sides = table.rows.some((row) => row.side) ? (['income', 'expenditure'] as const) : [undefined];
  const missing = sides.filter(
    (side) =>
      rowIndexByKey(table, 'grand_total', side) < 0 && rowIndexByKey(table, 'current_year_total', side) < 0,
  );
  if (missing.length === 0 || (missing[0] === undefined && openedByItsTotal(table, amounts))) {
    ctx.pass(CHECKS.total);
    return;
  }
  const where =
    missing[0] === undefined ? '' : missing.map((s) => (s === 'income' ? '收入栏' : '支出栏')).join('、');
  warn(
    ctx,
    CHECKS.total,
    table,
    'table-total-missing',
    `表「${table.title}」${pagesOf(table)}${where}找不到合计（总计）行：该表可能缺行（页面受损、缺页或续页未能合并），依赖合计的核对未能进行。`,
  );
}

/**
 * Are the amount columns of a totalled table all named by its grammar? An amount column left unnamed (its
 * header damaged or unknown) keeps its values out of every identity the table is checked by.
 */
function checkColumns(ctx: RuleContext, table: Table): void {
  if (!TOTALLED.includes(table.kind) || table.empty) return;
  const unnamed = table.columns.filter(
    (column) =>
      column.role === 'amount' &&
      /^col_\d+$/.test(column.id) &&
      table.rows.some((row) => row.values[column.id] != null),
  );
  if (unnamed.length === 0) {
    ctx.pass(CHECKS.columns);
    return;
  }
  const names = unnamed.map((c) => `「${c.header.join('/') || c.id}」`).join('、');
  warn(
    ctx,
    CHECKS.columns,
    table,
    'amount-column-unnamed',
    `表「${table.title}」${pagesOf(table)}的金额列${names}未能识别（表头受损或不在语法中）：其数值未经任何核对。`,
  );
}

/** Are the 类 of every coded line printed, when the table prints 类 lines at all? */
function checkTree(ctx: RuleContext, table: Table): void {
  const coded = table.rows.filter((row) => row.code && /^\d{3}(\d{2}){0,2}$/.test(row.code));
  const classes = new Set(coded.filter((row) => row.level === '类').map((row) => row.code!));
  if (classes.size === 0 || coded.length < 3) return;
  const orphans = [
    ...new Set(
      coded
        .filter((row) => (row.level === '款' || row.level === '项') && !classes.has(row.code!.slice(0, 3)))
        .map((r) => r.code!),
    ),
  ];
  // One stray line (a 类 printed in another block of a side-by-side table) is no gap; a lost page leaves several.
  if (orphans.length < 2) {
    ctx.pass(CHECKS.tree);
    return;
  }
  const shown = orphans.slice(0, 5).join('、') + (orphans.length > 5 ? ' 等' : '');
  warn(
    ctx,
    CHECKS.tree,
    table,
    'code-tree-gap',
    `表「${table.title}」${pagesOf(table)}列有科目 ${shown}，但未列其所属的类级科目：科目树有缺口，该表可能缺行（页面受损、缺页或页序错乱）。`,
  );
}

/** Rows expected but missing. */
export const tableCompleteness: CheckRule = {
  id: 'table-completeness',
  description:
    '表格完整性：应有合计行的表找得到合计行；列出款、项科目的表也列出其所属的类；表号依次连续；金额列均可识别',
  checks: Object.values(CHECKS),
  run(ctx: RuleContext) {
    for (const table of ctx.document.tables) {
      checkTotal(ctx, table);
      checkTree(ctx, table);
      checkColumns(ctx, table);
    }
    checkNumbers(ctx);
  },
};
