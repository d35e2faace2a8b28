/**
 * The one error class users see, with a stable `code`, and the resource limits every parse runs under.
 */

/** Stable error codes (public API). */
export type ErrorCode =
  | 'input-unreadable'
  | 'input-binary'
  | 'input-empty'
  | 'input-unsupported'
  | 'input-too-large'
  | 'input-too-complex'
  | 'input-timeout'
  | 'option-invalid'
  | 'grammar-unreadable'
  | 'grammar-invalid'
  | 'parse-failed'
  | 'pdf-not-a-pdf'
  | 'pdf-encrypted'
  | 'pdf-corrupt'
  | 'pdf-too-many-pages';

/** Every error code, in documentation order. */
export const ERROR_CODES: readonly ErrorCode[] = [
  'input-unreadable',
  'input-binary',
  'input-empty',
  'input-unsupported',
  'input-too-large',
  'input-too-complex',
  'input-timeout',
  'option-invalid',
  'grammar-unreadable',
  'grammar-invalid',
  'parse-failed',
  'pdf-not-a-pdf',
  'pdf-encrypted',
  'pdf-corrupt',
  'pdf-too-many-pages',
];

/** An error from budget-ingest: `code` is stable, `message` names the file and what was expected. */
export class BudgetIngestError extends Error {
  /** Stable kebab-case error code. */
  readonly code: ErrorCode;
  /** File the error concerns, where known. */
  readonly file: string | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; file?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BudgetIngestError';
    this.code = code;
    this.file = options.file;
  }
}

/** Resource limits of one parse (see `ParseOptions`). */
export interface Limits {
  /** Largest input accepted, in bytes (`input-too-large` above). */
  maxFileBytes: number;
  /** Most PDF pages accepted (`pdf-too-many-pages` above). */
  maxPages: number;
  /** Time budget per document in milliseconds; 0 or Infinity: none (`limit-reached`, partial result). */
  timeoutMs: number;
  /** Most cells (rows × columns) kept in one grid (`limit-reached`, rows beyond dropped, partial result). */
  maxCellsPerTable: number;
}

/** Safe defaults of the resource limits. */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxFileBytes: 200 * 1024 * 1024,
  maxPages: 2000,
  timeoutMs: 120_000,
  maxCellsPerTable: 200_000,
});

/** A limit an extractor hit: what was cut and where (reported as a `limit-reached` warning). */
export interface LimitHit {
  /** The limit that was hit. */
  limit: keyof Limits;
  /** What was cut, in Chinese, for the diagnostic message (the file name is added in front). */
  message: string;
  /** 1-based page where the cut happened, where the input has pages. */
  page?: number;
}

/** Collects the limits an extractor hit; `maxCells` bounds the cells of one grid. */
export interface CellBudget {
  /** Most cells (rows × columns) one grid may hold. */
  maxCells: number;
  /** Called once per grid that was cut (and once when the time ran out). */
  onLimit: (hit: LimitHit) => void;
  /** Epoch milliseconds after which extractors stop reading (`timeoutMs`); absent: no time limit. */
  deadline?: number;
}

/**
 * True for a BudgetIngestError, also one made by another copy of this module (a module loaded twice under
 * different URLs — a loader, a bundle — makes `instanceof` fail).
 */
export function isBudgetIngestError(error: unknown): error is BudgetIngestError {
  return (
    error instanceof Error &&
    error.name === 'BudgetIngestError' &&
    (ERROR_CODES as readonly unknown[]).includes((error as { code?: unknown }).code)
  );
}
