/**
 * "三公"经费 composition: 合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费; 公务用车购置及运行费 =
 * 购置费 + 运行费. Vertical tables (one row per item) are checked in every amount column, horizontal tables
 * (one column per item) in every row.
 */
import type { Table } from '../../model/schema.js';
import {
  type CheckRule,
  cellQuantity,
  checkSum,
  type Quantity,
  RuleContext,
  tableDoubts,
} from '../context.js';

const CHECKS = { total: 'total-equals-items', vehicles: 'vehicles-equals-purchase-plus-operation' } as const;

/** Row keys of the items of a vertical 三公 table (grammars/tables/three-public-expenses.json rows). */
export const THREE_PUBLIC_KEYS = {
  total: ['grand_total', 'three_public_total', 'subtotal'],
  overseas: ['overseas'],
  vehicles: ['vehicles'],
  purchase: ['vehicle_purchase'],
  operation: ['vehicle_operation'],
  reception: ['reception'],
  meeting: ['meeting'],
  training: ['training'],
} as const;

type Item = keyof typeof THREE_PUBLIC_KEYS;

/** The first row of each item, by row key. */
function findRows(table: Table): Partial<Record<Item, number>> {
  const out: Partial<Record<Item, number>> = {};
  table.rows.forEach((row, index) => {
    for (const [item, keys] of Object.entries(THREE_PUBLIC_KEYS) as Array<[Item, readonly string[]]>)
      if (row.key && keys.includes(row.key)) out[item] ??= index;
  });
  return out;
}

/** "三公"经费 composition. */
export const threePublic: CheckRule = {
  id: 'three-public',
  description:
    '“三公”经费构成：合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费，公务用车购置及运行费 = 购置费 + 运行费',
  checks: Object.values(CHECKS),
  run(ctx: RuleContext) {
    const tables = ctx.document.tables.filter((t) => t.kind === 'three-public-expenses');
    if (tables.length === 0) {
      for (const c of Object.values(CHECKS)) ctx.skip(c, '文件中未识别出“三公”经费表');
      return;
    }
    for (const table of tables) {
      if (table.empty || table.rows.length === 0) {
        for (const c of Object.values(CHECKS)) ctx.skip(c, `表「${table.title}」为空表`);
        continue;
      }
      const doubts = tableDoubts(ctx.document, table.id);
      const opts = {
        severity: doubts.length > 0 ? ('warning' as const) : ('error' as const),
        hint: doubts.length > 0 ? `该表提取存疑（${[...new Set(doubts)].join('、')}）。` : '',
      };
      const cols = new Set(table.columns.map((c) => c.id));
      const horizontal = cols.has('overseas') || cols.has('vehicles') || cols.has('reception');
      if (horizontal) {
        const items = ['overseas', 'vehicles', 'reception'].filter((c) => cols.has(c));
        const extra = ['meeting', 'training'].filter((c) => cols.has(c));
        table.rows.forEach((_row, index) => {
          const q = (c: string, role: 'total' | 'term') => cellQuantity(table, index, c, role)!;
          if (cols.has('total') && items.length === 3) {
            const terms = items.map((c) => q(c, 'term'));
            const withExtra = [...terms, ...extra.map((c) => q(c, 'term'))];
            sumEither(ctx, CHECKS.total, q('total', 'total'), terms, withExtra, {
              subject: `表「${table.title}」“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费`,
              ...opts,
            });
          } else if (index === 0) ctx.skip(CHECKS.total, `表「${table.title}」未分列全部“三公”项目`);
          if (cols.has('vehicles') && cols.has('vehicle_purchase') && cols.has('vehicle_operation')) {
            checkSum(
              ctx,
              CHECKS.vehicles,
              q('vehicles', 'total'),
              [q('vehicle_purchase', 'term'), q('vehicle_operation', 'term')],
              {
                subject: `表「${table.title}」公务用车购置及运行费 = 购置费 + 运行费`,
                ...opts,
              },
            );
          } else if (index === 0)
            ctx.skip(CHECKS.vehicles, `表「${table.title}」未分列公务用车购置费与运行费`);
        });
        continue;
      }
      const rows = findRows(table);
      const amountCols = table.columns.filter((c) => c.role === 'amount').map((c) => c.id);
      const has = (...items: Item[]) => items.every((i) => rows[i] !== undefined);
      if (!has('total', 'overseas', 'vehicles', 'reception'))
        ctx.skip(CHECKS.total, `表「${table.title}」未列全合计及三项“三公”经费行`);
      if (!has('vehicles', 'purchase', 'operation'))
        ctx.skip(CHECKS.vehicles, `表「${table.title}」未分列公务用车购置费与运行费行`);
      for (const col of amountCols) {
        const q = (i: Item, role: 'total' | 'term') => cellQuantity(table, rows[i]!, col, role)!;
        if (has('total', 'overseas', 'vehicles', 'reception')) {
          const terms = [q('overseas', 'term'), q('vehicles', 'term'), q('reception', 'term')];
          const extra = (['meeting', 'training'] as const)
            .filter((i) => rows[i] !== undefined)
            .map((i) => q(i, 'term'));
          sumEither(ctx, CHECKS.total, q('total', 'total'), terms, [...terms, ...extra], {
            subject: `表「${table.title}」“${table.columns.find((c) => c.id === col)?.header.join('/') ?? col}”列：合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费`,
            ...opts,
          });
        }
        if (has('vehicles', 'purchase', 'operation')) {
          checkSum(
            ctx,
            CHECKS.vehicles,
            q('vehicles', 'total'),
            [q('purchase', 'term'), q('operation', 'term')],
            {
              subject: `表「${table.title}」“${table.columns.find((c) => c.id === col)?.header.join('/') ?? col}”列：公务用车购置及运行费 = 购置费 + 运行费`,
              ...opts,
            },
          );
        }
      }
    }
  },
};

/** Sum check that also accepts the total including 会议费 / 培训费 where those are printed (Xi'an, Jiangsu). */
function sumEither(
  ctx: RuleContext,
  check: string,
  total: Quantity,
  terms: Quantity[],
  withExtra: Quantity[],
  options: Parameters<typeof checkSum>[4],
): void {
  if (withExtra.length > terms.length) {
    const probe = new RuleContext(ctx.document, ctx.rule);
    if (checkSum(probe, check, total, withExtra, options) === 'passed') {
      ctx.pass(check);
      return;
    }
  }
  checkSum(ctx, check, total, terms, options);
}
