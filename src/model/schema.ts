/**
 * The emitted model: zod schemas are the single source of truth; TypeScript types are inferred from them and
 * the shipped JSON Schema (schema/budget-document.schema.json) is generated from them.
 * Amounts are decimal strings, never JS numbers.
 */
import { z } from 'zod';
import { Coverage } from '../check/coverage.js';

/** Schema id written into every document. */
export const SCHEMA_NAME = 'budget-ingest/document';
/** Version of the model (semver); bumped on any change a consumer can see. */
export const MODEL_VERSION = '0.1.0';

/** The canonical table kinds (public API), plus `other`. */
export const TABLE_KINDS = [
  'income-expenditure-summary',
  'income-summary',
  'expenditure-summary',
  'fiscal-appropriation-summary',
  'general-budget-expenditure',
  'general-budget-basic-expenditure',
  'gov-fund-expenditure',
  'state-capital-expenditure',
  'three-public-expenses',
  'project-expenditure',
  'government-procurement',
  'fixed-assets',
  'performance-targets',
  'other',
] as const;

/** Summary fact ids (public API). */
export const SUMMARY_FACT_IDS = [
  'revenue_total',
  'expenditure_total',
  'current_year_revenue',
  'current_year_expenditure',
  'fiscal_appropriation_revenue',
  'general_public_budget_revenue',
  'gov_fund_revenue',
  'basic_expenditure',
  'project_expenditure',
  'gpb_personnel',
  'gpb_public_funds',
  'gpb_basic_total',
  'three_public_total',
  'three_public_overseas',
  'three_public_vehicles',
  'three_public_reception',
  'operating_costs',
] as const;

/** A decimal amount as a string: optional minus, digits, optional fraction. */
export const DecimalString = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .describe('Exact decimal amount as a string (no thousands separators), never a JS number');

/** A canonical table kind. */
export const TableKind = z.enum(TABLE_KINDS).describe('Canonical table kind, or `other`');

/** A declared money unit. */
export const Unit = z.enum(['元', '千元', '万元', '亿元']).describe('Money unit declared for the table');

/** A source location: page and box for PDF, line/column for text inputs. */
export const Place = z
  .object({
    page: z.number().int().positive().optional().describe('1-based page number, where known'),
    bbox: z
      .tuple([z.number(), z.number(), z.number(), z.number()])
      .optional()
      .describe('Box on the page [x0, y0, x1, y1], origin top-left, PDF units'),
    line: z.number().int().positive().optional().describe('1-based line in a text input'),
    column: z.number().int().positive().optional().describe('1-based column in a text input'),
    endLine: z.number().int().positive().optional().describe('Last line of a multi-line span'),
  })
  .strict()
  .describe('Where something was read from')
  .meta({ id: 'Place' });

/** One printed cell behind a value: its text as printed and its place. */
export const CellSource = z
  .object({
    printed: z.string().describe('The cell text exactly as printed (markup removed)'),
    place: Place.optional(),
    gridColumn: z.number().int().nonnegative().describe('0-based column in the source grid'),
  })
  .strict()
  .meta({ id: 'CellSource' });

/** What a column holds: serial, code (joined or split 类/款/项), label, amount, count or text. */
export const ColumnRole = z
  .enum(['serial', 'code', 'code-class', 'code-kuan', 'code-xiang', 'label', 'amount', 'text', 'count'])
  .describe('What the column holds');

/** A classification-code level. */
export const CodeLevel = z.enum(['类', '款', '项']).describe('Level of a classification code');

/** Flags on a row saying what normalization did or doubts. */
export const RowFlag = z.enum([
  'label-restored',
  'label-wrapped',
  'code-inherited',
  'total',
  'subtotal',
  'heading',
]);

