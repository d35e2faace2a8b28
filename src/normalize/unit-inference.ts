/**
 * Units never guessed: a table that prints no money unit takes the unit its own notes state, or the unit at
 * which its totals equal the totals of tables that print one, or the one unit the document prints on all its
 * other tables (`unit-inferred`, info). Failing all that it keeps its printed values without 元 values, so
 * no fact comes from it (`unit-missing`, error).
 */
import { Decimal } from 'decimal.js';
import type { Diagnostic, Table, Unit } from '../model/schema.js';
import { UNITS } from '../model/schema.js';
import { TOTAL_KEYS } from './row-keys.js';
import { findStatedUnit, UNIT_FACTORS } from './units.js';

/** Kinds whose amounts are indicator values with their own units (≤350万元), never a table unit. */
export const OWN_UNIT_KINDS: ReadonlySet<string> = new Set(['performance-targets']);

/** True when a table holds at least one amount. */
function holdsAmounts(table: Table): boolean {
  const amounts = table.columns.filter((c) => c.role === 'amount').map((c) => c.id);
  return table.rows.some((row) => amounts.some((id) => row.values[id] != null));
}

/** The amounts of a table's total lines (合计 / 本年合计), in the table's own unit. */
function totals(table: Table): Decimal[] {
  const amounts = table.columns.filter((c) => c.role === 'amount').map((c) => c.id);
  const out: Decimal[] = [];
  for (const row of table.rows) {
    if (!row.key || !TOTAL_KEYS.has(row.key)) continue;
    for (const id of amounts) {
      const value = row.values[id];
      if (value != null && !new Decimal(value).isZero()) out.push(new Decimal(value));
    }
  }
  return out;
}

function decimalsOf(value: Decimal): number {
  return value.decimalPlaces();
}

/**
 * The unit at which the table's totals equal a total of a table with a printed unit (within the rounding of
 * both), when exactly one unit does; with the table it agrees with.
 */
function unitByTotals(table: Table, united: readonly Table[]): { unit: Unit; table: Table } | undefined {
  const own = totals(table);
  if (own.length === 0) return undefined;
  const found = new Map<Unit, Table>();
  for (const other of united) {
    const factor = new Decimal(UNIT_FACTORS[other.unit!]);
    for (const theirs of totals(other)) {
      const yuan = theirs.times(factor);
      const theirUlp = new Decimal(10).pow(-decimalsOf(theirs)).times(factor);
      for (const unit of UNITS) {
        const f = new Decimal(UNIT_FACTORS[unit]);
        for (const mine of own) {
          const ulp = new Decimal(10).pow(-decimalsOf(mine)).times(f);
          if (mine.times(f).minus(yuan).abs().lte(ulp.plus(theirUlp).div(2)) && !found.has(unit))
            found.set(unit, other);
        }
      }
    }
  }
  if (found.size !== 1) return undefined;
  const [unit, other] = [...found][0]!;
  return { unit, table: other };
}

function setUnit(table: Table, unit: Unit): void {
  table.unit = unit;
  table.unitFactor = UNIT_FACTORS[unit];
}

/**
 * Give every table holding amounts without a printed unit the unit the document states for it (its notes, its
 * other tables, or the arithmetic of its totals), replacing the extraction's `unit-missing` warning with a
 * `unit-inferred` info; a table whose unit cannot be known gets a `unit-missing` error instead.
 */
export function inferTableUnits(tables: readonly Table[], diagnostics: Diagnostic[]): void {
  const united = tables.filter((t) => t.unit !== null && holdsAmounts(t) && !OWN_UNIT_KINDS.has(t.kind));
  const printed = new Set(united.map((t) => t.unit));
  const missing = new Set<string>();
  const added: Diagnostic[] = [];
  for (const table of tables) {
    if (table.unit !== null || OWN_UNIT_KINDS.has(table.kind) || !holdsAmounts(table)) continue;
    const name = `表「${table.title}」`;
    const noted = table.notes.map(findStatedUnit).find((unit) => unit !== null);
    let reason: string | undefined;
    const byTotals = noted ? undefined : unitByTotals(table, united);
    if (noted) {
      setUnit(table, noted);
      reason = `其注释声明单位为${noted}`;
    } else if (byTotals) {
      setUnit(table, byTotals.unit);
      reason = `按${byTotals.unit}计其合计与表「${byTotals.table.title}」（${byTotals.table.unit}）的合计一致`;
    } else if (printed.size === 1) {
      const unit = [...printed][0]!;
      setUnit(table, unit);
      reason = `本文件其他 ${united.length} 张表均声明金额单位为${unit}`;
    }
    if (table.unit !== null) {
      added.push({
        ruleId: 'unit-inferred',
        severity: 'info',
        source: 'budget-ingest',
        message: `${name}未印金额单位；取${table.unit}：${reason}。`,
        table: table.id,
        actual: table.unit,
      });
      missing.add(table.id);
      continue;
    }
    missing.add(table.id);
    // A table of no known kind may print counts, not money (网站工作年度报表): a warning; a kinded one an error.
    const known = table.kind !== 'other';
    added.push({
      ruleId: 'unit-missing',
      severity: known ? 'error' : 'warning',
      source: 'budget-ingest',
      message:
        `${name}没有声明金额单位（金额单位：万元 / 单位：元），注释和本文件其他表格也无法确定；` +
        `金额按印刷值保留，无法换算为元${known ? '，汇总指标不取自此表' : '（若为金额）'}。`,
      table: table.id,
    });
  }
  // The extraction's warning is replaced by what was found here.
  for (let i = diagnostics.length - 1; i >= 0; i--) {
    const d = diagnostics[i]!;
    if (d.ruleId === 'unit-missing' && d.table !== undefined && missing.has(d.table))
      diagnostics.splice(i, 1);
  }
  diagnostics.push(...added);
}
