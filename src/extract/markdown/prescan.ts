/**
 * Work on markdown / HTML source before the parsers see it: the text of `<script>` and `<style>` elements
 * blanked (it never reaches the model), and tables cut to the cell limit before remark or hast builds them
 * (a 20 MB table of 4M cells would otherwise be built whole, and only then cut). Blanking keeps every line
 * break, so lines and columns of what follows stay as printed.
 */
import type { CellBudget } from '../../errors.js';

/** Replace every character but line breaks and tabs by a space. */
function blank(text: string): string {
  return text.replace(/[^\t\n\r]/g, ' ');
}

const SCRIPT_OR_STYLE = /(<(script|style)\b[^>]*>)([\s\S]*?)(<\/\2\s*>|$)/gi;

/** Blank the content of `<script>` and `<style>` elements (to the end of the text when never closed). */
export function blankScriptAndStyle(text: string): string {
  if (!/<(?:script|style)\b/i.test(text)) return text;
  return text.replace(
    SCRIPT_OR_STYLE,
    (_, open: string, _name: string, body: string, close: string) => `${open}${blank(body)}${close}`,
  );
}

/** Cells a source line adds to a pipe or tab table (0 for a line of neither). */
function lineCells(line: string): number {
  let pipes = 0;
  let tabs = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === 124) pipes++;
    else if (code === 9) tabs++;
  }
  return pipes || tabs ? Math.max(pipes + 1, tabs + 1) : 0;
}

/**
 * Cut pipe and tab tables (runs of non-blank lines) so that rows × widest row stays within `maxCells`: the
 * lines beyond are emptied (line numbers of what follows are kept) and the cut reported to the budget.
 */
function capLineTables(text: string, budget: CellBudget): string {
  const lines = text.split('\n');
  let changed = false;
  let start = 0;
  while (start < lines.length) {
    if (!lines[start]!.trim()) {
      start++;
      continue;
    }
    let width = 0;
    let rows = 0;
    let end = start;
    let cut = -1;
    for (; end < lines.length && lines[end]!.trim(); end++) {
      if (cut >= 0) continue;
      const cells = lineCells(lines[end]!);
      const next = Math.max(width, cells);
      if (cells && (rows + 1) * next > budget.maxCells) cut = end;
      else {
        width = next;
        rows++;
      }
    }
    if (cut >= 0) {
      for (let i = cut; i < end; i++) lines[i] = '';
      changed = true;
      budget.onLimit({
        limit: 'maxCellsPerTable',
        message: `第 ${start + 1} 行起的表格超过 ${budget.maxCells} 个单元格的上限，只读取了前 ${cut - start} 行，第 ${cut + 1}–${end} 行未读取。`,
      });
    }
    start = end;
  }
  return changed ? lines.join('\n') : text;
}

const HTML_TABLE_TAG = /<(\/?)(table|td|th)\b/gi;

/**
 * Cut HTML tables with more than `maxCells` cells: from the row holding the first cell over the limit to the
 * table's end, the source is dropped but for its line breaks, and the cut reported.
 */
function capHtmlTables(text: string, budget: CellBudget): string {
  if (!/<table\b/i.test(text)) return text;
  const stack: { start: number; cells: number; cutAt: number }[] = [];
  const cuts: [number, number, number][] = [];
  HTML_TABLE_TAG.lastIndex = 0;
  for (let match = HTML_TABLE_TAG.exec(text); match; match = HTML_TABLE_TAG.exec(text)) {
    const closing = match[1] === '/';
    const tag = match[2]!.toLowerCase();
    if (tag === 'table') {
      if (!closing) stack.push({ start: match.index, cells: 0, cutAt: -1 });
      else {
        const table = stack.pop();
        if (table && table.cutAt >= 0) cuts.push([table.cutAt, match.index, table.start]);
      }
      continue;
    }
    const table = stack.at(-1);
    if (!table || closing || table.cutAt >= 0) continue;
    if (++table.cells > budget.maxCells) {
      const row = text.lastIndexOf('<tr', match.index);
      table.cutAt = row > table.start ? row : match.index;
    }
  }
  for (const table of stack) if (table.cutAt >= 0) cuts.push([table.cutAt, text.length, table.start]);
  if (!cuts.length) return text;
  cuts.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [from, to, tableStart] of cuts) {
    if (from < at) continue;
    out += text.slice(at, from) + text.slice(from, to).replace(/[^\n]/g, '');
    at = to;
    const line = text.slice(0, tableStart).split('\n').length;
    budget.onLimit({
      limit: 'maxCellsPerTable',
      message: `第 ${line} 行起的 HTML 表格超过 ${budget.maxCells} 个单元格的上限，超出的行未读取。`,
    });
  }
  return out + text.slice(at);
}

/** Cut every pipe, tab and HTML table of the source to the budget's cell limit, before parsing. */
export function capTablesBeforeParsing(text: string, budget: CellBudget): string {
  return capHtmlTables(capLineTables(text, budget), budget);
}
