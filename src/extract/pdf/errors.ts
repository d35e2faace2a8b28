/** Stable codes of PDF extraction failures. */
export type PdfExtractErrorCode = 'pdf-not-a-pdf' | 'pdf-encrypted' | 'pdf-corrupt' | 'pdf-too-many-pages';

/** A PDF could not be read; `code` is stable, the message names the file. */
export class PdfExtractError extends Error {
  /** Stable machine-readable reason. */
  readonly code: PdfExtractErrorCode;
  /** File name given by the caller, if any. */
  readonly filename: string | undefined;

  constructor(
    code: PdfExtractErrorCode,
    filename: string | undefined,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${filename ?? '<pdf input>'}: ${detail}`, options);
    this.name = 'PdfExtractError';
    this.code = code;
    this.filename = filename;
  }
}

/**
 * True for a PdfExtractError, also one made by another copy of this module (a module loaded twice under
 * different URLs — a loader, a bundle — makes `instanceof` fail).
 */
export function isPdfExtractError(error: unknown): error is PdfExtractError {
  return (
    error instanceof Error &&
    error.name === 'PdfExtractError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}
