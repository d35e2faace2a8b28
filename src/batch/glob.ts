/**
 * A small glob matcher for input patterns (`samples/**\/*.md`, `corpus/*.{pdf,tsv}`, `a/?b[0-9].pdf`), so the
 * CLI accepts quoted patterns without a glob dependency. Matching is on `/`-separated relative paths.
 */

/** True when the string holds glob syntax (`*`, `?`, `[…]` or `{…}`). */
export function hasMagic(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function segmentToRegExp(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end === -1) out += '\\[';
      else {
        let body = segment.slice(i + 1, end);
        const negated = body.startsWith('!') || body.startsWith('^');
        if (negated) body = body.slice(1);
        out += `[${negated ? '^/' : ''}${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (ch === '{') {
      const end = segment.indexOf('}', i);
      if (end === -1) out += '\\{';
      else {
        const options = segment.slice(i + 1, end).split(',');
        out += `(?:${options.map(segmentToRegExp).join('|')})`;
        i = end;
      }
    } else out += escapeRegExp(ch);
  }
  return out;
}

/**
 * Compile a glob to a RegExp over `/`-separated paths: `**` matches any number of whole segments, `*` and `?`
 * stay within a segment, `[abc]`, `[!abc]` and `{a,b}` as in a shell. Hidden names match only when the
 * pattern segment starts with a dot.
 */
export function globToRegExp(pattern: string): RegExp {
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  let source = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      source += last ? '(?:[^/.][^/]*(?:/[^/.][^/]*)*)?' : '(?:[^/.][^/]*/)*';
      return;
    }
    const hidden = segment.startsWith('.') ? '' : '(?!\\.)';
    source += `${hidden}${segmentToRegExp(segment)}${last ? '' : '/'}`;
  });
  return new RegExp(`^${source}$`, 'u');
}

/**
 * Split a pattern into the folder to walk (its leading segments without glob syntax) and the rest to match
 * against paths relative to that folder. `data/2024/**\/*.pdf` → `{base: 'data/2024', rest: '**\/*.pdf'}`.
 */
export function splitGlob(pattern: string): { base: string; rest: string } {
  const normalized = pattern.replace(/\\/g, '/');
  const segments = normalized.split('/');
  const firstMagic = segments.findIndex(hasMagic);
  if (firstMagic === -1) return { base: normalized, rest: '' };
  const baseSegments = segments.slice(0, firstMagic);
  const base = baseSegments.length === 0 ? '.' : baseSegments.join('/') || '/';
  return { base, rest: segments.slice(firstMagic).join('/') };
}
