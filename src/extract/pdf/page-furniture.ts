import type { TextLine } from './lines.js';

/** Lines of one page plus the page height, as page-furniture removal needs them. */
export interface FurniturePage {
  /** Page height in viewport units. */
  height: number;
  /** Lines of the page, top to bottom. */
  lines: TextLine[];
}

/** Share of the page height at the top and bottom where headers, footers and folios live. */
const MARGIN_SHARE = 0.12;
/** A decorated folio ("— 31 —", "第 3 页") is read as the page number this far into the page (a bare number is not). */
const DECORATED_FOLIO_SHARE = 0.2;

const FOLIO_PATTERNS: readonly RegExp[] = [
  /^[-—–－―~\s]*\d{1,4}[-—–－―~\s]*$/, // 12, - 12 -, — 448 —
  /^第\s*\d{1,4}\s*页(\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?$/, // 第 3 页, 第3页 共40页
  /^共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页$/,
  /^\d{1,4}\s*\/\s*\d{1,4}$/, // 3 / 40
  /^page\s*\d{1,4}(\s*of\s*\d{1,4})?$/i,
  /^[·•\-—]?\s*[ivxlc]{1,6}\s*[·•\-—]?$/i, // roman folios of front matter
];

/** True when a line is a page number / folio ("第 3 页", "— 448 —", "- 12 -", "7"). */
export function isFolio(text: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  return FOLIO_PATTERNS.some((re) => re.test(t));
}

/** Key of a line for spotting running headers/footers: digits masked, spaces dropped. */
function runningKey(line: TextLine, height: number): string {
  const zone = line.top < height / 2 ? 'top' : 'bottom';
  return `${zone}|${line.text.replace(/\s+/g, '').replace(/\d+/g, '#')}`;
}

/** True when a line sits in the top or bottom margin band of its page. */
function inMargin(line: TextLine, height: number): boolean {
  return line.bottom < height * MARGIN_SHARE || line.top > height * (1 - MARGIN_SHARE);
}

/**
 * Remove page headers, footers and folios: folio-looking lines in the margin bands, and lines repeated
 * (digits masked) in the same margin band on at least half of the pages — never lines naming a 表, nor those
 * `keep` keeps (a table's metadata line printed atop every page: 部门名称：… 单位：万元).
 * Returns new line arrays, one per page.
 */
export function removePageFurniture(
  pages: readonly FurniturePage[],
  keep: (text: string) => boolean = () => false,
): TextLine[][] {
  const counts = new Map<string, number>();
  for (const page of pages) {
    const seen = new Set<string>();
    for (const line of page.lines) {
      if (inMargin(line, page.height)) seen.add(runningKey(line, page.height));
    }
    for (const key of seen) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const minRepeats = Math.max(3, Math.ceil(pages.length / 2));
  return pages.map((page) =>
    page.lines.filter((line) => {
      if (!inMargin(line, page.height)) return true;
      if (isFolio(line.text)) return false;
      if (line.text.includes('表')) return true;
      return (counts.get(runningKey(line, page.height)) ?? 0) < minRepeats || keep(line.text);
    }),
  );
}

/** True when a folio line carries more than its number (dashes, 第…页, a slash): no table cell looks so. */
function isDecoratedFolio(text: string): boolean {
  return isFolio(text) && !/^\s*\d+\s*$/.test(text);
}

/**
 * The page number printed in a page's margin bands, when exactly one number is printed there as a folio. A
 * decorated folio ("— 31 —") may sit somewhat further in (landscape pages print it above a 12 % band).
 */
export function printedFolio(page: FurniturePage): number | undefined {
  const found = new Set<number>();
  const h = page.height;
  for (const line of page.lines) {
    const wide = line.bottom < h * DECORATED_FOLIO_SHARE || line.top > h * (1 - DECORATED_FOLIO_SHARE);
    if (!(inMargin(line, h) ? isFolio(line.text) : wide && isDecoratedFolio(line.text))) continue;
    const text = line.text.replace(/\s+/g, '');
    const digits = /第(\d{1,4})页/.exec(text)?.[1] ?? /\d{1,4}/.exec(text)?.[0];
    if (digits !== undefined) found.add(Number(digits));
  }
  return found.size === 1 ? [...found][0] : undefined;
}
