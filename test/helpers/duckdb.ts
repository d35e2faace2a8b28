/**
 * DuckDB for tests: run the README's snippets (docs/snippets/*.sql) against an output folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ROOT } from './paths.js';

/** Rows of a query as plain objects (DECIMAL and BIGINT values as strings). */
export type Rows = Record<string, string | number | boolean | null>[];

/** A fresh in-memory DuckDB connection. */
export async function connect(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  return instance.connect();
}

/** Run one statement and return its rows. */
export async function query(connection: DuckDBConnection, sql: string): Promise<Rows> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Rows;
}

/** Column name → type (DuckDB spelling without spaces, `DECIMAL(38,6)`) of a relation. */
export async function columnTypes(
  connection: DuckDBConnection,
  relation: string,
): Promise<Record<string, string>> {
  const rows = await query(connection, `DESCRIBE SELECT * FROM ${relation}`);
  return Object.fromEntries(rows.map((row) => [String(row.column_name), String(row.column_type)]));
}

/** The statements of a snippet file, with `'out/` pointing at `dir`. */
export function snippetStatements(name: string, dir: string): string[] {
  return readFileSync(join(ROOT, 'docs/snippets', name), 'utf8')
    .replaceAll("'out/", `'${dir}/`)
    .split(/;\s*\n/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.replace(/--.*$/gm, '').trim() !== '');
}

/** Run every statement of a snippet file over `dir`; the rows of each SELECT, in order. */
export async function runSnippet(connection: DuckDBConnection, name: string, dir: string): Promise<Rows[]> {
  const results: Rows[] = [];
  for (const statement of snippetStatements(name, dir)) {
    const rows = await query(connection, statement);
    if (/^SELECT\b/i.test(statement.replace(/--.*$/gm, '').trim())) results.push(rows);
  }
  return results;
}
