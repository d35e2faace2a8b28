/**
 * Reaching data without knowing column ids: find a table by kind, a row by code or label, and a value by a
 * canonical name (`total`, `basic`, `project`, `personnel`, `public` …) that maps to the column ids the
 * grammars use in each kind of table.
 */
import type { BudgetDocument, Place, Row, Table, TableKind } from '../model/schema.js';
import { toYuan } from '../normalize/amount.js';

/**
 * Canonical value names → column ids, in order of preference (grammars/tables/*.json). Two-sided tables
 * (收支总表, 财政拨款收支总表) are read by the row's side: `total` of an income row is `income_amount`.
 */
export const CANONICAL_COLUMNS = {
  total: ['total', 'amount', 'expenditure_total', 'value'],
  basic: ['basic'],
  project: ['project'],
  personnel: ['basic_personnel', 'personnel'],
  public: ['basic_public', 'public'],
  general_public_budget: ['general_public_budget'],
  gov_fund: ['gov_fund'],
  state_capital: ['state_capital'],
  fiscal_appropriation: ['fiscal_appropriation'],
  fiscal_special_account: ['fiscal_special_account'],
  business_income: ['business_income'],
  operating_income: ['operating_income'],
  other_income: ['other_income'],
  carryover: ['carryover'],
  current_year_subtotal: ['current_year_subtotal'],
  overseas: ['overseas'],
  vehicles: ['vehicles'],
  vehicle_purchase: ['vehicle_purchase'],
  vehicle_operation: ['vehicle_operation'],
  reception: ['reception'],
  operating_costs: ['operating_costs'],
  quantity: ['quantity'],
} as const satisfies Record<string, readonly string[]>;

/** A canonical value name (any other string is taken as a column id). */
export type CanonicalValue = keyof typeof CANONICAL_COLUMNS;

/** Measure suffixes the header recognizer appends (`total_prev` is last year's total). */
const MEASURE_SUFFIX = /(_prev|_change_rate|_change|_executed|_final|_budget)$/;

/** What `valueOf` returns. */
export interface ValueOf {
  /** Column id the value was read from. */
  column: string;
  /** Decimal string in the table's unit, or null for a blank or dash cell. */
  value: string | null;
  /** The value in 元 (decimal string), or null when blank or the table declares no unit. */
  yuan: string | null;
  /** The cell as printed. */
  printed: string | null;
  /** Where the cell was read (page / line). */
  place: Place | null;
}

const owners = new WeakMap<Row, Table>();

const compact = (text: string): string => text.replace(/[\s\u3000]+/g, '');

/** The first table of a kind (or with that id), or undefined. */
export function tableByKind(document: BudgetDocument, kind: TableKind | string): Table | undefined {
  return document.tables.find((table) => table.kind === kind) ?? document.tables.find((t) => t.id === kind);
}

/** Every table of a kind. */
export function tablesByKind(document: BudgetDocument, kind: TableKind | string): Table[] {
  return document.tables.filter((table) => table.kind === kind);
}

function own(row: Row | undefined, table: Table): Row | undefined {
  if (row) owners.set(row, table);
  return row;
}

/** The row with a classification code (spaces ignored: `201 03 01` = `2010301`), or undefined. */
export function rowByCode(table: Table, code: string): Row | undefined {
  const wanted = compact(code);
  return own(
    table.rows.find((row) => row.code !== null && compact(row.code) === wanted),
    table,
  );
}

/**
 * The first row with a row key (`grand_total`, `current_year_total`, `carryover`, `general_public_budget`,
 * `overseas` … see the README), on a side of a two-sided table when given. Prefer it to `rowByLabel`: the
 * grammars already know every wording of these rows.
 */
export function rowByKey(table: Table, key: string, side?: 'income' | 'expenditure'): Row | undefined {
  return own(
    table.rows.find((row) => row.key === key && (side === undefined || row.side === side)),
    table,
  );
}

/**
 * The first row whose label matches: a RegExp is tested against the label with spaces removed; a string must
 * equal it (spaces ignored). An optional side picks the half of a two-sided table.
 */
export function rowByLabel(
  table: Table,
  label: string | RegExp,
  side?: 'income' | 'expenditure',
): Row | undefined {
  const test =
    typeof label === 'string'
      ? (text: string) => text === compact(label)
      : (text: string) => label.test(text);
  return own(
    table.rows.find(
      (row) => row.label !== null && (side === undefined || row.side === side) && test(compact(row.label)),
    ),
    table,
  );
}

/** Column ids a canonical name may stand for in this row, best first. */
export function columnCandidates(row: Row, canonical: CanonicalValue | string): string[] {
  const suffix = MEASURE_SUFFIX.exec(canonical)?.[1] ?? '';
  const base = suffix ? canonical.slice(0, -suffix.length) : canonical;
  const ids: readonly string[] = (CANONICAL_COLUMNS as Record<string, readonly string[]>)[base] ?? [base];
  const candidates: string[] = [];
  for (const id of ids) {
    if (row.side) candidates.push(`${row.side}_${id}`);
    candidates.push(id);
  }
  if (row.side && base === 'total') candidates.push(`${row.side}_amount`);
  return candidates.map((id) => `${id}${suffix}`);
}

/**
 * A row's value by canonical name (`'total' | 'basic' | 'project' | 'personnel' | 'public' | …`, with an
 * optional measure suffix such as `total_prev`) or by column id, with its amount in 元. The table is known for
 * rows found by `rowByCode` / `rowByLabel`; pass it for other rows. Undefined when no such column exists.
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: `valueOf` is the public name asked for in issue #5
export function valueOf(row: Row, canonical: CanonicalValue | string, table?: Table): ValueOf | undefined {
  const owner = table ?? owners.get(row);
  for (const column of columnCandidates(row, canonical)) {
    if (!(column in row.values)) continue;
    const value = row.values[column] ?? null;
    const cell = row.cells[column];
    const factor = owner?.unitFactor ?? null;
    return {
      column,
      value,
      yuan: value !== null && factor !== null ? toYuan(value, factor) : null,
      printed: cell?.printed ?? null,
      place: cell?.place ?? null,
    };
  }
  return undefined;
}
