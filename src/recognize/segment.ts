/**
 * Segmentation: walk the layout blocks and attach to every grid its title, metadata lines (单位, 年度 …) and
 * notes (注：…); everything else is narrative.
 */
import type { GridBlock, HeadingBlock, LayoutBlock, LayoutRoot, ParagraphBlock } from '../ast/layout.js';
import {
  isLeadInLine,
  isNoteLine,
  isTableLabelLine,
  looksLikeTableTitle,
  parseMetaLine,
  splitTableLabel,
} from '../grammar/lines.js';
import type { Unit } from '../model/schema.js';
import { readMarker } from '../narrative/text.js';
import { compactKey } from '../normalize/text.js';
import { findUnit } from '../normalize/units.js';
import { titleKey } from './title.js';

/** A grid with the context printed around it. */
export interface TableCandidate {
  /** The grid. */
  grid: GridBlock;
  /** Title as printed (without its table-number label), or null when nothing titles the grid. */
  title: string | null;
  /** Table-number label printed with the title (表01, 公开01表), or null. */
  label: string | null;
  /** Block the title was read from. */
  titleBlock: HeadingBlock | ParagraphBlock | null;
  /** Metadata lines printed between title and grid (key → value). */
  meta: Record<string, string>;
  /** Unit declared in the metadata lines or title. */
  unit: Unit | null;
  /** Notes printed right after the grid (注：…). */
  notes: string[];
  /** Page the grid starts on, where pages are known. */
  page: number | undefined;
  /** A page break lies between the previous grid and this one. */
  afterPageBreak: boolean;
  /** Narrative (not title/metadata) lies between the previous grid and this one. */
  interrupted: boolean;
  /**
   * The enumerated section heading the grid is printed under (the last one before it), its marker removed: what
   * an untitled table inside the narrative is about. Null when none.
   */
  section: string | null;
}

/** A document split into table candidates and narrative blocks, in order. */
export interface Segmentation {
  /** Grids with context. */
  candidates: TableCandidate[];
  /** Blocks that belong to no table (headings, paragraphs, lists), in order. */
  narrative: (HeadingBlock | ParagraphBlock | LayoutBlock)[];
  /** Titles consumed by tables (so sections can skip them). */
  titleBlocks: Set<LayoutBlock>;
}

/** Parse a metadata line (see grammar/lines.ts); re-exported for compatibility. */
export { parseMetaLine } from '../grammar/lines.js';

/** Page numbers and folios that survived extraction: "— 13 —", "- 4 -", "第 3 页", "3/40". */
export function isFolio(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  return /^[—－\-–~]*\d{1,4}[—－\-–~]*$/.test(t) || /^第\d+页(共\d+页)?$/.test(t) || /^\d+\/\d+$/.test(t);
}

/** A few Han characters alone on a line (not a marked heading): a cell label that fell outside its grid. */
function isStrayLabel(block: LayoutBlock): boolean {
  const text =
    block.type === 'paragraph' || (block.type === 'heading' && block.depth === 0) ? block.text : '';
  return /^[\u4e00-\u9fff]{1,6}$/.test(text.trim());
}

/**
 * Short text printed in the gap where a grid breaks across pages, within the grid's width: a cell's text run
 * over the ruled area (a tall merged cell, vertically centred), not narrative. Never a title, a label, metadata
 * or an enumerated heading.
 */
function isCellOverflow(block: LayoutBlock, grid: GridBlock | undefined): boolean {
  if ((block.type !== 'heading' && block.type !== 'paragraph') || !grid || grid.syntax !== 'pdf')
    return false;
  const box = block.prov[0]?.bbox;
  if (!box || block.prov[0]?.page !== grid.prov[0]?.page) return false;
  const text = block.text.trim();
  // An enumerated line is a section heading unless it runs on as a sentence ("一、严格按照…，满足…；二、严").
  const heading = readMarker(text) !== null && !/[，,；;。]/.test(text);
  if (heading || isTableLabelLine(text) || parseMetaLine(text) || looksLikeTableTitle(text)) return false;
  // Inside the grid's width, short: the text of cells run over the ruled area, not a paragraph of its own.
  const frame = grid.prov[0]?.bbox;
  return (
    frame !== undefined && box[0] >= frame[0] - 3 && box[2] <= frame[2] + 3 && compactKey(text).length <= 80
  );
}

/** Metadata keys whose values are names (the ones a wrapped tail belongs to). */
const NAME_KEYS = ['部门', '单位名称', '编制单位', '编制部门', '预算单位', '部门名称', '预算单位名称'];

/** A few Han characters alone on a line: the wrapped end of a name. */
function isWrappedTail(text: string): boolean {
  return /^[\u4e00-\u9fff（）()]{1,8}$/.test(text.trim());
}

