/**
 * Corpus scoreboard: `npm run corpus -- [DIR] [--json FILE] [--only NAME]`.
 *
 * Converts every document of DIR (default ../shared/corpus/dev) and prints, per document, the tables found
 * by kind with their pages, merged tables, rows, summary facts and time; where DIR/truth/ exists, it scores
 * tables (kind + page range; a run of per-project performance-target forms the truth records as one table
 * is found when our forms tile its pages, see tileForms) and facts (amounts in 元, meta) against it. Exits 0
 * with a message when DIR is absent.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BudgetDocument, safeParseFile } from '../src/index.js';
import { pageRange, readTruth, scoreFacts, scoreTables } from './corpus-score.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const jsonOut = flag('--json');
const only = flag('--only');
const verbose = args.includes('--verbose');
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? join(root, '../shared/corpus/dev'));
if (!existsSync(dir)) {
  console.log(`corpus: ${dir} is absent; nothing to score.`);
  process.exit(0);
}

const truth = readTruth(dir);

const files = readdirSync(dir)
  .filter((name) => /\.(pdf|md|tsv|csv|html?)$/i.test(name) && name !== 'MANIFEST.tsv')
  .filter((name) => !only || name.includes(only))
  .sort();
const totals = {
  docs: 0,
  failed: 0,
  tables: 0,
  truthTables: 0,
  tablesMatched: 0,
  facts: 0,
  factsMatched: 0,
  checksRun: 0,
  checksFailed: 0,
  ms: 0,
};
const report: Record<string, unknown>[] = [];
for (const name of files) {
  const start = performance.now();
  const result = await safeParseFile(join(dir, name));
  const ms = performance.now() - start;
  totals.ms += ms;
  totals.docs++;
  if (!result.ok) {
    totals.failed++;
    console.log(`\n## ${name}: FAILED [${result.error.code}] ${result.error.message}`);
    report.push({ name, error: result.error.code });
    continue;
  }
  const doc: BudgetDocument = result.document;
  const { meta } = doc;
  console.log(
    `\n## ${name}  (${ms.toFixed(0)} ms)  ${meta.department ?? '?'} | ${meta.year ?? '?'} | ${meta.kind ?? '?'} | ${meta.scope ?? '?'}`,
  );
  totals.tables += doc.tables.length;
  const truthTables = truth.tables.get(name) ?? [];
  const { exact, forms, matched } = scoreTables(doc, truthTables);
  for (const [k, table] of doc.tables.entries()) {
    const range = pageRange(table.pages);
    const index = exact[k]!;
    const part = forms.get(k);
    const mark = truthTables.length ? (index >= 0 ? 'ok ' : part ? 'ok⊂' : '-- ') : '   ';
    const merged =
      table.fragments.length > 1 ? ` merged ${table.fragments.map((f) => f.join[0]).join('')}` : '';
    const expectedRows = index >= 0 ? `/${truthTables[index]!.rows}` : '';
    console.log(
      `  ${mark}${table.kind.padEnd(32)} p${range.padEnd(6)} rows ${String(table.rows.length).padStart(3)}${expectedRows}${table.empty ? ' EMPTY' : ''}${merged}  ${table.title.slice(0, 40)}${part ? `  (one of the forms of p${part})` : ''}`,
    );
  }
  truthTables.forEach((t, i) => {
    if (!matched.has(i)) console.log(`  MISSING ${t.kind.padEnd(32)} p${t.pages.padEnd(6)} ${t.title}`);
  });
  totals.truthTables += truthTables.length;
  totals.tablesMatched += matched.size;
  const facts = truth.facts.get(name);
  let factOk = 0;
  let factTotal = 0;
  if (facts) {
    const scores = scoreFacts(doc, facts);
    factTotal = scores.length;
    factOk = scores.filter((f) => f.ok).length;
    totals.facts += factTotal;
    totals.factsMatched += factOk;
    const misses = scores.filter((f) => !f.ok).map((f) => `${f.fact}=${f.got ?? '∅'} (truth ${f.expected})`);
    console.log(`  facts ${factOk}/${factTotal}${misses.length ? `  misses: ${misses.join('; ')}` : ''}`);
  }
  const bySeverity = (s: string) => doc.diagnostics.filter((d) => d.severity === s).length;
  const checks = doc.checks.totals;
  totals.checksRun += checks.run;
  totals.checksFailed += checks.failed;
  console.log(
    `  checks: ${checks.run} run, ${checks.failed} failed, ${checks.skipped} skipped; diagnostics: ${bySeverity('error')} errors, ${bySeverity('warning')} warnings, ${bySeverity('info')} info`,
  );
  if (verbose)
    for (const d of doc.diagnostics.filter((x) => x.severity !== 'info'))
      console.log(`    ${d.severity} ${d.ruleId}: ${d.message}`);
  report.push({
    name,
    ms: Math.round(ms),
    meta,
    tables: doc.tables.map((t) => ({ kind: t.kind, title: t.title, pages: t.pages, rows: t.rows.length })),
    facts: `${factOk}/${factTotal}`,
    checks: doc.checks.totals,
    problems: doc.diagnostics
      .filter((d) => d.severity !== 'info')
      .map((d) => `${d.severity} ${d.ruleId}: ${d.message}`),
  });
}
console.log(
  `\nTOTAL ${totals.docs} documents (${totals.failed} failed), ${totals.tables} tables; truth tables matched ${totals.tablesMatched}/${totals.truthTables}; facts matched ${totals.factsMatched}/${totals.facts} (${((100 * totals.factsMatched) / Math.max(1, totals.facts)).toFixed(1)}%); checks ${totals.checksRun} run, ${totals.checksFailed} failed; ${(totals.ms / 1000).toFixed(1)} s`,
);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ totals, report }, null, 2));
