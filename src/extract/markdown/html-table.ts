/**
 * HTML `<table>` blocks (as PDF-to-markdown converters emit them) → grid blocks with explicit spans.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { GridBlock, GridCell } from '../../ast/layout.js';
import { cleanText } from '../../normalize/text.js';

const PAGE_BREAK =
  /^\s*(?:<!--\s*(?:budget-ingest:)?page[\s_-]*(?:break)?[\s\d:=-]*-->|<div[^>]*page-break-(?:before|after)[^>]*>\s*<\/div>|<hr[^>]*page-break[^>]*>)\s*$/i;

/** True for an HTML block that marks a page break (`<!-- pagebreak -->`, `<!-- page 3 -->`, CSS page-break div). */
export function isPageBreakHtml(html: string): boolean {
  return PAGE_BREAK.test(html);
}

function textOf(node: ElementContent | RootContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') {
    if (node.tagName === 'br') return '\n';
    return node.children.map(textOf).join('');
  }
  return '';
}

function elements(node: Root | Element, tag: string, out: Element[] = []): Element[] {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === tag) out.push(child);
    else if (!(tag === 'tr' && child.tagName === 'table')) elements(child, tag, out);
  }
  return out;
}

function span(value: unknown): number {
  const n = Number.parseInt(String(value ?? '1'), 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 1000) : 1;
}

/**
 * Parse every `<table>` in an HTML fragment into a grid; rowspan/colspan placed with an occupancy map. A table
 * is never laid out beyond about `maxCells` positions (rows × columns): further rows and cells are dropped
 * (the caller sees a grid at the limit and reports it), so hostile spans cannot exhaust memory.
 */
export function htmlTablesToGrids(html: string, maxCells = Number.POSITIVE_INFINITY): GridBlock[] {
  if (!/<table[\s>]/i.test(html)) return [];
  const tree = fromHtml(html, { fragment: true });
  return elements(tree, 'table').map((table) => {
    const occupied: boolean[][] = [];
    const cells: GridCell[] = [];
    let colCount = 0;
    const all = elements(table, 'tr');
    // One row more than fits, so that a cut table still reads as over the limit.
    const rows = Number.isFinite(maxCells) ? all.slice(0, maxCells + 1) : all;
    const maxCols = Number.isFinite(maxCells)
      ? Math.max(2, Math.floor((maxCells + 1) / Math.max(1, rows.length)) + 1)
      : Number.POSITIVE_INFINITY;
    rows.forEach((tr, r) => {
      let c = 0;
      for (const td of tr.children) {
        if (td.type !== 'element' || (td.tagName !== 'td' && td.tagName !== 'th')) continue;
        while (occupied[r]?.[c]) c++;
        if (c >= maxCols) break;
        const rowSpan = Math.min(span(td.properties.rowSpan), rows.length - r);
        const colSpan = Math.min(span(td.properties.colSpan), maxCols - c);
        for (let dr = 0; dr < rowSpan; dr++) {
          occupied[r + dr] ??= [];
          for (let dc = 0; dc < colSpan; dc++) occupied[r + dr]![c + dc] = true;
        }
        const text = cleanText(textOf(td)).replace(/\s+/g, ' ');
        cells.push({ text, row: r, col: c, rowSpan, colSpan });
        c += colSpan;
        colCount = Math.max(colCount, c);
      }
    });
    return {
      type: 'grid',
      rowCount: rows.length,
      colCount,
      cells,
      syntax: 'html',
      prov: [],
    } satisfies GridBlock;
  });
}
