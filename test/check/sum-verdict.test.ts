import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { random } from '../../bench/generate.js';
import {
  cellAmount,
  cellQuantity,
  checkSum,
  exceeds,
  isNegativeAmount,
  RuleContext,
  sumVerdict,
} from '../../src/check/context.js';
import { doc, EXPENDITURE_HEADER, table } from './helpers.js';

// The rules decide a sum or a part/whole comparison from cell amounts (in whole ulps where exact) and build the
// evidence only for a failure; the verdicts must be checkSum's and the Decimal comparison's, at the tolerance
// boundary, with blanks, negatives, "-0", mixed decimals and values too large for the whole-ulp path.
function amount(r: () => number, decimals: number): string {
  const roll = r();
  if (roll < 0.08) return '';
  if (roll < 0.1) return '-0.00';
  if (roll < 0.16) return (-Math.floor(r() * 50000) / 100).toFixed(decimals);
  if (roll < 0.2)
    return `${Math.floor(r() * 9e6)}${Math.floor(r() * 9e6)}.${decimals ? '5' : ''}`.replace(/\.$/, '');
  return (Math.floor(r() * 1e7) / 100).toFixed(decimals);
}

/** A 支出总表 whose 合计 column is Σ of the two others plus a small delta, so sums fall on both sides of the tolerance. */
function randomTable(seed: number): string {
  const r = random(seed);
  const decimals = r() < 0.7 ? 2 : r() < 0.5 ? 1 : 0;
  const rows: string[] = [];
  for (let i = 0; i < 30; i++) {
    const basic = amount(r, decimals);
    const project = amount(r, decimals);
    const delta = Math.floor(r() * 7 - 3) / 10 ** decimals;
    const sum = new Decimal(basic || 0).plus(project || 0).plus(delta);
    const total = r() < 0.05 ? '' : sum.toFixed(decimals);
    rows.push(`${201 + i}\t科目${i}\t${total}\t${basic}\t${project}`);
  }
  return table('部门支出总表', EXPENDITURE_HEADER, rows);
}

describe('sum and part/whole verdicts from cell amounts', () => {
  it('equal checkSum and the Decimal comparison on random tables', () => {
    let compared = 0;
    const outcomes = new Set<string>();
    const paths = new Set<boolean>();
    for (let seed = 1; seed <= 12; seed++) {
      const document = doc(randomTable(seed));
      const t = document.tables[0]!;
      expect(t.rows.length).toBeGreaterThan(20);
      const columns = t.columns.filter((c) => c.role === 'amount').map((c) => c.id);
      expect(columns.length).toBe(3);
      const ctx = new RuleContext(document, 'probe');
      for (let i = 0; i < t.rows.length; i++) {
        for (const [target, ...addends] of [
          columns,
          [columns[0]!, columns[1]!],
          [columns[1]!, columns[2]!],
        ]) {
          const verdict = sumVerdict(
            cellAmount(t, i, target!)!,
            addends.map((a) => cellAmount(t, i, a)!),
          );
          const reference = checkSum(
            ctx,
            'probe',
            cellQuantity(t, i, target!, 'total')!,
            addends.map((a) => cellQuantity(t, i, a, 'term')!),
            { subject: () => 'probe' },
          );
          expect(verdict, `seed ${seed} row ${i} ${target}`).toBe(reference);
          outcomes.add(verdict);
          compared++;
        }
        for (const [part, whole] of [
          [columns[1]!, columns[0]!],
          [columns[2]!, columns[1]!],
        ]) {
          const p = cellAmount(t, i, part!)!;
          paths.add(p.units === undefined);
          const w = cellAmount(t, i, whole!)!;
          const q = cellQuantity(t, i, part!)!;
          const v = cellQuantity(t, i, whole!)!;
          expect(isNegativeAmount(p)).toBe(q.value.isNegative());
          if (p.blank || w.blank) continue;
          expect(exceeds(p, w)).toBe(!q.value.minus(v.value).lte(q.ulp.plus(v.ulp)));
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect([...outcomes].sort()).toEqual(['empty', 'failed', 'passed']);
    // Both the whole-ulp path and the Decimal fallback were taken.
    expect([...paths].sort()).toEqual([false, true]);
  });
});
