import type { BBox, HeadingBlock, ParagraphBlock } from '../../ast/layout.js';
import { isMetadataLine, looksLikeTableTitle, splitTableLabel } from '../../grammar/lines.js';
import type { TextLine } from './lines.js';

/** Heading or paragraph built from running text. */
export type TextBlock = HeadingBlock | ParagraphBlock;

/** Lines like 一、… / （一）… / 第一部分 … / 第一章 … that open a section. */
const NUMBERED_HEADING =
  /^(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十百\d]+(?:部分|章|节|篇)|附件\s*\d*\s*[：:]?)/;

/** Font size most of the page's characters use. */
function bodyFontSize(lines: readonly TextLine[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) {
    const k = Math.round(l.fontSize * 2) / 2;
    weight.set(k, (weight.get(k) ?? 0) + l.text.length);
  }
  let best = 12;
  let bestW = -1;
  for (const [k, w] of weight) {
    if (w > bestW) {
      best = k;
      bestW = w;
    }
  }
  return best;
}

/** Kind of a running-text line. */
type LineKind = 'heading' | 'title' | 'meta' | 'body';

/** Classify a line outside tables. */
function classify(line: TextLine, body: number, pageWidth: number): LineKind {
  const t = line.text.replace(/\s+/g, '');
  const centre = (line.x0 + line.x1) / 2;
  const centred = Math.abs(centre - pageWidth / 2) < pageWidth * 0.08 && line.x1 - line.x0 < pageWidth * 0.75;
  if (isMetadataLine(line.text)) return 'meta';
  if (centred && /表(?:[（(][^）)]*[）)])?$/.test(t) && t.length <= 60) return 'title';
  if (looksLikeTableTitle(t) && splitTableLabel(t).label !== null && t.length <= 60) return 'title';
  if (NUMBERED_HEADING.test(t) && t.length <= 40 && !/[。；]$/.test(t)) return 'heading';
  if (line.fontSize >= body * 1.15 && t.length <= 40) return 'heading';
  if (centred && t.length <= 30 && line.x0 > pageWidth * 0.2) return 'heading';
  return 'body';
}

/** Join two wrapped lines of one paragraph: a space only between Latin words. */
function joinWrapped(left: string, right: string): string {
  if (/[A-Za-z0-9,.;:]$/.test(left) && /^[A-Za-z(]/.test(right)) return `${left} ${right}`;
  return left + right;
}

/** Bounding box covering several lines. */
function boxOf(lines: readonly TextLine[]): BBox {
  return [
    Math.min(...lines.map((l) => l.x0)),
    Math.min(...lines.map((l) => l.top)),
    Math.max(...lines.map((l) => l.x1)),
    Math.max(...lines.map((l) => l.bottom)),
  ];
}

/** True when `next` continues the centred title line `prev` (same size, centred, right below it). */
function continuesTitle(prev: TextLine, next: TextLine, pageWidth: number): boolean {
  const centred = (l: TextLine): boolean => Math.abs((l.x0 + l.x1) / 2 - pageWidth / 2) < pageWidth * 0.08;
  return (
    centred(prev) &&
    centred(next) &&
    Math.abs(prev.fontSize - next.fontSize) < 0.6 &&
    next.top - prev.bottom < 0.8 * next.fontSize &&
    !NUMBERED_HEADING.test(next.text.replace(/\s+/g, ''))
  );
}

/** Split a line at wide gaps (≥ 3 font sizes) into its parts, as metadata lines print them. */
function splitAtWideGaps(line: TextLine): TextLine[] {
  const parts: TextLine[] = [];
  for (const f of line.fragments) {
    const last = parts.at(-1);
    if (last && f.x0 - last.x1 < 3 * f.fontSize) {
      last.fragments.push(f);
      last.x1 = f.x1;
      last.text = `${last.text} ${f.text}`;
    } else {
      parts.push({ ...line, x0: f.x0, x1: f.x1, fragments: [f], text: f.text });
    }
  }
  return parts;
}

/**
 * Turn the lines outside tables into headings and paragraphs: heading-like lines (一、… / （一）… /
 * 第一部分 …, larger or centred short lines, centred titles ending with 表) become depth-0 headings,
 * metadata lines their own paragraphs, and wrapped lines of one paragraph are rejoined.
 */
export function linesToBlocks(lines: readonly TextLine[], page: number, pageWidth: number): TextBlock[] {
  const body = bodyFontSize(lines);
  const right = Math.max(0, ...lines.map((l) => l.x1));
  const left = Math.min(...lines.map((l) => l.x0));
  const blocks: TextBlock[] = [];
  let para: TextLine[] = [];
  const flush = (): void => {
    if (para.length === 0) return;
    const text = para.map((l) => l.text).reduce((s, t) => (s === '' ? t : joinWrapped(s, t)), '');
    blocks.push({ type: 'paragraph', text, prov: [{ page, bbox: boxOf(para) }] });
    para = [];
  };
  let headingLine: TextLine | undefined;
  for (const line of lines) {
    const kind = classify(line, body, pageWidth);
    const prevHeading = headingLine;
    headingLine = undefined;
    if (kind === 'heading' || kind === 'title') {
      flush();
      const last = blocks.at(-1);
      if (prevHeading && last?.type === 'heading' && continuesTitle(prevHeading, line, pageWidth)) {
        // A title wrapped onto a second centred line.
        last.text = joinWrapped(last.text, line.text);
        last.prov = [{ page, bbox: boxOf([prevHeading, line]) }];
        headingLine = line;
        continue;
      }
      blocks.push({ type: 'heading', depth: 0, text: line.text, prov: [{ page, bbox: boxOf([line]) }] });
      headingLine = line;
      continue;
    }
    if (kind === 'meta') {
      flush();
      for (const part of splitAtWideGaps(line)) {
        blocks.push({ type: 'paragraph', text: part.text, prov: [{ page, bbox: boxOf([part]) }] });
      }
      continue;
    }
    const prev = para.at(-1);
    if (prev) {
      const fs = Math.max(prev.fontSize, line.fontSize);
      const gap = line.top - prev.bottom;
      const prevFull = prev.x1 >= right - 2.5 * fs;
      const indented = line.x0 > left + 1.2 * fs;
      const sameParagraph = gap < 1.2 * fs && prevFull && !indented;
      if (!sameParagraph) flush();
    }
    para.push(line);
  }
  flush();
  return blocks;
}
