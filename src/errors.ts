/**
 * The one error class users see, with a stable `code`.
 */

/** Stable error codes (public API). */
export type ErrorCode =
  | 'input-unreadable'
  | 'input-binary'
  | 'input-empty'
  | 'input-unsupported'
  | 'grammar-unreadable'
  | 'grammar-invalid'
  | 'parse-failed'
  | 'pdf-not-a-pdf'
  | 'pdf-encrypted'
  | 'pdf-corrupt'
  | 'pdf-too-many-pages';

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
