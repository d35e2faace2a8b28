/**
 * Reading inputs within their limits: size (`maxFileBytes`) and time (`timeoutMs`) are checked while reading,
 * for every kind of input — regular files (which may grow while read), FIFOs, devices (`/dev/zero`) and
 * streams (stdin) — and an abort signal (Ctrl-C) stops the reading.
 */
import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { BudgetIngestError } from './errors.js';

/** Limits of one read. */
export interface ReadLimits {
  /** Most bytes accepted; one more fails with `input-too-large`. */
  maxBytes: number;
  /** Epoch milliseconds after which the read fails with `input-timeout` (Infinity: none). */
  deadline: number;
  /** Stops the read (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Name for messages. */
  name: string;
}

const CHUNK = 1024 * 1024;
/** How long to wait before asking a pipe or device again when it has nothing yet. */
const POLL_MS = 20;

function tooLarge(limits: ReadLimits, read: number): BudgetIngestError {
  return new BudgetIngestError(
    'input-too-large',
    `${limits.name}: the input has more than ${limits.maxBytes} bytes (read ${read} so far), more than the limit (option maxFileBytes)`,
    { file: limits.name },
  );
}

function timedOut(limits: ReadLimits, read: number, what: string): BudgetIngestError {
  return new BudgetIngestError(
    'input-timeout',
    `${limits.name}: ${what} did not end within the time limit (option timeoutMs; ${read} bytes read)`,
    { file: limits.name },
  );
}

function aborted(limits: ReadLimits): unknown {
  return limits.signal?.reason ?? new Error(`${limits.name}: reading was stopped`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Read a file within the limits. Regular files are read in chunks (a file that grows past the size limit
 * while read is still refused); FIFOs and character devices are opened non-blocking and polled, so a pipe
 * that never sends and a device that never ends both stop at the limits. Errors of the file system reach the
 * caller as they are (with their errno); limits fail with `input-too-large` / `input-timeout`.
 */
export async function readFileBounded(path: string, limits: ReadLimits): Promise<Uint8Array> {
  const info: Stats = await stat(path);
  if (info.isFile() && info.size > limits.maxBytes)
    throw new BudgetIngestError(
      'input-too-large',
      `${limits.name}: the file has ${info.size} bytes, more than the limit of ${limits.maxBytes} (option maxFileBytes)`,
      { file: limits.name },
    );
  const special = !info.isFile();
  const handle: FileHandle = await open(path, special ? constants.O_RDONLY | constants.O_NONBLOCK : 'r');
  try {
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (!special && info.size > 0) {
      // A regular file goes straight into one buffer of its size (a fresh buffer costs page faults per
      // megabyte: no chunks to join); it is read on in chunks only if it grew meanwhile. The buffer is not
      // zeroed first (about 0.4 ms per MB): only the bytes read are ever returned.
      const whole = new Uint8Array(Buffer.allocUnsafeSlow(info.size).buffer);
      while (total < whole.length) {
        if (limits.signal?.aborted) throw aborted(limits);
        if (Date.now() > limits.deadline) throw timedOut(limits, total, 'reading');
        const { bytesRead } = await handle.read(whole, total, whole.length - total, null);
        if (bytesRead === 0) break;
        total += bytesRead;
      }
      const probe = await handle.read(Buffer.alloc(1), 0, 1, null);
      if (probe.bytesRead === 0) return total === whole.length ? whole : whole.slice(0, total);
      chunks.push(whole.subarray(0, total), probe.buffer.subarray(0, 1));
      total += 1;
      if (total > limits.maxBytes) throw tooLarge(limits, total);
    }
    for (;;) {
      if (limits.signal?.aborted) throw aborted(limits);
      if (Date.now() > limits.deadline)
        throw timedOut(limits, total, special ? 'the pipe or device' : 'reading');
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, limits.maxBytes + 1 - total));
      let n: number;
      try {
        ({ bytesRead: n } = await handle.read(buffer, 0, buffer.length, null));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        await sleep(POLL_MS);
        continue;
      }
      if (n === 0) {
        // A FIFO reads 0 bytes while no writer has opened it yet: wait for one (within the time limit).
        if (info.isFIFO() && total === 0) {
          await sleep(POLL_MS);
          continue;
        }
        break;
      }
      chunks.push(buffer.subarray(0, n));
      total += n;
      if (total > limits.maxBytes) throw tooLarge(limits, total);
    }
    // One copy into a plain Uint8Array of its own (not a Buffer, which may share Node's pool).
    const out = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  } finally {
    await handle.close();
  }
}

/** Read a stream (stdin) within the limits: too many bytes, too long or an abort stop it at once. */
export function readStreamBounded(stream: NodeJS.ReadableStream, limits: ReadLimits): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let timer: NodeJS.Timeout | undefined;
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      limits.signal?.removeEventListener('abort', onAbort);
      stream.pause();
    };
    const finish = (error: unknown, value?: Uint8Array) => {
      cleanup();
      if (error) reject(error);
      else resolve(value!);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += bytes.length;
      if (total > limits.maxBytes) {
        finish(tooLarge(limits, total));
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => finish(undefined, new Uint8Array(Buffer.concat(chunks, total)));
    const onError = (error: Error) => finish(error);
    const onAbort = () => finish(aborted(limits));
    if (limits.signal?.aborted) {
      reject(aborted(limits));
      return;
    }
    if (Number.isFinite(limits.deadline))
      timer = setTimeout(
        () => finish(timedOut(limits, total, 'the stream')),
        Math.max(0, limits.deadline - Date.now()),
      );
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    stream.resume();
  });
}
