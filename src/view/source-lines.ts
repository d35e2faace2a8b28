/**
 * Source lines of a markdown / TSV / CSV / HTML input for the review: each line with the cells printed on it
 * marked where the printed text can be found on the line, else the whole line stands for the cell.
 */
import { attrs, esc } from './html.js';
import type { ViewCell } from './model.js';

/** Split a text into lines (1-based by index + 1), line endings removed. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Where a cell sits on its line: a span of characters, or the whole line when the text cannot be found. */
export interface LineMark {
  key: string;
  /** Character offsets [start, end) in the line, or null: the whole line. */
  span: [number, number] | null;
}

/**
 * Marks of the cells printed on one line. The recorded column is tried first (markdown and TSV record the
 * character column); otherwise a text found once on the line is taken (CSV records the field number).
 * Overlapping or empty cells fall back to the whole line.
 */
export function lineMarks(line: string, cells: readonly ViewCell[]): LineMark[] {
  const marks: LineMark[] = [];
  const taken: Array<[number, number]> = [];
  const free = (s: number, e: number) => taken.every(([a, b]) => e <= a || s >= b);
  for (const cell of cells) {
    const text = cell.printed.trim();
    let span: [number, number] | null = null;
    if (text) {
      const at = cell.lineColumn === undefined ? -1 : line.indexOf(text, cell.lineColumn - 1);
      const near = at >= 0 && at - (cell.lineColumn! - 1) <= 2 ? at : -1;
      const once = line.indexOf(text) >= 0 && line.indexOf(text) === line.lastIndexOf(text);
      const start = near >= 0 ? near : once ? line.indexOf(text) : -1;
      if (start >= 0 && free(start, start + text.length)) span = [start, start + text.length];
    }
    if (span) taken.push(span);
    marks.push({ key: cell.key, span });
  }
  return marks;
}

/** One line as HTML: its number and text, cells wrapped in `.box` spans, whole-line cells in `data-cells`. */
export function lineHtml(number: number, line: string, cells: readonly ViewCell[], id = false): string {
  const marks = lineMarks(line, cells);
  const spans = marks
    .filter((m): m is { key: string; span: [number, number] } => m.span !== null)
    .sort((a, b) => a.span[0] - b.span[0]);
  let body = '';
  let at = 0;
  for (const { key, span } of spans) {
    body += `${esc(line.slice(at, span[0]))}<span class="box" data-cell="${esc(key)}">${esc(line.slice(span[0], span[1]))}</span>`;
    at = span[1];
  }
  body += esc(line.slice(at));
  const whole = marks.filter((m) => m.span === null).map((m) => m.key);
  return `<div${attrs({ class: 'ln', id: id ? `L${number}` : undefined, 'data-line': number, 'data-cells': whole.length ? whole.join(' ') : undefined })}><span class="no">${number}</span><code>${body || ' '}</code></div>`;
}

/** The lines `from`..`to` (1-based, inclusive, clamped) with the cells printed on them. */
export function linesHtml(
  lines: readonly string[],
  from: number,
  to: number,
  cells: readonly ViewCell[],
): string {
  const byLine = new Map<number, ViewCell[]>();
  for (const cell of cells)
    if (cell.line !== undefined) byLine.set(cell.line, [...(byLine.get(cell.line) ?? []), cell]);
  const out: string[] = [];
  for (let n = Math.max(1, from); n <= Math.min(lines.length, to); n++)
    out.push(lineHtml(n, lines[n - 1]!, byLine.get(n) ?? []));
  return out.join('\n');
}
