/**
 * Output file helpers: safe unique names, atomic writes (temporary sibling, then rename) and the clean-up of
 * temporaries a killed run left behind.
 */
import { closeSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

let counter = 0;

function writeAll(fd: number, data: string | Uint8Array): void {
  if (typeof data === 'string') writeSync(fd, data);
  else writeSync(fd, data);
}

/** Temporary name next to `path`; `cleanTemporaries` recognizes and removes these. */
function temporaryPath(path: string): string {
  return `${path}.${process.pid}-${++counter}.tmp`;
}

const TEMPORARY = /\.\d+-\d+\.tmp$/;

/** Write a file atomically: a temporary sibling renamed into place, so a stopped run leaves no half file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writeFileAtomicFrom(path, [data]);
}

/**
 * Write a file atomically from pieces produced one after another (large assembled CSVs): nothing is visible
 * at `path` until the last piece is written.
 */
export function writeFileAtomicFrom(path: string, pieces: Iterable<string | Uint8Array>): void {
  const temporary = temporaryPath(path);
  try {
    const fd = openSync(temporary, 'w');
    try {
      for (const piece of pieces) writeAll(fd, piece);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
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
const MAX_NAME = 120;

/** A file name made safe: control characters and path/shell specials replaced, no leading dot, bounded. */
export function safeStem(input: string): string {
  let stem = [...basename(input.replace(/\\/g, '/'), extname(input))]
    .map((ch) => (ch < ' ' || ch === '\u007f' || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .replace(/^\.+/, (dots) => '_'.repeat(dots.length))
    .trim();
  if ([...stem].length > MAX_NAME) stem = [...stem].slice(0, MAX_NAME).join('');
  return stem || 'document';
}

/**
 * Output base name for an input: its file name without extension, made safe and unique in the run (`-2`,
 * `-3` … on collision; compared case-insensitively, as on macOS and Windows file systems).
 */
export function outputName(input: string, taken: Set<string>): string {
  const stem = safeStem(input);
  let name = stem;
  for (let n = 2; taken.has(name.toLowerCase()) || RESERVED.has(name.toLowerCase()); n++)
    name = `${stem}-${n}`;
  taken.add(name.toLowerCase());
  return name;
}
