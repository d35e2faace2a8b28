import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PdfExtractError } from './errors.js';

/** The pdfjs-dist module namespace (legacy build). */
export type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let assetDirs: { cMapUrl: string; standardFontDataUrl: string } | undefined;

/** Filesystem folders (with trailing slash) of the pdfjs CMaps and standard fonts. */
function pdfjsAssetDirs(): { cMapUrl: string; standardFontDataUrl: string } {
  if (!assetDirs) {
    const pkg = createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
    const dir = path.dirname(pkg);
    assetDirs = {
      cMapUrl: `${path.join(dir, 'cmaps')}${path.sep}`,
      standardFontDataUrl: `${path.join(dir, 'standard_fonts')}${path.sep}`,
    };
  }
  return assetDirs;
}

/** True when the bytes start (within the first KiB, as readers allow) with a `%PDF-` signature. */
export function hasPdfSignature(data: Uint8Array): boolean {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** Map a pdfjs loading failure to a PdfExtractError. */
function toExtractError(err: unknown, filename: string | undefined): PdfExtractError {
  if (err instanceof PdfExtractError) return err;
  const name = err instanceof Error ? err.name : '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException') {
    return new PdfExtractError('pdf-encrypted', filename, 'the PDF is password-protected', { cause: err });
  }
  return new PdfExtractError('pdf-corrupt', filename, `the PDF cannot be read (${message})`, { cause: err });
}

/** Native built-ins captured before pdfjs loads. */
const NATIVE_PUSH = Array.prototype.push;

/**
 * The legacy pdfjs build bundles core-js, which replaces `Array.prototype.push` on Node 20 with a polyfill for a
 * V8 edge case (pushing onto an array whose length is not writable). The polyfill is several times slower
 * than the native method and is then used by every array in the process (pdfjs's own operator lists
 * included), so the native method is put back: it behaves the same for every ordinary array.
 */
function restoreNativeBuiltins(): void {
  if (Array.prototype.push !== NATIVE_PUSH)
    Object.defineProperty(Array.prototype, 'push', {
      value: NATIVE_PUSH,
      writable: true,
      configurable: true,
    });
}

/**
 * Open a PDF with pdfjs-dist (legacy build, CMaps and standard fonts wired, eval disabled), run `use`
 * on it and always destroy the document, whatever happens.
 */
export async function withPdfDocument<T>(
  data: Uint8Array,
  filename: string | undefined,
  use: (doc: PDFDocumentProxy, pdfjs: PdfJs) => Promise<T>,
): Promise<T> {
  if (data.byteLength === 0) throw new PdfExtractError('pdf-not-a-pdf', filename, 'the input is empty');
  if (!hasPdfSignature(data)) {
    throw new PdfExtractError('pdf-not-a-pdf', filename, 'the input has no %PDF- signature');
  }
  const pdfjs: PdfJs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  restoreNativeBuiltins();
  const { cMapUrl, standardFontDataUrl } = pdfjsAssetDirs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(data), // fresh copy: pdfjs detaches the buffer it is given
    cMapUrl,
    cMapPacked: true,
    standardFontDataUrl,
    isEvalSupported: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    let doc: PDFDocumentProxy;
    try {
      doc = await task.promise;
      restoreNativeBuiltins(); // the worker module, loaded lazily, installs the same polyfills
    } catch (err) {
      throw toExtractError(err, filename);
    }
    return await use(doc, pdfjs);
  } finally {
    await task.destroy();
  }
}
