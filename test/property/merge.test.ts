/**
 * Property: a numbered table split at random page breaks — each continuation with the title repeated, the
 * header repeated, or bare rows — merges back into one table with every row once, serials continuous.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parse.js';
import { SEED } from './seed.js';

const HEAD = '序号\t科目编码\t科目名称\t合计\t基本支出\t项目支出';
const TITLE = '部门支出总表';
const row = (n: number) => `${n}\t2${String(n).padStart(6, '0')}\t事务${n}\t${n}.00\t${n}.00\t`;

/** A table of n rows cut into pages at the given break points, each continuation in its own style. */
const splitTable = fc
  .integer({ min: 2, max: 30 })
  .chain((n) =>
    fc.tuple(
      fc.constant(n),
      fc.uniqueArray(fc.integer({ min: 1, max: n - 1 }), { maxLength: Math.min(5, n - 1) }),
      fc.array(fc.constantFrom('title-repeated', 'header-repeated', 'bare-rows'), {
        minLength: 5,
        maxLength: 5,
      }),
    ),
  )
  .map(([n, cuts, styles]) => {
    const bounds = [0, ...[...cuts].sort((a, b) => a - b), n];
    const pages = bounds.slice(1).map((end, i) => {
      const rows = Array.from({ length: end - bounds[i]! }, (_, k) => row(bounds[i]! + k + 1)).join('\n');
      const style = i === 0 ? 'title-repeated' : styles[i - 1]!;
      if (style === 'title-repeated') return `# ${TITLE}\n\n金额单位：万元\n\n${HEAD}\n${rows}\n`;
      if (style === 'header-repeated') return `${HEAD}\n${rows}\n`;
      return `${rows}\n`;
    });
    return { n, pages, styles: styles.slice(0, pages.length - 1) };
  });

describe('cross-page merging (property)', () => {
  it('loses no row, duplicates none, keeps serials continuous, raises no doubt', () => {
    fc.assert(
      fc.property(splitTable, ({ n, pages, styles }) => {
        const { document } = parse(pages.join('\n\f\n'), { checks: false });
        expect(document.tables).toHaveLength(1);
        const table = document.tables[0]!;
        expect(table.rows.map((r) => r.serial)).toEqual(Array.from({ length: n }, (_, i) => String(i + 1)));
        expect(table.rows.map((r) => r.values.total)).toEqual(
          Array.from({ length: n }, (_, i) => `${i + 1}.00`),
        );
        expect(table.fragments.map((f) => f.join)).toEqual(['first', ...styles]);
        expect(table.fragments.reduce((sum, f) => sum + f.rows, 0)).toBe(n);
        expect(document.diagnostics.filter((d) => d.ruleId === 'merge-doubtful')).toEqual([]);
      }),
      { seed: SEED, numRuns: 80 },
    );
  });

  it('flags a jump in the serials at a page break', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 2, max: 5 }), (n, gap) => {
        const first = Array.from({ length: n }, (_, i) => row(i + 1)).join('\n');
        const second = [row(n + gap), row(n + gap + 1)].join('\n');
        const md = `# ${TITLE}\n\n金额单位：万元\n\n${HEAD}\n${first}\n\n\f\n${second}\n`;
        const { document } = parse(md, { checks: false });
        expect(document.diagnostics.some((d) => d.ruleId === 'merge-doubtful')).toBe(true);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });
});
