/**
 * Display width of text in a terminal (string-width: East Asian wide and full-width characters take two
 * columns, combining marks, zero-width characters and emoji sequences as a terminal draws them).
 */
import stringWidth from 'string-width';

/** Columns the text takes in a terminal (CJK and full-width forms count 2). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** Pad to a display width, on the right (`left` alignment) or on the left. */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

/** Cut text to at most `width` columns, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const { segment } of new Intl.Segmenter().segment(text)) {
    const w = displayWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}
