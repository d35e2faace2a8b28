/**
 * The document model as plain TypeScript interfaces, for consumers: cheap to type-check (no zod types to
 * instantiate) and readable in an editor. The zod schemas in ./schema.ts stay the source of truth (they validate
 * and generate the JSON Schema); test/model-types.test.ts fails unless every interface here and the schema's
 * `z.infer` type are the same type, both ways. Adding a model field: one line in the schema, one line here.
 * Optional fields are written `?: T | undefined`, as zod infers them.
 */

/** The canonical table kinds (see `TABLE_KINDS`). */
export type TableKind =
  | 'income-expenditure-summary'
  | 'income-summary'
  | 'expenditure-summary'
  | 'fiscal-appropriation-summary'
  | 'general-budget-expenditure'
  | 'general-budget-basic-expenditure'
  | 'gov-fund-expenditure'
  | 'state-capital-expenditure'
  | 'three-public-expenses'
  | 'project-expenditure'
  | 'government-procurement'
  | 'fixed-assets'
  | 'performance-targets'
  | 'basic-expenditure'
  | 'fiscal-appropriation-expenditure'
  | 'fiscal-appropriation-basic-expenditure'
  | 'general-budget-economic-expenditure'
  | 'operating-costs'
  | 'government-purchased-services'
  | 'carryover-expenditure'
  | 'other';

/** A summary fact id (see `SUMMARY_FACT_IDS`). */
export type SummaryFactId =
  | 'revenue_total'
  | 'expenditure_total'
  | 'current_year_revenue'
  | 'current_year_expenditure'
  | 'fiscal_appropriation_revenue'
  | 'general_public_budget_revenue'
  | 'gov_fund_revenue'
  | 'basic_expenditure'
  | 'project_expenditure'
  | 'gpb_personnel'
  | 'gpb_public_funds'
  | 'gpb_basic_total'
  | 'three_public_total'
  | 'three_public_overseas'
  | 'three_public_vehicles'
  | 'three_public_reception'
  | 'operating_costs'
  | 'gpb_family_subsidy'
  | 'gpb_staff_increase';

/** A stated (narrative) fact id: the summary ids and the finer ones only prose states (see `STATED_FACT_IDS`). */
export type StatedFactId =
  | SummaryFactId
  | 'budget_total'
  | 'special_account_revenue'
  | 'business_revenue'
  | 'operation_revenue'
  | 'superior_subsidy_revenue'
  | 'affiliated_revenue'
  | 'other_revenue'
  | 'state_capital_revenue'
  | 'carryover'
  | 'other_funds_revenue'
  | 'year_end_carryover'
  | 'three_public_vehicle_purchase'
  | 'three_public_vehicle_operation'
  | 'meeting_costs'
  | 'training_costs'
  | 'procurement_total'
  | 'procurement_goods'
  | 'procurement_works'
  | 'procurement_services'
  | 'fixed_assets_value'
  | 'fixed_assets_purchase'
  | 'vehicles_count'
  | 'equipment_count'
  | 'function_line';

/** A money unit. */
export type Unit = '元' | '千元' | '万元' | '亿元';

/** What a column holds. */
export type ColumnRole =
  | 'serial'
  | 'code'
  | 'code-class'
  | 'code-kuan'
  | 'code-xiang'
  | 'label'
  | 'amount'
  | 'text'
  | 'count';

/** A classification-code level. */
export type CodeLevel = '类' | '款' | '项';

/** What normalization did to a row, or doubts. */
export type RowFlag =
  | 'label-restored'
  | 'label-wrapped'
  | 'code-inherited'
  | 'code-inferred'
  | 'total'
  | 'subtotal'
  | 'heading';

/** Income or expenditure side of a two-sided table. */
export type Side = 'income' | 'expenditure';

/** Where something was read from: page and box for PDF, line/column for text inputs. */
export interface Place {
  /** 1-based page number, where known. */
  page?: number | undefined;
  /** Box on the page [x0, y0, x1, y1], origin top-left, PDF units. */
  bbox?: [number, number, number, number] | undefined;
  /** 1-based line in a text input. */
  line?: number | undefined;
  /** 1-based column in a text input. */
  column?: number | undefined;
  /** Last line of a multi-line span. */
  endLine?: number | undefined;
}

/** One printed cell behind a value: its text as printed and its place. */
export interface CellSource {
  /** The cell text exactly as printed (markup removed). */
  printed: string;
  place?: Place | undefined;
  /** 0-based column in the source grid. */
  gridColumn: number;
  /** The printed cell spans several rows and began on an earlier row, or on the page before: the value is printed once. */
  spanned?: true | undefined;
}

