/**
 * In Node, pdf.js runs its "worker" in the same thread and passes every message through `structuredClone`.
 * An operator list carries every drawing operator of a page, while the layout reads only the text and path
 * operators (see page-content.ts). This module installs pdf.js's documented main-thread worker hook
 * (`globalThis.pdfjsWorker`) with a handler whose messages, for documents this library opened, carry only
 * those operators and no glyph outlines (`FontPath` objects, which only a canvas draws). Documents other code
 * opens in the same process are passed through untouched, and if another worker is already in place nothing
 * is installed: the operator lists are then complete, which the layout reads just as well — except that a
 * worker another copy of this library installed over the same pdf.js is shared (two versions of the package
 * in one process would otherwise leave the second reading complete lists, at about twice the time).
 */

/** The worker-side message handler class pdf.js looks for on `globalThis.pdfjsWorker`. */
interface WorkerHandlerClass {
  createDocumentHandler(params: unknown, port: MessagePortLike): unknown;
}

/** The part of pdf.js's in-thread message port the trimming wraps. */
interface MessagePortLike {
  postMessage(message: unknown, transfer?: unknown): void;
}

/** A pdf.js message as the worker posts it. */
interface WorkerMessage {
  sourceName?: unknown;
  action?: unknown;
  data?: unknown;
  chunk?: { fnArray?: unknown; argsArray?: unknown; length?: unknown };
}

/** The plan of each document whose messages are trimmed, by worker-side handler name (`<docId>_worker`). */
let leanDocuments = new Map<string, LeanPlan>();

/**
 * Where the installed worker keeps what another copy of this library needs to share it: the pdf.js handler
 * class it extends (the same pdf.js module or not) and its registry of documents.
 */
const SHARED = Symbol.for('budget-ingest.leanWorker');

/** What {@link SHARED} holds. */
interface SharedLeanWorker {
  base: unknown;
  documents: Map<string, LeanPlan>;
}

/** `globalThis.pdfjsWorker` as pdf.js and this module set it. */
type WorkerGlobal = { pdfjsWorker?: { WorkerMessageHandler?: unknown; [SHARED]?: SharedLeanWorker } };
/** How a chunk of operator list is reduced before it is passed on. */
export interface LeanPlan {
  /** The chunk's operators and arguments as passed on, with the buffers to transfer rather than copy. */
  reduce(
    fnArray: unknown[],
    argsArray: unknown[],
  ): { fnArray: number[]; argsArray: unknown[]; transfer: unknown[] };
}

let installed: Promise<boolean> | undefined;
const trimmedPorts = new WeakSet<object>();

/** The trimmed form of a worker message (and what to transfer with it): itself, a reduced copy, or null to drop it. */
function trim(message: WorkerMessage): { message: WorkerMessage; transfer?: unknown[] } | null {
  const plan = typeof message.sourceName === 'string' ? leanDocuments.get(message.sourceName) : undefined;
  if (!plan) return { message };
  if (message.action === 'commonobj' && Array.isArray(message.data) && message.data[1] === 'FontPath')
    return null;
  const chunk = message.chunk;
  if (!chunk || !Array.isArray(chunk.fnArray) || !Array.isArray(chunk.argsArray)) return { message };
  const { fnArray, argsArray, transfer } = plan.reduce(chunk.fnArray, chunk.argsArray);
  return {
    message: { ...message, chunk: { ...chunk, fnArray, argsArray, length: fnArray.length } },
    transfer,
  };
}

/** Wrap a port's postMessage (once) so that messages of registered documents are trimmed. */
function trimPort(port: MessagePortLike): void {
  if (trimmedPorts.has(port)) return;
  trimmedPorts.add(port);
  const post = port.postMessage.bind(port);
  port.postMessage = (message: unknown, transfer?: unknown) => {
    if (!message || typeof message !== 'object') return post(message, transfer);
    const trimmed = trim(message as WorkerMessage);
    if (trimmed === null) return;
    if (trimmed.message === message) post(message, transfer);
    else post(trimmed.message, trimmed.transfer);
  };
}

/**
 * Install the trimming main-thread worker unless pdf.js already has one (another library, or an earlier
 * pdf.js user in this process). Resolves true when installed. Call before the first `getDocument`.
 */
export function installLeanWorker(): Promise<boolean> {
  installed ??= (async () => {
    const global = globalThis as WorkerGlobal;
    const present = global.pdfjsWorker;
    const shared = present?.[SHARED];
    if (present !== undefined && !shared) return false;
    const specifier = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    let worker: { WorkerMessageHandler?: WorkerHandlerClass };
    try {
      worker = (await import(specifier)) as typeof worker;
    } catch {
      return false; // a bundle without the worker module: pdf.js sets up its own worker, complete lists
    }
    if (!worker.WorkerMessageHandler) return false;
    if (shared) {
      // Installed by another copy of this library: share it when it serves the pdf.js module used here.
      if (shared.base !== worker.WorkerMessageHandler) return false;
      leanDocuments = shared.documents;
      return true;
    }
    const Base = worker.WorkerMessageHandler as unknown as new () => object;
    const baseCreate = worker.WorkerMessageHandler.createDocumentHandler;
    if (typeof baseCreate !== 'function') return false;
    class LeanWorkerMessageHandler extends Base {
      /** pdf.js's document handler, over a port whose messages are trimmed for registered documents. */
      static createDocumentHandler(params: unknown, port: MessagePortLike): unknown {
        if (port && typeof port.postMessage === 'function') trimPort(port);
        keepData(params);
        return baseCreate.call(LeanWorkerMessageHandler, params, port);
      }
    }
    global.pdfjsWorker = {
      WorkerMessageHandler: LeanWorkerMessageHandler,
      [SHARED]: { base: worker.WorkerMessageHandler, documents: leanDocuments },
    };
    return true;
  })();
  return installed;
}

/**
 * Where a registered document's plan keeps the buffer of PDF bytes its worker side was given (a symbol every
 * copy of this library agrees on: the copy that installed the worker notes it, the one that opened the
 * document lets it go).
 */
const DATA = Symbol.for('budget-ingest.leanWorker.data');

/** Note the bytes a registered document's worker side was given (pdf.js transferred them there). */
function keepData(params: unknown): void {
  const { docId, data } = (params ?? {}) as { docId?: unknown; data?: unknown };
  const plan = leanDocuments.get(`${String(docId)}_worker`) as { [DATA]?: ArrayBuffer } | undefined;
  if (plan && data instanceof Uint8Array && data.buffer instanceof ArrayBuffer) plan[DATA] = data.buffer;
}

/**
 * Let go of a destroyed document's bytes now: pdf.js holds them until a full garbage collection (they outlive
 * several minor ones while the document is read), so each next file would be read into memory the process
 * has not touched yet, at a page fault per 4 KB. Moved into a fresh, unreferenced buffer, they are freed at
 * the next minor collection and their memory is used again.
 */
function releaseData(plan: LeanPlan): void {
  const kept = plan as { [DATA]?: ArrayBuffer };
  const buffer = kept[DATA];
  delete kept[DATA];
  if (buffer && buffer.byteLength > 0) structuredClone(buffer, { transfer: [buffer] });
}

/** Trim the messages of the document with this pdf.js `docId` by `plan`; returns the release (after destroy). */
export function registerLeanDocument(docId: string, plan: LeanPlan): () => void {
  const name = `${docId}_worker`;
  leanDocuments.set(name, plan);
  return () => {
    leanDocuments.delete(name);
    releaseData(plan);
  };
}
