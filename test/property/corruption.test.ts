/**
 * Property: a consistent generated 支出总表 (合计 = Σ 类, 类 = Σ 款, 款 = Σ 项, 合计 = 基本 + 项目 in every row)
 * passes the checks; with any single amount cell corrupted — changed, blanked, or made unreadable — the
 * document says so: a check names the table, or the cell is flagged `amount-unreadable`. Never silently
 * accepted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parse.js';
import { SEED } from './seed.js';

interface Line {
  code: string;
  label: string;
  /** Cents: [basic, project]. */
  basic: number;
  project: number;
}

const cents = fc.integer({ min: 1, max: 99_999_99 });
/** A 项 line: basic only, project only, or both (never all zero). */
const item = fc.oneof(
  fc.tuple(cents, fc.constant(0)),
  fc.tuple(fc.constant(0), cents),
  fc.tuple(cents, cents),
);
/** 类 → 款 → 项 amounts. */
const tree = fc.array(
  fc.array(fc.array(item, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  {
    minLength: 1,
    maxLength: 3,
  },
);

/** The names of 201, 202 and 203 (a name the dictionary gives another code would be a misprinted code). */
const LABELS = ['一般公共服务支出', '外交支出', '国防支出'];

function lines(classes: [number, number][][][]): Line[] {
  const out: Line[] = [];
  const sum = (xs: [number, number][]) =>
    xs.reduce<[number, number]>((a, x) => [a[0] + x[0], a[1] + x[1]], [0, 0]);
  const all = classes.flat(2);
  const [b, p] = sum(all);
  out.push({ code: '', label: '合计', basic: b, project: p });
  classes.forEach((kuans, i) => {
    const lei = String(201 + i);
    const [lb, lp] = sum(kuans.flat());
    out.push({ code: lei, label: LABELS[i]!, basic: lb, project: lp });
    kuans.forEach((items, j) => {
      const kuan = `${lei}${String(j + 1).padStart(2, '0')}`;
      const [kb, kp] = sum(items);
      out.push({ code: kuan, label: `款${i}${j}`, basic: kb, project: kp });
      items.forEach(([ib, ip], k) => {
        out.push({
          code: `${kuan}${String(k + 1).padStart(2, '0')}`,
          label: `项${i}${j}${k}`,
          basic: ib,
          project: ip,
        });
      });
    });
  });
  return out;
}

const money = (c: number) => (c === 0 ? '' : (c / 100).toFixed(2));

function cells(table: Line[]): string[][] {
  return table.map((l) => [l.code, l.label, money(l.basic + l.project), money(l.basic), money(l.project)]);
}

function tsv(rows: string[][]): string {
  return `2024年部门支出总表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n${rows.map((r) => r.join('\t')).join('\n')}\n`;
}

/** A corruption of one amount cell. */
const corruption = fc.record({
  row: fc.nat(),
  column: fc.integer({ min: 2, max: 4 }),
  how: fc.oneof(
    fc.record({
      kind: fc.constant('shift' as const),
      delta: fc.integer({ min: 100, max: 50_000_00 }),
      sign: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('blank' as const) }),
    fc.record({
      kind: fc.constantFrom('garbled' as const),
      text: fc.constantFrom('1.2.3', '1,2.3', '12.5-', '--5', '1,2345.00'),
    }),
  ),
});

describe('single-cell corruption of a consistent 支出总表 (property)', () => {
  it('the uncorrupted table passes every check', () => {
    fc.assert(
      fc.property(tree, (classes) => {
        const { document } = parse(tsv(cells(lines(classes))), { format: 'tsv' });
        expect(document.tables[0]?.kind).toBe('expenditure-summary');
        expect(document.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('any corrupted cell is caught by a check naming the table, or flagged unreadable', () => {
    fc.assert(
      fc.property(tree, corruption, (classes, { row, column, how }) => {
        const rows = cells(lines(classes));
        const r = row % rows.length;
        const original = rows[r]![column]!;
        let replacement: string;
        if (how.kind === 'shift') {
          const value = Math.round(Number(original || '0') * 100) + (how.sign ? how.delta : -how.delta);
          replacement = (value / 100).toFixed(2);
        } else if (how.kind === 'blank') replacement = '';
        else replacement = how.text;
        fc.pre(replacement !== original);
        rows[r]![column] = replacement;
        const { document } = parse(tsv(rows), { format: 'tsv' });
        const table = document.tables[0]!;
        const flagged = document.diagnostics.filter(
          (d) =>
            (d.severity === 'error' || d.severity === 'warning') &&
            (d.table === table.id || d.ruleId === 'amount-unreadable'),
        );
        expect(flagged, `corrupted row ${r} column ${column}: ${original} → ${replacement}`).not.toEqual([]);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
