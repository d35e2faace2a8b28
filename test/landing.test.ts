/**
 * Proven landing: the outputs of `convert --parquet` load into DuckDB with the documented types, and the
 * README's DuckDB snippets (docs/snippets/) find every document that states a fact, with sums equal to the
 * JSON documents'.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { staleDocs } from '../scripts/readme.js';
import type { RunReport } from '../src/batch/run.js';
import { OUTPUT_TABLES, type OutputTableName } from '../src/emit/columns.js';
import type { BudgetDocument } from '../src/model/schema.js';
import { columnTypes, connect, query, type Rows, runSnippet } from './helpers/duckdb.js';
import { ROOT, SEED_SAMPLE } from './helpers/paths.js';

const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'src/cli/bin.ts');
const convert = (args: string[]) =>
  spawnSync(TSX, [CLI, 'convert', ...args], { encoding: 'utf8', cwd: ROOT });

let out: string;
let documents: { file: string; document: BudgetDocument }[];
let db: DuckDBConnection;

beforeAll(async () => {
  const input = mkdtempSync(join(tmpdir(), 'landing-in-'));
  mkdirSync(join(input, 'fragments'));
  copyFileSync(SEED_SAMPLE, join(input, 'seed.md'));
  copyFileSync(join(ROOT, 'samples/pdf/seed-tables.pdf'), join(input, 'seed-tables.pdf'));
  for (const name of [
    'expenditure-summary-split-codes.tsv',
    'income-summary.csv',
    'three-public-gb18030.tsv',
  ])
    copyFileSync(join(ROOT, 'samples/fragments', name), join(input, 'fragments', name));
  writeFileSync(join(input, 'broken.pdf'), '%PDF-1.4\n1 0 obj\n<<'); // a failure for run.json's failures
  out = mkdtempSync(join(tmpdir(), 'landing-out-'));
  const result = convert([input, '--out', out, '--parquet', '--csv-bom', '-q', '--jobs', '2']);
  expect(result.status, result.stderr).toBe(1); // broken.pdf failed, the rest converted
  const report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunReport;
  documents = report.documents.map((d) => ({
    file: d.file,
    document: JSON.parse(readFileSync(join(out, `${d.output}.json`), 'utf8')) as BudgetDocument,
  }));
  db = await connect();
}, 240_000);

/** The schema's types in DuckDB's spelling. */
const expectedTypes = (name: OutputTableName) =>
  Object.fromEntries(OUTPUT_TABLES[name].map((column) => [column.name, column.type.replace(/\s/g, '')]));

/** 项-level lines of 一般公共预算支出表 per the JSON documents: `file|code|column` → yuan. */
function itemLines(): Map<string, string> {
  const lines = new Map<string, string>();
  for (const { file, document } of documents)
    for (const table of document.tables) {
      if (table.kind !== 'general-budget-expenditure') continue;
      const amounts = table.columns.filter((column) => column.role === 'amount');
      table.rows.forEach((row, index) => {
        if (row.code?.length !== 7) return;
        for (const column of amounts) {
          const value = row.values[column.id];
          if (value === null || value === undefined) continue;
          const yuan = new Decimal(value).times(table.unitFactor ?? 'NaN');
          lines.set(`${file}|${table.id}|${index}|${column.id}`, yuan.toFixed(6));
        }
      });
    }
  return lines;
}

const decimal = (value: unknown) => new Decimal(String(value)).toFixed(6);