/** A short line announcing what follows ("2026年，本单位重点项目绩效目标情况如下："). */
function isLeadIn(block: LayoutBlock): boolean {
  return block.type === 'paragraph' && isLeadInLine(block.text);
}

/** How far above a lead-in line its section heading may be (the lead-in's paragraph wrapped over lines). */
const LEAD_IN_REACH = 3;

/** The last enumerated heading among the blocks (its text without the marker), or null. */
function sectionAbove(blocks: readonly LayoutBlock[]): string | null {
  for (let k = blocks.length - 1; k >= 0; k--) {
    const block = blocks[k]!;
    if (block.type !== 'heading') continue;
    const marked = readMarker(block.text);
    if (marked?.rest && !/[。；;]/.test(marked.rest)) return marked.rest.trim();
  }
  return null;
}

/** A heading or one-line paragraph that reads like a table title (never a sentence). */
function isTitleLike(block: LayoutBlock): block is HeadingBlock | ParagraphBlock {
  if (block.type !== 'heading' && block.type !== 'paragraph') return false;
  if (block.text.includes('\n')) return false;
  if (looksLikeTableTitle(block.text)) return true;
  // A heading the author marked (markdown / HTML, depth ≥ 1) titles the grid under it unless it is a sentence;
  // headings the PDF layer infers from type size (depth 0) must read as table titles.
  const text = compactKey(block.text);
  return block.type === 'heading' && block.depth >= 1 && text.length <= 40 && !/[。；;，,、：:]/.test(text);
}

/**
 * True when `head` is the first line of a title wrapped onto `title`: a short line that is not a title by itself,
 * no sentence and no metadata, that reads as a title once joined ("…会议费、培训费" + "支出预算表").
 */
function wrapsTitle(head: LayoutBlock, title: HeadingBlock | ParagraphBlock): boolean {
  if (head.type !== 'heading' && head.type !== 'paragraph') return false;
  // Only lines the PDF layer split: an author-marked heading or an enumerated one opens its own section.
  if ((head.type === 'heading' && head.depth >= 1) || (title.type === 'heading' && title.depth >= 1))
    return false;
  const text = head.text.trim();
  if (readMarker(text)) return false;
  if (text.includes('\n') || compactKey(text).length > 50 || /[。；;：:]$/.test(text)) return false;
  if (/表(?:[（(][^）)]*[）)])*$/.test(compactKey(text))) return false;
  if (isTableLabelLine(text) || parseMetaLine(text) || head.prov[0]?.page !== title.prov[0]?.page)
    return false;
  return looksLikeTableTitle(`${text}${title.text.trim()}`) && compactKey(title.text).length <= 20;
}

/** A heading or paragraph that is only a table-number label (表01, 公开 01 表). */
function isLabelBlock(block: LayoutBlock | undefined): boolean {
  return (block?.type === 'heading' || block?.type === 'paragraph') && isTableLabelLine(block.text);
}

