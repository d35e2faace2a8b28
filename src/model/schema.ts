/**
 * The emitted model: zod schemas are the single source of truth: they validate, and the shipped JSON Schema
 * (schema/budget-document.schema.json) is generated from them. The exported types are the plain interfaces of
 * ./types.ts (cheap for consumers to type-check); test/model-types.test.ts proves them equal to `z.infer` of
 * these schemas, so a field added here must be added there too (one line each).
 * Amounts are decimal strings, never JS numbers.
 */
import { z } from 'zod';
import { Coverage } from '../check/coverage.js';
import type * as types from './types.js';

/** Schema id written into every document. */
export const SCHEMA_NAME = 'budget-ingest/document';
/** Version of the model (semver); bumped on any change a consumer can see. */
export const MODEL_VERSION = '0.1.0';

/** The standard tables every full 部门预算/决算 disclosure publishes. */
export const CORE_TABLE_KINDS = [
  'income-expenditure-summary',
  'income-summary',
  'expenditure-summary',
  'fiscal-appropriation-summary',
  'general-budget-expenditure',
  'general-budget-basic-expenditure',
  'gov-fund-expenditure',
  'state-capital-expenditure',
  'three-public-expenses',
] as const;

/** The canonical table kinds (public API), plus `other`. */
export const TABLE_KINDS = [
  ...CORE_TABLE_KINDS,
  'project-expenditure',
  'government-procurement',
  'fixed-assets',
  'performance-targets',
  'basic-expenditure',
  'fiscal-appropriation-expenditure',
  'fiscal-appropriation-basic-expenditure',
  'general-budget-economic-expenditure',
  'operating-costs',
  'government-purchased-services',
  'carryover-expenditure',
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
  'gpb_family_subsidy',
  'gpb_staff_increase',
] as const;

/** A decimal amount as a string: optional minus, digits, optional fraction. */
export const DecimalString = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .describe('Exact decimal amount as a string (no thousands separators), never a JS number');

/** A canonical table kind. */
export const TableKind = z.enum(TABLE_KINDS).describe('Canonical table kind, or `other`');

/** Money units (public API). */
export const UNITS = ['元', '千元', '万元', '亿元'] as const;

/** A declared money unit. */
export const Unit = z.enum(UNITS).describe('Money unit declared for the table');

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
    spanned: z
      .literal(true)
      .optional()
      .describe(
        'The printed cell spans several rows (a merged cell) and began on an earlier row, or on the page before: the value is printed once',
      ),
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
  'code-inferred',
  'total',
  'subtotal',
  'heading',
]);

/** A comparison an indicator target states (≥ 100, ≤ 400 万元, 约 5). */
export const IndicatorOperator = z.enum(['≥', '≤', '>', '<', '=', '≈']);

/** A performance indicator target parsed from a performance-targets row. */
export const Indicator = z
  .object({
    level1: z.string().nullable(),
    level2: z.string().nullable(),
    level3: z.string().nullable(),
    operator: IndicatorOperator.nullable().describe('Comparison, null when none printed'),
    value: DecimalString.nullable().describe('Target value, null for text targets'),
    unit: z.string().nullable().describe('Target unit as printed (%, 天, 万元 …)'),
    text: z.string().nullable().describe('The target as printed (joined from split columns)'),
    valid: z.boolean().describe('True when the target is a number with operator/unit or a plain text target'),
  })
  .strict()
  .meta({ id: 'Indicator' });

/** One data row of a table. */
export const Row = z
  .object({
    serial: z.string().nullable().describe('Serial (序号) as printed, or null'),
    code: z.string().nullable().describe('Classification code, joined from split 类/款/项 columns, or null'),
    level: CodeLevel.nullable().describe('类 / 款 / 项 from the code length, or null'),
    parentCode: z.string().nullable().describe('Code of the parent row (code minus its last level), or null'),
    label: z.string().nullable().describe('Normalized row label (name)'),
    labelPrinted: z.string().nullable().describe('Label exactly as printed when normalization changed it'),
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .optional()
      .describe(
        "What the row is, from the grammars' row keys and the table arithmetic: grand_total, current_year_total, carryover, year_end_carryover, subtotal, an income source (fiscal_appropriation, general_public_budget, gov_fund …), basic, project, a 三公 part (three_public_total, overseas, vehicles, vehicle_purchase, vehicle_operation, reception …), personnel_total, public_total, operating_costs; absent for ordinary lines",
      ),
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
    indicator: Indicator.optional().describe('Performance-targets rows: the parsed indicator target'),
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
      .enum(['first', 'title-repeated', 'header-repeated', 'bare-rows', 'columns-continued'])
      .describe('How the fragment was joined to the previous one'),
  })
  .strict()
  .meta({ id: 'Fragment' });

