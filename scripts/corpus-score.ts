/**
 * Scoring against the dev corpus's hand-read truth (truth/tables.tsv, truth/facts.tsv): shared by the
 * scoreboard (`npm run corpus`) and the corpus test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BudgetDocument } from '../src/index.js';

/** One hand-read table: kind, printed title, page range ("16-18"), data rows. */
export interface TruthTable {
  kind: string;
  title: string;
  pages: string;
  rows: string;
}

/** What a file is, as the truth's documents.tsv says (wild truth only). */
export interface TruthDocument {
  /** disclosure, tables-only, narrative-only, scanned, not-a-disclosure, html-portal. */
  status: string;
  department: string;
  note: string;
}

/** The truth of a corpus folder, by document file name. */
export interface Truth {
  tables: Map<string, TruthTable[]>;
  /** Fact id → expected value (amounts in 元; text for department / year / kind / scope). */
  facts: Map<string, Map<string, string>>;
  /** Every document the truth covers, with its status (empty for the dev truth, which has no documents.tsv). */
  documents: Map<string, TruthDocument>;
}

/** Rows of a TSV file (header dropped); none when the file is absent. */
function tsv(file: string): string[][] {
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split('\t'))
    : [];
}

/** Read DIR/truth/tables.tsv, facts.tsv (and documents.tsv where present); `truthDir` overrides DIR/truth. */
export function readTruth(dir: string, truthDir = join(dir, 'truth')): Truth {
  const tables = new Map<string, TruthTable[]>();
  const facts = new Map<string, Map<string, string>>();
  for (const [doc, kind, title, pages, rows] of tsv(join(truthDir, 'tables.tsv'))) {
    if (!doc || !kind) continue;
    const list = tables.get(doc) ?? [];
    list.push({ kind, title: title ?? '', pages: pages ?? '', rows: rows ?? '' });
    tables.set(doc, list);
  }
  for (const [doc, fact, value] of tsv(join(truthDir, 'facts.tsv'))) {
    if (!doc || !fact) continue;
    const map = facts.get(doc) ?? new Map<string, string>();
    map.set(fact, value ?? '');
    facts.set(doc, map);
  }
  const documents = new Map<string, TruthDocument>();
  for (const [doc, , status, department, , note] of tsv(join(truthDir, 'documents.tsv')))
    if (doc && status) documents.set(doc, { status, department: department ?? '', note: note ?? '' });
  return { tables, facts, documents };
}

/** A page list as the truth writes it: "12" or "16-18". */
export const pageRange = (pages: number[]) =>
  pages.length ? (pages.length === 1 ? `${pages[0]}` : `${pages[0]}-${pages.at(-1)}`) : '?';

/** How a document's tables meet the truth. */
export interface TableScore {
  /** Per table of the document: the index of the truth table it matches exactly (kind + pages), or -1. */
  exact: number[];
  /** Tables that are one of a run of forms the truth records as one table: table index → truth range. */
  forms: Map<number, string>;
  /** Indexes of the truth tables found. */
  matched: Set<number>;
}

/**
 * The truth records a run of performance-target forms printed one per project under one heading (项目支出绩效
 * 目标表 of 13 projects) as one table over their pages; we give one table per form. A truth entry left
 * unmatched counts as found when performance-target tables not matched otherwise tile its page range exactly
 * (every page covered, none outside).
 */
function tileForms(doc: BudgetDocument, truth: TruthTable[], matched: Set<number>, exact: number[]) {
  const parts = new Map<number, string>();
  truth.forEach((t, i) => {
    if (matched.has(i) || t.kind !== 'performance-targets') return;
    const [from, to = from] = t.pages.split('-').map(Number) as [number, number?];
    const tiles = doc.tables
      .map((table, k) => ({ table, k }))
      .filter(
        ({ table, k }) =>
          exact[k]! < 0 &&
          !parts.has(k) &&
          table.kind === t.kind &&
          table.pages.length > 0 &&
          table.pages.every((p) => p >= from && p <= to),
      );
    const covered = new Set(tiles.flatMap(({ table }) => table.pages));
    if (tiles.length < 2 || covered.size !== to - from + 1) return;
    matched.add(i);
    for (const { k } of tiles) parts.set(k, t.pages);
  });
  return parts;
}

