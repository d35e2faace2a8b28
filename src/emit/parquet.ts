/**
 * Parquet outputs: summary.parquet and tables.parquet, the typed twins of summary.csv and tables.csv (same
 * lines, same order), written with hyparquet-writer (pure JavaScript). Amounts are DECIMAL(38, 6) stored
 * exactly (unscaled integers, never through a float), codes and other text UTF-8 strings, pages, years and
 * indexes 32-bit integers. Written from the assembled CSV in row groups, so memory stays bounded on any corpus.
 */
import { closeSync, createReadStream, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import { MODEL_VERSION } from '../model/schema.js';
import { AMOUNT_SCALE, OUTPUT_TABLES, type OutputColumn, type OutputTableName } from './columns.js';

/** Rows per Parquet row group. */
const ROW_GROUP = 50_000;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A Parquet schema element (hyparquet-writer `SchemaElement`). */
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

/** The Parquet schema of an output table. */
export function parquetSchema(columns: readonly OutputColumn<never>[]): SchemaElement[] {
  return [
    { name: 'root', num_children: columns.length },
    ...columns.map((column): SchemaElement => {
      if (column.type === 'VARCHAR')
        return {
          name: column.name,
          type: 'BYTE_ARRAY',
          converted_type: 'UTF8',
          logical_type: { type: 'STRING' },
          repetition_type: 'OPTIONAL',
        };
      if (column.type === 'INTEGER') return { name: column.name, type: 'INT32', repetition_type: 'OPTIONAL' };
      return {
        name: column.name,
        type: 'FIXED_LEN_BYTE_ARRAY',
        type_length: 16,
        converted_type: 'DECIMAL',
        logical_type: { type: 'DECIMAL', precision: 38, scale: AMOUNT_SCALE },
        precision: 38,
        scale: AMOUNT_SCALE,
        repetition_type: 'OPTIONAL',
      };
    }),
  ];
}

/** The unscaled integer of a decimal string at the amount scale; throws when it has more decimals. */
export function unscaledDecimal(text: string): bigint {
  const match = DECIMAL.exec(text);
  if (!match) throw new Error(`not a decimal number: "${text}"`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > AMOUNT_SCALE)
    throw new Error(`"${text}" has more than ${AMOUNT_SCALE} decimals (DECIMAL(38, ${AMOUNT_SCALE}))`);
  const value = BigInt(whole! + fraction.padEnd(AMOUNT_SCALE, '0'));
  return sign ? -value : value;
}

function convertField(column: OutputColumn<never>, field: string): string | number | bigint | null {
  if (field === '') return null;
  if (column.type === 'VARCHAR') return field;
  if (column.type === 'INTEGER') {
    const value = Number(field);
    if (!Number.isInteger(value) || Math.abs(value) > 2 ** 31 - 1)
      throw new Error(`not an integer: "${field}"`);
    return value;
  }
  return unscaledDecimal(field);
}

/**
 * Write `parquetPath` from the CSV output `csvPath` of the output table `name` (its header must be the
 * schema's columns). The file appears atomically (a temporary sibling renamed into place). Throws an error
 * naming the CSV file, line and column on a value the type cannot hold.
 */
export async function writeParquetFromCsv(
  csvPath: string,
  parquetPath: string,
  name: OutputTableName,
): Promise<{ rows: number }> {
  const columns = OUTPUT_TABLES[name] as readonly OutputColumn<never>[];
  const temporary = `${parquetPath}.tmp-${process.pid}`;
  const writer = new ParquetWriter({
    writer: fileWriter(temporary),
    schema: parquetSchema(columns),
    kvMetadata: [
      { key: 'budget-ingest', value: JSON.stringify({ table: name, modelVersion: MODEL_VERSION }) },
    ],
    createdBy: 'budget-ingest',
  });
  let batch: (string | number | bigint | null)[][] = columns.map(() => []);
  let size = 0;
  let rows = 0;
  const flush = () => {
    if (!size) return;
    writer.write({
      columnData: columns.map((column, index) => ({ name: column.name, data: batch[index]! })),
      rowGroupSize: size,
    });
    batch = columns.map(() => []);
    size = 0;
  };
  try {
    const parser = createReadStream(csvPath).pipe(parse({ bom: true, relax_column_count: false }));
    let line = 0;
    for await (const record of parser as AsyncIterable<string[]>) {
      line++;
      if (line === 1) {
        const expected = columns.map((column) => column.name).join(',');
        if (record.join(',') !== expected)
          throw new Error(`${csvPath}: header is "${record.join(',')}", expected "${expected}"`);
        continue;
      }
      columns.forEach((column, index) => {
        try {
          batch[index]!.push(convertField(column, record[index] ?? ''));
        } catch (error) {
          throw new Error(`${csvPath}: record ${line}, column ${column.name}: ${(error as Error).message}`);
        }
      });
      size++;
      rows++;
      if (size === ROW_GROUP) flush();
    }
    flush();
    writer.finish();
    const fd = openSync(temporary, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, parquetPath);
    return { rows };
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Write DIR/summary.parquet and DIR/tables.parquet from DIR/summary.csv and DIR/tables.csv. */
export async function writeParquetOutputs(dir: string): Promise<void> {
  for (const name of Object.keys(OUTPUT_TABLES) as OutputTableName[])
    await writeParquetFromCsv(join(dir, `${name}.csv`), join(dir, `${name}.parquet`), name);
}
