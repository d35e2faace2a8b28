/**
 * Output file helpers: safe unique names (limited in bytes), all-or-nothing writes (every byte written,
 * fsync, then a temporary sibling renamed into place) and the clean-up of temporaries a killed run left.
 *
 * Why not write-file-atomic: it ignores the byte count `write()` returns. On a 512 KiB tmpfs a 1 MiB write
 * with write-file-atomic 7 (sync and async) renamed a 520,192-byte (sync) / 524,288-byte (async) file into
 * place with no error — the truncated-file bug this module exists to prevent (issue #13). It also takes the
 * whole content at once, while the assembled CSVs are streamed from their parts.
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

let counter = 0;

/** Stable codes of a failed output write (the run stops, run.json says which). */
export type OutputErrorCode =
  | 'output-disk-full'
  | 'output-read-only'
  | 'output-permission-denied'
  | 'output-write-failed';

/** An output could not be written: the file system's errno kept as `errno`, a stable `code` for the run. */
export class OutputError extends Error {
  /** Stable code (`output-disk-full`, `output-read-only`, `output-permission-denied`, `output-write-failed`). */
  readonly code: OutputErrorCode;
  /** The system error code as reported (`ENOSPC`, `EROFS`, `EACCES` …). */
  readonly errno: string;
  /** The file that could not be written. */
  readonly path: string;

  constructor(path: string, cause: unknown) {
    const errno = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
    const code = outputErrorCode(errno);
    super(`cannot write ${path}: ${OUTPUT_REASONS[code]} (${errno})`, { cause });
    this.name = 'OutputError';
    this.code = code;
    this.errno = errno;
    this.path = path;
  }
}

const OUTPUT_REASONS: Record<OutputErrorCode, string> = {
  'output-disk-full': 'no space left on the device',
  'output-read-only': 'the file system is read-only',
  'output-permission-denied': 'permission denied',
  'output-write-failed': 'the write failed',
};

/** The stable code of a file-system error code. */
export function outputErrorCode(errno: string): OutputErrorCode {
  if (errno === 'ENOSPC' || errno === 'EDQUOT' || errno === 'EFBIG') return 'output-disk-full';
  if (errno === 'EROFS') return 'output-read-only';
  if (errno === 'EACCES' || errno === 'EPERM') return 'output-permission-denied';
  return 'output-write-failed';
}

/**
 * Test hook, asked before every `write()` with the file and the bytes still to write: it may throw (a
 * failing write) or return how many bytes this call writes at most (a short write, as on a nearly full disk).
 */
export type WriteFault = (path: string, bytes: Uint8Array) => number | undefined;
let writeFault: WriteFault | undefined;

/** Install (or remove, with `undefined`) a write fault (tests). */
export function injectWriteFault(fault: WriteFault | undefined): void {
  writeFault = fault;
}

/** Write every byte: `writeSync` may write fewer bytes than asked (a nearly full disk) and says so. */
export function writeAll(fd: number, path: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let offset = 0;
  while (offset < bytes.length) {
    const most = writeFault?.(path, bytes.subarray(offset)) ?? bytes.length - offset;
    const written = most > 0 ? writeSync(fd, bytes, offset, Math.min(most, bytes.length - offset)) : 0;
    if (written <= 0) throw Object.assign(new Error(`no byte written to ${path}`), { code: 'ENOSPC' });
    offset += written;
  }
}

/** Longest file name most file systems take, in bytes. */
const MAX_FILE_NAME_BYTES = 255;

/** Temporary name next to `path` (its suffix at most 24 bytes); `cleanTemporaries` removes these. */
function temporaryPath(path: string): string {
  const suffix = `.${process.pid}-${++counter}.tmp`;
  const name = basename(path);
  if (Buffer.byteLength(name + suffix) <= MAX_FILE_NAME_BYTES) return `${path}${suffix}`;
  return join(dirname(path), `.budget-ingest${suffix}`);
}