/** One data row of a table. */
export const Row = z
  .object({
    serial: z.string().nullable().describe('Serial (序号) as printed, or null'),
    code: z.string().nullable().describe('Classification code, joined from split 类/款/项 columns, or null'),
    level: CodeLevel.nullable().describe('类 / 款 / 项 from the code length, or null'),
    parentCode: z.string().nullable().describe('Code of the parent row (code minus its last level), or null'),
    label: z.string().nullable().describe('Normalized row label (name)'),
    labelPrinted: z.string().nullable().describe('Label exactly as printed when normalization changed it'),
    side: z
      .enum(['income', 'expenditure'])
      .optional()
      .describe('Two-sided tables (收支总表): which side of the grid line the row belongs to'),
    values: z
      .record(z.string(), DecimalString.nullable())
      .describe('Column id → decimal string in the table unit, or null for blank / dash'),
    text: z
      .record(z.string(), z.string().nullable())
      .optional()
      .describe('Column id → text for text columns (indicators, units, names)'),
    cells: z
      .record(z.string(), CellSource)
      .describe('Column id → the printed cell behind the value or text (provenance)'),
    flags: z.array(RowFlag).describe('What normalization did to this row'),
    gridLine: z.number().int().nonnegative().describe('0-based data line within the merged table'),
  })
  .strict()
  .meta({ id: 'Row' });

/** A column of a recognized table. */
export const Column = z
  .object({
    id: z
      .string()
      .describe('Stable column id from the grammar (e.g. `total`, `basic_personnel`), or `col_N`'),
    header: z.array(z.string()).describe('Header path as printed, top to bottom (merged cells repeated)'),
    role: ColumnRole,
    side: z.enum(['income', 'expenditure']).optional(),
    number: z.string().optional().describe('栏次 number printed under the header, if any'),
  })
  .strict()
  .meta({ id: 'Column' });

/** One fragment (page piece) a table was assembled from. */
export const Fragment = z
  .object({
    place: Place.describe('Where the fragment starts'),
    rows: z.number().int().nonnegative().describe('Data rows contributed'),
    join: z
      .enum(['first', 'title-repeated', 'header-repeated', 'bare-rows'])
      .describe('How the fragment was joined to the previous one'),
  })
  .strict()
  .meta({ id: 'Fragment' });

/** A recognized table. */
export const Table = z
  .object({
    id: z.string().describe('Document-unique table id (t1, t2, …)'),
    kind: TableKind,
    title: z.string().describe('Title as printed (first fragment)'),
    grammar: z.string().describe('Id of the grammar that matched (`other` when none)'),
    unit: Unit.nullable().describe('Declared money unit, or null when none was declared'),
    unitFactor: z.string().nullable().describe('Yuan per unit as a decimal string (万元 → 10000)'),
    pages: z.array(z.number().int().positive()).describe('Pages the table spans, where pages are known'),
    columns: z.array(Column),
    rows: z.array(Row),
    empty: z.boolean().describe('True when the table is published with no values (空表)'),
    notes: z.array(z.string()).describe('Notes printed with the table (注：…)'),
    meta: z
      .record(z.string(), z.string())
      .describe('Metadata lines printed with the table (预算单位, 预算年度, 绩效目标 …)'),
    fragments: z.array(Fragment).describe('Every piece the table was assembled from, in order'),
  })
  .strict()
  .meta({ id: 'Table' });

/** A diagnostic in the vfile-message manner. */
export const Diagnostic = z
  .object({
    ruleId: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      .describe('Stable kebab-case rule id'),
    severity: z.enum(['error', 'warning', 'info']),
    message: z.string().describe('What is wrong, quoting titles, labels and printed values'),
    source: z.literal('budget-ingest'),
    place: Place.optional(),
    table: z.string().optional().describe('Id of the table concerned'),
    row: z.number().int().nonnegative().optional().describe('Row index within the table'),
    column: z.string().optional().describe('Column id concerned'),
    actual: z.string().optional(),
    expected: z.string().optional(),
  })
  .strict()
  .meta({ id: 'Diagnostic' });

