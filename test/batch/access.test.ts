import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import * as access from '../../src/batch/access.js';
import { TABLES_CSV_COLUMNS, tablesCsvHeader, tablesCsvLines } from '../../src/emit/tables-csv.js';
import { parseFile } from '../../src/parse.js';
import { SEED_SAMPLE } from '../helpers/paths.js';

const { document } = await parseFile(SEED_SAMPLE);

describe('data access helpers', () => {
  it('finds tables by kind and rows by code or label', () => {
    const expenditure = access.tableByKind(document, 'expenditure-summary');
    expect(expenditure?.kind).toBe('expenditure-summary');
    expect(access.tablesByKind(document, 'performance-targets').length).toBeGreaterThan(1);
    expect(access.tableByKind(document, 'state-capital-expenditure')).toBeDefined();
    const basic = access.tableByKind(document, 'general-budget-basic-expenditure')!;
    const anyCoded = basic.rows.find((row) => row.code)!;
    expect(access.rowByCode(basic, anyCoded.code!.split('').join(' '))).toBe(anyCoded);
    expect(access.rowByCode(basic, '999999')).toBeUndefined();
    expect(access.rowByLabel(expenditure!, /^合计$/)?.label).toBe('合计');
  });

  it('finds rows by key, on a side of a two-sided table', () => {
    const summary = access.tableByKind(document, 'income-expenditure-summary')!;
    expect(access.rowByKey(summary, 'grand_total', 'income')?.label).toBe('收入总计');
    expect(access.rowByKey(summary, 'grand_total', 'expenditure')?.label).toBe('支出总计');
    expect(access.rowByKey(summary, 'carryover')?.label).toBe('上年结转结余');
    const total = access.rowByKey(summary, 'current_year_total', 'income')!;
    expect(access.valueOf(total, 'total')?.yuan).toBe('11863500');
    expect(access.rowByKey(summary, 'no_such_key')).toBeUndefined();
  });

  it('reads values by canonical name across kinds, with 元 and provenance', () => {
    const general = access.tableByKind(document, 'general-budget-expenditure')!;
    const total = access.rowByLabel(general, '合计')!;
    const personnel = access.valueOf(total, 'personnel')!;
    expect(personnel.column).toBe('basic_personnel');
    expect(personnel.value).toBe('399.02');
    expect(personnel.yuan).toBe('3990200');
    expect(personnel.place?.line).toBeGreaterThan(0);
    const basicTable = access.tableByKind(document, 'general-budget-basic-expenditure')!;
    const basicTotal = access.rowByLabel(basicTable, /合计/)!;
    expect(access.valueOf(basicTotal, 'personnel')?.column).toBe('personnel');
    expect(access.valueOf(basicTotal, 'public')?.yuan).toBe('373300');
    expect(access.valueOf(basicTotal, 'nonsense')).toBeUndefined();
    // Two-sided 收支总表: `total` of an income row is its income_amount.
    const summary = access.tableByKind(document, 'income-expenditure-summary')!;
    const incomeRow = summary.rows.find((row) => row.side === 'income' && row.values.income_amount)!;
    expect(access.valueOf(incomeRow, 'total', summary)?.column).toBe('income_amount');
    // Without the table the amount is there but 元 is unknown.
    expect(access.valueOf(summary.rows.find((row) => row.side === 'expenditure')!, 'total')?.yuan).toBeNull();
  });
});

describe('tables.csv', () => {
  it('has one line per stated amount, with the value in 元 exact by decimal arithmetic', () => {
    const lines = tablesCsvLines(document, 'seed.md');
    expect(tablesCsvHeader().split(',')).toEqual([...TABLES_CSV_COLUMNS]);
    expect(lines.length).toBeGreaterThan(100);
    const at = (name: string) => TABLES_CSV_COLUMNS.indexOf(name);
    let checked = 0;
    for (const line of lines) {
      const cells = line.split(',');
      if (cells.length !== TABLES_CSV_COLUMNS.length) continue; // a quoted field with a comma
      const [value, unit, yuan] = [cells[at('value')]!, cells[at('unit')]!, cells[at('yuan')]!];
      if (unit !== '万元') continue;
      expect(new Decimal(yuan).equals(new Decimal(value).times(10000))).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    // The document's department, year, kind and scope, the table's kind and scope, the block; text that looks
    // like a number quoted.
    expect(lines[0]).toMatch(
      /^seed\.md,廊坊市安次区信访局,2022,budget,department,t1,income-expenditure-summary,department,部门预算收支总表,,0,"1",,一般公共预算拨款收入,general_public_budget,income,1,income_amount,1186\.35,万元,11863500,"1186\.35",,\d+$/,
    );
  });
});
