/**
 * `budget-ingest view`: build a static review per document (`DIR/<name>/index.html` with its page images)
 * and the list of documents (`DIR/index.html`). Inputs are found as `convert` finds them (files, folders
 * walked recursively, glob patterns).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { outputName, writeFileAtomic } from '../batch/files.js';
import { findInputs } from '../batch/inputs.js';
import { decodeText } from '../extract/decode.js';
import { type ParseOptions, safeParseFile } from '../parse.js';
import { type ReviewSource, renderDocumentPage } from './document-page.js';
import { type ReviewEntry, renderIndexPage } from './index-page.js';
import { buildView } from './model.js';
import { loadCanvas, type PageImageOptions, renderPageImages } from './page-images.js';
import { PageRenderer } from './render-pool.js';

/** Options of {@link buildReviews}. */
export interface BuildReviewsOptions extends PageImageOptions {
  /** Files, folders and glob patterns. */
  inputs: readonly string[];
  /** Output folder (created). */
  out: string;
  /** Parse options passed to every input (format, kind, grammars). */
  parse?: Omit<ParseOptions, 'filename'>;
  /** Threads rendering page images at once (the calling one included). Default: the number of cores. */
  jobs?: number;
  /** Module loaded for page images (default `@napi-rs/canvas`; tests pass a missing one). */
  canvasModule?: string;
  /** Called after each input (built or failed). */
  onDocument?: (entry: ReviewEntry) => void;
}

/** What {@link buildReviews} did. */
export interface ReviewReport {
  /** One entry per input, in input order. */
  entries: ReviewEntry[];
  /** Folder entries left out (not budget inputs), with the reason. */
  ignored: Array<{ input: string; reason: string }>;
  /** Set when page images could not be written (no canvas package), with the reason. */
  textOnly?: string;
  /** Path of the index page. */
  index: string;
  /** Total milliseconds. */
  ms: number;
}

const PDF = 'application/pdf';

async function reviewOne(
  path: string,
  file: string,
  dir: string,
  name: string,
  options: BuildReviewsOptions,
  renderer: PageRenderer | undefined,
  textOnly: string | undefined,
): Promise<ReviewEntry> {
  const started = performance.now();
  const result = await safeParseFile(path, options.parse ?? {});
  if (!result.ok)
    return {
      input: path,
      file,
      status: 'failed',
      error: { code: result.error.code, message: result.error.message },
      ms: performance.now() - started,
    };
  const { document } = result;
  const view = buildView(document);
  rmSync(join(dir, 'pages'), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const bytes = new Uint8Array(readFileSync(path));
  let source: ReviewSource;
  if (document.origin.mediaType === PDF) {
    const pages = renderer
      ? await renderer.render(bytes, view.pages, dir)
      : await renderPageImages(bytes, view.pages, dir, { images: false });
    source = { kind: 'pages', pages, ...(textOnly ? { textOnly } : {}) };
  } else source = { kind: 'lines', text: decodeText(bytes, file).text };
  const html = renderDocumentPage(view, { name, input: path, source, indexHref: '../index.html' });
  writeFileAtomic(join(dir, 'index.html'), html);
  const images = source.kind === 'pages' ? source.pages.filter((p) => p.file) : [];
  return {
    input: path,
    file,
    name,
    status: 'ok',
    department: document.meta.department,
    year: document.meta.year,
    kind: document.meta.kind,
    tables: document.tables.length,
    errors: view.counts.error,
    warnings: view.counts.warning,
    infos: view.counts.info,
    pages: source.kind === 'pages' ? source.pages.length : 0,
    images: images.length,
    bytes: Buffer.byteLength(html) + images.reduce((sum, p) => sum + (p.bytes ?? 0), 0),
    ms: performance.now() - started,
  };
}

/**
 * Build the reviews of `inputs` into `out`: one folder per document and `out/index.html`. Inputs that cannot
 * be parsed are listed as failed; the others go on. Throws only when `out` cannot be written.
 */
export async function buildReviews(options: BuildReviewsOptions): Promise<ReviewReport> {
  const started = performance.now();
  const found = findInputs(options.inputs, { exclude: [options.out] });
  mkdirSync(options.out, { recursive: true });
  const canvas = options.images === false ? undefined : loadCanvas(options.canvasModule);
  const textOnly =
    options.images === false
      ? 'page images switched off (--no-images)'
      : canvas?.ok
        ? undefined
        : canvas?.reason;
  const renderer = canvas?.ok
    ? new PageRenderer(canvas.canvas, {
        ...(options.jobs ? { jobs: options.jobs } : {}),
        ...(options.width ? { width: options.width } : {}),
        ...(options.quality ? { quality: options.quality } : {}),
      })
    : undefined;
  const entries: ReviewEntry[] = [];
  const taken = new Set<string>(['index']);
  for (const missing of found.missing) {
    const entry: ReviewEntry = {
      input: missing,
      file: missing,
      status: 'failed',
      error: { code: 'input-unreadable', message: `${missing}: no such file, folder or matching pattern` },
      ms: 0,
    };
    entries.push(entry);
    options.onDocument?.(entry);
  }
  try {
    for (const input of found.files) {
      let entry: ReviewEntry;
      if (input.path === '-')
        entry = {
          input: '-',
          file: '-',
          status: 'failed',
          error: { code: 'input-unreadable', message: 'view reads files, not stdin' },
          ms: 0,
        };
      else {
        const name = outputName(input.file, taken);
        const dir = join(options.out, name);
        entry = await reviewOne(input.path, input.file, dir, name, options, renderer, textOnly);
      }
      entries.push(entry);
      options.onDocument?.(entry);
    }
  } finally {
    await renderer?.close();
  }
  const index = join(options.out, 'index.html');
  writeFileAtomic(index, renderIndexPage(entries));
  return {
    entries,
    ignored: found.ignored,
    ...(textOnly ? { textOnly } : {}),
    index,
    ms: performance.now() - started,
  };
}

/** Total size in bytes of the files under a folder (for reports and tests). */
export function folderBytes(dir: string): number {
  const info = statSync(dir);
  if (!info.isDirectory()) return info.size;
  return readdirSync(dir).reduce((sum, name) => sum + folderBytes(join(dir, name)), 0);
}
