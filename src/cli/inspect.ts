/**
 * `budget-ingest inspect`: every table found in a document as an aligned text grid, to compare with the PDF.
 */
import type { BudgetDocument, Table } from '../model/schema.js';
import { escapeLine } from './terminal.js';
import { displayWidth, pad, truncate } from './width.js';

/** Widest label shown before cutting it with `…`. */
const LABEL_WIDTH = 40;

/** The printed header of a column, shortened: its last two levels, or only the last when that is too wide. */
function headerText(header: readonly string[]): string {
  const parts = header.filter(Boolean).map(escapeLine);
  const two = parts.slice(-2).join('/');
  return displayWidth(two) <= 24 ? two : (parts.at(-1) ?? '');
}

function describe(table: Table): string[] {
  const pages = table.pages.length
    ? `pages ${table.pages[0]}${table.pages.length > 1 ? `-${table.pages.at(-1)}` : ''}`
    : 'no pages';
  const lines = [
    `== ${table.id}  ${table.kind}  ${escapeLine(table.title)}`,
    `   ${pages} · unit ${table.unit ?? '(none)'}${table.unitFactor ? ` (×${table.unitFactor} 元)` : ''} · ${table.rows.length} rows · ${table.fragments.length} fragment(s)${table.empty ? ' · empty (空表)' : ''}`,
  ];
  for (const [key, value] of Object.entries(table.meta))
    lines.push(`   ${escapeLine(key)}: ${escapeLine(value)}`);
  return lines;
}

/** Render one table as text: description, column ids, printed headers, then one line per row. */
export function renderTable(table: Table): string {
  const shown = table.columns.filter(
    (c) => !['serial', 'code', 'code-class', 'code-kuan', 'code-xiang', 'label'].includes(c.role),
  );
  const hasSide = table.rows.some((row) => row.side);
  const head1 = ['#', '序号', '编码', ...(hasSide ? ['side'] : []), '项目', ...shown.map((c) => c.id)];
  const head2 = ['', '', '', ...(hasSide ? [''] : []), '', ...shown.map((c) => headerText(c.header))];
  const right = [
    true,
    false,
    false,
    ...(hasSide ? [false] : []),
    false,
    ...shown.map((c) => c.role !== 'text'),
  ];
  const body = table.rows.map((row, index) => [
    String(index),
    escapeLine(row.serial ?? ''),
    escapeLine(row.code ?? ''),
    ...(hasSide ? [row.side === 'income' ? '收' : row.side === 'expenditure' ? '支' : ''] : []),
    truncate(
      `${'  '.repeat(row.level === '款' ? 1 : row.level === '项' ? 2 : 0)}${escapeLine(row.label ?? '')}`,
      LABEL_WIDTH,
    ),
    ...shown.map((c) =>
      c.role === 'text'
        ? truncate(escapeLine(row.text?.[c.id] ?? ''), 24)
        : (row.values[c.id] ?? (c.id in row.values ? '-' : '')),
    ),
  ]);
  const grid = [head1, head2.map((h) => truncate(h, 24)), ...body];
  const widths = head1.map((_, i) => Math.max(...grid.map((line) => displayWidth(line[i] ?? ''))));
  const render = (line: string[], header: boolean) =>
    line
      .map((cell, i) => pad(cell, widths[i]!, !header && right[i] ? 'right' : 'left'))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const lines = [
    ...describe(table),
    render(head1, true),
    render(grid[1]!, true),
    rule,
    ...body.map((l) => render(l, false)),
  ];
  if (table.notes.length) lines.push(...table.notes.map((note) => `   ${escapeLine(note)}`));
  return lines.join('\n');
}

/** Render the document's tables (those of `kind`, or with that id, when given). */
export function renderTables(document: BudgetDocument, kind?: string): string {
  const tables = kind ? document.tables.filter((t) => t.kind === kind || t.id === kind) : document.tables;
  const { meta } = document;
  const header = escapeLine(
    `${document.origin.filename ?? '(input)'}: ${meta.department ?? '(department unknown)'} · ${meta.year ?? '(year unknown)'} · ${meta.kind ?? '-'} · ${meta.scope ?? '-'} · ${document.tables.length} tables`,
  );
  if (tables.length === 0) return `${header}\n(no table${kind ? ` of kind ${kind}` : ''})\n`;
  return `${header}\n\n${tables.map(renderTable).join('\n\n')}\n`;
}
