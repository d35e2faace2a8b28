/**
 * Tolerances derived from printed precision and units. Every printed amount was rounded to its last printed
 * place, so it may be off by half a unit in that place; a sum of n printed terms compared with a printed total
 * may therefore drift by half a unit for every term and for the total (0.01 per added item in a 万元 table
 * printed with two decimals). All arithmetic is decimal.js, never floats.
 */
import { Decimal } from 'decimal.js';
import { UNIT_FACTORS as FACTORS } from '../normalize/units.js';

/** Yuan per declared unit (the normalizer's table, indexable by any printed unit string). */
export const UNIT_FACTORS: Readonly<Record<string, string>> = FACTORS;

/** A full-width digit or point. */
const FULLWIDTH_NUMBER = /[０-９．]/;

/** Number of decimals printed in an amount ("1,186.35" → 2, "5.7" → 1, "750" → 0). */
export function printedDecimals(printed: string): number {
  // Full-width digits and points are folded first; most cells print none.
  const folded = FULLWIDTH_NUMBER.test(printed)
    ? printed.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[．]/g, '.')
    : printed;
  const match = /\.(\d+)\s*\)?\s*$/.exec(folded.trim());
  return match?.[1]?.length ?? 0;
}

/** One unit in the last printed place, in the given unit factor (2 decimals in 万元 → 100 元). */
export function ulp(decimals: number, factor: Decimal.Value = 1): Decimal {
  return new Decimal(10).pow(-decimals).times(factor);
}

/** sumTolerance of n copies of one ulp instance, by n. */
const halfUlps = new WeakMap<Decimal, Decimal[]>();

/** Tolerance of a sum identity: half an ulp for every printed (non-blank) term and for the total. */
export function sumTolerance(ulps: readonly Decimal[]): Decimal {
  const first = ulps[0];
  // The usual case, every value from one table: n × ulp / 2, memoized (exact: decimal arithmetic either way).
  if (first && ulps.length <= 64 && ulps.every((u) => u === first)) {
    let byCount = halfUlps.get(first);
    if (!byCount) {
      byCount = [];
      halfUlps.set(first, byCount);
    }
    byCount[ulps.length] ??= ulps.reduce((acc, u) => acc.plus(u.div(2)), new Decimal(0));
    return byCount[ulps.length]!;
  }
  return ulps.reduce((acc, u) => acc.plus(u.div(2)), new Decimal(0));
}

/** True when |difference| is within the tolerance. */
export function withinTolerance(difference: Decimal, tolerance: Decimal): boolean {
  return difference.abs().lte(tolerance);
}

/**
 * When `actual` and `expected` (both in 元) disagree but agree once one of them is read in another unit
 * (元 printed where 万元 is declared, 千元 for 元 …), the ratio between the units (10000, 1000, 100000000);
 * otherwise null.
 */
export function unitSlip(actual: Decimal, expected: Decimal, tolerance: Decimal): Decimal | null {
  if (actual.isZero() || expected.isZero()) return null;
  for (const ratio of [new Decimal(10000), new Decimal(1000), new Decimal(100000000)]) {
    if (actual.times(ratio).minus(expected).abs().lte(tolerance.times(ratio))) return ratio;
    if (actual.div(ratio).minus(expected).abs().lte(tolerance)) return ratio;
  }
  return null;
}

/** Format a decimal for messages: plain notation, no exponent, trailing zeros of the fraction kept as given. */
export function fmt(value: Decimal, decimals?: number): string {
  return decimals === undefined ? value.toFixed() : value.toFixed(decimals);
}
