import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUMMARY_COLUMNS } from '../../src/emit/columns.js';
import { csvField } from '../../src/emit/csv.js';
import { unscaledDecimal, writeParquetFromCsv } from '../../src/emit/parquet.js';
import { SUMMARY_FACT_IDS } from '../../src/model/schema.js';
import { connect, query } from '../helpers/duckdb.js';

const header = SUMMARY_COLUMNS.map((column) => column.name).join(',');
/** A summary.csv line: file, department, year, kind, scope, then the amounts given (the rest empty). */
const line = (fields: (string | null)[], amounts: string[]) =>
  [
    ...fields.map((f, i) => csvField(f, i !== 2)),
    ...amounts,
    ...Array(SUMMARY_FACT_IDS.length - amounts.length).fill(''),
  ].join(',');

describe('Parquet from the CSV', () => {
  it('keeps amounts exact (negative, 32 integer digits, 6 decimals), text with quotes and line breaks, nulls', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parquet-'));
    writeFileSync(
      join(dir, 'summary.csv'),
      `\uFEFF${[
        header,
        line(
          ['a "1".pdf', '某局,\n二处', '2024', 'budget', 'department'],
          ['12345678901234567890123456789012.123456', '-0.5'],
        ),
        line(['2010301', null, null, null, null], ['0', '7']),
      ].join('\n')}\n`,
    );
    const { rows } = await writeParquetFromCsv(
      join(dir, 'summary.csv'),
      join(dir, 'summary.parquet'),
      'summary',
    );
    expect(rows).toBe(2);
    const db = await connect();
    const read = await query(
      db,
      `SELECT file, department, year, revenue_total::VARCHAR AS r, expenditure_total::VARCHAR AS e, operating_costs
       FROM read_parquet('${dir}/summary.parquet')`,
    );
    expect(read).toEqual([
      {
        file: 'a "1".pdf',
        department: '某局,\n二处',
        year: 2024,
        r: '12345678901234567890123456789012.123456',
        e: '-0.500000',
        operating_costs: null,
      },
      { file: '2010301', department: null, year: null, r: '0.000000', e: '7.000000', operating_costs: null },
    ]);
    expect(readdirSync(dir).sort()).toEqual(['summary.csv', 'summary.parquet']); // no temporary left
  });

  it('refuses a value it cannot hold exactly, naming the file, record and column, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parquet-bad-'));
    writeFileSync(
      join(dir, 'summary.csv'),
      `${header}\n${line(['x.pdf', null, '2024', null, null], ['1.1234567'])}\n`,
    );
    await expect(
      writeParquetFromCsv(join(dir, 'summary.csv'), join(dir, 'summary.parquet'), 'summary'),
    ).rejects.toThrow(/summary\.csv: record 2, column revenue_total: "1\.1234567" has more than 6 decimals/);
    writeFileSync(join(dir, 'summary.csv'), `file,other\nx,1\n`);
    await expect(
      writeParquetFromCsv(join(dir, 'summary.csv'), join(dir, 'summary.parquet'), 'summary'),
    ).rejects.toThrow(/header is "file,other", expected "file,department/);
    expect(readdirSync(dir)).toEqual(['summary.csv']);
    expect(() => unscaledDecimal('1,000')).toThrow(/not a decimal/);
    expect(unscaledDecimal('-12.5')).toBe(-12500000n);
  });
});