/** A performance indicator target parsed from a performance-targets row. */
export interface Indicator {
  level1: string | null;
  level2: string | null;
  level3: string | null;
  /** Comparison, null when none printed. */
  operator: '≥' | '≤' | '>' | '<' | '=' | '≈' | null;
  /** Target value, null for text targets. */
  value: string | null;
  /** Target unit as printed (%, 天, 万元 …). */
  unit: string | null;
  /** The target as printed (joined from split columns). */
  text: string | null;
  /** True when the target is a number with operator/unit or a plain text target. */
  valid: boolean;
}

/** One data row of a table. */
export interface Row {
  /** Serial (序号) as printed, or null. */
  serial: string | null;
  /** Classification code, joined from split 类/款/项 columns, or null. */
  code: string | null;
  /** 类 / 款 / 项 from the code length, or null. */
  level: CodeLevel | null;
  /** Code of the parent row (code minus its last level), or null. */
  parentCode: string | null;
  /** Normalized row label (name). */
  label: string | null;
  /** Label exactly as printed when normalization changed it. */
  labelPrinted: string | null;
  /** What the row is (grand_total, current_year_total, carryover, an income source, a 三公 part …); absent for ordinary lines. */
  key?: string | undefined;
  /** Two-sided tables (收支总表): which side of the grid line the row belongs to. */
  side?: Side | undefined;
  /** Column id → decimal string in the table unit, or null for blank / dash. */
  values: Record<string, string | null>;
  /** Column id → text for text columns (indicators, units, names). */
  text?: Record<string, string | null> | undefined;
  /** Column id → the printed cell behind the value or text (provenance). */
  cells: Record<string, CellSource>;
  /** What normalization did to this row. */
  flags: RowFlag[];
  /** Performance-targets rows: the parsed indicator target. */
  indicator?: Indicator | undefined;
  /** 0-based data line within the merged table. */
  gridLine: number;
}

/** A column of a recognized table. */
export interface Column {
  /** Stable column id from the grammar (e.g. `total`, `basic_personnel`), or `col_N`. */
  id: string;
  /** Header path as printed, top to bottom (merged cells repeated). */
  header: string[];
  role: ColumnRole;
  side?: Side | undefined;
  /** 栏次 number printed under the header, if any. */
  number?: string | undefined;
}

/** One fragment (page piece) a table was assembled from. */
export interface Fragment {
  /** Where the fragment starts. */
  place: Place;
  /** Data rows contributed. */
  rows: number;
  /** How the fragment was joined to the previous one. */
  join: 'first' | 'title-repeated' | 'header-repeated' | 'bare-rows' | 'columns-continued';
}

/** A recognized table. */
export interface Table {
  /** Document-unique table id (t1, t2, …). */
  id: string;
  kind: TableKind;
  /** Title as printed (first fragment), without its table-number label. */
  title: string;
  /** Table-number label printed with the title (表01, 预算01表, 公开表一, 附表3), or null. */
  label: string | null;
  /** Id of the grammar that matched (`other` when none). */
  grammar: string;
  /** Declared money unit, or null when none was declared. */
  unit: Unit | null;
  /** Yuan per unit as a decimal string (万元 → 10000). */
  unitFactor: string | null;
  /** Pages the table spans, where pages are known. */
  pages: number[];
  columns: Column[];
  rows: Row[];
  /** True when the table is published with no values (空表). */
  empty: boolean;
  /** Notes printed with the table (注：…). */
  notes: string[];
  /** Metadata lines printed with the table (预算单位, 预算年度, 绩效目标 …). */
  meta: Record<string, string>;
  /** Every piece the table was assembled from, in order. */
  fragments: Fragment[];
}

/** A diagnostic in the vfile-message manner. */
export interface Diagnostic {
  /** Stable kebab-case rule id. */
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  /** What is wrong, quoting titles, labels and printed values. */
  message: string;
  source: 'budget-ingest';
  place?: Place | undefined;
  /** Id of the table concerned. */
  table?: string | undefined;
  /** Row index within the table. */
  row?: number | undefined;
  /** Column id concerned. */
  column?: string | undefined;
  actual?: string | undefined;
  expected?: string | undefined;
  /** Summary fact id concerned (fact-conflict, fact-identity …). */
  fact?: string | undefined;
}

