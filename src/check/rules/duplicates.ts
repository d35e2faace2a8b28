/**
 * Disclosure-quality checks, run only where extraction is confident: a serial number (序号) printed twice in
 * one table, and a classification code listed twice in one table whose code tree is not repeated per unit (in
 * a table of items, purchases or projects, only a row printed again in full; a tree listed unit after unit
 * without unit lines — its codes running in order and starting again — counts only a code twice in one run).
 * Both usually mean a row was duplicated (or a page printed twice).
 */
import type { Diagnostic, Table } from '../../model/schema.js';
import { type CheckRule, placeText, type RuleContext, rowName, tableDoubts } from '../context.js';

const CHECKS = { serial: 'serial-unique', code: 'code-unique' } as const;

function report(
  ctx: RuleContext,
  check: string,
  table: Table,
  first: number,
  second: number,
  what: string,
): void {
  const a = table.rows[first]!;
  const b = table.rows[second]!;
  const placeOf = (i: number, col: string) => table.rows[i]?.cells[col]?.place;
  const col = check === CHECKS.serial ? 'serial' : 'code';
  const pa = placeText(placeOf(first, col) ?? firstPlace(table, first));
  const pb = placeText(placeOf(second, col) ?? firstPlace(table, second));
  const same = JSON.stringify(a.values) === JSON.stringify(b.values);
  const diagnostic: Diagnostic = {
    ruleId: 'duplicates',
    severity: 'warning',
    message:
      `表「${table.title}」${what}重复：「${rowName(a)}」${pa ? `（${pa}）` : ''}与「${rowName(b)}」${pb ? `（${pb}）` : ''}` +
      (same ? '，两行金额完全相同，疑为重复列示。' : '。'),
    source: 'budget-ingest',
    table: table.id,
    row: second,
    column: col,
    actual: what.includes('序号') ? (b.serial ?? '') : (b.code ?? ''),
  };
  const place = placeOf(second, col) ?? firstPlace(table, second);
  if (place) diagnostic.place = place;
  ctx.fail(check, { diagnostic, evidence: [] });
}

/** True when the later row reads a column from a merged cell printed once above it (as forms print serials). */
function printedAbove(table: Table, index: number, column: string): boolean {
  return table.rows[index]?.cells[column]?.spanned === true;
}

function firstPlace(table: Table, index: number) {
  const row = table.rows[index];
  return row ? Object.values(row.cells).find((c) => c.place)?.place : undefined;
}

/** Duplicated serials and codes. */
export const duplicates: CheckRule = {
  id: 'duplicates',
  description: '披露质量：同一表内序号重复、科目编码重复（仅在提取可信时检查）',
  checks: Object.values(CHECKS),
  run(ctx: RuleContext) {
    for (const table of ctx.document.tables) {
      if (table.empty || table.rows.length < 3) continue;
      if (tableDoubts(ctx.document, table.id).length > 0) {
        ctx.skip(CHECKS.serial, `表「${table.title}」提取存疑`);
        continue;
      }
      // Serials: one per grid line (two-sided tables print one serial for both sides).
      const lines = new Map<number, number>();
      table.rows.forEach((row, index) => {
        if (row.serial && !lines.has(row.gridLine)) lines.set(row.gridLine, index);
      });
      const serialRows = [...lines.values()];
      const serials = serialRows.map((i) => table.rows[i]!.serial!.trim());
      if (serials.length >= 3 && serials.every((s) => /^\d+$/.test(s))) {
        const seen = new Map<string, number>();
        let dup = false;
        serialRows.forEach((index, k) => {
          const s = serials[k]!;
          const before = seen.get(s);
          if (before !== undefined && !printedAbove(table, index, 'serial')) {
            dup = true;
            report(ctx, CHECKS.serial, table, before, index, `序号 ${s} `);
          } else if (before === undefined) seen.set(s, index);
        });
        if (!dup) ctx.pass(CHECKS.serial);
      }
      // Codes: forms print the unit's or project's code again on every indicator line, page after page.
      if (table.kind === 'performance-targets') {
        ctx.skip(CHECKS.code, `表「${table.title}」为绩效目标表，逐条指标重复列示单位或项目编码`);
        continue;
      }
      // Codes: only when no 类 repeats (a tree repeated per unit is legitimate).
      const coded = table.rows.map((r, i) => ({ r, i })).filter(({ r }) => r.code);
      if (coded.length >= 3) {
        const classes = coded.filter(({ r }) => r.level === '类').map(({ r }) => r.code);
        const units = table.rows.some(
          (r) => !r.code && !r.flags.includes('total') && Object.values(r.values).some((v) => v != null),
        );
        if (new Set(classes).size !== classes.length || units) {
          ctx.skip(CHECKS.code, `表「${table.title}」按单位分块列示科目`);
          continue;
        }
        // A second code column (政府经济科目编码 beside 部门经济科目编码) is part of the key: one department code
        // printed twice against two government codes is two lines, not a duplicate.
        const others = table.columns
          .filter((c) => c.role.startsWith('code') && c.id !== 'code')
          .map((c) => c.id);
        // Rows that are items (purchases, projects: itemRows in the grammar) share codes as a rule: only a row
        // printed again in full, name and amounts, is a duplicate there.
        const items = ctx.grammars.grammars.find((g) => g.id === table.grammar)?.itemRows === true;
        const keyOf = (r: Table['rows'][number]) =>
          [
            r.code,
            ...others.map((id) => r.cells[id]?.printed ?? ''),
            ...(items ? [r.label ?? '', JSON.stringify(r.text ?? {}), JSON.stringify(r.values)] : []),
          ].join('|');
        // A code tree listed unit after unit without unit lines: the codes run in order and start again.
        // Block k of a row: how many times the order started again above it; a code twice in one block is a
        // duplicate, a code in a later block is that unit's line.
        const blocks: number[] = [];
        coded.forEach(({ r }, k) => {
          const previous = coded[k - 1]?.r.code;
          const restart = previous != null && r.code! < previous;
          blocks.push((blocks[k - 1] ?? 0) + (restart ? 1 : 0));
        });
        const seen = new Map<string, { index: number; block: number }>();
        let dup = false;
        let laterBlock = 0;
        coded.forEach(({ r, i }, k) => {
          const key = keyOf(r);
          const before = seen.get(key);
          if (before !== undefined && before.block === blocks[k]) {
            dup = true;
            report(ctx, CHECKS.code, table, before.index, i, `科目编码 ${r.code} `);
          } else if (before !== undefined) laterBlock++;
          seen.set(key, { index: i, block: blocks[k]! });
        });
        if (laterBlock > 0 && !dup)
          ctx.skip(CHECKS.code, `表「${table.title}」按单位分块列示科目（编码顺序重新开始）`);
        else if (!dup) ctx.pass(CHECKS.code);
      }
    }
  },
};
