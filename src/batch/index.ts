/**
 * Batch conversion and data access for other tools (re-exported from the package root).
 */

export { TABLES_CSV_COLUMNS, tableCsvLines, tablesCsvHeader, tablesCsvLines } from '../emit/tables-csv.js';
export {
  CANONICAL_COLUMNS,
  type CanonicalValue,
  columnCandidates,
  rowByCode,
  rowByKey,
  rowByLabel,
  tableByKind,
  tablesByKind,
  type ValueOf,
  valueOf,
} from './access.js';
export { type BatchInput, type BatchResult, type ConvertManyOptions, convertMany } from './convert-many.js';
export { DISCLOSURE_SIGNALS, type DisclosureVerdict, looksLikeDisclosure } from './disclosure.js';
export { OutputError, type OutputErrorCode, outputName, safeStem } from './files.js';
export { type FindInputsOptions, type FoundInputs, findInputs, type InputFile } from './inputs.js';
export type { WorkerSlotStats } from './pool.js';
export type { BatchError, BatchErrorCode, DocumentStats } from './protocol.js';
export {
  type FailOn,
  type FailOnDocument,
  type RunBatchOptions,
  type RunCounts,
  type RunDocument,
  type RunError,
  type RunEvent,
  type RunFailure,
  type RunReport,
  runBatch,
  type StdinLimits,
  UsageError,
} from './run.js';
