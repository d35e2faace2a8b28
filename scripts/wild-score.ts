/**
 * Truth-free scoring of real disclosures (../shared/corpus/wild): what a document's own tables and identities
 * say about how well it was read. Shared by the scoreboard (`npm run wild`) and the ratchet test.
 */
import { Decimal } from 'decimal.js';
import { missingTableKinds } from '../src/check/expected-kinds.js';
import { loadGrammars } from '../src/grammar/load.js';
import type { BudgetDocument, Table } from '../src/index.js';
import { OWN_UNIT_KINDS } from '../src/normalize/unit-inference.js';

/** Figures of one document (all counts; lower is better except `tables` and `kinded`). */
export interface WildScore {
  /** Tables found. */
  tables: number;
  /** Tables holding at least one amount. */
  withAmounts: number;
  /** Tables holding amounts whose kind is known (not `other`). */
  kinded: number;
  /** `other` tables holding amounts. */
  other: number;
  /** Untitled tables holding amounts that are not reported as orphan continuations. */
  untitled: number;
  /** Kinded tables holding amounts without a unit (not counting kinds whose values carry their own units). */
  noUnit: number;
  /** Tables a disclosure should hold (its 目录's list, else the core kinds of a full disclosure) it lacks. */
  missingCore: number;
  /** Summary-fact identities that fail. */
  identityFailures: number;
  /** Summary-fact identities that could be tested. */
  identitiesTested: number;
  /** Summary facts whose amount is not an amount the document prints at its unit (factAudit). */
  unprintedFacts: number;
  /** Summary facts read from a column of another basis or year (a 决算 fact from a 预算数 column …). */
  offBasisFacts: number;
  /** Summary facts marked doubtful (fact-implausible). */
  doubtfulFacts: number;
  /** Error-level diagnostics. */
  errors: number;
}

/** True when a table holds at least one amount. */
export function holdsAmounts(table: Table): boolean {
  const amountIds = new Set(table.columns.filter((c) => c.role === 'amount').map((c) => c.id));
  return table.rows.some((row) =>
    Object.entries(row.values).some(([id, v]) => v !== null && amountIds.has(id)),
  );
}

const yuan = (doc: BudgetDocument, id: keyof BudgetDocument['summary']) => {
  const value = doc.summary[id]?.yuan;
  return value === undefined ? undefined : new Decimal(value);
};

/** One identity over summary facts: name and whether it holds (undefined: not testable). */
export interface IdentityResult {
  id: string;
  holds: boolean | undefined;
  detail: string;
}

/** Tolerance for identities over facts in 元: 1 元 per term (万元 tables print to the cent of 万元 = 100 元). */
function close(a: Decimal, b: Decimal, terms: number): boolean {
  return a.minus(b).abs().lte(new Decimal(100).times(terms));
}

