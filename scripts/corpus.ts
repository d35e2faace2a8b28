/**
 * Corpus scoreboard: `npm run corpus -- [DIR] [--set dev|wild] [--json FILE] [--only NAME] [--verbose]`.
 *
 * Scores two sets against hand-read truth: `dev` (../shared/corpus/dev with its truth/) and `wild` (the
 * documents of ../shared/corpus/wild that test/truth/wild covers). Per document it prints the tables found by
 * kind with their pages, merged tables, rows, summary facts and time, and scores tables (kind + page range; a
 * run of per-project performance-target forms the truth records as one table is found when our forms tile its
 * pages, see tileForms) and facts (amounts in 元, meta); for wild documents that are not disclosures (scans,
 * notices, portal pages) it checks that the document says what it is. With DIR, only that folder is scored
 * (with DIR/truth when present). Sets whose folder is absent are skipped with a message.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BudgetDocument, safeParseFile } from '../src/index.js';
import {
  documentStatusScore,
  pageRange,
  readTruth,
  scoreFacts,
  scoreTables,
  type Truth,
} from './corpus-score.js';

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
const onlySet = flag('--set');
const verbose = args.includes('--verbose');
const root = fileURLToPath(new URL('..', import.meta.url));
const explicit = args.find((a) => !a.startsWith('--'));

interface CorpusSet {
  name: string;
  dir: string;
  truth: Truth;
  /** Score only the documents the truth covers. */
  truthOnly: boolean;
  legacyOther: boolean;
}

const sets: CorpusSet[] = explicit
  ? [
      {
        name: explicit,
        dir: resolve(explicit),
        truth: readTruth(resolve(explicit)),
        truthOnly: false,
        legacyOther: false,
      },
    ]
  : [
      {
        name: 'dev',
        dir: join(root, '../shared/corpus/dev'),
        truth: readTruth(join(root, '../shared/corpus/dev')),
        truthOnly: false,
        legacyOther: true,
      },
      {
        name: 'wild',
        dir: join(root, '../shared/corpus/wild'),
        truth: readTruth(join(root, '../shared/corpus/wild'), join(root, 'test/truth/wild')),
        truthOnly: true,
        legacyOther: false,
      },
    ];

const report: Record<string, unknown>[] = [];
const summaries: string[] = [];
for (const set of sets.filter((s) => !onlySet || s.name === onlySet)) {
  if (!existsSync(set.dir)) {
    console.log(`corpus: ${set.dir} is absent; nothing to score for ${set.name}.`);
    continue;
  }
  const covered = new Set([
    ...set.truth.tables.keys(),
    ...set.truth.facts.keys(),
    ...set.truth.documents.keys(),
  ]);
  const files = readdirSync(set.dir)
    .filter((name) => /\.(pdf|md|tsv|csv|html?)$/i.test(name) && name !== 'MANIFEST.tsv')
    .filter((name) => !set.truthOnly || covered.has(name))
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
    statuses: 0,
    statusesMatched: 0,
    checksRun: 0,
    checksFailed: 0,
    ms: 0,
  };
  console.log(`\n# ${set.name}: ${set.dir}`);
  for (const name of files) {
    const start = performance.now();
    const result = await safeParseFile(join(set.dir, name));
    const ms = performance.now() - start;
    totals.ms += ms;
    totals.docs++;
    const status = set.truth.documents.get(name);
    if (!result.ok) {
      totals.failed++;
      console.log(`\n## ${name}: FAILED [${result.error.code}] ${result.error.message}`);
      report.push({ set: set.name, name, error: result.error.code });
      continue;
    }
    const doc: BudgetDocument = result.document;
    const { meta } = doc;
    console.log(
      `\n## ${name}  (${ms.toFixed(0)} ms)  ${meta.department ?? '?'} | ${meta.year ?? '?'} | ${meta.kind ?? '?'} | ${meta.scope ?? '?'}${status ? `  [truth: ${status.status}]` : ''}`,
    );
    if (status) {
      const said = documentStatusScore(doc, status.status);
      totals.statuses++;
      if (said.ok) totals.statusesMatched++;
      if (!said.ok) console.log(`  STATUS ${status.status} not reported (${said.detail})`);
    }
    totals.tables += doc.tables.length;
    const truthTables = set.truth.tables.get(name) ?? [];
    const { exact, forms, matched } = scoreTables(doc, truthTables, { legacyOther: set.legacyOther });
    for (const [k, table] of doc.tables.entries()) {
      const range = pageRange(table.pages);
      const index = exact[k]!;
      const part = forms.get(k);
      const mark = truthTables.length ? (index >= 0 ? 'ok ' : part ? 'ok⊂' : '-- ') : '   ';
      const merged =
        table.fragments.length > 1 ? ` merged ${table.fragments.map((f) => f.join[0]).join('')}` : '';
      const expectedRows = index >= 0 ? `/${truthTables[index]!.rows}` : '';
      console.log(
        `  ${mark}${table.kind.padEnd(38)} p${range.padEnd(6)} rows ${String(table.rows.length).padStart(3)}${expectedRows}${table.empty ? ' EMPTY' : ''}${merged}  ${table.label ? `[${table.label}] ` : ''}${table.title.slice(0, 40)}${part ? `  (one of the forms of p${part})` : ''}`,
      );
    }
    truthTables.forEach((t, i) => {
      if (!matched.has(i)) console.log(`  MISSING ${t.kind.padEnd(38)} p${t.pages.padEnd(6)} ${t.title}`);
    });
    totals.truthTables += truthTables.length;
    totals.tablesMatched += matched.size;
    const facts = set.truth.facts.get(name);
    let factOk = 0;
    let factTotal = 0;
    if (facts) {
      const scores = scoreFacts(doc, facts);
      factTotal = scores.length;
      factOk = scores.filter((f) => f.ok).length;
      totals.facts += factTotal;
      totals.factsMatched += factOk;
      const misses = scores
        .filter((f) => !f.ok)
        .map((f) => `${f.fact}=${f.got ?? '∅'} (truth ${f.expected})`);
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
      set: set.name,
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
  const line = `TOTAL ${set.name}: ${totals.docs} documents (${totals.failed} failed), ${totals.tables} tables; truth tables matched ${totals.tablesMatched}/${totals.truthTables}; facts matched ${totals.factsMatched}/${totals.facts} (${((100 * totals.factsMatched) / Math.max(1, totals.facts)).toFixed(1)}%)${totals.statuses ? `; documents reported for what they are ${totals.statusesMatched}/${totals.statuses}` : ''}; checks ${totals.checksRun} run, ${totals.checksFailed} failed; ${(totals.ms / 1000).toFixed(1)} s`;
  summaries.push(line);
  console.log(`\n${line}`);
}
if (summaries.length > 1) console.log(`\n${summaries.join('\n')}`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ summaries, report }, null, 2));
