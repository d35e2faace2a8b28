/**
 * Segmentation: walk the layout blocks and attach to every grid its title, metadata lines (单位, 年度 …) and
 * notes (注：…); everything else is narrative.
 */
import type { GridBlock, HeadingBlock, LayoutBlock, LayoutRoot, ParagraphBlock } from '../ast/layout.js';
import type { Unit } from '../model/schema.js';
import { readMarker } from '../narrative/text.js';
import { compactKey } from '../normalize/text.js';
import { findUnit } from '../normalize/units.js';
import { looksLikeTableTitle, titleKey } from './title.js';

/** A grid with the context printed around it. */
export interface TableCandidate {
  /** The grid. */
  grid: GridBlock;
  /** Title as printed, or null when nothing titles the grid. */
  title: string | null;
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

const META_KEYS = [
  '预算单位编码及名称',
  '预算单位编码',
  '预算单位名称',
  '预算单位',
  '单位名称',
  '编制部门',
  '编制单位',
  '部门名称',
  '填报单位',
  '预算年度',
  '截止时间',
  '截止日期',
  '金额单位',
  '资金主管部门',
  '主管部门',
  '年度',
  '单位',
  '部门',
];
const META_KEY_RE = new RegExp(
  `(${META_KEYS.join('|')})(?:[（(][\\u4e00-\\u9fff]{1,6}[）)])?\\s*[:：]`,
  'gu',
);

/** Parse a metadata line into key/value pairs ("预算单位编码及名称：[501001]X 预算年度：2022"); null if it is not one. */
export function parseMetaLine(text: string): Record<string, string> | null {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length > 120) return null;
  const subtitle = /^[（(]\s*(\d{4})\s*年度?\s*[）)]$/.exec(line);
  if (subtitle) return { 年度: subtitle[1]! };
  const keys = [...line.matchAll(META_KEY_RE)];
  if (!keys.length || keys[0]!.index !== 0) {
    const bracketUnit = /^[（(]?\s*(?:金额)?单位\s*[:：]?\s*(万元|元|千元|亿元)\s*[）)]?$/.exec(line);
    return bracketUnit ? { 金额单位: bracketUnit[1]! } : null;
  }
  const pairs: Record<string, string> = {};
  keys.forEach((match, i) => {
    const start = match.index + match[0].length;
    const end = keys[i + 1]?.index ?? line.length;
    pairs[match[1]!] = line.slice(start, end).trim();
  });
  return pairs;
}

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

/** Metadata keys whose values are names (the ones a wrapped tail belongs to). */
const NAME_KEYS = ['部门', '单位名称', '编制单位', '编制部门', '预算单位', '部门名称', '预算单位名称'];

/** A few Han characters alone on a line: the wrapped end of a name. */
function isWrappedTail(text: string): boolean {
  return /^[\u4e00-\u9fff（）()]{1,8}$/.test(text.trim());
}

function isNote(text: string): boolean {
  return /^(注|备注|说明)\s*[:：0-9１-９]/.test(text.trim());
}

/** A short line announcing what follows ("2026年，本单位重点项目绩效目标情况如下："). */
function isLeadIn(block: LayoutBlock): boolean {
  return block.type === 'paragraph' && block.text.length <= 60 && /如下\s*[:：]\s*$/.test(block.text);
}

function isTitleLike(block: LayoutBlock): block is HeadingBlock | ParagraphBlock {
  if (block.type === 'heading') return compactKey(block.text).length <= 80;
  if (block.type === 'paragraph') return !block.text.includes('\n') && looksLikeTableTitle(block.text);
  return false;
}

/** Split the blocks of a layout tree into table candidates and narrative. */
export function segmentBlocks(root: LayoutRoot): Segmentation {
  const candidates: TableCandidate[] = [];
  const narrative: LayoutBlock[] = [];
  const titleBlocks = new Set<LayoutBlock>();
  let pending: LayoutBlock[] = [];
  let page: number | undefined = root.pageCount ? 1 : undefined;
  let sawBreak = false;
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
    // Walk back over metadata lines to the title.
    const meta: Record<string, string> = {};
    let unit: Unit | null = null;
    let j = pending.length - 1;
    let tail = '';
    for (; j >= 0; j--) {
      const b = pending[j]!;
      const pairs = b.type === 'paragraph' || b.type === 'heading' ? parseMetaLine(b.text) : null;
      if (pairs) {
        const named = NAME_KEYS.find((k) => pairs[k] !== undefined && pairs[k] !== '');
        if (named && tail) {
          pairs[named] += tail;
          tail = '';
        }
        Object.assign(meta, pairs);
        unit ??= findUnit(b.type === 'paragraph' ? b.text : '');
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
    if (candidateTitle && isTitleLike(candidateTitle) && titleKey(candidateTitle.text) !== '') {
      titleBlock = candidateTitle;
      title = candidateTitle.text;
      titleBlocks.add(candidateTitle);
      unit ??= findUnit(title);
      j--;
    }
    // A table printed inside the narrative has no title of its own: a lead-in line ("…情况如下：") under a
    // section heading ("第七部分 重点项目预算绩效情况说明") announces it, and the heading names it. Both stay
    // in the narrative.
    if (title === null) {
      const lead = pending[j];
      const heading = lead && isLeadIn(lead) ? pending[j - 1] : undefined;
      const numbered = heading?.type === 'heading' ? readMarker(heading.text) : null;
      if (numbered) title = numbered.rest;
    }
    // A bare table number ("表14") printed atop a continuation page neither titles nor interrupts.
    const before = pending.slice(0, j + 1).filter((b) => !(b.type === 'heading' && titleKey(b.text) === ''));
    narrative.push(...before);
    // Notes right after the grid.
    const notes: string[] = [];
    while (i + 1 < blocks.length) {
      const next = blocks[i + 1]!;
      if (next.type === 'paragraph' && isNote(next.text)) {
        notes.push(next.text);
        unit ??= findUnit(next.text);
        i++;
      } else break;
    }
    const gridPage = block.prov[0]?.page ?? page;
    candidates.push({
      grid: block,
      title,
      titleBlock,
      meta,
      unit,
      notes,
      page: gridPage,
      afterPageBreak: sawBreak,
      // A stray cell label printed outside the ruled area ("产出指标") does not interrupt a table.
      interrupted: before.some((b) => !(sawBreak && isStrayLabel(b))),
    });
    pending = [];
    sawBreak = false;
  }
  narrative.push(...pending);
  return { candidates, narrative, titleBlocks };
}
