/**
 * PDF entry point, loaded lazily so users who only parse markdown/TSV never load pdfjs-dist.
 */
import { createHash } from 'node:crypto';
import { BudgetIngestError } from './errors.js';
import { PdfExtractError } from './extract/pdf/errors.js';
import { extractPdfLayout } from './extract/pdf/index.js';
import type { Diagnostic } from './model/schema.js';
import { buildDocument, type ParseOptions, type ParseResult } from './parse.js';

/** Parse PDF bytes into the document model. Throws a `BudgetIngestError` (pdf-* codes) on unusable files. */
export async function parsePdf(bytes: Uint8Array, options: ParseOptions = {}): Promise<ParseResult> {
  const name = options.filename ?? '(input)';
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let layout: Awaited<ReturnType<typeof extractPdfLayout>>;
  try {
    layout = await extractPdfLayout(new Uint8Array(bytes), { filename: name });
  } catch (error) {
    if (error instanceof PdfExtractError)
      throw new BudgetIngestError(error.code, error.message, { cause: error, file: name });
    throw error;
  }
  const diagnostics: Diagnostic[] = layout.data.unreadablePages.map((page) => ({
    ruleId: 'page-unreadable',
    severity: 'warning',
    source: 'budget-ingest',
    message: `${name} 第 ${page} 页没有可读的文字层（扫描件或字体缺少 Unicode 映射），该页内容未提取。`,
    place: { page },
  }));
  return buildDocument(
    layout,
    { filename: options.filename ?? null, sha256, mediaType: 'application/pdf' },
    options,
    diagnostics,
  );
}
