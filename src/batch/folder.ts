/**
 * The state of an output folder between runs: whether it holds another run's outputs, replacing them
 * (`--overwrite`), and the space reserved at the start of a run so that the run report can always be written.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { assembledFiles, PART_SUFFIXES, PARTS } from './assemble.js';
import { OutputError, writeAll } from './files.js';
import { MANIFEST_NAME, type Manifest } from './manifest.js';

/** File holding the reserved space while a run lasts. */
export const RESERVE_NAME = '.budget-ingest.reserve';

/** Bytes reserved: enough for the manifest and run.json of `documents` documents (about 3 KiB each). */
export function reserveBytes(documents: number): number {
  return 64 * 1024 + 3 * 1024 * documents;
}

/**
 * Reserve room for the run report: a file of zeros, removed just before the manifest and run.json are
 * written. Throws `OutputError` when the folder cannot take it (the run then stops before touching outputs).
 */
export function reserveSpace(out: string, documents: number): void {
  const path = join(out, RESERVE_NAME);
  const size = reserveBytes(documents);
  const chunk = Buffer.alloc(Math.min(size, 1024 * 1024));
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w');
    for (let written = 0; written < size; written += chunk.length)
      writeAll(fd, path, chunk.subarray(0, Math.min(chunk.length, size - written)));
    fsyncSync(fd);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    rmSync(path, { force: true });
    throw new OutputError(path, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Give the reserved space back. */
export function releaseReserve(out: string): void {
  rmSync(join(out, RESERVE_NAME), { force: true });
}

/**
 * What another run left in the folder, described for a message (`3 documents, finished …`), or undefined
 * when the folder holds no run outputs.
 */
export function previousRun(out: string, manifest: Manifest): string | undefined {
  const documents = Object.keys(manifest.entries).length;
  let report: { finishedAt?: string; interrupted?: boolean; counts?: { converted?: number } } | undefined;
  try {
    report = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
  } catch {
    report = undefined;
  }
  const assembled = assembledFiles().filter((name) => existsSync(join(out, name)));
  let parts = 0;
  try {
    parts = readdirSync(join(out, PARTS)).length;
  } catch {
    parts = 0;
  }
  if (!documents && !report && !assembled.length && !parts) return undefined;
  const what = [`${documents} document${documents === 1 ? '' : 's'}`];
  if (report?.finishedAt) what.push(`${report.interrupted ? 'stopped' : 'finished'} ${report.finishedAt}`);
  else if (!report) what.push('no run.json');
  return what.join(', ');
}

/**
 * Output names that have parts in `DIR/.parts` (a document's parts are written before its JSON): the folder's
 * own documents, also those a killed run finished after its last manifest save.
 */
export function partNames(out: string): Set<string> {
  const names = new Set<string>();
  let entries: string[] = [];
  try {
    entries = readdirSync(join(out, PARTS));
  } catch {
    return names;
  }
  for (const entry of entries)
    if (entry.endsWith('.summary.csv')) names.add(entry.slice(0, -'.summary.csv'.length));
  return names;
}

/** Remove one document's outputs: its JSON (in DIR or DIR/.parts) and its parts. */
export function removeDocument(out: string, name: string): void {
  rmSync(join(out, `${name}.json`), { force: true });
  rmSync(join(out, PARTS, `${name}.json`), { force: true });
  for (const suffix of PART_SUFFIXES) rmSync(join(out, PARTS, `${name}${suffix}`), { force: true });
}

/** Remove every output of the previous run (`--overwrite`): its documents, parts, assembled files and report. */
export function clearPreviousRun(out: string, manifest: Manifest): void {
  for (const name of partNames(out)) removeDocument(out, name);
  for (const entry of Object.values(manifest.entries)) removeDocument(out, entry.name);
  for (const name of [...assembledFiles(), 'run.json', MANIFEST_NAME])
    rmSync(join(out, name), { force: true });
  rmSync(join(out, PARTS), { recursive: true, force: true });
}
