/**
 * Plain GFM pipe tables read without remark: remark-gfm's table tokenizer takes about 9 ms per KB of table
 * (40–130 ms for a 100-row table), six times what the rest of a disclosure costs. A table is read here only
 * when the result cannot differ from remark's — a run of lines at column 0 after a blank line (or the start)
 * and before one (or the end), every line starting and ending with `|`, a delimiter row second, every row with
 * the header's number of cells, and no character that inline markdown gives a meaning to (escapes, emphasis,
 * code, links, HTML, entities, autolinks). Every other table is left to remark. The table's lines are replaced
 * by a placeholder paragraph on its first line and blank lines of the same lengths (line numbers and offsets
 * of everything else stay as printed); after parsing, the placeholder paragraph is swapped for the table.
 */
import type { Paragraph, RootContent, Table, TableCell, TableRow } from 'mdast';

/** Source with the plain tables replaced, and the tables by placeholder. */
export interface LiftedTables {
  /** The source to give remark. */
  source: string;
  /** Its lines. */
  lines: string[];
  /** Placeholder text → the mdast table (positions in the original source). */
  tables: Map<string, Table>;
}

/** Characters inline markdown (with GFM) acts on, tab included (cells are left to remark then). */
const INLINE_SYNTAX = /[\\*_`[\]<>&!~:@\t\r]|www\./i;
/** A delimiter row: | --- | :-: | ---: | */
const DELIMITER_ROW = /^\|(?:[ \t]*:?-+:?[ \t]*\|)+$/;
/** A line that opens a fenced code block or an HTML block that blank lines do not end (types 1–5). */
const LONG_BLOCK_OPEN = /^[ \t]*(?:`{3,}|~{3,}|<(?:!|\?|pre\b|script\b|style\b|textarea\b))/i;
/** Those same openers closed on their own line (a one-line comment such as a page-break mark). */
const ONE_LINE_COMMENT = /^[ \t]*<!--.*-->[ \t]*$/;

const isBlank = (line: string | undefined): boolean => line === undefined || /^[ \t]*$/.test(line);

/** The cells of a table line `| a | b |`, trimmed. */
function splitRow(line: string): string[] {
  return line
    .slice(1, -1)
    .split('|')
    .map((cell) => cell.trim());
}

/**
 * Lift the plain pipe tables out of `lines` (the source split at `\n`). Nothing is lifted once a fenced code
 * block or a multi-line HTML block may be open: remark reads the rest.
 */
export function liftPipeTables(source: string, lines: readonly string[]): LiftedTables {
  const tables = new Map<string, Table>();
  if (!source.includes('|')) return { source, lines: [...lines], tables };
  const out = [...lines];
  const offsets: number[] = [];
  let offset = 0;
  for (const line of lines) {
    offsets.push(offset);
    offset += line.length + 1;
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (LONG_BLOCK_OPEN.test(line) && !ONE_LINE_COMMENT.test(line)) break;
    if (line[0] !== '|' || !isBlank(lines[i - 1]) || !DELIMITER_ROW.test(lines[i + 1] ?? '')) continue;
    let end = i;
    while (end < lines.length && !isBlank(lines[end])) end++;
    const rows = lines.slice(i, end);
    const width = splitRow(rows[0]!).length;
    const placeholder = `tbl${tables.size}`;
    const plain =
      rows.every(
        (row, r) =>
          row.length >= 2 && row[0] === '|' && row.endsWith('|') && (r === 1 || !INLINE_SYNTAX.test(row)),
      ) &&
      splitRow(rows[1]!).length === width &&
      rows.every((row) => splitRow(row).length === width) &&
      rows[0]!.length >= placeholder.length;
    if (!plain) continue;
    const last = end - 1;
    const children: TableRow[] = rows
      .filter((_, r) => r !== 1)
      .map((row) => ({
        type: 'tableRow',
        children: splitRow(row).map(
          (text): TableCell => ({ type: 'tableCell', children: text ? [{ type: 'text', value: text }] : [] }),
        ),
      }));
    tables.set(placeholder, {
      type: 'table',
      align: splitRow(rows[1]!).map((cell) =>
        cell.startsWith(':') ? (cell.endsWith(':') ? 'center' : 'left') : cell.endsWith(':') ? 'right' : null,
      ),
      children,
      position: {
        start: { line: i + 1, column: 1, offset: offsets[i]! },
        end: {
          line: last + 1,
          column: lines[last]!.length + 1,
          offset: offsets[last]! + lines[last]!.length,
        },
      },
    });
    out[i] = placeholder.padEnd(rows[0]!.length, ' ');
    for (let r = i + 1; r < end; r++) out[r] = ' '.repeat(lines[r]!.length);
    i = end;
  }
  if (tables.size === 0) return { source, lines: out, tables };
  return { source: out.join('\n'), lines: out, tables };
}

/** The lifted table a parsed node stands for (its placeholder paragraph), or undefined. */
export function liftedTable(node: RootContent, tables: ReadonlyMap<string, Table>): Table | undefined {
  if (tables.size === 0 || node.type !== 'paragraph') return undefined;
  const only = (node as Paragraph).children;
  if (only.length !== 1 || only[0]!.type !== 'text') return undefined;
  const table = tables.get(only[0]!.value);
  // The placeholder's own line: a paragraph printing the same word elsewhere is not the table.
  return table && node.position?.start.line === table.position?.start.line ? table : undefined;
}
