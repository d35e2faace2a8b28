/**
 * Page images for a review: the pages that hold a table (or a fact source, or a diagnostic) rendered by
 * pdfjs onto an `@napi-rs/canvas` canvas (pdfjs-dist's optional dependency) and written as JPEG files
 * about 1,200 px wide. Without the canvas package only the page sizes are read, and the review is text-only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import {
  guardRejections,
  type PdfJs,
  pdfjsAssetDirs,
  restoreNativeBuiltins,
} from '../extract/pdf/open-document.js';

/** A page of the review: its size in PDF units (rotation applied) and its image, when one was written. */
export interface PageImage {
  /** 1-based page number. */
  page: number;
  /** Page width in PDF units (the unit of `Place.bbox`). */
  width: number;
  /** Page height in PDF units. */
  height: number;
  /** Image file name, relative to the review folder (`pages/p0012.jpg`), when rendered. */
  file?: string;
  /** Image size in pixels, when rendered. */
  pixelWidth?: number;
  pixelHeight?: number;
  /** Bytes written. */
  bytes?: number;
  /** Why the page has no image (render failure), when it has none although images were asked for. */
  error?: string;
}

/** Options of {@link renderPageImages}. */
export interface PageImageOptions {
  /** Image width in pixels. Default 1200. */
  width?: number;
  /** JPEG quality 1–100. Default 60. */
  quality?: number;
  /** Write images (false: only page sizes). Default true. */
  images?: boolean;
}

/** The part of `@napi-rs/canvas` used here. */
export interface CanvasModule {
  createCanvas(width: number, height: number): NapiCanvas;
}
interface NapiCanvas {
  getContext(kind: '2d'): unknown;
  encode(format: 'jpeg', quality: number): Promise<Uint8Array>;
}

/** What {@link loadCanvas} found: the module, or why it is missing. */
export type CanvasSupport = { ok: true; canvas: CanvasModule } | { ok: false; reason: string };

let support: CanvasSupport | undefined;

/**
 * Load `@napi-rs/canvas` the way pdfjs-dist does (from pdfjs-dist's folder). `moduleId` is for tests.
 * The result is cached for the default module.
 */
export function loadCanvas(moduleId = '@napi-rs/canvas'): CanvasSupport {
  if (moduleId === '@napi-rs/canvas' && support) return support;
  let result: CanvasSupport;
  try {
    const require = createRequire(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    const canvas = require(moduleId) as CanvasModule;
    if (typeof canvas.createCanvas !== 'function') throw new Error('createCanvas is missing');
    result = { ok: true, canvas };
  } catch (error) {
    result = {
      ok: false,
      reason: `page images need @napi-rs/canvas, an optional dependency of pdfjs-dist (install it with \`npm install @napi-rs/canvas\`; never install with --omit=optional): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
  if (moduleId === '@napi-rs/canvas') support = result;
  return result;
}

/** File name of a page image inside the review folder. */
export function pageImageFile(page: number): string {
  return `pages/p${String(page).padStart(4, '0')}.jpg`;
}

/**
 * Read the sizes of `pages` of a PDF and (with a canvas) render each to `dir/pages/pNNNN.jpg`. A page that
 * fails to render keeps its size and gets an `error`; pages past the end are left out.
 */
export async function renderPageImages(
  data: Uint8Array,
  pages: readonly number[],
  dir: string,
  options: PageImageOptions & { canvas?: CanvasModule | null } = {},
): Promise<PageImage[]> {
  const width = options.width ?? 1200;
  const quality = options.quality ?? 60;
  const canvas = options.images === false ? null : (options.canvas ?? null);
  const pdfjs: PdfJs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  restoreNativeBuiltins();
  const { cMapUrl, standardFontDataUrl } = pdfjsAssetDirs();
  const pkg = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const release = guardRejections();
  const task = pdfjs.getDocument({
    data: new Uint8Array(data),
    cMapUrl,
    cMapPacked: true,
    standardFontDataUrl,
    wasmUrl: `${path.join(pkg, 'wasm')}${path.sep}`,
    iccUrl: `${path.join(pkg, 'iccs')}${path.sep}`,
    isEvalSupported: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  const out: PageImage[] = [];
  try {
    const doc = await task.promise;
    restoreNativeBuiltins();
    if (canvas) mkdirSync(path.join(dir, 'pages'), { recursive: true });
    for (const number of pages) {
      if (number < 1 || number > doc.numPages) continue;
      const page = await doc.getPage(number);
      const base = page.getViewport({ scale: 1 });
      const image: PageImage = { page: number, width: base.width, height: base.height };
      out.push(image);
      if (!canvas) continue;
      try {
        const viewport = page.getViewport({ scale: width / base.width });
        const pixelWidth = Math.round(viewport.width);
        const pixelHeight = Math.round(viewport.height);
        const target = canvas.createCanvas(pixelWidth, pixelHeight);
        // a context of our own: the one pdfjs would ask for (willReadFrequently) draws about 30 % slower here;
        // pdfjs paints the white background itself
        const context = target.getContext('2d');
        const params = { canvas: target, canvasContext: context, viewport };
        await page.render(params as unknown as Parameters<typeof page.render>[0]).promise;
        const bytes = await target.encode('jpeg', quality);
        const file = pageImageFile(number);
        writeFileSync(path.join(dir, file), bytes);
        Object.assign(image, { file, pixelWidth, pixelHeight, bytes: bytes.byteLength });
      } catch (error) {
        image.error = error instanceof Error ? error.message : String(error);
      } finally {
        page.cleanup();
      }
    }
  } finally {
    try {
      await task.destroy();
    } finally {
      release();
    }
  }
  return out;
}
