/**
 * Container nesting of markdown measured before parsing: remark builds one node per block quote and list
 * level, recursively, so a few kilobytes of `>` or indented list markers cost gigabytes and minutes. A real
 * disclosure nests a handful of levels; an input beyond the cap fails fast with `input-too-complex`.
 */
import { BudgetIngestError } from '../../errors.js';

/** Most block-quote / list levels one markdown or HTML line may open. */
export const MAX_MARKDOWN_NESTING = 64;

/** Most nested HTML elements an HTML input may open (tables in tables, divs in divs). */
export const MAX_HTML_NESTING = 256;

const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/;

/** Block-quote and list levels a line opens: each `>` counts one, a list marker one per two columns of indent. */
function lineDepth(line: string): number {
  let depth = 0;
  let i = 0;
  let indent = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === ' ') {
      indent++;
      i++;
    } else if (ch === '\t') {
      indent += 4;
      i++;
    } else if (ch === '>') {
      depth++;
      indent = 0;
      i++;
    } else {
      const marker = LIST_MARKER.exec(line.slice(i, i + 12));
      if (!marker) break;
      depth += 1 + Math.floor(indent / 2);
      indent = 0;
      i += marker[0].length;
    }
    if (depth > MAX_MARKDOWN_NESTING) return depth;
  }
  return depth;
}

/** Deepest HTML element nesting in the text (void elements and self-closing tags do not nest). */
function htmlDepth(text: string, cap: number): number {
  const VOID = /^(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)$/i;
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(\/?)>/g;
  let depth = 0;
  let deepest = 0;
  for (let match = tag.exec(text); match; match = tag.exec(text)) {
    const [, closing, name = '', selfClosing] = match;
    if (VOID.test(name) || selfClosing) continue;
    if (closing) depth = Math.max(0, depth - 1);
    else if (++depth > deepest) {
      deepest = depth;
      if (deepest > cap) return deepest;
    }
  }
  return deepest;
}

/**
 * Refuse markdown / HTML nested deeper than the parsers can afford, before they run. Throws
 * `input-too-complex` naming the line.
 */
export function assertNestingWithinLimits(text: string, name: string): void {
  let line = 1;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const depth = lineDepth(text.slice(start, Math.min(end, start + 4 * MAX_MARKDOWN_NESTING + 64)));
    if (depth > MAX_MARKDOWN_NESTING)
      throw new BudgetIngestError(
        'input-too-complex',
        `${name}: line ${line} opens more than ${MAX_MARKDOWN_NESTING} nested block quotes or lists; at most ${MAX_MARKDOWN_NESTING} are read`,
        { file: name },
      );
    start = end + 1;
    line++;
  }
  const deepest = htmlDepth(text, MAX_HTML_NESTING);
  if (deepest > MAX_HTML_NESTING)
    throw new BudgetIngestError(
      'input-too-complex',
      `${name}: HTML elements nested more than ${MAX_HTML_NESTING} deep; at most ${MAX_HTML_NESTING} are read`,
      { file: name },
    );
}
