/**
 * The typed schema of summary.csv / tables.csv and their Parquet twins: one list of columns per output, each
 * with its SQL type, its meaning and how it is read from the model. The CSV writer, the Parquet writer, the
 * DuckDB column map in the README and the README's schema tables all come from these lists, so adding a
 * column is one line here.
 */
import type { BudgetDocument, Row, Table } from '../model/schema.js';
import { SUMMARY_FACT_IDS } from '../model/schema.js';
import { toYuan } from '../normalize/amount.js';
import { columnBlocks, tableScope } from './blocks.js';

/** Exact decimal type of every amount column: 38 digits, 6 after the point (万元 printed with six decimals). */
export const AMOUNT_TYPE = 'DECIMAL(38, 6)';
/** Digits after the point that `AMOUNT_TYPE` keeps. */
export const AMOUNT_SCALE = 6;

/** SQL type of an output column (DuckDB names; Parquet: UTF8 byte array, INT32, FIXED_LEN_BYTE_ARRAY decimal). */
export type OutputType = 'VARCHAR' | 'INTEGER' | typeof AMOUNT_TYPE;

/** A cell value before serialization: text, integer, decimal string, or null (absent). */
export type OutputValue = string | number | null | undefined;

/** One column of an output table. */
export interface OutputColumn<C> {
  /** Column name (CSV header, Parquet field). */
  name: string;
  /** SQL type. */
  type: OutputType;
  /** One-line meaning for the README. */
  doc: string;
  /** Reads the value from the line's context. */
  get: (context: C) => OutputValue;
}

/** What a summary.csv line is read from. */
export interface SummaryContext {
  document: BudgetDocument;
  /** The `file` column: the input's name (its path below a walked folder). */
  file: string;
}

/** What a tables.csv line (one stated value) is read from. */
export interface TableValueContext extends SummaryContext {
  table: Table;
  row: Row;
  /** Index of the row in `table.rows`. */
  rowIndex: number;
  /** Id of the amount or count column. */
  columnId: string;
  /** The value (decimal string in the table's unit). */
  value: string;
  /** True for money columns (false for counts). */
  money: boolean;
  /** 1-based block of columns printed side by side that the value was read from. */
  block: number | null;
  /** `department` / `unit`: whose table this is. */
  tableScope: 'department' | 'unit' | null;
}

const documentColumns: OutputColumn<SummaryContext>[] = [
  { name: 'file', type: 'VARCHAR', doc: 'input file (its path below a walked folder)', get: (c) => c.file },
  {
    name: 'department',
    type: 'VARCHAR',
    doc: 'department or unit name',
    get: (c) => c.document.meta.department,
  },
  { name: 'year', type: 'INTEGER', doc: 'budget / accounts year', get: (c) => c.document.meta.year },
  {
    name: 'kind',
    type: 'VARCHAR',
    doc: '`budget` (预算) or `final` (决算)',
    get: (c) => c.document.meta.kind,
  },
  {
    name: 'scope',
    type: 'VARCHAR',
    doc: '`department` (部门) or `unit` (单位)',
    get: (c) => c.document.meta.scope,
  },
];

/** Columns of summary.csv / summary.parquet: the document, then every summary fact in 元. */
export const SUMMARY_COLUMNS: readonly OutputColumn<SummaryContext>[] = [
  ...documentColumns,
  ...SUMMARY_FACT_IDS.map(
    (id): OutputColumn<SummaryContext> => ({
      name: id,
      type: AMOUNT_TYPE,
      doc: `summary fact \`${id}\` in 元 (empty when doubtful)`,
      get: (c) => {
        const fact = c.document.summary[id];
        return fact && !fact.doubtful ? fact.yuan : undefined;
      },
    }),
  ),
];