/** The summary-fact identities of a document (DOMAIN.md): totals balance, 三公 parts, basic parts, basic + project. */
export function factIdentities(doc: BudgetDocument): IdentityResult[] {
  const out: IdentityResult[] = [];
  const rev = yuan(doc, 'revenue_total');
  const exp = yuan(doc, 'expenditure_total');
  out.push({
    id: 'revenue-equals-expenditure',
    holds: rev && exp ? close(rev, exp, 2) : undefined,
    detail: `${rev ?? '∅'} vs ${exp ?? '∅'}`,
  });
  const total = yuan(doc, 'three_public_total');
  const parts = (['three_public_overseas', 'three_public_vehicles', 'three_public_reception'] as const).map(
    (id) => yuan(doc, id),
  );
  out.push({
    id: 'three-public-parts',
    holds:
      total && parts.every((p) => p !== undefined)
        ? close(
            total,
            parts.reduce((a, p) => a.plus(p!), new Decimal(0)),
            4,
          )
        : undefined,
    detail: `${total ?? '∅'} vs ${parts.map((p) => p ?? '∅').join('+')}`,
  });
  const basic = yuan(doc, 'gpb_basic_total');
  const personnel = yuan(doc, 'gpb_personnel');
  const publicFunds = yuan(doc, 'gpb_public_funds');
  // The parts a document states beside 人员 and 公用 (深圳: 对个人和家庭的补助, 增人增资); elsewhere
  // 对个人和家庭的补助 may be a detail of 人员经费, so the identity holds with or without them.
  const stated = (['gpb_family_subsidy', 'gpb_staff_increase'] as const).map((id) => yuan(doc, id));
  const extra = stated.reduce((a: Decimal, p) => (p ? a.plus(p) : a), new Decimal(0));
  const extraTerms = stated.filter((p) => p !== undefined).length;
  out.push({
    id: 'basic-parts',
    holds:
      basic && personnel && publicFunds
        ? close(basic, personnel.plus(publicFunds), 3) ||
          (extraTerms > 0 && close(basic, personnel.plus(publicFunds).plus(extra), 3 + extraTerms))
        : undefined,
    detail: `${basic ?? '∅'} vs ${personnel ?? '∅'}+${publicFunds ?? '∅'}${extraTerms ? `+${extra}` : ''}`,
  });
  const allBasic = yuan(doc, 'basic_expenditure');
  const project = yuan(doc, 'project_expenditure');
  const spent = yuan(doc, 'current_year_expenditure') ?? exp;
  out.push({
    id: 'basic-plus-project-within-expenditure',
    holds: allBasic && project && spent ? allBasic.plus(project).lte(spent.plus(200)) : undefined,
    detail: `${allBasic ?? '∅'}+${project ?? '∅'} ≤ ${spent ?? '∅'}`,
  });
  return out;
}

const UNIT_YUAN: Record<string, string> = { 元: '1', 千元: '1000', 万元: '10000', 亿元: '100000000' };

/** A printed amount as a number ("1,234.50" → 1234.50, "（12）" → -12), or undefined. */
function printedAmount(printed: string): Decimal | undefined {
  const text = printed
    .replace(/[,，\s]/g, '')
    .replace(/^[（(](.*)[)）]$/, '-$1')
    .replace(/^[-—–]$/, '0');
  return /^-?\d+(\.\d+)?$/.test(text) ? new Decimal(text) : undefined;
}

/** Column headers that name another basis than the document's (预算数 in a 决算, 决算数 / 执行数 in a budget). */
const OTHER_BASIS = {
  final: /(年初|本年|全年)?预算数|预算金额|^预算$/,
  budget: /决算数?|执行数|预计执行/,
} as const;

/**
 * What is wrong with the summary's facts, truth-free: a fact whose amount is not printed in the document at its
 * unit (its source cell's printed text times its table's unit, or the prose amount times its own unit), or that
 * was read from a column of another basis or year (决算 facts from 预算数, budget facts from 上年 / 决算 columns).
 */
