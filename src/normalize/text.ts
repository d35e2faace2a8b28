/**
 * Text cleaning shared by every stage: markup removal, compatibility forms, stray spaces between Han
 * characters, and comparison keys.
 */

const HAN = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
const SPACE_BETWEEN_HAN = new RegExp(
  `([${HAN}（）：、，；“”《》])[\\s\\u3000]+(?=[${HAN}（）：、，；“”《》])`,
  'g',
);
/** Kangxi radicals, CJK radicals supplement, compatibility ideographs: folded by NFKC to unified ideographs. */
const COMPAT_HAN = /[\u2e80-\u2fdf\uf900-\ufaff\u{2f800}-\u{2fa1f}]/gu;
/** Full-width ASCII letters and digits. */
const FULLWIDTH_ALNUM = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g;

/** A character stripMarkup acts on: tags, entities, emphasis markers. */
const MARKUP = /[<&*_]/;

/** Remove inline HTML tags (`<b>`, `<br>`), markdown emphasis markers and HTML entities for spaces. */
export function stripMarkup(text: string): string {
  if (!MARKUP.test(text)) return text;
  return text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?[a-zA-Z][^<>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\*\*|__/g, '');
}

/** Fold compatibility/radical forms of Han characters and full-width letters/digits; keep full-width punctuation. */
export function foldCompat(text: string): string {
  return text
    .replace(COMPAT_HAN, (ch) => ch.normalize('NFKC'))
    .replace(FULLWIDTH_ALNUM, (ch) => ch.normalize('NFKC'));
}

/**
 * A character some step of cleanText would change: markup (`<`, `&`, `*`, `_`), any whitespace (trimmed,
 * collapsed, removed between Han), compatibility Han (BMP ranges and the astral range's high surrogate) and
 * full-width letters and digits. Text without one is returned as it is: most table cells.
 */
const CLEAN_TOUCHES = /[<&*_\s\u2e80-\u2fdf\uf900-\ufaff\uff10-\uff5a\ud87e]/;

/** Clean a printed label or title: markup removed, compat forms folded, stray spaces between Han removed, trimmed. */
export function cleanText(text: string): string {
  if (!CLEAN_TOUCHES.test(text)) return text;
  return foldCompat(stripMarkup(text))
    .replace(/\u3000/g, ' ')
    .replace(SPACE_BETWEEN_HAN, '$1')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/**
 * A grid cell as read from a delimited line: cleaned as cleanText does, then every run of whitespace (line
 * breaks of a `<br>` included) collapsed to one space. A cell without markup, blanks or forms to fold is
 * returned as it is (most cells).
 */
export function cleanCell(text: string): string {
  if (!CLEAN_TOUCHES.test(text)) return text;
  return cleanText(stripMarkup(text)).replace(/\s+/g, ' ');
}

/** A comparison key: cleaned, NFKC-folded (punctuation too), all whitespace and quote marks removed. */
export function compactKey(text: string): string {
  let key = compactKeys.get(text);
  if (key === undefined) {
    if (compactKeys.size > 50_000) compactKeys.clear();
    key = computeCompactKey(text);
    compactKeys.set(text, key);
  }
  return key;
}

/** Memo of compactKey: labels, headers and titles repeat across rows, tables and documents. */
const compactKeys = new Map<string, string>();

function computeCompactKey(text: string): string {
  return cleanText(text)
    .normalize('NFKC')
    .replace(/[\s"'“”‘’「」]/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');
}

/** Leading enumeration markers: 一、 / （一） / (一) / 1、 / 1. / 其中： */
const ENUMERATION =
  /^(?:[（(][一二三四五六七八九十百\d]+[）)]|[一二三四五六七八九十百]+[、.．]|\d+[、.．](?!\d)|其中[:：]?)\s*/;

/** Strip one or more leading enumeration markers (一、 / （一） / 1、 / 其中：) from a label. */
export function stripEnumeration(text: string): string {
  if (!ENUMERATION.test(text)) return text.trim();
  let out = text;
  for (let i = 0; i < 3; i++) {
    const next = out.replace(ENUMERATION, '');
    if (next === out) break;
    out = next;
  }
  return out.trim();
}

/** True when the string contains at least one Han character. */
export function hasHan(text: string): boolean {
  return /[\u3400-\u9fff]/.test(text);
}
