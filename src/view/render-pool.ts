/**
 * Page rendering on several cores: the pages of a document are dealt out round-robin to the calling thread
 * and to worker threads (each opens the PDF itself), so a review of a long document takes about
 * 1/jobs of the time. Workers are started on the first document long enough to need them and kept for
 * the run; a worker that fails hands its pages back to the calling thread.
 */

import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type CanvasModule, type PageImage, renderPageImages } from './page-images.js';

/** A render job sent to a worker. */
export interface RenderRequest {
  id: number;
  data: Uint8Array;
  pages: number[];
  dir: string;
  width?: number;
  quality?: number;
}

/** A worker's answer. */
export type RenderResponse = { id: number; pages: PageImage[] } | { id: number; error: string };

/** Fewest pages per participant worth a worker (a worker loads pdfjs and opens the document itself). */
const PAGES_PER_WORKER = 6;

const require = createRequire(import.meta.url);

/** The worker module; a `.ts` module (tests, tsx) starts through a line that registers tsx in the worker first. */
function workerEntry(): { entry: URL | string; eval: boolean } {
  const url = new URL(
    import.meta.url.endsWith('.ts') ? './render-worker.ts' : './render-worker.js',
    import.meta.url,
  );
  if (!url.pathname.endsWith('.ts')) return { entry: url, eval: false };
  const api = pathToFileURL(require.resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  return {
    entry: `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`,
    eval: true,
  };
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
}

/** Options of {@link PageRenderer}. */
export interface PageRendererOptions {
  /** Threads rendering at once, the calling one included. Default: the number of cores. */
  jobs?: number;
  /** Image width in pixels (default 1200). */
  width?: number;
  /** JPEG quality (default 60). */
  quality?: number;
}

/** Renders page images on the calling thread plus up to `jobs - 1` worker threads. */
export class PageRenderer {
  readonly jobs: number;
  private readonly slots: Slot[] = [];
  private nextId = 1;

  constructor(
    private readonly canvas: CanvasModule | null,
    private readonly options: PageRendererOptions = {},
  ) {
    this.jobs = Math.max(1, Math.floor(options.jobs ?? availableParallelism()));
  }

  private start(): Slot {
    const { entry, eval: isEval } = workerEntry();
    const worker = new Worker(entry, { eval: isEval });
    worker.unref();
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: { ready?: boolean }) => {
        if (message.ready) {
          worker.off('message', onMessage);
          resolve();
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`render worker exited with code ${code}`)));
    });
    ready.catch(() => {});
    const slot = { worker, ready };
    this.slots.push(slot);
    return slot;
  }

  private async inWorker(slot: Slot, request: RenderRequest): Promise<PageImage[]> {
    await slot.ready;
    return new Promise<PageImage[]>((resolve, reject) => {
      const onMessage = (message: RenderResponse) => {
        if (message.id !== request.id) return;
        cleanup();
        if ('error' in message) reject(new Error(message.error));
        else resolve(message.pages);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const cleanup = () => {
        slot.worker.off('message', onMessage);
        slot.worker.off('error', onError);
        slot.worker.off('exit', onError);
      };
      slot.worker.on('message', onMessage);
      slot.worker.once('error', onError);
      slot.worker.once('exit', onError);
      slot.worker.postMessage(request);
    });
  }

  /** Render `pages` of a PDF into `dir` (see {@link renderPageImages}); results in page order. */
  async render(data: Uint8Array, pages: readonly number[], dir: string): Promise<PageImage[]> {
    const base = { width: this.options.width, quality: this.options.quality };
    const own = {
      ...(base.width ? { width: base.width } : {}),
      ...(base.quality ? { quality: base.quality } : {}),
    };
    const shares = this.canvas ? Math.min(this.jobs, Math.floor(pages.length / PAGES_PER_WORKER)) : 1;
    if (shares <= 1) return renderPageImages(data, pages, dir, { ...own, canvas: this.canvas });
    const parts = Array.from({ length: shares }, (_, i) => pages.filter((_, j) => j % shares === i));
    while (this.slots.length < shares - 1) this.start();
    const results = await Promise.all([
      renderPageImages(data, parts[0]!, dir, { ...own, canvas: this.canvas }),
      ...parts
        .slice(1)
        .map((part, i) =>
          this.inWorker(this.slots[i]!, { id: this.nextId++, data, pages: part, dir, ...own }).catch(() =>
            renderPageImages(data, part, dir, { ...own, canvas: this.canvas }),
          ),
        ),
    ]);
    return results.flat().sort((a, b) => a.page - b.page);
  }

  /** Stop the workers. */
  async close(): Promise<void> {
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }
}
