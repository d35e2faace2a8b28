/**
 * The truth-free comparison of the damage test (issue #13.1): every value of the undamaged conversion (table
 * cells, summary facts) that differs or disappears in the damaged one must sit in a table carrying a warning
 * or error, or in a document carrying a document-level warning or error the undamaged conversion lacks.
 */
import type { BudgetDocument } from '../../src/index.js';

type Diagnostic = BudgetDocument['diagnostics'][number];

/** A value of a conversion, keyed so that the same value of another conversion has the same key. */
interface Value {
  /** Identity of the table holding it (kind, title, occurrence), or '' for the document. */
  table: string;
  value: string;
  /** Page the value was printed on, where known. */
  page?: number;
}

/**
 * Identity of each table: its kind and occurrence of that kind (`other` tables: their title too). A title is
 * no identity of a kinded table: a changed digit in its year would make all its values look lost.
 */
function tableKeys(doc: BudgetDocument): Map<string, string> {
  const seen = new Map<string, number>();
  const out = new Map<string, string>();
  for (const table of doc.tables) {
    const base = table.kind === 'other' ? `other|${table.title}` : table.kind;
    const k = (seen.get(base) ?? 0) + 1;
    seen.set(base, k);
    out.set(table.id, `${base}#${k}`);
  }
  return out;
}

/** Every value of a conversion by key: table cells (row identity × column) and summary facts. */
export function valuesOf(doc: BudgetDocument): Map<string, Value> {
  const keys = tableKeys(doc);
  const out = new Map<string, Value>();
  for (const table of doc.tables) {
    const id = keys.get(table.id)!;
    const rows = new Map<string, number>();
    for (const row of table.rows) {
      // A row is also known by its text cells: a form's indicator lines share their project's code and label.
      const name = Object.values(row.text ?? {}).join('/');
      const base = `${row.side ?? ''}|${row.code ?? ''}|${row.label ?? ''}|${name}`;
      const k = (rows.get(base) ?? 0) + 1;
      rows.set(base, k);
      for (const [column, value] of Object.entries(row.values)) {
        if (value === null) continue; // a blank cell holds no value to lose
        const page = row.cells[column]?.place?.page;
        out.set(`${id} :: ${base}#${k} :: ${column}`, {
          table: id,
          value,
          ...(page === undefined ? {} : { page }),
        });
      }
    }
  }
  for (const [fact, value] of Object.entries(doc.summary)) {
    if (!value) continue;
    const table = value.source.table ? (keys.get(value.source.table) ?? '') : '';
    out.set(`summary :: ${fact}`, { table, value: value.yuan });
  }
  return out;
}

/** Warnings and errors, counted by rule, per table identity ('' for the document-level ones). */
function loudness(doc: BudgetDocument): Map<string, Map<string, number>> {
  const keys = tableKeys(doc);
  const out = new Map<string, Map<string, number>>();
  const add = (table: string, d: Diagnostic) => {
    const rules = out.get(table) ?? new Map<string, number>();
    rules.set(d.ruleId, (rules.get(d.ruleId) ?? 0) + 1);
    out.set(table, rules);
  };
  for (const d of doc.diagnostics) {
    if (d.severity === 'info') continue;
    add(d.table ? (keys.get(d.table) ?? '') : '', d);
  }
  return out;
}

/**
 * What is loud in `damaged`: every table (identity) carrying a warning or error, and the document ('') when it
 * carries a document-level warning or error the original lacks (a document-level one it always had, such as
 * a missing standard table, says nothing of this damage).
 */
export function loudIn(original: BudgetDocument, damaged: BudgetDocument): Set<string> {
  const before = loudness(original).get('') ?? new Map<string, number>();
  const out = new Set<string>();
  for (const [table, rules] of loudness(damaged)) {
    if (table !== '') out.add(table);
    else for (const [rule, count] of rules) if (count > (before.get(rule) ?? 0)) out.add('');
  }
  return out;
}

/** A value that changed or vanished with nothing saying so. */
export interface SilentLoss {
  key: string;
  before: string;
  after: string | undefined;
}

/**
 * Values of `original` that differ or are missing in `damaged` while neither their table nor the document is
 * loud (see {@link loudIn}). A damaged document that failed to convert (an error) is loud by itself.
 */
export function silentLosses(
  original: BudgetDocument,
  damaged: BudgetDocument,
  unobservable: (value: { table: string; page?: number }) => boolean = () => false,
): SilentLoss[] {
  const loud = loudIn(original, damaged);
  if (loud.has('')) return [];
  const after = valuesOf(damaged);
  // A value that moved, with its row, into a table that warns (a continuation page become an orphan) is loud.
  const movedLoud = new Set(
    [...after].filter(([, v]) => loud.has(v.table)).map(([key, v]) => `${rowOf(key)} = ${v.value}`),
  );
  const out: SilentLoss[] = [];
  for (const [key, value] of valuesOf(original)) {
    const now = after.get(key);
    if (now && now.value === value.value) continue;
    if (loud.has(value.table) || unobservable(value)) continue;
    if (!now && movedLoud.has(`${rowOf(key)} = ${value.value}`)) continue;
    out.push({ key, before: value.value, after: now?.value });
  }
  return out;
}

/** The row part of a value key (side, code, label, without occurrence): a moved value may change column id. */
function rowOf(key: string): string {
  return (key.split(' :: ')[1] ?? '').replace(/#\d+$/, '');
}

/** Table identities of a conversion with the pages each spans. */
export function tablePages(doc: BudgetDocument): Map<string, number[]> {
  const keys = tableKeys(doc);
  return new Map(doc.tables.map((table) => [keys.get(table.id)!, table.pages]));
}
