/**
 * Markdown extractor (unified + remark-parse + remark-gfm): headings, paragraphs, lists, TSV blocks inside
 * paragraphs, GFM pipe tables, HTML `<table>` blocks and explicit page breaks → layout blocks.
 */
import type { Nodes, Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { GridBlock, LayoutBlock, LayoutRoot, Position, Provenance } from '../../ast/layout.js';
import { gridFromRows } from '../../ast/layout.js';
import type { CellBudget } from '../../errors.js';
import { cleanText, stripMarkup } from '../../normalize/text.js';
import { capGrid } from '../tsv/index.js';
import { htmlTablesToGrids, isPageBreakHtml } from './html-table.js';
import { liftedTable, liftPipeTables } from './pipe-tables.js';
import { blankScriptAndStyle, capTablesBeforeParsing } from './prescan.js';

/** Options of the markdown extractor. */
export interface MarkdownExtractOptions {
  /** Treat a form feed (U+000C) as a page break. Default true. */
  formFeedIsPageBreak?: boolean;
  /**
   * Most cells one grid may hold (larger tables are cut before parsing, rows dropped from the end, and
   * reported) and the time limit (parsing stops between chunks of the source once it has passed).
   */
  budget?: CellBudget;
  /** Read plain pipe tables without remark (pipe-tables.ts). Default true; false for the comparison tests. */
  liftPipeTables?: boolean;
}

/** Sources longer than this are parsed in chunks, with the time limit checked between them. */
const CHUNK_CHARS = 256 * 1024;

/**
 * Where a long source may be split without changing how it parses: before a line at column 0 that starts a
 * paragraph or heading after an empty line, outside fenced code and HTML tables. Returns line indexes.
 */
function chunkStarts(lines: readonly string[]): number[] {
  const starts = [0];
  let fence: string | undefined;
  let tables = 0;
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    size += line.length + 1;
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) fence = fence ? undefined : marker.slice(0, 3);
    tables += (line.match(/<table\b/gi)?.length ?? 0) - (line.match(/<\/table\s*>/gi)?.length ?? 0);
    if (tables < 0) tables = 0;
    const next = lines[i + 1];
    if (
      size >= CHUNK_CHARS &&
      !fence &&
      tables === 0 &&
      line === '' &&
      next !== undefined &&
      /^[^\s>|\-*+\d<`~]/.test(next)
    ) {
      starts.push(i + 1);
      size = 0;
    }
  }
  return starts;
}

/** The nodes parsed, and the 1-based line where parsing stopped because the time ran out. */
interface Parsed {
  nodes: RootContent[];
  stoppedAt?: number;
}

const expired = (budget: CellBudget | undefined) =>
  budget?.deadline !== undefined && Date.now() > budget.deadline;

/** Parse the source with remark, chunk by chunk; stops (and says where) once the deadline has passed. */
function parseMarkdown(
  original: string,
  originalLines: readonly string[],
  budget: CellBudget | undefined,
  lift: boolean,
): Parsed {
  const { source, lines, tables } = lift
    ? liftPipeTables(original, originalLines)
    : { source: original, lines: originalLines, tables: new Map() };
  const swap = (nodes: RootContent[]): RootContent[] =>
    tables.size === 0 ? nodes : nodes.map((node) => liftedTable(node, tables) ?? node);
  const processor = unified().use(remarkParse).use(remarkGfm);
  if (source.length <= CHUNK_CHARS) return { nodes: swap((processor.parse(source) as Root).children) };
  const starts = chunkStarts(lines);
  const nodes: RootContent[] = [];
  let offset = 0;
  for (let c = 0; c < starts.length; c++) {
    const first = starts[c]!;
    const end = starts[c + 1] ?? lines.length;
    if (expired(budget)) return { nodes: swap(nodes), stoppedAt: first + 1 };
    const chunk = lines.slice(first, end).join('\n');
    for (const node of (processor.parse(chunk) as Root).children) {
      const p = node.position;
      if (p) {
        p.start.line += first;
        p.end.line += first;
        if (p.start.offset !== undefined) p.start.offset += offset;
        if (p.end.offset !== undefined) p.end.offset += offset;
      }
      nodes.push(node);
    }
    offset += chunk.length + 1;
  }
  return { nodes: swap(nodes) };
}

const PAGE_BREAK_MARK = '<!-- budget-ingest:pagebreak -->';

/** Plain text of an mdast node: text values joined, inline HTML tags dropped, `<br>` as newline. */
function toText(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if (node.type === 'html') return /^<br\s*\/?>$/i.test(node.value) ? '\n' : '';
  if (node.type === 'break') return '\n';
  if ('children' in node) return (node.children as Nodes[]).map(toText).join('');
  return '';
}

/** Source lines [startLine, endLine] (1-based, inclusive) of the whole lines a node covers. */
function sourceLines(lines: string[], position: Position): string[] {
  return lines.slice(position.start.line - 1, position.end.line);
}

/** A paragraph/code block whose lines carry tabs is a TSV grid. */
function isTsvLines(blockLines: string[]): boolean {
  const withTab = blockLines.filter((line) => line.includes('\t')).length;
  return withTab >= 1 && withTab >= Math.ceil(blockLines.length / 2);
}

function tsvGrid(blockLines: string[], firstLine: number, page: number | undefined): GridBlock {
  const fields = blockLines.map((line) => line.split('\t')); // a trailing \r is trimmed with the cell
  // 1-based character column where each field starts, per line.
  const starts = fields.map((row) => {
    const out: number[] = [];
    let column = 1;
    for (const field of row) {
      out.push(column);
      column += field.length + 1;
    }
    return out;
  });
  const grid = gridFromRows(
    fields.map((row) => row.map((cell) => cleanCell(stripMarkup(cell)))),
    'tsv',
    (r, c) => {
      const column = starts[r]?.[c] ?? 1;
      const end = column + (fields[r]?.[c]?.length ?? 0);
      const position = { start: { line: firstLine + r, column }, end: { line: firstLine + r, column: end } };
      return page === undefined ? { position } : { position, page };
    },
  );
  grid.position = {
    start: { line: firstLine, column: 1 },
    end: { line: firstLine + blockLines.length - 1, column: (blockLines.at(-1)?.length ?? 0) + 1 },
  };
  grid.prov = [{ position: grid.position }];
  return grid;
}

function cleanCell(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function positionOf(node: Nodes): Position | undefined {
  const p = node.position;
  if (!p) return undefined;
  return {
    start: {
      line: p.start.line,
      column: p.start.column,
      ...(p.start.offset === undefined ? {} : { offset: p.start.offset }),
    },
    end: {
      line: p.end.line,
      column: p.end.column,
      ...(p.end.offset === undefined ? {} : { offset: p.end.offset }),
    },
  };
}

/** Extract layout blocks from markdown text. */
export function extractMarkdownLayout(markdown: string, options: MarkdownExtractOptions = {}): LayoutRoot {
  let source = blankScriptAndStyle(
    options.formFeedIsPageBreak === false ? markdown : markdown.replace(/\f/g, `\n\n${PAGE_BREAK_MARK}\n\n`),
  );
  if (options.budget) source = capTablesBeforeParsing(source, options.budget);
  const lines = source.split('\n');
  const parsed = parseMarkdown(source, lines, options.budget, options.liftPipeTables !== false);
  const children = parsed.nodes;
  const blocks: LayoutBlock[] = [];
  // Pages are known only when the input marks its page breaks.
  const paged = children.some((node) => node.type === 'html' && isPageBreakHtml(node.value));
  let page = 1;
  let sawPageBreak = false;
  const provFor = (position: Position | undefined): Provenance[] => {
    const prov: Provenance = {};
    if (position) prov.position = position;
    if (paged) prov.page = page;
    return [prov];
  };

  const pushBreak = (position: Position | undefined) => {
    page++;
    sawPageBreak = true;
    blocks.push({ type: 'pageBreak', page, prov: [], ...(position ? { position } : {}) });
  };

  const visit = (node: RootContent) => {
    const position = positionOf(node);
    const prov = provFor(position);
    switch (node.type) {
      case 'heading': {
        const text = cleanText(toText(node));
        if (text)
          blocks.push({ type: 'heading', depth: node.depth, text, prov, ...(position ? { position } : {}) });
        return;
      }
      case 'paragraph':
      case 'code': {
        const blockLines = position ? sourceLines(lines, position) : [];
        if (position && isTsvLines(blockLines)) {
          appendGrid(
            blocks,
            tsvGrid(blockLines, position.start.line, paged ? page : undefined),
            lines,
            provFor,
          );
          return;
        }
        const text = node.type === 'code' ? node.value : toText(node);
        const cleaned = text
          .split('\n')
          .map((line) => cleanText(line))
          .filter(Boolean)
          .join('\n');
        if (cleaned)
          blocks.push({ type: 'paragraph', text: cleaned, prov, ...(position ? { position } : {}) });
        return;
      }
      case 'list': {
        const items = node.children.map((item) => cleanText(toText(item))).filter(Boolean);
        if (items.length)
          blocks.push({
            type: 'list',
            ordered: node.ordered ?? false,
            items,
            prov,
            ...(position ? { position } : {}),
          });
        return;
      }
      case 'table': {
        const rows = node.children.map((row) =>
          row.children.map((cell) => cleanCell(cleanText(toText(cell)))),
        );
        const grid = gridFromRows(rows, 'gfm');
        if (position) {
          grid.position = position;
        }
        grid.prov = prov;
        blocks.push(grid);
        return;
      }
      case 'html': {
        if (isPageBreakHtml(node.value)) {
          pushBreak(position);
          return;
        }
        const grids = htmlTablesToGrids(node.value, options.budget?.maxCells);
        for (const grid of grids) {
          if (position) grid.position = position;
          grid.prov = prov;
          blocks.push(grid);
        }
        if (!grids.length) {
          const text = cleanText(stripMarkup(node.value));
          if (text) blocks.push({ type: 'paragraph', text, prov, ...(position ? { position } : {}) });
        }
        return;
      }
      case 'blockquote':
        node.children.forEach(visit);
        return;
      default:
        return;
    }
  };
  const { budget } = options;
  let stoppedAt = parsed.stoppedAt;
  for (let i = 0; i < children.length; i++) {
    if (i % 64 === 0 && expired(budget)) {
      stoppedAt = children[i]!.position?.start.line ?? stoppedAt ?? 1;
      break;
    }
    visit(children[i]!);
  }
  if (budget && stoppedAt !== undefined)
    budget.onLimit({
      limit: 'timeoutMs',
      message: `读到第 ${stoppedAt} 行时超过时间上限，第 ${stoppedAt}–${lines.length} 行未读取。`,
    });
  if (budget)
    blocks.forEach((block, i) => {
      if (block.type !== 'grid') return;
      const capped = capGrid(block, budget.maxCells);
      if (!capped.cut) return;
      blocks[i] = capped.grid;
      const line = block.position?.start.line;
      const page = block.prov[0]?.page;
      budget.onLimit({
        limit: 'maxCellsPerTable',
        message: `${line ? `第 ${line} 行起的` : ''}表格有 ${block.rowCount} 行 × ${block.colCount} 列，超过 ${budget.maxCells} 个单元格的上限，只保留了前 ${capped.grid.rowCount} 行、${capped.grid.colCount} 列。`,
        ...(page === undefined ? {} : { page }),
      });
    });
  const root: LayoutRoot = { type: 'root', children: blocks, format: 'markdown' };
  if (sawPageBreak) root.pageCount = page;
  return root;
}

/**
 * Append a TSV grid, joining it to the previous TSV grid when only tab-bearing whitespace lines (empty
 * grid rows that markdown treats as blank) separate them.
 */
function appendGrid(
  blocks: LayoutBlock[],
  grid: GridBlock,
  lines: string[],
  provFor: (position: Position | undefined) => Provenance[],
): void {
  const previous = blocks.at(-1);
  const start =
    previous?.type === 'grid' && previous.syntax === 'tsv' ? previous.position?.start.line : undefined;
  const end = grid.position?.end.line;
  if (previous && start !== undefined && end !== undefined && previous.position && grid.position) {
    const between = lines.slice(previous.position.end.line, grid.position.start.line - 1);
    if (between.every((line) => line.includes('\t') && line.trim() === '')) {
      const page = provFor(undefined)[0]?.page;
      const joined = tsvGrid(lines.slice(start - 1, end), start, page);
      joined.prov = provFor(joined.position);
      blocks[blocks.length - 1] = joined;
      return;
    }
  }
  grid.prov = provFor(grid.position);
  blocks.push(grid);
}