/**
 * Kinds added after the dev truth was read: the dev truth records those tables as `other` (its README names
 * them: 财政拨款支出表, 基本支出总表, 机关运行经费表 …), so a truth `other` accepts them.
 */
export const KINDS_NEWER_THAN_DEV_TRUTH: ReadonlySet<string> = new Set([
  'basic-expenditure',
  'fiscal-appropriation-expenditure',
  'fiscal-appropriation-basic-expenditure',
  'general-budget-economic-expenditure',
  'operating-costs',
  'government-purchased-services',
  'carryover-expenditure',
]);

/** Options of {@link scoreTables}. */
export interface ScoreOptions {
  /** The truth predates the newer kinds: its `other` accepts them (the dev truth). */
  legacyOther?: boolean;
}

/** Match a document's tables to its truth tables: same kind and page range (runs of forms tiled). */
export function scoreTables(
  doc: BudgetDocument,
  truth: TruthTable[],
  options: ScoreOptions = {},
): TableScore {
  const sameKind = (truthKind: string, ours: string) =>
    truthKind === ours ||
    (options.legacyOther === true && truthKind === 'other' && KINDS_NEWER_THAN_DEV_TRUTH.has(ours));
  const matched = new Set<number>();
  const exact = doc.tables.map((table) => {
    const range = pageRange(table.pages);
    const index = truth.findIndex(
      (t, i) => !matched.has(i) && sameKind(t.kind, table.kind) && t.pages === range,
    );
    if (index >= 0) matched.add(index);
    return index;
  });
  const forms = tileForms(doc, truth, matched, exact);
  return { exact, forms, matched };
}

/** One truth fact and what the document gives for it. */
export interface FactScore {
  fact: string;
  expected: string;
  got: string | undefined;
  ok: boolean;
}

/** Compare a document's meta and summary with its truth facts (amounts as numbers). */
export function scoreFacts(doc: BudgetDocument, truth: Map<string, string>): FactScore[] {
  const { meta } = doc;
  return [...truth].map(([fact, expected]) => {
    let got: string | undefined;
    if (fact === 'department') got = meta.department ?? undefined;
    else if (fact === 'year') got = meta.year === null ? undefined : String(meta.year);
    else if (fact === 'kind') got = meta.kind ?? undefined;
    else if (fact === 'scope') got = meta.scope ?? undefined;
    else got = doc.summary[fact as keyof typeof doc.summary]?.yuan;
    const ok = ['department', 'year', 'kind', 'scope'].includes(fact)
      ? got === expected
      : got !== undefined && expected !== '' && Number(got) === Number(expected);
    return { fact, expected, got, ok };
  });
}

/** Whether a document says what it is, as the truth's documents.tsv status expects. */
export function documentStatusScore(doc: BudgetDocument, status: string): { ok: boolean; detail: string } {
  const rules = new Set(doc.diagnostics.filter((d) => d.table === undefined).map((d) => d.ruleId));
  const unreadable = doc.diagnostics.filter((d) => d.ruleId === 'page-unreadable').length;
  switch (status) {
    case 'scanned':
      return { ok: unreadable > 0, detail: `${unreadable} page-unreadable` };
    case 'not-a-disclosure':
      return { ok: rules.has('not-a-disclosure'), detail: [...rules].join(',') || 'no document diagnostic' };
    case 'html-portal':
      return { ok: rules.has('portal-page'), detail: [...rules].join(',') || 'no document diagnostic' };
    default:
      return {
        ok: !rules.has('not-a-disclosure') && !rules.has('portal-page'),
        detail: 'reported as not a disclosure',
      };
  }
}
