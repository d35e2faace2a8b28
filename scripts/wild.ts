/**
 * Wild scoreboard: `npm run wild -- [DIR] [--json FILE] [--only NAME] [--check FILE] [--write FILE]`.
 *
 * Converts every file of DIR (default ../shared/corpus/wild, as a crawler left them: PDFs, HTML pages saved as
 * .pdf, scans, non-disclosures) and prints, per document and per city (MANIFEST.tsv) and in total, what the
 * documents' own content says about the reading (scripts/wild-score.ts): tables by kind, `other` and untitled
 * tables holding amounts, kinded tables without a unit, core kinds missing from full disclosures, summary-fact
 * identities, failures by code and document-level diagnostics. `--write` records the figures as a ratchet file;
 * `--check` exits 1 when any document or the total got worse than the ratchet. Exits 0 with a message when DIR
 * is absent.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BudgetDocument, convertMany } from '../src/index.js';
import { compareRatchet, type Ratchet } from './wild-ratchet.js';
import {
  addScores,
  factAudit,
  factIdentities,
  missingCoreKinds,
  RATCHETED,
  scoreWild,
  type WildScore,
} from './wild-score.js';

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
const check = flag('--check');
const write = flag('--write');
const verbose = args.includes('--verbose');
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? join(root, '../shared/corpus/wild'));
if (!existsSync(dir)) {
  console.log(`wild: ${dir} is absent; nothing to score.`);
  process.exit(0);
}

const cities = new Map<string, string>();
const manifest = join(dir, 'MANIFEST.tsv');
if (existsSync(manifest))
  for (const line of readFileSync(manifest, 'utf8').trim().split('\n').slice(1)) {
    const [file, city] = line.split('\t');
    if (file && city) cities.set(file, city);
  }

const files = readdirSync(dir)
  .filter((name) => /\.(pdf|md|tsv|csv|html?)$/i.test(name) && name !== 'MANIFEST.tsv')
  .filter((name) => !only || name.includes(only))
  .sort();

const docs = new Map<string, BudgetDocument>();
const failures = new Map<string, string>();
const start = performance.now();
for await (const result of convertMany(
  files.map((f) => join(dir, f)),
  { concurrency: 2, timeout: 300 },
)) {
  const name = files[result.index]!;
  if (result.ok && result.document) docs.set(name, result.document);
  else failures.set(name, result.error?.code ?? 'unknown');
}
const seconds = (performance.now() - start) / 1000;

/** Document-level diagnostics (no table): what the file is, where its meta came from. */
const DOCUMENT_RULES = new Set(['not-a-disclosure', 'portal-page', 'meta-fallback', 'page-unreadable']);
const scores = new Map<string, WildScore>();
const kinds = new Map<string, number>();
const docRules = new Map<string, number>();
for (const name of files) {
  const doc = docs.get(name);
  if (!doc) {
    console.log(`${name.padEnd(22)} FAILED ${failures.get(name)}`);
    continue;
  }
  const score = scoreWild(doc);
  scores.set(name, score);
  for (const table of doc.tables) kinds.set(table.kind, (kinds.get(table.kind) ?? 0) + 1);
  const rules = [
    ...new Set(
      doc.diagnostics
        .filter((d) => d.table === undefined && DOCUMENT_RULES.has(d.ruleId))
        .map((d) => d.ruleId),
    ),
  ];
  for (const rule of rules) docRules.set(rule, (docRules.get(rule) ?? 0) + 1);
  const missing = missingCoreKinds(doc);
  const broken = factIdentities(doc).filter((i) => i.holds === false);
  const audit = factAudit(doc);
  const wrongFacts = [...audit.unprinted, ...audit.offBasis];
  console.log(
    `${name.padEnd(22)} ${String(doc.meta.department ?? '?')
      .slice(0, 18)
      .padEnd(
        18,
      )} tables ${String(score.tables).padStart(3)} amounts ${String(score.withAmounts).padStart(3)} other ${String(score.other).padStart(2)} untitled ${String(score.untitled).padStart(2)} no-unit ${String(score.noUnit).padStart(2)}` +
      `${missing.length ? ` missing[${missing.join(',')}]` : ''}${broken.length ? ` identities✗[${broken.map((b) => `${b.id} ${b.detail}`).join('; ')}]` : ''}${rules.length ? ` {${rules.join(',')}}` : ''}${wrongFacts.length ? ` facts✗[${wrongFacts.join('; ')}]` : ''}`,
  );
  if (verbose)
    for (const table of doc.tables)
      console.log(
        `    ${table.id.padEnd(4)} ${table.kind.padEnd(36)} p${table.pages.join(',').padEnd(10)} ${table.unit ?? '-'} ${table.label ? `[${table.label}] ` : ''}${table.title.slice(0, 50)}`,
      );
}

const byCity = new Map<string, WildScore[]>();
for (const [name, score] of scores) {
  const city = cities.get(name) ?? '?';
  byCity.set(city, [...(byCity.get(city) ?? []), score]);
}
console.log(
  '\nper city (documents: tables with amounts, other, untitled, no unit, missing core, identity failures, facts not printed at their unit / of another basis / doubtful)',
);
for (const [city, list] of [...byCity].sort()) {
  const s = addScores(list);
  console.log(
    `  ${city.padEnd(10)} ${String(list.length).padStart(2)} docs: ${String(s.withAmounts).padStart(4)} amounts, other ${s.other}, untitled ${s.untitled}, no-unit ${s.noUnit}, missing-core ${s.missingCore}, identities ✗ ${s.identityFailures}/${s.identitiesTested}, facts ✗ ${s.unprintedFacts}/${s.offBasisFacts}/${s.doubtfulFacts}`,
  );
}
const total = addScores([...scores.values()]);
const failedByCode = new Map<string, number>();
for (const code of failures.values()) failedByCode.set(code, (failedByCode.get(code) ?? 0) + 1);
console.log(
  `\nkinds: ${[...kinds]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}`,
);
console.log(`document diagnostics: ${[...docRules].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
console.log(`failures: ${[...failedByCode].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
console.log(
  `TOTAL ${files.length} files, ${docs.size} converted, ${failures.size} failed; ${total.tables} tables, ${total.withAmounts} with amounts: other ${total.other} (${pct(total.other, total.withAmounts)}), untitled ${total.untitled}, no unit ${total.noUnit}; core kinds missing ${total.missingCore}; fact identities failing ${total.identityFailures} of ${total.identitiesTested}; facts not printed at their unit ${total.unprintedFacts}, of another basis or year ${total.offBasisFacts}, doubtful ${total.doubtfulFacts}; errors ${total.errors}; ${seconds.toFixed(1)} s`,
);

const ratchet: Ratchet = {
  total: Object.fromEntries(RATCHETED.map((k) => [k, total[k]])) as Ratchet['total'],
  failed: failures.size,
  documents: Object.fromEntries(
    [...scores].map(([name, s]) => [name, Object.fromEntries(RATCHETED.map((k) => [k, s[k]]))]),
  ) as Ratchet['documents'],
};
if (jsonOut)
  writeFileSync(
    jsonOut,
    `${JSON.stringify({ total, failures: Object.fromEntries(failures), scores: Object.fromEntries(scores) }, null, 2)}\n`,
  );
if (write) writeFileSync(write, `${JSON.stringify(ratchet, null, 2)}\n`);
if (check) {
  const worse = compareRatchet(JSON.parse(readFileSync(check, 'utf8')) as Ratchet, ratchet);
  for (const line of worse) console.log(`WORSE ${line}`);
  if (worse.length) process.exit(1);
  console.log(`ratchet ${check}: nothing got worse`);
}
