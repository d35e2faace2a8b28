/**
 * budget-ingest: public API (re-exports only).
 */
export type {
  BBox,
  GridBlock,
  GridCell,
  HeadingBlock,
  LayoutBlock,
  LayoutRoot,
  ListBlock,
  PageBreakBlock,
  ParagraphBlock,
  Point,
  Position,
  Provenance,
} from './ast/layout.js';
export { gridToMatrix } from './ast/layout.js';
export {
  type BatchError,
  type BatchErrorCode,
  type BatchInput,
  type BatchResult,
  CANONICAL_COLUMNS,
  type CanonicalValue,
  type ConvertManyOptions,
  columnCandidates,
  convertMany,
  DISCLOSURE_SIGNALS,
  type DisclosureVerdict,
  type DocumentStats,
  type FailOn,
  type FailOnDocument,
  type FindInputsOptions,
  type FoundInputs,
  findInputs,
  type InputFile,
  looksLikeDisclosure,
  OutputError,
  type OutputErrorCode,
  type RunBatchOptions,
  type RunCounts,
  type RunDocument,
  type RunError,
  type RunEvent,
  type RunFailure,
  type RunReport,
  rowByCode,
  rowByKey,
  rowByLabel,
  runBatch,
  type StdinLimits,
  TABLES_CSV_COLUMNS,
  tableByKind,
  tableCsvLines,
  tablesByKind,
  tablesCsvHeader,
  tablesCsvLines,
  UsageError,
  type ValueOf,
  valueOf,
} from './batch/index.js';
export {
  CHECK_RULE_IDS,
  type CheckOptions,
  type CheckResult,
  Coverage,
  type Finding,
  formatDiagnostics,
  runChecks,
} from './check/index.js';
export { summaryCsvHeader, summaryCsvRow } from './emit/csv.js';
export {
  BudgetIngestError,
  DEFAULT_LIMITS,
  ERROR_CODES,
  type ErrorCode,
  isBudgetIngestError,
} from './errors.js';
export { type CompiledGrammar, type GrammarSet, loadGrammarFile, loadGrammars } from './grammar/load.js';
export { TableGrammar } from './grammar/schema.js';
export { documentJsonSchema } from './model/json-schema.js';
export {
  BudgetDocument,
  type Column,
  Diagnostic,
  type Fact,
  type Indicator,
  MODEL_VERSION,
  type Narrative,
  type Row,
  SCHEMA_NAME,
  STATED_FACT_IDS,
  type StatedFact,
  SUMMARY_FACT_IDS,
  type SummaryFactId,
  TABLE_KINDS,
  type Table,
  type TableKind,
} from './model/schema.js';
export {
  annotateIndicators,
  buildNarrative,
  extractStatedFacts,
  type NarrativeResult,
  parseIndicatorTarget,
} from './narrative/index.js';
export { type AmountCell, parseAmount } from './normalize/amount.js';
export { type CodeDictionary, loadCodeDictionary } from './normalize/code-dictionary.js';
export {
  detectTextFormat,
  type InputFormat,
  type ParseOptions,
  type ParseResult,
  parse,
  parseFile,
  parsePdfBytes,
  type SafeParseResult,
  safeParse,
  safeParseFile,
} from './parse.js';