const TEMPORARY = /\.\d+-\d+\.tmp$/;

/** Write a file all-or-nothing: every byte written and flushed, then renamed into place. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writeFileAtomicFrom(path, [data]);
}

/**
 * Write a file all-or-nothing from pieces produced one after another (large assembled CSVs): nothing is
 * visible at `path` until every piece is written and flushed to disk (fsync); on any failure the temporary
 * is removed, the previous file (if any) stays, and an `OutputError` says why.
 */
export function writeFileAtomicFrom(path: string, pieces: Iterable<string | Uint8Array>): void {
  const temporary = temporaryPath(path);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, 'w');
    for (const piece of pieces) writeAll(fd, path, piece);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (fd !== undefined)
      try {
        closeSync(fd);
      } catch {
        // the write error is the one to report
      }
    rmSync(temporary, { force: true });
    throw error instanceof OutputError ? error : new OutputError(path, error);
  }
}

/** Flush a folder's entries (the renames into it) to disk; file systems that cannot are left alone. */
export function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // not supported here (some file systems refuse fsync on a folder)
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Remove temporaries (`*.PID-N.tmp`) left in these folders by a run that was killed. Returns how many. */
export function cleanTemporaries(folders: readonly string[]): number {
  let removed = 0;
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!TEMPORARY.test(name)) continue;
      rmSync(join(folder, name), { force: true });
      removed++;
    }
  }
  return removed;
}

/** Names an input may not take: they would collide with the run's own files. */
const RESERVED = new Set(['run', 'documents', 'summary', 'tables', 'diagnostics']);

/**
 * Longest output base name, in UTF-8 bytes: 255 (a file name) less the longest suffix a name gets
 * (`-NNNNNN` for uniqueness, `.diagnostics.jsonl` or a longer part suffix, `.PID-N.tmp` for the temporary).
 */
export const MAX_NAME_BYTES = 160;

/** Characters replaced by `_`: path separators, characters Windows forbids and shell metacharacters. */
const UNSAFE = new Set('\\/:*?"<>|$`()[]{};&!\''.split(''));

/** Control, format (bidirectional overrides, zero-width) and separator characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Cut a text to at most `max` UTF-8 bytes, on a character boundary. */
export function cutToBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (used + size > max) break;
    out += ch;
    used += size;
  }
  return out;
}

/**
 * A file name made safe: Unicode NFC; path separators, control and format characters, and the characters
 * `\ / : * ? " < > | $ \` ( ) [ ] { } ; & ! '` replaced by `_`; no leading dot, dash or tilde; at most
 * `MAX_NAME_BYTES` bytes.
 */
export function safeStem(input: string): string {
  const stem = [...basename(input.replace(/\\/g, '/'), extname(input)).normalize('NFC')]
    .map((ch) => (UNSAFE.has(ch) || INVISIBLE.test(ch) ? '_' : ch))
    .join('')
    .replace(/^[.~-]+/, (lead) => '_'.repeat(lead.length))
    .trim()
    .replace(/[. ]+$/, '');
  return cutToBytes(stem, MAX_NAME_BYTES) || 'document';
}

/** The key two names collide under: NFC, lower case (as on macOS and Windows file systems). */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * Output base name for an input: its file name without extension, made safe and unique in the run (`-2`,
 * `-3` … on collision; compared after NFC normalization and case-insensitively, as on macOS and Windows file
 * systems), the suffix kept within `MAX_NAME_BYTES`.
 */
export function outputName(input: string, taken: Set<string>): string {
  const stem = safeStem(input);
  let name = stem;
  for (let n = 2; taken.has(nameKey(name)) || RESERVED.has(nameKey(name)); n++) {
    const suffix = `-${n}`;
    name = `${cutToBytes(stem, MAX_NAME_BYTES - suffix.length)}${suffix}`;
  }
  taken.add(nameKey(name));
  return name;
}
