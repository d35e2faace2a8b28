/**
 * Corpus scoreboard: `npm run corpus -- [DIR] [--json FILE] [--only NAME]`.
 *
 * Converts every document of DIR (default ../shared/corpus/dev) and prints, per document, the tables found
 * by kind with their pages, merged tables, rows, summary facts and time; where DIR/truth/ exists, it scores
 * tables (kind + page range; a run of per-project performance-target forms the truth records as one table
 * is found when our forms tile its pages, see tileForms) and facts (amounts in 元, meta) against it. Exits 0
 * with a message when DIR is absent.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BudgetDocument, safeParseFile } from '../src/index.js';

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

interface TruthTable {
  kind: string;
  title: string;
  pages: string;
  rows: string;
}
const truthTables = new Map<string, TruthTable[]>();
const truthFacts = new Map<string, Map<string, string>>();
const tsv = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split('\t'))
    : [];
for (const [doc, kind, title, pages, rows] of tsv(join(dir, 'truth/tables.tsv'))) {
  if (!doc || !kind) continue;
  const list = truthTables.get(doc) ?? [];
  list.push({ kind, title: title ?? '', pages: pages ?? '', rows: rows ?? '' });
  truthTables.set(doc, list);
}
for (const [doc, fact, value] of tsv(join(dir, 'truth/facts.tsv'))) {
  if (!doc || !fact) continue;
  const map = truthFacts.get(doc) ?? new Map<string, string>();
  map.set(fact, value ?? '');
  truthFacts.set(doc, map);
}

/**
 * The truth records a run of performance-target forms printed one per project under one heading (项目支出绩效
 * 目标表 of 13 projects) as one table over their pages; we give one table per form. A truth entry left
 * unmatched counts as found when performance-target tables not matched otherwise tile its page range exactly
 * (every page covered, none outside). Returns the tiling tables' indexes with the truth range they belong to.
 */
function tileForms(
  doc: BudgetDocument,
  truth: TruthTable[],
  matched: Set<number>,
  exact: number[],
): Map<number, string> {
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

const pageRange = (pages: number[]) =>
  pages.length ? (pages.length === 1 ? `${pages[0]}` : `${pages[0]}-${pages.at(-1)}`) : '?';
const sameAmount = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a !== '' && Number(a) === Number(b);

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
  const truth = truthTables.get(name) ?? [];
  const matched = new Set<number>();
  const exact = doc.tables.map((table) => {
    const range = pageRange(table.pages);
    const index = truth.findIndex((t, i) => !matched.has(i) && t.kind === table.kind && t.pages === range);
    if (index >= 0) matched.add(index);
    return index;
  });
  const forms = tileForms(doc, truth, matched, exact);
  for (const [k, table] of doc.tables.entries()) {
    const range = pageRange(table.pages);
    const index = exact[k]!;
    const part = forms.get(k);
    const mark = truth.length ? (index >= 0 ? 'ok ' : part ? 'ok⊂' : '-- ') : '   ';
    const merged =
      table.fragments.length > 1 ? ` merged ${table.fragments.map((f) => f.join[0]).join('')}` : '';
    const expectedRows = index >= 0 ? `/${truth[index]!.rows}` : '';
    console.log(
      `  ${mark}${table.kind.padEnd(32)} p${range.padEnd(6)} rows ${String(table.rows.length).padStart(3)}${expectedRows}${table.empty ? ' EMPTY' : ''}${merged}  ${table.title.slice(0, 40)}${part ? `  (one of the forms of p${part})` : ''}`,
    );
  }
  truth.forEach((t, i) => {
    if (!matched.has(i)) console.log(`  MISSING ${t.kind.padEnd(32)} p${t.pages.padEnd(6)} ${t.title}`);
  });
  totals.truthTables += truth.length;
  totals.tablesMatched += matched.size;
  const facts = truthFacts.get(name);
  const factLines: string[] = [];
  let factOk = 0;
  let factTotal = 0;
  if (facts) {
    for (const [fact, expected] of facts) {
      let got: string | undefined;
      if (fact === 'department') got = meta.department ?? undefined;
      else if (fact === 'year') got = meta.year === null ? undefined : String(meta.year);
      else if (fact === 'kind') got = meta.kind ?? undefined;
      else if (fact === 'scope') got = meta.scope ?? undefined;
      else got = doc.summary[fact as keyof typeof doc.summary]?.yuan;
      const ok = ['department', 'year', 'kind', 'scope'].includes(fact)
        ? got === expected
        : sameAmount(got, expected);
      factTotal++;
      if (ok) factOk++;
      else factLines.push(`${fact}=${got ?? '∅'} (truth ${expected})`);
    }
    totals.facts += factTotal;
    totals.factsMatched += factOk;
    console.log(
      `  facts ${factOk}/${factTotal}${factLines.length ? `  misses: ${factLines.join('; ')}` : ''}`,
    );
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