/** How a section heading was enumerated: 第一部分 / 一、 / （一） / 1、 / （1） / ① or none. */
export interface SectionMarker {
  /** Enumeration style: 第X部分, 一、, （一）, 1、/1., (1), ①, 一是/第一. */
  style: 'part' | 'cn' | 'cn-paren' | 'arabic' | 'arabic-paren' | 'circled' | 'cn-ordinal';
  /** Ordinal the marker stands for (（四） → 4). */
  ordinal: number;
  /** The marker as printed. */
  printed: string;
}

/** An enumerated item of a section (a 部门职责 item, a glossary entry …) with its paragraph rejoined. */
export interface SectionItem {
  marker?: SectionMarker | undefined;
  /** Item text without its marker, rejoined across line wraps and page breaks. */
  text: string;
  place?: Place | undefined;
}

/** What a section is about, from its title. */
export type SectionTopic =
  | 'overview'
  | 'duties'
  | 'organisation'
  | 'revenue'
  | 'expenditure'
  | 'budget-summary'
  | 'change'
  | 'operating-costs'
  | 'three-public'
  | 'performance'
  | 'procurement'
  | 'assets'
  | 'glossary'
  | 'other-matters'
  | 'tables';

/** A narrative section (情况说明) with its paragraphs and sub-sections, as a tree. */
export interface Section {
  /** Heading text as printed (marker included). */
  title: string;
  /** Nesting depth (1 = top). */
  depth: number;
  /** Paragraph texts directly under the heading, rejoined across line wraps and page breaks. */
  paragraphs: string[];
  place?: Place | undefined;
  /** preamble, contents (the 目录), part, heading (unnumbered) or enumerated (numbered). */
  kind?: 'preamble' | 'contents' | 'part' | 'heading' | 'enumerated' | undefined;
  marker?: SectionMarker | undefined;
  /** What the section is about, from its title. */
  topic?: SectionTopic | undefined;
  /** Enumerated paragraphs directly under the heading (also present in `paragraphs`). */
  items?: SectionItem[] | undefined;
  children: Section[];
}

/** A change stated against another year (比上年增减). */
export interface StatedChange {
  direction: 'increase' | 'decrease' | 'flat';
  /** Size of the change in 元 (unsigned), or null when not stated. */
  yuan: string | null;
  /** The change amount as printed. */
  printed: string | null;
  /** Stated percentage change (unsigned). */
  percent?: string | undefined;
  /** The year compared with. */
  priorYear?: number | undefined;
  /** Prior-year value in 元: stated, or derived from value ± change. */
  priorYuan?: string | undefined;
  /** True when the prior value is printed, false when derived. */
  priorStated?: boolean | undefined;
  /** Stated reason (主要原因是…). */
  reason?: string | undefined;
}

/** An amount (or count) stated in the narrative. */
export interface StatedFact {
  id: StatedFactId;
  /** The words the amount is stated of, as printed (spaces removed). */
  subject: string;
  /** amount: a level; change: only a change is stated; count: a number of things. */
  measure: 'amount' | 'change' | 'count';
  /** The amount in 元 (null for counts and pure changes). */
  yuan: string | null;
  /** The number as printed, in `unit` (commas removed). */
  value: string | null;
  /** The number as printed. */
  printed: string | null;
  /** Unit as printed (万元, 元, 辆 …). */
  unit: string | null;
  /** Year the amount is of. */
  year: number | null;
  /** current: the document year; prior: an earlier year. */
  period: 'current' | 'prior';
  /** Stated as a budget (预算) or a final-accounts (决算) amount; absent when the text says neither. */
  basis?: 'budget' | 'final' | undefined;
  change?: StatedChange | undefined;
  /** Function classification code for code lines (2040601). */
  code?: string | undefined;
  /** True when stated as nil in words (本年度没有…支出, 本单位无…): 0, with `quote` the sentence. */
  nil?: boolean | undefined;
  /** Title of the section the sentence is in. */
  section?: string | undefined;
  /** The organisation the paragraph describes when it is one unit of the department (a section headed by a unit its tables list): not a department figure. */
  organisation?: string | undefined;
  /** The clause the amount was read from. */
  quote: string;
  place?: Place | undefined;
}

/** A unit of the 机构设置 (from its table or prose). */
export interface OrganisationUnit {
  name: string;
  /** 单位性质 (行政 / 事业 / 参公 …). */
  nature: string | null;
  /** 单位规格 (正科级 …). */
  level: string | null;
  /** 经费保障形式 (财政拨款 …). */
  funding: string | null;
  table?: string | undefined;
}

