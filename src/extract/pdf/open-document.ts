import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { StageClock } from '../../timings.js';
import { isPdfExtractError, PdfExtractError } from './errors.js';
import { installLeanWorker, registerLeanDocument } from './lean-worker.js';
import { leanPlan } from './page-content.js';
import { syncInflateForPdfjs } from './sync-inflate.js';

/** The pdfjs-dist module namespace (legacy build). */
export type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let assetDirs: { cMapUrl: string; standardFontDataUrl: string } | undefined;

/** Filesystem folders (with trailing slash) of the pdfjs CMaps and standard fonts. */
export function pdfjsAssetDirs(): { cMapUrl: string; standardFontDataUrl: string } {
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

/** pdfjs `PasswordResponses`: no password given / the one given is wrong. */
const NEED_PASSWORD = 1;
const INCORRECT_PASSWORD = 2;

/** Map a pdfjs loading failure to a PdfExtractError. */
function toExtractError(err: unknown, filename: string | undefined, password?: string): PdfExtractError {
  if (isPdfExtractError(err)) return err;
  const name = err instanceof Error ? err.name : '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException') {
    const code = (err as { code?: unknown }).code;
    const wrong = code === INCORRECT_PASSWORD || (code !== NEED_PASSWORD && password !== undefined);
    return new PdfExtractError(
      'pdf-encrypted',
      filename,
      wrong
        ? 'the PDF is password-protected and the password given is wrong'
        : 'the PDF is password-protected (pass its password with the `password` option)',
      { cause: err },
    );
  }
  return new PdfExtractError('pdf-corrupt', filename, `the PDF cannot be read (${message})`, { cause: err });
}

/** Native built-ins captured before pdfjs loads. */
const NATIVE_PUSH = Array.prototype.push;
const NATIVE_JSON_PARSE = JSON.parse;
const NATIVE_JSON_STRINGIFY = JSON.stringify;

/** Put `native` back as `owner[key]` when something replaced it. */
function restore(owner: object, key: string, native: unknown): void {
  if (Reflect.get(owner, key) === native) return;
  Object.defineProperty(owner, key, { value: native, writable: true, configurable: true });
}

/**
 * The legacy pdfjs build bundles core-js, which on Node 20 replaces built-ins for proposals or edge cases
 * nobody here uses: `Array.prototype.push` (an array whose length is not writable), `JSON.parse` (the
 * reviver's source text) and `JSON.stringify` (`JSON.rawJSON`). The replacements are slow (stringify about
 * 70 times, a parse with a reviver about 7 times, push several times) and serve every caller in the process
 * — pdfjs's own operator lists, this library's grammars and output, the user's code — so the native methods
 * are put back: they behave the same for every ordinary value.
 */
export function restoreNativeBuiltins(): void {
  restore(Array.prototype, 'push', NATIVE_PUSH);
  restore(JSON, 'parse', NATIVE_JSON_PARSE);
  restore(JSON, 'stringify', NATIVE_JSON_STRINGIFY);
}

/**
 * pdfjs (5.6) leaves some of its internal promises rejected without a handler on damaged content streams
 * (a `ParserEOFException` after `getTextContent`): under Node's default that would crash the caller's
 * process. While documents are open (and shortly after), such rejections — pdfjs exceptions only — are
 * swallowed; any other unhandled rejection keeps Node's behaviour (re-thrown when nobody else listens).
 */
const PDFJS_ERRORS = new Set([
  'ParserEOFException',
  'FormatError',
  'UnknownErrorException',
  'InvalidPDFException',
  'MissingPDFException',
  'PasswordException',
  'AbortException',
  'XRefParseException',
  'XRefEntryException',
  'MissingDataException',
  'ResponseException',
]);
let openDocuments = 0;

function onUnhandledRejection(reason: unknown): void {
  if (reason instanceof Error && (PDFJS_ERRORS.has(reason.name) || /pdfjs-dist/.test(reason.stack ?? '')))
    return;
  if (process.listenerCount('unhandledRejection') === 1) throw reason;
}

/** Swallow pdfjs-only unhandled rejections while a document is open; call the returned function to stop. */
export function guardRejections(): () => void {
  if (openDocuments++ === 0) process.on('unhandledRejection', onUnhandledRejection);
  return () => {
    // Late rejections surface a few ticks after the document is destroyed.
    setTimeout(() => {
      if (--openDocuments === 0) process.off('unhandledRejection', onUnhandledRejection);
    }, 200).unref();
  };
}