/** A narrative section (情况说明) with its paragraphs and sub-sections, as a tree. */
export const Section = z
  .object({
    title: z.string().describe('Heading text as printed'),
    depth: z.number().int().nonnegative().describe('Nesting depth (1 = top)'),
    paragraphs: z.array(z.string()).describe('Paragraph texts directly under the heading'),
    place: Place.optional(),
    get children() {
      return z.array(Section).meta({ id: 'Section' });
    },
  })
  .strict();

/** Where a summary fact was read. */
export const FactSource = z
  .object({
    table: z.string().optional().describe('Table id'),
    kind: TableKind.optional().describe('Kind of that table'),
    row: z.string().optional().describe('Row label (or code) as normalized'),
    column: z.string().optional().describe('Column id'),
    printed: z.string().describe('The value as printed'),
    unit: Unit.nullable(),
    place: Place.optional(),
    prose: z.boolean().optional().describe('True when read from the narrative, not a table'),
  })
  .strict()
  .meta({ id: 'FactSource' });

/** A headline fact in 元. */
export const Fact = z
  .object({
    yuan: DecimalString.describe('The amount in 元'),
    source: FactSource,
  })
  .strict()
  .meta({ id: 'Fact' });

/** The summary: headline facts by id, absent when the document does not state them. */
export const Summary = z.object(
  Object.fromEntries(SUMMARY_FACT_IDS.map((id) => [id, Fact.optional()])) as Record<
    (typeof SUMMARY_FACT_IDS)[number],
    z.ZodOptional<typeof Fact>
  >,
);

/** Document metadata. */
export const Meta = z
  .object({
    department: z.string().nullable().describe('Department or unit name'),
    year: z.number().int().nullable().describe('Budget / accounts year'),
    kind: z.enum(['budget', 'final']).nullable().describe('预算 (budget) or 决算 (final accounts)'),
    scope: z.enum(['department', 'unit']).nullable().describe('部门 (department roll-up) or 单位 (one unit)'),
  })
  .strict()
  .meta({ id: 'Meta' });

/** The whole document model. */
export const BudgetDocument = z
  .object({
    schema: z.literal(SCHEMA_NAME),
    version: z.string(),
    origin: z
      .object({
        filename: z.string().nullable(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        mediaType: z.string(),
      })
      .strict(),
    meta: Meta,
    tables: z.array(Table),
    sections: z.array(Section),
    diagnostics: z.array(Diagnostic),
    summary: Summary,
    checks: Coverage.describe(
      'Checks run / passed / failed / skipped per rule, so "no errors" is never "nothing checked"',
    ),
  })
  .strict();

/** A column role. */
export type ColumnRole = z.infer<typeof ColumnRole>;
/** A table kind id. */
export type TableKind = z.infer<typeof TableKind>;
/** A money unit. */
export type Unit = z.infer<typeof Unit>;
/** A source place. */
export type Place = z.infer<typeof Place>;
/** A printed cell behind a value. */
export type CellSource = z.infer<typeof CellSource>;
/** A row flag. */
export type RowFlag = z.infer<typeof RowFlag>;
/** A table row. */
export type Row = z.infer<typeof Row>;
/** A table column. */
export type Column = z.infer<typeof Column>;
/** A table fragment. */
export type Fragment = z.infer<typeof Fragment>;
/** A recognized table. */
export type Table = z.infer<typeof Table>;
/** A diagnostic. */
export type Diagnostic = z.infer<typeof Diagnostic>;
/** A narrative section. */
export type Section = z.infer<typeof Section>;
/** A summary fact. */
export type Fact = z.infer<typeof Fact>;
/** A summary fact id. */
export type SummaryFactId = (typeof SUMMARY_FACT_IDS)[number];
/** The summary. */
export type Summary = z.infer<typeof Summary>;
/** Document metadata. */
export type Meta = z.infer<typeof Meta>;
/** The document model. */
export type BudgetDocument = z.infer<typeof BudgetDocument>;
