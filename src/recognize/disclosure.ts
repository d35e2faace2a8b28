/**
 * Is the file a budget disclosure at all? Crawls bring notices, flowcharts, website reports and portal pages
 * under budget file names. A file with no table of a known kind, no budget amount (in its tables or its
 * prose) and no 预算 / 决算 in its title is reported once for what it is — `not-a-disclosure`, or `portal-page` for an HTML page, with the
 * attachments it links to — instead of as a pile of `other` tables.
 */
import type { LayoutBlock, LayoutRoot } from '../ast/layout.js';
import { isMetadataLine } from '../grammar/lines.js';
import type { Diagnostic, Meta, Summary, Table } from '../model/schema.js';

/** What the verdict says and does: diagnostics to add, and the tables to keep. */
export interface DisclosureVerdict {
  /** Document-level diagnostics (none for a disclosure). */
  diagnostics: Diagnostic[];
  /** The tables to emit: all of them for a disclosure, none for a file that is not one. */
  tables: Table[];
}

/** Most attachment links quoted in a portal-page message. */
const MAX_LINKS = 10;

/** The first line of the document's text (its own title, usually), shortened. */
function opening(layout: LayoutRoot): string | null {
  if (layout.format === 'html' && layout.fileTitle) return layout.fileTitle.slice(0, 60);
  for (const block of layout.children)
    if ((block.type === 'heading' || block.type === 'paragraph') && block.text.trim().length >= 4)
      return block.text.replace(/\s+/g, ' ').trim().slice(0, 60);
  return layout.fileTitle ?? null;
}

/** Least running text (Han characters outside tables, titles and metadata lines) that makes a document judged. */
const MIN_RUNNING_TEXT = 20;

/** True when the document prints text of its own beyond its tables' titles and metadata lines. */
function hasRunningText(layout: LayoutRoot, titleBlocks: ReadonlySet<LayoutBlock>): boolean {
  if (layout.format === 'pdf')
    return layout.children.some((b) => 'text' in b && /[\u4e00-\u9fff]/.test(b.text));
  // A whole web page (its own <title>, or links) is judged too; an HTML fragment (a bare <table>) is not.
  if (layout.format === 'html' && (layout.fileTitle || layout.links?.length)) return true;
  let chars = 0;
  for (const block of layout.children) {
    if ((block.type !== 'heading' && block.type !== 'paragraph') || titleBlocks.has(block)) continue;
    if (isMetadataLine(block.text)) continue;
    // Only Chinese text is judged: the vocabulary that tells a disclosure is Chinese.
    chars += (block.text.match(/[\u4e00-\u9fff]/g) ?? []).length;
    if (chars >= MIN_RUNNING_TEXT) return true;
  }
  return false;
}

/**
 * Judge a document by what was recognized in it: its tables, summary, the kind its own text prints (预算 /
 * 决算; not one taken from its file name) and `titleBlocks`, the blocks that title or label its tables.
 */
export function judgeDisclosure(
  layout: LayoutRoot,
  tables: Table[],
  summary: Summary,
  printedKind: Meta['kind'],
  name: string,
  titleBlocks: ReadonlySet<LayoutBlock> = new Set(),
): DisclosureVerdict {
  const kinded = tables.some((table) => table.kind !== 'other');
  // A cover or title that prints 预算 / 决算 is a disclosure, or a part of one, even without tables; a web page
  // names the disclosure it links to, so only its tables and amounts count.
  const stated = Object.keys(summary).length > 0 || (printedKind !== null && layout.format !== 'html');
  const first = opening(layout);
  // A PDF is a whole document and always judged; a text input only with text of its own: a bare table (a TSV
  // fragment, a grid with its title) is what the caller chose to parse, and is kept.
  if (kinded || stated || first === null || !hasRunningText(layout, titleBlocks))
    return { diagnostics: [], tables };
  const left = tables.length ? `其中 ${tables.length} 个表格不是预算表，未输出。` : '';
  const links = layout.links ?? [];
  if (layout.format === 'html') {
    const listed = links
      .slice(0, MAX_LINKS)
      .map((link) => `「${link.text}」${link.href && link.href !== link.text ? `（${link.href}）` : ''}`)
      .join('、');
    return {
      tables: [],
      diagnostics: [
        {
          ruleId: 'portal-page',
          severity: 'warning',
          source: 'budget-ingest',
          message: `${name} 是网页（标题：「${first}」），不含预算公开的表格或金额${links.length ? `；它链接的附件有 ${links.length} 个：${listed}${links.length > MAX_LINKS ? ' 等' : ''}。公开内容应在附件中` : '，也没有可下载的附件链接'}。${left}`,
          actual: links.map((link) => link.href || link.text).join(' '),
        },
      ],
    };
  }
  return {
    tables: [],
    diagnostics: [
      {
        ruleId: 'not-a-disclosure',
        severity: 'warning',
        source: 'budget-ingest',
        message: `${name} 不像部门预算或决算公开：没有识别出任何预算表，也没有预算金额（文件开头：「${first}」）。${left}`,
        actual: first,
      },
    ],
  };
}