/** A recognized table. */
export const Table = z
  .object({
    id: z.string().describe('Document-unique table id (t1, t2, …)'),
    kind: TableKind,
    title: z.string().describe('Title as printed (first fragment), without its table-number label'),
    label: z
      .string()
      .nullable()
      .describe('Table-number label printed with the title (表01, 预算01表, 公开表一, 附表3), or null'),
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
    fact: z.string().optional().describe('Summary fact id concerned (fact-conflict, fact-identity …)'),
  })
  .strict()
  .meta({ id: 'Diagnostic' });

/** How a section heading was enumerated: 第一部分 / 一、 / （一） / 1、 / （1） / ① or none. */
export const SectionMarker = z
  .object({
    style: z
      .enum(['part', 'cn', 'cn-paren', 'arabic', 'arabic-paren', 'circled', 'cn-ordinal'])
      .describe('Enumeration style: 第X部分, 一、, （一）, 1、/1., (1), ①, 一是/第一'),
    ordinal: z.number().int().positive().describe('Ordinal the marker stands for (（四） → 4)'),
    printed: z.string().describe('The marker as printed'),
  })
  .strict()
  .meta({ id: 'SectionMarker' });

/** An enumerated item of a section (a 部门职责 item, a glossary entry …) with its paragraph rejoined. */
export const SectionItem = z
  .object({
    marker: SectionMarker.optional(),
    text: z.string().describe('Item text without its marker, rejoined across line wraps and page breaks'),
    place: Place.optional(),
  })
  .strict()
  .meta({ id: 'SectionItem' });

/** What a section is about, from its title. */
export const SectionTopic = z.enum([
  'overview',
  'duties',
  'organisation',
  'revenue',
  'expenditure',
  'budget-summary',
  'change',
  'operating-costs',
  'three-public',
  'performance',
  'procurement',
  'assets',
  'glossary',
  'other-matters',
  'tables',
]);

/** A narrative section (情况说明) with its paragraphs and sub-sections, as a tree. */
export const Section = z
  .object({
    title: z.string().describe('Heading text as printed (marker included)'),
    depth: z.number().int().nonnegative().describe('Nesting depth (1 = top)'),
    paragraphs: z
      .array(z.string())
      .describe('Paragraph texts directly under the heading, rejoined across line wraps and page breaks'),
    place: Place.optional(),
    kind: z
      .enum(['preamble', 'contents', 'part', 'heading', 'enumerated'])
      .optional()
      .describe(
        'preamble: text before any heading; contents: the 目录; part: a document-level title (…情况说明, …公开表); heading: an unnumbered heading (部门职责：); enumerated: a numbered heading (一、 / （一） / 1、 …)',
      ),
    marker: SectionMarker.optional(),
    topic: SectionTopic.optional().describe('What the section is about, from its title'),
    items: z
      .array(SectionItem)
      .optional()
      .describe('Enumerated paragraphs directly under the heading (also present in `paragraphs`)'),
    get children() {
      return z.array(Section).meta({ id: 'Section' });
    },
  })
  .strict();

/** Fact ids of stated (narrative) facts: the summary fact ids and the finer ones only prose states. */
export const STATED_FACT_IDS = [
  ...SUMMARY_FACT_IDS,
  'budget_total',
  'special_account_revenue',
  'business_revenue',
  'operation_revenue',
  'superior_subsidy_revenue',
  'affiliated_revenue',
  'other_revenue',
  'state_capital_revenue',
  'carryover',
  'other_funds_revenue',
  'year_end_carryover',
  'three_public_vehicle_purchase',
  'three_public_vehicle_operation',
  'meeting_costs',
  'training_costs',
  'procurement_total',
  'procurement_goods',
  'procurement_works',
  'procurement_services',
  'fixed_assets_value',
  'fixed_assets_purchase',
  'vehicles_count',
  'equipment_count',
  'function_line',
] as const;

