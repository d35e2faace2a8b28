/**
 * The shipped grammar files (generated into ./shipped.ts from grammars/): read from memory, never from the disk,
 * so the library works bundled. User files passed as options are still read from their paths.
 */
import { fileURLToPath } from 'node:url';
import { SHIPPED_FILES } from './shipped.js';

/** Where the shipped files live in the package (grammars/), for messages; they are not read from there. */
export const SHIPPED_GRAMMARS_ROOT = fileURLToPath(new URL('../../grammars/', import.meta.url));

/** Text of a shipped file by its path below grammars/ (`tables/common.json`); throws when there is none. */
export function shippedText(path: string): string {
  const text = SHIPPED_FILES[path];
  if (text === undefined) throw new Error(`no shipped grammar file grammars/${path}`);
  return text;
}

/** Shipped file paths below grammars/ that start with `folder` (`tables/`), sorted. */
export function shippedPaths(folder: string): string[] {
  return Object.keys(SHIPPED_FILES)
    .filter((path) => path.startsWith(folder))
    .sort();
}

/** JSON.parse that drops `__proto__` keys (no prototype pollution from grammar files). */
export function parseGrammarJson(text: string): unknown {
  return JSON.parse(text, (key, value) => (key === '__proto__' ? undefined : value));
}