export function factAudit(doc: BudgetDocument): { unprinted: string[]; offBasis: string[] } {
  const unprinted: string[] = [];
  const offBasis: string[] = [];
  for (const [id, fact] of Object.entries(doc.summary)) {
    if (!fact) continue;
    const source = fact.source;
    if (source.nil) {
      if (!new Decimal(fact.yuan).isZero()) unprinted.push(`${id}: nil source but ${fact.yuan}`);
      continue;
    }
    const factor = source.unit ? UNIT_YUAN[source.unit] : undefined;
    const parts = source.printed.split('+').map(printedAmount);
    if (!factor || parts.some((p) => p === undefined)) {
      unprinted.push(`${id}: printed "${source.printed}" unit ${source.unit ?? '∅'}`);
      continue;
    }
    const amount = parts.reduce((a: Decimal, p) => a.plus(p!), new Decimal(0)).times(factor);
    if (!amount.eq(fact.yuan)) unprinted.push(`${id}: ${fact.yuan} ≠ ${source.printed}${source.unit}`);
    if (source.prose) {
      if (source.quote && !source.quote.replace(/[,，]/g, '').includes(source.printed.replace(/[,，]/g, '')))
        unprinted.push(`${id}: "${source.printed}" not in its sentence`);
      continue;
    }
    const table = doc.tables.find((t) => t.id === source.table);
    if (!table || table.unit !== source.unit) {
      unprinted.push(`${id}: table ${source.table} unit ${table?.unit ?? '∅'} ≠ ${source.unit}`);
      continue;
    }
    const columns = (source.column ?? '').split('+');
    const printedCells = table.rows.flatMap((row) => columns.map((c) => row.cells[c]?.printed));
    for (const [i, c] of columns.entries()) {
      const printed = source.printed.split('+')[i];
      if (!printedCells.includes(printed))
        unprinted.push(`${id}: "${printed}" not printed in ${table.id}/${c}`);
      const column = table.columns.find((col) => col.id === c);
      const header = column?.header.join('/') ?? '';
      const year = doc.meta.year;
      const kind = doc.meta.kind;
      const otherYear = [...header.matchAll(/((?:19|20)\d{2})年/g)].some(
        (m) => year && Number(m[1]) !== year,
      );
      const otherMeasure =
        /_(prev|change|change_rate|y\d{4})$/.test(c) ||
        (kind === 'final' &&
          (/_budget$/.test(c) || (OTHER_BASIS.final.test(header) && !/决算/.test(header)))) ||
        (kind === 'budget' && (/_(final|executed)$/.test(c) || OTHER_BASIS.budget.test(header)));
      if (otherYear || otherMeasure)
        offBasis.push(`${id}: ${table.id} column ${c}「${header}」 (${kind ?? '?'} ${year ?? '?'})`);
    }
  }
  return { unprinted, offBasis };
}

/** True when a table is reported as an orphan continuation (a continuation page that joins nothing). */
function isReportedOrphan(doc: BudgetDocument, table: Table): boolean {
  return doc.diagnostics.some((d) => d.table === table.id && d.ruleId === 'continuation-orphan');
}

/** Score one document. */
export function scoreWild(doc: BudgetDocument): WildScore {
  const amountTables = doc.tables.filter(holdsAmounts);
  const identities = factIdentities(doc);
  const audit = factAudit(doc);
  return {
    tables: doc.tables.length,
    withAmounts: amountTables.length,
    kinded: amountTables.filter((t) => t.kind !== 'other').length,
    other: amountTables.filter((t) => t.kind === 'other').length,
    untitled: amountTables.filter((t) => !t.title && !isReportedOrphan(doc, t)).length,
    noUnit: amountTables.filter((t) => t.kind !== 'other' && t.unit === null && !OWN_UNIT_KINDS.has(t.kind))
      .length,
    missingCore: missingTableKinds(doc, loadGrammars()).length,
    identityFailures: identities.filter((i) => i.holds === false).length,
    identitiesTested: identities.filter((i) => i.holds !== undefined).length,
    unprintedFacts: audit.unprinted.length,
    offBasisFacts: audit.offBasis.length,
    doubtfulFacts: Object.values(doc.summary).filter((f) => f?.doubtful).length,
    errors: doc.diagnostics.filter((d) => d.severity === 'error').length,
  };
}

/** Kinds a disclosure should hold but lacks (src/check/expected-kinds.ts). */
export function missingCoreKinds(doc: BudgetDocument): string[] {
  return missingTableKinds(doc, loadGrammars());
}

/** Figures summed over documents. */
export function addScores(scores: readonly WildScore[]): WildScore {
  const total: WildScore = {
    tables: 0,
    withAmounts: 0,
    kinded: 0,
    other: 0,
    untitled: 0,
    noUnit: 0,
    missingCore: 0,
    identityFailures: 0,
    identitiesTested: 0,
    unprintedFacts: 0,
    offBasisFacts: 0,
    doubtfulFacts: 0,
    errors: 0,
  };
  for (const s of scores) for (const key of Object.keys(total) as (keyof WildScore)[]) total[key] += s[key];
  return total;
}

/** Figures where lower is better (the ratchet holds each of them per document and in total). */
export const RATCHETED: readonly (keyof WildScore)[] = [
  'other',
  'untitled',
  'noUnit',
  'missingCore',
  'identityFailures',
  'unprintedFacts',
  'offBasisFacts',
];