/** Options of {@link withPdfDocument}. */
export interface OpenPdfOptions {
  /** User (or owner) password of an encrypted PDF. */
  password?: string;
  /** Epoch milliseconds after which opening gives up (`PdfDeadlineError`). Default: none. */
  deadline?: number;
  /** Clock whose layout part gets the time spent encoding operator lists for the layout. Default: none. */
  clock?: StageClock;
  /**
   * Hand `data` itself to pdf.js, which detaches its buffer (the caller must not read it afterwards),
   * instead of a copy. For bytes the caller read for this call alone. Default: false (a copy).
   */
  handOver?: boolean;
}

/** Thrown when a deadline passed while pdfjs was still working; the caller turns it into a partial result. */
export class PdfDeadlineError extends Error {
  constructor() {
    super('the time limit was reached');
    this.name = 'PdfDeadlineError';
  }
}

/**
 * Await `promise`, giving up with a `PdfDeadlineError` once `deadline` (epoch ms) has passed. The promise is
 * left running (destroying the document ends it).
 */
export async function beforeDeadline<T>(promise: Promise<T>, deadline: number | undefined): Promise<T> {
  if (deadline === undefined || !Number.isFinite(deadline)) return promise;
  const left = deadline - Date.now();
  if (left <= 0) {
    promise.catch(() => {}); // settles after the document is destroyed: nobody waits for it any more
    throw new PdfDeadlineError();
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PdfDeadlineError()), left);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
    promise.catch(() => {});
  }
}

/**
 * Fonts are only measured here, never drawn: with `disableFontFace: false` pdf.js would hand each font to
 * the DOM font loader, which Node lacks (and would then ask its worker for a fallback font). The document's
 * loader is made to accept every font as it is.
 */
function skipFontLoading(doc: PDFDocumentProxy): void {
  const loader = (doc as { _transport?: { fontLoader?: { bind?: unknown } } })._transport?.fontLoader;
  if (loader && typeof loader.bind === 'function') loader.bind = async () => undefined;
}

/**
 * Open a PDF with pdfjs-dist (legacy build, CMaps and standard fonts wired from local folders, eval disabled,
 * no network), run `use` on it and always destroy the document, whatever happens.
 */
export async function withPdfDocument<T>(
  data: Uint8Array,
  filename: string | undefined,
  use: (doc: PDFDocumentProxy, pdfjs: PdfJs) => Promise<T>,
  options: OpenPdfOptions = {},
): Promise<T> {
  if (data.byteLength === 0) throw new PdfExtractError('pdf-not-a-pdf', filename, 'the input is empty');
  if (!hasPdfSignature(data)) {
    throw new PdfExtractError('pdf-not-a-pdf', filename, 'the input has no %PDF- signature');
  }
  const pdfjs: PdfJs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const lean = await installLeanWorker();
  restoreNativeBuiltins();
  const { cMapUrl, standardFontDataUrl } = pdfjsAssetDirs();
  const release = guardRejections();
  const inflateSync = syncInflateForPdfjs();
  const task = pdfjs.getDocument({
    // pdf.js detaches the buffer it is given (and copies a view that is not a whole buffer).
    data: options.handOver ? data : new Uint8Array(data),
    cMapUrl,
    cMapPacked: true,
    standardFontDataUrl,
    isEvalSupported: false,
    useWasm: false, // image decoders only: nothing to load from anywhere
    maxImageSize: 1, // images carry no text we read: never decode them
    // With the lean worker, fonts are never handed to a font loader (see below), so pdf.js need not build
    // glyph outlines for drawing without one.
    ...(lean ? { disableFontFace: false } : {}),
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    ...(options.password === undefined ? {} : { password: options.password }),
  });
  const unregister = lean
    ? registerLeanDocument(task.docId, leanPlan(pdfjs.OPS, options.clock))
    : () => undefined;
  try {
    let doc: PDFDocumentProxy;
    try {
      doc = await beforeDeadline(task.promise, options.deadline);
      if (lean) skipFontLoading(doc);
      restoreNativeBuiltins(); // the worker module, loaded lazily, installs the same polyfills
    } catch (err) {
      if (err instanceof PdfDeadlineError) throw err;
      throw toExtractError(err, filename, options.password);
    }
    return await use(doc, pdfjs);
  } finally {
    try {
      await task.destroy();
    } finally {
      unregister();
      inflateSync();
      release();
    }
  }
}
