/**
 * Generate seeded damaged copies of the dev PDFs in a folder, convert originals and mutants, and report
 * every silent loss (see compare.ts). Used by test/corpus/damage.test.ts; runnable alone for a report:
 * `npx tsx test/damage/run.ts [count] [seed]`.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { extractPdfLayout } from '../../src/extract/pdf/index.js';
import { type BudgetDocument, convertMany } from '../../src/index.js';
import { CORPUS } from '../helpers/paths.js';
import { type SilentLoss, silentLosses, tablePages, valuesOf } from './compare.js';
import { DAMAGE_KINDS, type Damage, damage, randomFrom } from './mutate.js';

/** One damaged file and what its conversion showed. */
export interface MutantReport {
  file: string;
  damage: Damage;
  /** Conversion failed with this code (loud by itself). */
  failed?: string;
  /** Values lost or changed; `silent` are those nothing warned of. */
  changed: number;
  silent: SilentLoss[];
  /** Values on a page dropped or moved that the document gives no means to miss (see runDamage). */
  unobservable?: number;
}

/** Options of {@link runDamage}. */
export interface DamageRunOptions {
  /** Mutants to make (default 210). */
  count?: number;
  /** Seed of the first mutant (default 13). */
  seed?: number;
  /** Folder for the mutants (default: a new temporary folder, removed afterwards). */
  dir?: string;
  /** Make only the mutants with these numbers (for a closer look at a few). */
  only?: readonly number[];
}

/** Make the mutants, convert everything, compare. */
export async function runDamage(options: DamageRunOptions = {}): Promise<MutantReport[]> {
  const { count = 210, seed = 13 } = options;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'budget-ingest-damage-'));
  try {
    const originals = readdirSync(CORPUS)
      .filter((name) => name.endsWith('.pdf'))
      .sort();
    const made: { file: string; original: number; damage: Damage }[] = [];
    const loaded = new Map<number, Uint8Array>();
    for (let i = 0; made.length < count && i < count * 3; i++) {
      const original = i % originals.length;
      const kind = DAMAGE_KINDS[i % DAMAGE_KINDS.length]!;
      if (options.only && !options.only.includes(i)) continue;
      let bytes = loaded.get(original);
      if (!bytes) {
        bytes = readFileSync(join(CORPUS, originals[original]!));
        loaded.set(original, bytes);
      }
      const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
      const done = damage(doc, kind, randomFrom(seed + i));
      if (!done) continue;
      const folder = join(dir, `m${String(i).padStart(4, '0')}`);
      mkdirSync(folder);
      const file = join(folder, originals[original]!);
      writeFileSync(file, await doc.save({ updateFieldAppearances: false }));
      made.push({ file, original, damage: done });
    }
    // Page numbers each original prints (a document numbered throughout shows a page dropped or moved).
    const folios = new Map<number, number>();
    for (const original of new Set(made.map((m) => m.original))) {
      const layout = await extractPdfLayout(new Uint8Array(loaded.get(original)!));
      folios.set(original, layout.data.folios?.length ?? 0);
    }
    const inputs = [...originals.map((name) => join(CORPUS, name)), ...made.map((m) => m.file)];
    const documents: (BudgetDocument | string)[] = [];
    for await (const result of convertMany(inputs, { concurrency: 2, timeout: 300, ordered: true }))
      documents[result.index] = result.document ?? result.error?.code ?? 'failed';
    return made.map((m, k) => {
      const before = documents[m.original];
      const after = documents[originals.length + k];
      if (typeof before !== 'object')
        throw new Error(`${originals[m.original]}: the original did not convert`);
      if (typeof after !== 'object')
        return { file: m.file, damage: m.damage, failed: after ?? 'failed', changed: 0, silent: [] };
      // A page dropped or moved in a document that prints no page numbers leaves a valid document: the values
      // printed on that page (and whole tables only on it) can go without a trace. Values anywhere else
      // cannot.
      const pagesBefore = tablePages(before);
      const pagesAfter = tablePages(after);
      const pageless = (folios.get(m.original) ?? 0) < 3 && m.damage.kind.endsWith('-page');
      const unobservable = (value: { table: string; page?: number }) =>
        pageless &&
        (value.page === m.damage.page ||
          (!pagesAfter.has(value.table) &&
            (pagesBefore.get(value.table) ?? []).every((page) => page === m.damage.page)));
      const silent = silentLosses(before, after, unobservable);
      const hidden = [...valuesOf(before).values()].filter(unobservable).length;
      return {
        file: m.file,
        damage: m.damage,
        changed: changedCount(before, after),
        silent,
        unobservable: hidden,
      };
    });
  } finally {
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** How many values of `before` differ or vanish in `after`. */
function changedCount(before: BudgetDocument, after: BudgetDocument): number {
  const now = valuesOf(after);
  let n = 0;
  for (const [key, value] of valuesOf(before)) if (now.get(key)?.value !== value.value) n++;
  return n;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 210);
  const seed = Number(process.argv[3] ?? 13);
  const started = Date.now();
  const only = process.env.DAMAGE_ONLY?.split(',').map(Number);
  const reports = await runDamage({
    count,
    seed,
    dir: mkdtempSync(join(tmpdir(), 'damage-keep-')),
    ...(only ? { only } : {}),
  });
  for (const r of reports) {
    const tag = r.failed
      ? `failed ${r.failed}`
      : `changed ${r.changed} silent ${r.silent.length} unobservable-values ${r.unobservable ?? 0}`;
    console.log(`${r.damage.kind}\tp${r.damage.page}\t${tag}\t${r.file}\t${r.damage.detail}`);
    for (const s of r.silent.slice(0, 5)) console.log(`    ${s.key}: ${s.before} -> ${s.after ?? '(gone)'}`);
  }
  const silent = reports.filter((r) => r.silent.length > 0);
  console.log(
    `${reports.length} mutants, ${reports.filter((r) => r.changed > 0).length} with changes, ${silent.length} with silent losses (${silent.reduce((a, r) => a + r.silent.length, 0)} values), ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}