/** Columns of tables.csv / tables.parquet: one line per stated value of every table. */
export const TABLE_COLUMNS: readonly OutputColumn<TableValueContext>[] = [
  ...documentColumns,
  { name: 'table_id', type: 'VARCHAR', doc: 'table id in the document (`t1` …)', get: (c) => c.table.id },
  { name: 'table_kind', type: 'VARCHAR', doc: 'canonical table kind', get: (c) => c.table.kind },
  {
    name: 'table_scope',
    type: 'VARCHAR',
    doc: '`department` / `unit`: the scope word of the title (部门… / 单位…), else the document scope',
    get: (c) => c.tableScope,
  },
  { name: 'title', type: 'VARCHAR', doc: 'table title as printed', get: (c) => c.table.title },
  {
    name: 'table_pages',
    type: 'VARCHAR',
    doc: 'pages the table spans, `;`-separated',
    get: (c) => c.table.pages.join(';'),
  },
  { name: 'row_index', type: 'INTEGER', doc: "0-based index in the table's `rows`", get: (c) => c.rowIndex },
  { name: 'serial', type: 'VARCHAR', doc: 'serial (序号) as printed', get: (c) => c.row.serial },
  {
    name: 'code',
    type: 'VARCHAR',
    doc: 'classification code, joined (text: keeps leading zeros)',
    get: (c) => c.row.code,
  },
  { name: 'label', type: 'VARCHAR', doc: 'row label, normalized', get: (c) => c.row.label },
  {
    name: 'row_key',
    type: 'VARCHAR',
    doc: 'what the row is: `grand_total`, `current_year_total`, `carryover`, an income source, a 三公 part … (empty for ordinary lines)',
    get: (c) => c.row.key,
  },
  {
    name: 'side',
    type: 'VARCHAR',
    doc: '`income` / `expenditure` in two-sided tables',
    get: (c) => c.row.side,
  },
  {
    name: 'block',
    type: 'INTEGER',
    doc: 'column block printed side by side the value was read from, 1 = leftmost (per-unit / 收入 | 支出 | 支出用途 blocks)',
    get: (c) => c.block,
  },
  {
    name: 'column_id',
    type: 'VARCHAR',
    doc: 'column id (`total`, `basic_personnel` …)',
    get: (c) => c.columnId,
  },
  { name: 'value', type: AMOUNT_TYPE, doc: "the value in the table's unit", get: (c) => c.value },
  {
    name: 'unit',
    type: 'VARCHAR',
    doc: "the table's unit (元 / 千元 / 万元), empty for counts",
    get: (c) => (c.money ? c.table.unit : null),
  },
  {
    name: 'yuan',
    type: AMOUNT_TYPE,
    doc: 'the value in 元 (value × unit factor); empty without a unit and for counts',
    get: (c) => (c.money && c.table.unitFactor ? toYuan(c.value, c.table.unitFactor) : null),
  },
  {
    name: 'printed',
    type: 'VARCHAR',
    doc: 'the cell as printed',
    get: (c) => c.row.cells[c.columnId]?.printed,
  },
  {
    name: 'page',
    type: 'INTEGER',
    doc: 'page the cell was printed on',
    get: (c) => c.row.cells[c.columnId]?.place?.page,
  },
  {
    name: 'line',
    type: 'INTEGER',
    doc: 'line of a text input the cell was printed on',
    get: (c) => c.row.cells[c.columnId]?.place?.line,
  },
];

/** The output tables: name → columns. */
export const OUTPUT_TABLES = { summary: SUMMARY_COLUMNS, tables: TABLE_COLUMNS } as const;

/** Name of an output table (`summary`, `tables`). */
export type OutputTableName = keyof typeof OUTPUT_TABLES;

/** Contexts of every tables.csv line of a document, in table, row and column order. */
export function tableValueContexts(document: BudgetDocument, file: string): TableValueContext[] {
  const out: TableValueContext[] = [];
  for (const table of document.tables) {
    const amountColumns = table.columns.filter(
      (column) => column.role === 'amount' || column.role === 'count',
    );
    const blockOf = columnBlocks(table);
    const scope = tableScope(table, document.meta.scope);
    table.rows.forEach((row, rowIndex) => {
      for (const column of amountColumns) {
        const value = row.values[column.id];
        if (value === undefined || value === null) continue;
        out.push({
          document,
          file,
          table,
          row,
          rowIndex,
          columnId: column.id,
          value,
          money: column.role === 'amount',
          block: blockOf(row, column.id),
          tableScope: scope,
        });
      }
    });
  }
  return out;
}

/** The DuckDB `columns = {…}` map of an output table (for `read_csv`). */
export function duckdbColumns(name: OutputTableName): string {
  return `{${OUTPUT_TABLES[name].map((column) => `'${column.name}': '${column.type}'`).join(', ')}}`;
}
