/**
 * Input discovery for batch conversion: files, folders (walked recursively, sorted, hidden entries skipped,
 * symlinks followed only while they stay inside the walked folder) and glob patterns.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { looksLikeDisclosure } from './disclosure.js';
import { globMatcher, hasMagic, splitGlob } from './glob.js';

/** File extensions taken from a folder without looking at the content. */
export const INPUT_EXTENSIONS = ['.pdf', '.md', '.markdown', '.txt', '.tsv', '.tab', '.csv', '.html', '.htm'];

/** One input found on disk (or stdin). */
export interface InputFile {
  /** Path to read (as resolved from the argument), or `-` for stdin. */
  path: string;
  /** Name shown in reports and the `file` column: the base name, or the path below a walked folder / glob base. */
  file: string;
  /** Identity used by the resume manifest: the real path (or `-`). */
  key: string;
}

/** A path that was looked at and left out, with the reason. */
export interface IgnoredInput {
  input: string;
  reason: string;
}

/** What `findInputs` returns. */
export interface FoundInputs {
  files: InputFile[];
  /** Folder entries that are not budget inputs, symlinks leading out of the tree, globs matching nothing. */
  ignored: IgnoredInput[];
  /** Arguments that name nothing on disk (reported as failed inputs). */
  missing: string[];
}

/** Options of `findInputs`. */
export interface FindInputsOptions {
  /** Folders never walked into (the output folder). */
  exclude?: string[];
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** True when the first KiB of the file holds the `%PDF-` signature. */
export function sniffPdf(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(1024);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString('latin1').includes('%PDF-');
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const toPosix = (path: string): string => path.split(sep).join('/');

/**
 * Expand command-line style inputs into files, in argument order (each folder sorted by name); a file reached
 * twice is kept once. `-` stands for stdin.
 */
export function findInputs(args: readonly string[], options: FindInputsOptions = {}): FoundInputs {
  const exclude = (options.exclude ?? []).filter(existsSync).map((dir) => realpathSync(dir));
  const files: InputFile[] = [];
  const ignored: IgnoredInput[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();

  const add = (path: string, file: string): void => {
    let key: string;
    try {
      key = realpathSync(path);
    } catch {
      key = resolve(path);
    }
    if (seen.has(key)) return;
    seen.add(key);
    files.push({ path, file, key });
  };

  /** A file found by walking: taken when it looks like a disclosure, else listed as ignored with the reason. */
  const consider = (path: string, rel: string, name: string): void => {
    const ext = extname(name).toLowerCase();
    if (!INPUT_EXTENSIONS.includes(ext)) {
      if (sniffPdf(path)) add(path, rel);
      else
        ignored.push({
          input: path,
          reason: `not a budget input (extension ${ext || 'none'}, no PDF signature)`,
        });
      return;
    }
    const verdict = looksLikeDisclosure(path);
    if (verdict.disclosure) add(path, rel);
    else ignored.push({ input: path, reason: `not a disclosure: ${verdict.reason}` });
  };

  const walk = (root: string, realRoot: string, match?: (path: string) => boolean): void => {
    const visited = new Set<string>();
    const visit = (dir: string): void => {
      let real: string;
      try {
        real = realpathSync(dir);
      } catch {
        return;
      }
      if (visited.has(real) || exclude.some((ex) => isInside(real, ex))) return;
      visited.add(real);
      let entries: import('node:fs').Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        ignored.push({ input: dir, reason: `cannot read the folder (${(error as Error).message})` });
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const path = join(dir, entry.name);
        const rel = toPosix(relative(root, path));
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          let target: string;
          try {
            target = realpathSync(path);
          } catch {
            ignored.push({ input: path, reason: 'broken symbolic link' });
            continue;
          }
          if (!isInside(target, realRoot)) {
            ignored.push({
              input: path,
              reason: 'symbolic link leads outside the input folder: not followed',
            });
            continue;
          }
          const stat = statSync(target);
          isDir = stat.isDirectory();
          isFile = stat.isFile();
        }
        if (isDir) visit(path);
        else if (isFile && (!match || match(rel))) consider(path, rel, entry.name);
      }
    };
    visit(root);
  };

  for (const arg of args) {
    if (arg === '-') {
      if (!seen.has('-')) {
        seen.add('-');
        files.push({ path: '-', file: 'stdin', key: '-' });
      }
      continue;
    }
    if (existsSync(arg)) {
      const stat = statSync(arg);
      if (stat.isDirectory()) walk(arg, realpathSync(arg));
      else add(arg, basename(arg));
      continue;
    }
    if (hasMagic(arg)) {
      const { base, rest } = splitGlob(arg);
      const before = files.length;
      if (existsSync(base) && statSync(base).isDirectory()) walk(base, realpathSync(base), globMatcher(rest));
      if (files.length === before) ignored.push({ input: arg, reason: 'the pattern matches no file' });
      continue;
    }
    missing.push(arg);
  }
  return { files, ignored, missing };
}