/** Structured content of the narrative. */
export interface Narrative {
  /** 部门职责 items. */
  duties: SectionItem[];
  organisation: {
    units: OrganisationUnit[];
    /** Counts stated in prose (行政单位1家, 内设机构32个 …). */
    counts: {
      /** What is counted (行政单位, 内设机构 …). */
      label: string;
      count: number;
      /** 家 / 个 / 名 / 人. */
      unit: string;
      place?: Place | undefined;
    }[];
    /** Paragraphs of the 机构设置 section. */
    text: string[];
  };
  /** 名词解释 entries. */
  glossary: { term: string; definition: string; place?: Place | undefined }[];
  /** Paragraphs of 其他需要说明的事项. */
  otherMatters: string[];
  /** Performance-target tables: project, budget and overall goal (one per form; one per project of a table listing several). */
  performance: {
    /** Id of the performance-targets table. */
    table: string;
    /** Project name (项目名称, or from the title). */
    project: string | null;
    /** Project budget in 元, where stated. */
    budgetYuan: string | null;
    /** Where the budget was read: a row of the form, or its meta line (no row). */
    budgetSource?:
      | {
          /** The amount as printed. */
          printed: string;
          /** Its unit (the key's （万元）, else the table's). */
          unit: Unit | null;
          /** Row index in the table. */
          row?: number | undefined;
          /** Column id. */
          column?: string | undefined;
          place?: Place | undefined;
        }
      | undefined;
    /** Overall goal text (绩效目标 / 总体目标). */
    goal: string | null;
  }[];
}

/** Where a summary fact was read. */
export interface FactSource {
  /** Table id. */
  table?: string | undefined;
  /** Kind of that table. */
  kind?: TableKind | undefined;
  /** Row label (or code) as normalized. */
  row?: string | undefined;
  /** Column id. */
  column?: string | undefined;
  /** The value as printed. */
  printed: string;
  unit: Unit | null;
  place?: Place | undefined;
  /** True when read from the narrative, not a table. */
  prose?: boolean | undefined;
  /** The amount this source states, in 元. */
  yuan?: string | undefined;
  /** The sentence or clause of the narrative (prose sources). */
  quote?: string | undefined;
  /** True when the narrative states the fact as nil in words (本年度没有…支出): 0 元. */
  nil?: boolean | undefined;
}

/** A headline fact in 元. */
export interface Fact {
  /** The amount in 元. */
  yuan: string;
  /** The source the amount was taken from (the first of `sources` by precedence). */
  source: FactSource;
  /** Every source that states the fact, in the order of grammars/summary.json (prose last). */
  sources: FactSource[];
  /** True when the amount is implausible (fact-implausible): not to be used as sure. */
  doubtful?: boolean | undefined;
}

/** The summary: headline facts by id, absent when the document does not state them. */
export type Summary = { [id in SummaryFactId]?: Fact | undefined };

/** Document metadata. */
export interface Meta {
  /** Department or unit name. */
  department: string | null;
  /** Budget / accounts year. */
  year: number | null;
  /** 预算 (budget) or 决算 (final accounts). */
  kind: 'budget' | 'final' | null;
  /** 部门 (department roll-up) or 单位 (one unit). */
  scope: 'department' | 'unit' | null;
}

/** Counts for one identity (check) of a rule. `run` = `passed` + `failed`; skipped checks did not run. */
export interface CheckCoverage {
  run: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Distinct reasons a check was skipped, with counts. */
  skipReasons: string[];
}

/** Counts for one rule, with its identities (checks) broken out. */
export interface RuleCoverage extends CheckCoverage {
  /** False when switched off through options.rules. */
  enabled: boolean;
  /** What the rule checks (Chinese). */
  description: string;
  /** Identity id → counts. */
  checks: Record<string, CheckCoverage>;
}

/** Coverage of a whole check run. */
export interface Coverage {
  rules: Record<string, RuleCoverage>;
  totals: {
    run: number;
    passed: number;
    failed: number;
    skipped: number;
    errors: number;
    warnings: number;
    infos: number;
  };
}

/** The whole document model. */
export interface BudgetDocument {
  schema: 'budget-ingest/document';
  /** Semver of the model. */
  version: string;
  origin: { filename: string | null; sha256: string; mediaType: string };
  meta: Meta;
  tables: Table[];
  sections: Section[];
  /** Amounts and counts stated in the narrative (情况说明). */
  facts: StatedFact[];
  /** Structured content of the narrative. */
  narrative: Narrative;
  diagnostics: Diagnostic[];
  summary: Summary;
  /** True when a limit (time, cells per table) cut extraction short; see the limit-reached diagnostic. */
  partial?: boolean | undefined;
  /** Checks run / passed / failed / skipped per rule, so "no errors" is never "nothing checked". */
  checks: Coverage;
}
