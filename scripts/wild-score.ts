/**
 * Truth-free scoring of real disclosures (../shared/corpus/wild): what a document's own tables and identities
 * say about how well it was read. Shared by the scoreboard (`npm run wild`) and the ratchet test.
 */
import { Decimal } from 'decimal.js';
import { missingTableKinds } from '../src/check/expected-kinds.js';
import { loadGrammars } from '../src/grammar/load.js';
import type { BudgetDocument, Table } from '../src/index.js';

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
  /** Kinded tables holding amounts without a unit. */
  noUnit: number;
  /** Tables a disclosure should hold (its 目录's list, else the core kinds of a full disclosure) it lacks. */
  missingCore: number;
  /** Summary-fact identities that fail. */
  identityFailures: number;
  /** Summary-fact identities that could be tested. */
  identitiesTested: number;
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

/** True when a table is reported as an orphan continuation (a continuation page that joins nothing). */
function isReportedOrphan(doc: BudgetDocument, table: Table): boolean {
  return doc.diagnostics.some((d) => d.table === table.id && d.ruleId === 'continuation-orphan');
}

/** Score one document. */
export function scoreWild(doc: BudgetDocument): WildScore {
  const amountTables = doc.tables.filter(holdsAmounts);
  const identities = factIdentities(doc);
  return {
    tables: doc.tables.length,
    withAmounts: amountTables.length,
    kinded: amountTables.filter((t) => t.kind !== 'other').length,
    other: amountTables.filter((t) => t.kind === 'other').length,
    untitled: amountTables.filter((t) => !t.title && !isReportedOrphan(doc, t)).length,
    noUnit: amountTables.filter((t) => t.kind !== 'other' && t.unit === null).length,
    missingCore: missingTableKinds(doc, loadGrammars()).length,
    identityFailures: identities.filter((i) => i.holds === false).length,
    identitiesTested: identities.filter((i) => i.holds !== undefined).length,
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
];
