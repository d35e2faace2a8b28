/**
 * Consistency checks over a parsed budget document: arithmetic, code hierarchy, cross-table and
 * prose-vs-table identities, as small named rules, each switchable, with coverage of what ran.
 */

import type { GrammarSet } from '../grammar/load.js';
import type { BudgetDocument, Diagnostic } from '../model/schema.js';
import type { CodeDictionary } from '../normalize/code-dictionary.js';
import { type CheckEnvironment, type CheckRule, type Finding, RuleContext } from './context.js';
import { type CheckCoverage, type Coverage, emptyCheckCoverage, type RuleCoverage } from './coverage.js';
import { codeDictionary } from './rules/code-dictionary.js';
import { codeHierarchy } from './rules/code-hierarchy.js';
import { columnTotals } from './rules/column-totals.js';
import { crossTable } from './rules/cross-table.js';
import { disclosureQuality } from './rules/disclosure-quality.js';
import { duplicates } from './rules/duplicates.js';
import { partWithinWhole } from './rules/part-within-whole.js';
import { proseVsTable } from './rules/prose-vs-table.js';
import { rowArithmetic } from './rules/row-arithmetic.js';
import { tableCompleteness } from './rules/table-completeness.js';
import { threePublic } from './rules/three-public.js';
import { twoSidedSummary } from './rules/two-sided-summary.js';

export type { CheckRule, Evidence, Finding } from './context.js';
export { Coverage, RuleCoverage } from './coverage.js';
export { formatDiagnostics } from './format.js';

/** Every rule, in the order they run. */
export const CHECK_RULES: readonly CheckRule[] = [
  rowArithmetic,
  columnTotals,
  codeHierarchy,
  partWithinWhole,
  tableCompleteness,
  twoSidedSummary,
  threePublic,
  crossTable,
  proseVsTable,
  duplicates,
  disclosureQuality,
  codeDictionary,
];

/** Rule ids (public API). */
export const CHECK_RULE_IDS: readonly string[] = CHECK_RULES.map((r) => r.id);

/** Options of runChecks. */
export interface CheckOptions {
  /** Rule id → false to switch a rule off (all rules run by default). */
  rules?: Record<string, boolean>;
  /** Table grammars the document was parsed with (default: the shipped ones). */
  grammars?: GrammarSet;
  /** Code dictionary the document was parsed with (default: the shipped one). */
  dictionary?: CodeDictionary;
}

/** What runChecks returns. */
export interface CheckResult {
  /** One diagnostic per failed check (valid against the model's Diagnostic schema). */
  diagnostics: Diagnostic[];
  /** The same failures with the identity id, difference, tolerance and every value involved. */
  findings: Finding[];
  /** Checks run / passed / failed / skipped per rule and identity. */
  coverage: Coverage;
}

function formatReasons(reasons: Map<string, number>): string[] {
  return [...reasons].map(([reason, n]) => (n > 1 ? `${reason}（×${n}）` : reason));
}

/** Run the checks over a document. */
export function runChecks(document: BudgetDocument, options: CheckOptions = {}): CheckResult {
  const unknown = Object.keys(options.rules ?? {}).filter((id) => !CHECK_RULE_IDS.includes(id));
  if (unknown.length > 0)
    throw new Error(`Unknown check rule(s): ${unknown.join(', ')}; known: ${CHECK_RULE_IDS.join(', ')}`);
  const findings: Finding[] = [];
  const rules: Record<string, RuleCoverage> = {};
  for (const rule of CHECK_RULES) {
    const enabled = options.rules?.[rule.id] !== false;
    const coverage: RuleCoverage = {
      ...emptyCheckCoverage(),
      enabled,
      description: rule.description,
      checks: {},
    };
    rules[rule.id] = coverage;
    if (!enabled) {
      coverage.skipReasons.push('规则已关闭（options.rules）');
      for (const check of rule.checks)
        coverage.checks[check] = { ...emptyCheckCoverage(), skipReasons: ['规则已关闭'] };
      continue;
    }
    const env: CheckEnvironment = {};
    if (options.grammars) env.grammars = options.grammars;
    if (options.dictionary) env.dictionary = options.dictionary;
    const ctx = new RuleContext(document, rule.id, env);
    for (const check of rule.checks) ctx.declare(check);
    rule.run(ctx);
    findings.push(...ctx.findings);
    const allReasons = new Map<string, number>();
    for (const [check, c] of ctx.counters) {
      const entry: CheckCoverage = {
        run: c.passed + c.failed,
        passed: c.passed,
        failed: c.failed,
        skipped: c.skipped,
        skipReasons: formatReasons(c.reasons),
      };
      coverage.checks[check] = entry;
      coverage.run += entry.run;
      coverage.passed += entry.passed;
      coverage.failed += entry.failed;
      coverage.skipped += entry.skipped;
      for (const [r, n] of c.reasons)
        allReasons.set(`${check}: ${r}`, (allReasons.get(`${check}: ${r}`) ?? 0) + n);
    }
    coverage.skipReasons = formatReasons(allReasons);
  }
  const diagnostics = findings.map((f) => f.diagnostic);
  const totals = { run: 0, passed: 0, failed: 0, skipped: 0, errors: 0, warnings: 0, infos: 0 };
  for (const r of Object.values(rules)) {
    totals.run += r.run;
    totals.passed += r.passed;
    totals.failed += r.failed;
    totals.skipped += r.skipped;
  }
  for (const d of diagnostics) {
    if (d.severity === 'error') totals.errors++;
    else if (d.severity === 'warning') totals.warnings++;
    else totals.infos++;
  }
  return { diagnostics, findings, coverage: { rules, totals } };
}