/** A stated fact id. */
export const StatedFactId = z.enum(STATED_FACT_IDS);

/** A change stated against another year (比上年增减). */
export const StatedChange = z
  .object({
    direction: z.enum(['increase', 'decrease', 'flat']),
    yuan: DecimalString.nullable().describe('Size of the change in 元 (unsigned), or null when not stated'),
    printed: z.string().nullable().describe('The change amount as printed'),
    percent: DecimalString.optional().describe('Stated percentage change (unsigned)'),
    priorYear: z.number().int().optional().describe('The year compared with'),
    priorYuan: DecimalString.optional().describe(
      'Prior-year value in 元: stated, or derived from value ± change',
    ),
    priorStated: z.boolean().optional().describe('True when the prior value is printed, false when derived'),
    reason: z.string().optional().describe('Stated reason (主要原因是…)'),
  })
  .strict()
  .meta({ id: 'StatedChange' });

/** An amount (or count) stated in the narrative. */
export const StatedFact = z
  .object({
    id: StatedFactId,
    subject: z.string().describe('The words the amount is stated of, as printed (spaces removed)'),
    measure: z
      .enum(['amount', 'change', 'count'])
      .describe('amount: a level; change: only a change is stated; count: a number of things'),
    yuan: DecimalString.nullable().describe('The amount in 元 (null for counts and pure changes)'),
    value: DecimalString.nullable().describe('The number as printed, in `unit` (commas removed)'),
    printed: z.string().nullable().describe('The number as printed'),
    unit: z.string().nullable().describe('Unit as printed (万元, 元, 辆 …)'),
    year: z.number().int().nullable().describe('Year the amount is of'),
    period: z.enum(['current', 'prior']).describe('current: the document year; prior: an earlier year'),
    basis: z
      .enum(['budget', 'final'])
      .optional()
      .describe(
        'Stated as a budget (预算 / 年初预算) or a final-accounts (决算) amount; absent when the text says neither',
      ),
    change: StatedChange.optional(),
    code: z.string().optional().describe('Function classification code for code lines (2040601)'),
    nil: z
      .boolean()
      .optional()
      .describe(
        'True when stated as nil in words (本年度没有…支出, 本单位无…): 0, with `quote` the sentence',
      ),
    section: z.string().optional().describe('Title of the section the sentence is in'),
    organisation: z
      .string()
      .optional()
      .describe(
        'The organisation the paragraph describes when it is one unit of the department (a section headed by a unit its tables list): not a department figure',
      ),
    quote: z.string().describe('The clause the amount was read from'),
    place: Place.optional(),
  })
  .strict()
  .meta({ id: 'StatedFact' });

/** A unit of the 机构设置 (from its table or prose). */
export const OrganisationUnit = z
  .object({
    name: z.string(),
    nature: z.string().nullable().describe('单位性质 (行政 / 事业 / 参公 …)'),
    level: z.string().nullable().describe('单位规格 (正科级 …)'),
    funding: z.string().nullable().describe('经费保障形式 (财政拨款 …)'),
    table: z.string().optional(),
  })
  .strict()
  .meta({ id: 'OrganisationUnit' });

