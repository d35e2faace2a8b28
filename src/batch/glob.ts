/**
 * Input patterns (`samples/**\/*.md`, `corpus/*.{pdf,tsv}`, `a/?b[0-9].pdf`, nested braces) through
 * picomatch; the folder walk itself stays in inputs.ts because it decides which symbolic links to follow
 * (only those that stay inside the walked folder), which a glob library's walker does not.
 */
import { createRequire } from 'node:module';
import type Picomatch from 'picomatch';

/** picomatch (CommonJS), required on first use so bundles of the parse API never load it. */
const picomatchModule = (): typeof Picomatch =>
  createRequire(import.meta.url)('picomatch') as typeof Picomatch;

/** True when the string holds glob syntax (`*`, `?`, `[…]`, `{…}`, extglobs). */
export function hasMagic(pattern: string): boolean {
  return picomatchModule().scan(pattern.replace(/\\/g, '/')).isGlob;
}

/**
 * A matcher over `/`-separated paths relative to the pattern's base: `**` matches any number of folders,
 * `*` and `?` stay within one, `[abc]`, `[!abc]`, `{a,b}` (nested too) as in a shell. Hidden names match only
 * when the pattern spells their dot.
 */
export function globMatcher(pattern: string): (path: string) => boolean {
  // `[!abc]` is the shell's spelling of a negated class; picomatch reads `[^abc]`.
  return picomatchModule()(pattern.replace(/\[!/g, '[^'), { dot: false });
}

/**
 * Split a pattern into the folder to walk (its leading segments without glob syntax) and the rest to match
 * against paths relative to that folder. `data/2024/**\/*.pdf` → `{base: 'data/2024', rest: '**\/*.pdf'}`.
 */
export function splitGlob(pattern: string): { base: string; rest: string } {
  const normalized = pattern.replace(/\\/g, '/');
  const scanned = picomatchModule().scan(normalized);
  if (!scanned.isGlob) return { base: normalized, rest: '' };
  const base = scanned.base || (normalized.startsWith('/') ? '/' : '.');
  return { base, rest: scanned.glob };
}
