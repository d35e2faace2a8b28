/**
 * Summary facts: headline amounts in 元 read from the tables as grammars/summary.json says, else from the
 * amounts the narrative states (grammars/facts.json).
 */
import type { FactSourceRule, SummaryGrammar } from '../grammar/data.js';
import type { Fact, Meta, StatedFact, Summary, SummaryFactId, Table, Unit } from '../model/schema.js';
import { SUMMARY_FACT_IDS, UNITS } from '../model/schema.js';
import { toYuan } from '../normalize/amount.js';

/** 预算 or 决算, as the document metadata says. */
type DocumentKind = NonNullable<Meta['kind']>;

/**
 * Rows a fact may be read from: in a table that prints one line per year (年度: 2025年 / 2026年 / 增减变化金额),
 * only the lines of the document's year.
 */
function candidateRows(table: Table, year: number | null): Table['rows'] {
  if (year === null) return table.rows;
  const yearColumn = table.columns.find(
    (column) => table.rows.filter((row) => /^\d{4}\s*年?度?$/.test(row.text?.[column.id] ?? '')).length >= 2,
  );
  if (!yearColumn) return table.rows;
  return table.rows.filter((row) => (row.text?.[yearColumn.id] ?? '').startsWith(String(year)));
}

function factFrom(table: Table, row: Table['rows'][number], columns: readonly string[]): Fact | null {
  for (const column of columns) {
    const value = row.values[column];
    if (value === undefined || value === null || !table.unitFactor) continue;
    const cell = row.cells[column];
    const source: Fact['source'] = {
      table: table.id,
      kind: table.kind,
      row: row.label ?? '',
      column,
      printed: cell?.printed ?? value,
      unit: table.unit,
    };
    if (cell?.place) source.place = cell.place;
    return { yuan: toYuan(value, table.unitFactor), source };
  }
  return null;
}

function fromTable(rule: FactSourceRule, tables: readonly Table[], year: number | null): Fact | undefined {
  const keys = typeof rule.row === 'string' ? [rule.row] : rule.row;
  for (const table of tables) {
    if (table.kind !== rule.kind || !table.unitFactor) continue;
    if (rule.requireColumns?.some((id) => !table.columns.some((column) => column.id === id))) continue;
    const rows = candidateRows(table, year).filter((row) => !rule.side || row.side === rule.side);
    if (rule.noCarryover && rows.some((row) => row.key === 'carryover')) continue;
    for (const key of keys) {
      let blankLine: number | undefined;
      for (const row of rows) {
        if (row.key !== key) continue;
        if (blankLine !== undefined && row.gridLine !== blankLine) return undefined;
        // The first line with the key decides; a blank cell there means the table does not state the fact (but a
        // side-by-side block of the same line, 支出合计 under 功能分类 and under 支出用途, may print it).
        const fact = factFrom(table, row, rule.column);
        if (fact) return fact;
        blankLine = row.gridLine;
      }
      if (blankLine !== undefined) return undefined;
    }
  }
  return undefined;
}

/**
 * A fact the tables do not state but the narrative does (a narrative-only document, a blank 决算数 cell
 * explained in prose): the stated amount of the current year, marked `prose`.
 */
function fromStatedFacts(
  id: SummaryFactId,
  facts: readonly StatedFact[],
  kind: DocumentKind | null,
): Fact | undefined {
  // A final-accounts document's summary holds 决算 amounts, a budget's 预算 amounts: never the other basis.
  const other = kind === 'final' ? 'budget' : kind === 'budget' ? 'final' : undefined;
  const fact = facts.find(
    (f) =>
      f.id === id &&
      f.measure === 'amount' &&
      f.period === 'current' &&
      f.yuan !== null &&
      f.printed &&
      (other === undefined || f.basis !== other),
  );
  if (!fact?.yuan || !fact.printed) return undefined;
  const unit = (UNITS as readonly string[]).includes(fact.unit ?? '') ? (fact.unit as Unit) : null;
  return {
    yuan: fact.yuan,
    source: { printed: fact.printed, unit, prose: true, ...(fact.place ? { place: fact.place } : {}) },
  };
}

/** Compute the summary from tables, then stated facts; a fact is absent when the document does not state it. */
export function computeSummary(
  tables: readonly Table[],
  facts: readonly StatedFact[],
  grammar: SummaryGrammar,
  year: number | null = null,
  kind: DocumentKind | null = null,
): Summary {
  const summary: Summary = {};
  for (const id of SUMMARY_FACT_IDS) {
    let fact: Fact | undefined;
    for (const rule of grammar.facts[id] ?? []) {
      fact = fromTable(rule, tables, year);
      if (fact) break;
    }
    fact ??= fromStatedFacts(id, facts, kind);
    if (fact) summary[id] = fact;
  }
  return summary;
}
