/** An affine transform [a b c d e f] as PDF and pdf.js write it. */
export type Matrix = readonly number[];

/** Compose affine transforms: the result maps p to m1(m2(p)) (pdf.js `Util.transform(m1, m2)`). */
export function compose(m1: Matrix, m2: Matrix): number[] {
  const [a1 = 1, b1 = 0, c1 = 0, d1 = 1, e1 = 0, f1 = 0] = m1;
  const [a2 = 1, b2 = 0, c2 = 0, d2 = 1, e2 = 0, f2 = 0] = m2;
  return [
    a1 * a2 + c1 * b2,
    b1 * a2 + d1 * b2,
    a1 * c2 + c1 * d2,
    b1 * c2 + d1 * d2,
    a1 * e2 + c1 * f2 + e1,
    b1 * e2 + d1 * f2 + f1,
  ];
}
