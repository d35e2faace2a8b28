/**
 * Bare TSV / CSV fragments → layout blocks: leading lines without delimiters become a title and metadata
 * paragraphs, the rest one grid.
 */
import type { LayoutBlock, LayoutRoot } from '../../ast/layout.js';
import { gridFromRows } from '../../ast/layout.js';
import { cleanText, stripMarkup } from '../../normalize/text.js';

/** Delimiter of a fragment. */
export type Delimiter = '\t' | ',';

/** Guess the delimiter: tab when any line has one, else comma. */
export function detectDelimiter(text: string): Delimiter {
  return /\t/.test(text) ? '\t' : ',';
}

/** Split one CSV record set (RFC 4180: quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Extract layout blocks from a TSV or CSV fragment. Line endings CRLF, CR and LF are all accepted. */
export function extractDelimitedLayout(
  text: string,
  delimiter: Delimiter = detectDelimiter(text),
): LayoutRoot {
  const records =
    delimiter === ','
      ? parseCsv(text)
      : text
          .replace(/\r\n?/g, '\n')
          .split('\n')
          .map((line) => line.split('\t'));
  const blocks: LayoutBlock[] = [];
  let index = 0;
  // Lines before the grid that hold a single cell: title, then metadata.
  while (index < records.length) {
    const record = records[index]!;
    const nonEmpty = record.filter((cell) => cell.trim() !== '');
    const allMeta = nonEmpty.every((cell) => /^[\u4e00-\u9fff]{1,10}\s*[:：]/.test(cell.trim()));
    if (record.length > 1 && nonEmpty.length > 1 && !allMeta) break;
    const value = nonEmpty.map((cell) => cleanText(stripMarkup(cell))).join(' ');
    const line = index + 1;
    const position = { start: { line, column: 1 }, end: { line, column: value.length + 1 } };
    if (value) {
      const hasTitle = blocks.some((block) => block.type === 'heading');
      blocks.push(
        hasTitle || /[:：]/.test(value)
          ? { type: 'paragraph', text: value, position, prov: [{ position }] }
          : { type: 'heading', depth: 0, text: value, position, prov: [{ position }] },
      );
    }
    index++;
  }
  let end = records.length;
  while (end > index && records[end - 1]!.every((cell) => cell.trim() === '')) end--;
  const body = records.slice(index, end);
  // Trailing single-cell lines (注：…) become paragraphs after the grid.
  let gridEnd = body.length;
  while (
    gridEnd > 0 &&
    body[gridEnd - 1]!.filter((cell) => cell.trim() !== '').length === 1 &&
    /^注/.test(body[gridEnd - 1]!.find((c) => c.trim())!.trim())
  )
    gridEnd--;
  const gridRows = body.slice(0, gridEnd);
  if (gridRows.length) {
    const firstLine = index + 1;
    const grid = gridFromRows(
      gridRows.map((row) => row.map((cell) => cleanText(stripMarkup(cell)).replace(/\s+/g, ' '))),
      delimiter === ',' ? 'csv' : 'tsv',
      (r, c) => {
        // TSV: character column of the field; CSV: quoting makes that ambiguous, so the 1-based field number.
        const fields = gridRows[r] ?? [];
        const column =
          delimiter === '\t' ? fields.slice(0, c).reduce((sum, field) => sum + field.length + 1, 1) : c + 1;
        const end = delimiter === '\t' ? column + (fields[c]?.length ?? 0) : column;
        return {
          position: { start: { line: firstLine + r, column }, end: { line: firstLine + r, column: end } },
        };
      },
    );
    grid.position = {
      start: { line: firstLine, column: 1 },
      end: { line: firstLine + gridRows.length - 1, column: 1 },
    };
    grid.prov = [{ position: grid.position }];
    blocks.push(grid);
  }
  body.slice(gridEnd).forEach((row, i) => {
    const line = index + gridEnd + i + 1;
    const position = { start: { line, column: 1 }, end: { line, column: 1 } };
    blocks.push({
      type: 'paragraph',
      text: cleanText(row.find((c) => c.trim()) ?? ''),
      position,
      prov: [{ position }],
    });
  });
  return { type: 'root', children: blocks, format: delimiter === ',' ? 'csv' : 'tsv' };
}