describe('landing in DuckDB', () => {
  it('reads the Parquet files with the documented types', async () => {
    for (const name of ['summary', 'tables'] as const) {
      const types = await columnTypes(db, `read_parquet('${out}/${name}.parquet')`);
      expect(types).toEqual(expectedTypes(name));
      expect(types.code ?? types.file).toBe('VARCHAR');
    }
    expect((await columnTypes(db, `read_parquet('${out}/tables.parquet')`)).yuan).toBe('DECIMAL(38,6)');
  });

  it('has the same lines in the Parquet files as in the CSVs, and a line per stated value', async () => {
    const [csv] = await runSnippet(db, 'duckdb-csv.sql', out);
    expect(csv!.length).toBeGreaterThan(0);
    for (const name of ['summary', 'tables'] as const) {
      expect(await columnTypes(db, name)).toEqual(expectedTypes(name)); // the views the CSV snippet made
      const difference = await query(
        db,
        `SELECT count(*) AS n FROM ((SELECT * FROM ${name} EXCEPT ALL SELECT * FROM read_parquet('${out}/${name}.parquet'))
         UNION ALL (SELECT * FROM read_parquet('${out}/${name}.parquet') EXCEPT ALL SELECT * FROM ${name}))`,
      );
      expect(Number(difference[0]!.n)).toBe(0);
    }
    const values = documents.reduce(
      (sum, { document }) =>
        sum +
        document.tables.reduce(
          (n, table) =>
            n +
            table.rows.reduce(
              (m, row) =>
                m +
                table.columns.filter(
                  (c) => (c.role === 'amount' || c.role === 'count') && row.values[c.id] != null,
                ).length,
              0,
            ),
          0,
        ),
      0,
    );
    expect(Number((await query(db, 'SELECT count(*) AS n FROM tables'))[0]!.n)).toBe(values);
    const summaryRows = await query(db, 'SELECT count(*) AS n FROM summary');
    expect(Number(summaryRows[0]!.n)).toBe(documents.length);
  });

  for (const snippet of ['duckdb-parquet.sql', 'duckdb-csv.sql'])
    it(`${snippet}: finds every document that states the fact, amounts equal to the JSON`, async () => {
      const [revenue, lines, third] = (await runSnippet(db, snippet, out)) as [Rows, Rows, Rows];
      const stated = documents.filter(({ document }) => document.summary.revenue_total);
      expect(stated.length).toBeGreaterThan(1);
      expect(revenue.map((row) => row.file)).toEqual(stated.map(({ file }) => file).sort());
      for (const row of revenue) {
        const { document } = stated.find(({ file }) => file === row.file)!;
        expect(decimal(row.revenue_total)).toBe(decimal(document.summary.revenue_total!.yuan));
      }
      const expected = itemLines();
      expect(expected.size).toBeGreaterThan(20);
      expect(lines).toHaveLength(expected.size);
      expect(new Set(lines.map((row) => row.file))).toEqual(
        new Set([...expected.keys()].map((key) => key.split('|')[0])),
      );
      const total = [...expected.values()].reduce((sum, yuan) => sum.plus(yuan), new Decimal(0));
      expect(decimal(lines.reduce((sum, row) => sum.plus(String(row.yuan)), new Decimal(0)))).toBe(
        total.toFixed(6),
      );
      if (snippet === 'duckdb-parquet.sql') {
        // Per department and year, the 项-level `total` column sums exactly to the JSON's.
        expect(third.length).toBeGreaterThan(0);
        for (const row of third) {
          const sum = [...expected]
            .filter(([key]) => key.endsWith('|total'))
            .filter(([key]) => {
              const file = key.split('|')[0];
              const { document } = documents.find((d) => d.file === file)!;
              return document.meta.department === row.department && document.meta.year === row.year;
            })
            .reduce((s, [, yuan]) => s.plus(yuan), new Decimal(0));
          expect(decimal(row.yuan)).toBe(sum.toFixed(6));
        }
      } else {
        expect(third.map((row) => row.file)).toEqual(['broken.pdf']);
        expect(third[0]!.code).toBe('pdf-corrupt');
      }
    });

  it('starts the CSVs with a byte order mark under --csv-bom, which DuckDB reads past', async () => {
    for (const name of ['summary.csv', 'tables.csv']) {
      const bytes = readFileSync(join(out, name));
      expect([...bytes.subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 'f'.charCodeAt(0)]);
    }
    const rows = await query(
      db,
      `SELECT * FROM read_csv('${out}/tables.csv', header = true, all_varchar = true) LIMIT 1`,
    );
    expect(Object.keys(rows[0]!)[0]).toBe('file');
  });

  it('shows the snippets and the schema in the README exactly as they are (npx tsx scripts/readme.ts)', () => {
    expect(staleDocs()).toEqual([]);
  });
});
