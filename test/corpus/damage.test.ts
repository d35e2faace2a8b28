/**
 * Loss is loud (issue #13.1), truth-free: the dev PDFs are damaged in seeded ways (content streams cut short
 * or garbled, one digit glyph changed, a font's ToUnicode map lost, a page dropped or moved; see
 * test/damage/mutate.ts), originals and mutants are converted, and every value of the original (table
 * cells, summary facts) that differs or disappears in a mutant must sit in a table, or a document, carrying
 * a warning or error the original lacks (see test/damage/compare.ts). The one loss no document can show —
 * values printed on a page dropped or moved from a document that prints no page numbers — is counted apart
 * as unobservable and printed. Skipped without ../shared/corpus/dev. DAMAGE_MUTANTS and DAMAGE_SEED change
 * the run (defaults 210 and 13); figures are printed, never asserted against time. About 8 minutes of two
 * cores (233 conversions): it runs in the `corpus` project (`npm run test:corpus`).
 */
import { describe, expect, it } from 'vitest';
import { runDamage } from '../damage/run.js';
import { HAS_CORPUS } from '../helpers/paths.js';

const COUNT = Number(process.env.DAMAGE_MUTANTS ?? 210);
const SEED = Number(process.env.DAMAGE_SEED ?? 13);

describe.skipIf(!HAS_CORPUS)('damaged dev PDFs lose nothing silently', () => {
  it(`${COUNT} seeded mutants: every changed or lost value is in a table or document that warns`, {
    timeout: 3_600_000,
  }, async () => {
    const started = Date.now();
    const reports = await runDamage({ count: COUNT, seed: SEED });
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const changed = reports.filter((r) => r.changed > 0 || r.failed);
    const byKind = new Map<string, number>();
    for (const r of reports) byKind.set(r.damage.kind, (byKind.get(r.damage.kind) ?? 0) + 1);
    console.log(
      `damage: ${reports.length} mutants (${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}), ` +
        `${changed.length} with changed values (${reports.reduce((a, r) => a + r.changed, 0)} values), ` +
        `${reports.filter((r) => r.failed).length} failed to convert, ` +
        `${reports.reduce((a, r) => a + (r.unobservable ?? 0), 0)} values unobservable (page dropped or moved, no page numbers); ${seconds} s`,
    );
    // Guards: the run made enough mutants of every kind, and the damage did change values.
    expect(reports.length).toBeGreaterThanOrEqual(Math.min(COUNT, 200));
    expect(byKind.size).toBe(6);
    expect(changed.length).toBeGreaterThan(reports.length / 5);
    const silent = reports
      .filter((r) => r.silent.length > 0)
      .map((r) => ({
        file: r.file.split('/').slice(-2).join('/'),
        damage: `${r.damage.kind} p${r.damage.page}: ${r.damage.detail}`,
        values: r.silent.length,
        first: r.silent.slice(0, 3).map((s) => `${s.key}: ${s.before} → ${s.after ?? '(gone)'}`),
      }));
    expect(silent).toEqual([]);
  });
});
