/**
 * Text for the terminal: control characters (C0 but line feed, DEL, C1) and bidirectional / invisible
 * format characters of labels, file names and messages are shown escaped (`\x1b`, `\u202e`), so an input
 * cannot move the cursor, recolour, rewrite or reorder what the terminal shows.
 */

/** What the terminal must not receive raw (line feed excepted). */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this escapes
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

function escapeCharacter(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with every control and bidirectional format character shown as an escape; line feeds kept. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeCharacter);
}

/** One line of text: as `escapeControls`, line feeds escaped too. */
export function escapeLine(text: string): string {
  return escapeControls(text).replace(/\n/g, '\\n');
}

/** JSON for a terminal or pipe: C1 and bidirectional characters written as `\uXXXX` (still the same JSON). */
export function escapeJson(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