/** Split the blocks of a layout tree into table candidates and narrative. */
export function segmentBlocks(root: LayoutRoot): Segmentation {
  const candidates: TableCandidate[] = [];
  const narrative: LayoutBlock[] = [];
  const titleBlocks = new Set<LayoutBlock>();
  let pending: LayoutBlock[] = [];
  let page: number | undefined = root.pageCount ? 1 : undefined;
  let sawBreak = false;
  let previousGrid: GridBlock | undefined;
  /** The enumerated section heading the narrative is in (the last one seen). */
  let currentSection: string | null = null;
  const blocks = root.children;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.type === 'pageBreak') {
      page = block.page;
      sawBreak = true;
      continue;
    }
    if (block.type !== 'grid') {
      if ((block.type === 'heading' || block.type === 'paragraph') && isFolio(block.text)) continue;
      pending.push(block);
      continue;
    }
    // Walk back over metadata lines and table-number labels to the title.
    const meta: Record<string, string> = {};
    let unit: Unit | null = null;
    let label: string | null = null;
    let j = pending.length - 1;
    let tail = '';
    for (; j >= 0; j--) {
      const b = pending[j]!;
      if (isLabelBlock(b)) {
        label ??= (b as ParagraphBlock).text.trim();
        titleBlocks.add(b);
        continue;
      }
      const pairs =
        b.type === 'paragraph' || b.type === 'heading' ? parseMetaLine(b.text, { namePrefix: true }) : null;
      if (pairs) {
        const named = NAME_KEYS.find((k) => pairs[k] !== undefined && pairs[k] !== '');
        if (named && tail) {
          pairs[named] += tail;
          tail = '';
        }
        Object.assign(meta, pairs);
        unit ??= findUnit(b.type === 'paragraph' ? b.text : '') ?? findUnit(`单位：${pairs.金额单位 ?? ''}`);
        continue;
      }
      // The end of a wrapped metadata value ("部门：中国共产党江苏省委员会办" … "公厅") printed among the lines.
      const before = pending[j - 1];
      const beforePairs = before?.type === 'paragraph' ? parseMetaLine(before.text) : null;
      if (b.type === 'paragraph' && beforePairs && isWrappedTail(b.text)) {
        tail = b.text.trim() + tail; // appended to the name value read further up
        continue;
      }
      // A value printed on its own line under "部门：".
      const above = pending[j - 1];
      const abovePairs = above?.type === 'paragraph' ? parseMetaLine(above.text) : null;
      const emptyKey = abovePairs && Object.entries(abovePairs).find(([, value]) => value === '')?.[0];
      if (b.type === 'paragraph' && emptyKey && !b.text.includes('\n') && b.text.length <= 40) {
        Object.assign(meta, abovePairs, { [emptyKey]: b.text });
        j--;
        continue;
      }
      break;
    }
    let title: string | null = null;
    let titleBlock: HeadingBlock | ParagraphBlock | null = null;
    const candidateTitle = pending[j];
    // The tail of a wrapped title may not read as a title by itself ("…项目绩效目" / "标表").
    const tailOnly =
      candidateTitle !== undefined &&
      (candidateTitle.type === 'heading' || candidateTitle.type === 'paragraph') &&
      !isTitleLike(candidateTitle) &&
      pending[j - 1] !== undefined &&
      wrapsTitle(pending[j - 1]!, candidateTitle);
    if (
      candidateTitle &&
      (candidateTitle.type === 'heading' || candidateTitle.type === 'paragraph') &&
      (tailOnly || (isTitleLike(candidateTitle) && titleKey(candidateTitle.text) !== ''))
    ) {
      const split = splitTableLabel(candidateTitle.text);
      titleBlock = candidateTitle;
      title = split.rest;
      label ??= split.label;
      titleBlocks.add(candidateTitle);
      unit ??= findUnit(title);
      j--;
      // A title wrapped onto a second line ("公开09表：一般公共预算“三公”经费、会议费、培训费" / "支出预算表").
      const head = pending[j];
      if (head && wrapsTitle(head, candidateTitle)) {
        const joined = splitTableLabel(`${(head as ParagraphBlock).text.trim()}${title}`);
        title = joined.rest;
        label = joined.label ?? label;
        titleBlocks.add(head);
        j--;
      }
      // A label printed on its own line above the title (表01 over 2026年市级部门收支预算总表).
      const over = pending[j];
      if (isLabelBlock(over)) {
        label ??= (over as ParagraphBlock).text.trim();
        titleBlocks.add(over!);
        j--;
      }
    }
    // A table printed inside the narrative has no title of its own: a lead-in line ("…情况如下：") under a
    // section heading ("第七部分 重点项目预算绩效情况说明") announces it, and the heading names it. Both stay
    // in the narrative.
    if (title === null && pending[j] && isLeadIn(pending[j]!)) {
      for (let k = j - 1; k >= Math.max(0, j - LEAD_IN_REACH); k--) {
        const heading = pending[k]!;
        const numbered = heading.type === 'heading' ? readMarker(heading.text) : null;
        if (numbered) {
          title = numbered.rest;
          break;
        }
      }
    }
    // A bare table number ("表14") printed atop a continuation page neither titles nor interrupts.
    const before = pending.slice(0, j + 1).filter((b) => !isLabelBlock(b));
    narrative.push(...before);
    // Notes right after the grid.
    const notes: string[] = [];
    while (i + 1 < blocks.length) {
      const next = blocks[i + 1]!;
      if (next.type === 'paragraph' && isNoteLine(next.text)) {
        notes.push(next.text);
        unit ??= findUnit(next.text);
        i++;
      } else break;
    }
    const gridPage = block.prov[0]?.page ?? page;
    currentSection = sectionAbove(before) ?? currentSection;
    candidates.push({
      grid: block,
      title,
      label,
      titleBlock,
      meta,
      unit,
      notes,
      page: gridPage,
      afterPageBreak: sawBreak,
      section: currentSection,
      // A stray cell label printed outside the ruled area ("产出指标") does not interrupt a table.
      interrupted: before.some(
        (b) =>
          !(sawBreak && (isStrayLabel(b) || isCellOverflow(b, previousGrid) || isCellOverflow(b, block))),
      ),
    });
    pending = [];
    sawBreak = false;
    previousGrid = block;
  }
  narrative.push(...pending);
  return { candidates, narrative, titleBlocks };
}