/** Structured content of the narrative. */
export const Narrative = z
  .object({
    duties: z.array(SectionItem).describe('部门职责 items'),
    organisation: z
      .object({
        units: z.array(OrganisationUnit),
        counts: z
          .array(
            z
              .object({
                label: z.string().describe('What is counted (行政单位, 内设机构 …)'),
                count: z.number().int().nonnegative(),
                unit: z.string().describe('家 / 个 / 名 / 人'),
                place: Place.optional(),
              })
              .strict(),
          )
          .describe('Counts stated in prose (行政单位1家, 内设机构32个 …)'),
        text: z.array(z.string()).describe('Paragraphs of the 机构设置 section'),
      })
      .strict(),
    glossary: z
      .array(z.object({ term: z.string(), definition: z.string(), place: Place.optional() }).strict())
      .describe('名词解释 entries'),
    otherMatters: z.array(z.string()).describe('Paragraphs of 其他需要说明的事项'),
    performance: z
      .array(
        z
          .object({
            table: z.string().describe('Id of the performance-targets table'),
            project: z.string().nullable().describe('Project name (项目名称, or from the title)'),
            budgetYuan: DecimalString.nullable().describe('Project budget in 元, where stated'),
            budgetSource: z
              .object({
                printed: z.string().describe('The amount as printed'),
                unit: Unit.nullable().describe("Its unit (the key's （万元）, else the table's)"),
                row: z.number().int().nonnegative().optional().describe('Row index in the table'),
                column: z.string().optional().describe('Column id'),
                place: Place.optional(),
              })
              .strict()
              .optional()
              .describe('Where the budget was read: a row of the form, or its meta line (no row)'),
            goal: z.string().nullable().describe('Overall goal text (绩效目标 / 总体目标)'),
          })
          .strict(),
      )
      .describe(
        'Performance-target tables: project, budget and overall goal (one per form; one per project of a table listing several)',
      ),
  })
  .strict()
  .meta({ id: 'Narrative' });

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
    yuan: DecimalString.optional().describe('The amount this source states, in 元'),
    quote: z.string().optional().describe('The sentence or clause of the narrative (prose sources)'),
    nil: z
      .boolean()
      .optional()
      .describe('True when the narrative states the fact as nil in words (本年度没有…支出): 0 元'),
  })
  .strict()
  .meta({ id: 'FactSource' });

/** A headline fact in 元. */
export const Fact = z
  .object({
    yuan: DecimalString.describe('The amount in 元'),
    source: FactSource.describe(
      'The source the amount was taken from (the first of `sources` by precedence)',
    ),
    sources: z
      .array(FactSource)
      .min(1)
      .describe('Every source that states the fact, in the order of grammars/summary.json (prose last)'),
    doubtful: z
      .boolean()
      .optional()
      .describe('True when the amount is implausible (fact-implausible): not to be used as sure'),
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
    facts: z.array(StatedFact).describe('Amounts and counts stated in the narrative (情况说明)'),
    narrative: Narrative.describe('Structured content of the narrative'),
    diagnostics: z.array(Diagnostic),
    summary: Summary,
    partial: z
      .boolean()
      .optional()
      .describe(
        'True when a limit (time, cells per table) cut extraction short; see the limit-reached diagnostic',
      ),
    checks: Coverage.describe(
      'Checks run / passed / failed / skipped per rule, so "no errors" is never "nothing checked"',
    ),
  })
  .strict();

/** A column role. */
export type ColumnRole = types.ColumnRole;
/** A table kind id. */
export type TableKind = types.TableKind;
/** A money unit. */
export type Unit = types.Unit;
/** A source place. */
export type Place = types.Place;
/** A printed cell behind a value. */
export type CellSource = types.CellSource;
/** A row flag. */
export type RowFlag = types.RowFlag;
/** A table row. */
export type Row = types.Row;
/** A table column. */
export type Column = types.Column;
/** A table fragment. */
export type Fragment = types.Fragment;
/** A recognized table. */
export type Table = types.Table;
/** A diagnostic. */
export type Diagnostic = types.Diagnostic;
/** A narrative section. */
export type Section = types.Section;
/** A section marker. */
export type SectionMarker = types.SectionMarker;
/** A section item. */
export type SectionItem = types.SectionItem;
/** A section topic. */
export type SectionTopic = types.SectionTopic;
/** A stated fact id. */
export type StatedFactId = types.StatedFactId;
/** A stated change. */
export type StatedChange = types.StatedChange;
/** A fact stated in the narrative. */
export type StatedFact = types.StatedFact;
/** A parsed performance indicator. */
export type Indicator = types.Indicator;
/** Structured narrative content. */
export type Narrative = types.Narrative;
/** Where a summary fact was read. */
export type FactSource = types.FactSource;
/** A headline fact in 元. */
export type Fact = types.Fact;
/** A summary fact id. */
export type SummaryFactId = types.SummaryFactId;
/** The summary. */
export type Summary = types.Summary;
/** Document metadata. */
export type Meta = types.Meta;
/** The document model. */
export type BudgetDocument = types.BudgetDocument;
