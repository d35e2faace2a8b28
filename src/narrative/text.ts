/**
 * Text helpers of the narrative: enumeration markers (第一部分 / 一、 / （一） / 1、 / (1) / ① / 一是),
 * terminal punctuation, folding for amount reading, and joining wrapped lines.
 */
import type { SectionMarker } from '../model/schema.js';

const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 一 → 1, 十二 → 12, 二十 → 20, 二十三 → 23 (up to 99). */
export function chineseNumber(text: string): number | null {
  if (!text) return null;
  if (text === '十') return 10;
  const tens = text.indexOf('十');
  if (tens < 0) return text.length === 1 ? (CN_DIGITS[text] ?? null) : null;
  const high = tens === 0 ? 1 : CN_DIGITS[text.slice(0, tens)];
  const rest = text.slice(tens + 1);
  const low = rest === '' ? 0 : CN_DIGITS[rest];
  if (high === undefined || low === undefined || rest.length > 1) return null;
  return high * 10 + low;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const CN = '[一二三四五六七八九十]{1,3}';

interface MarkerRule {
  style: SectionMarker['style'];
  re: RegExp;
  ordinal: (m: RegExpMatchArray) => number | null;
}

const RULES: readonly MarkerRule[] = [
  {
    style: 'part',
    re: new RegExp(`^第(${CN}|\\d{1,2})部分[\\s、：:．.]*`),
    ordinal: (m) => chineseNumber(m[1]!) ?? Number(m[1]),
  },
  {
    style: 'cn-paren',
    re: new RegExp(`^[（(]\\s*(${CN})\\s*[）)][、，,.．\\s]*`),
    ordinal: (m) => chineseNumber(m[1]!),
  },
  { style: 'cn', re: new RegExp(`^(${CN})\\s*[、，,．.]\\s*`), ordinal: (m) => chineseNumber(m[1]!) },
  { style: 'arabic-paren', re: /^[（(]\s*(\d{1,2})\s*[）)][、，,.．\s]*/, ordinal: (m) => Number(m[1]) },
  {
    style: 'arabic',
    // 1、 1. 1． 1） but not 2022年 / 1.5万元 / 10%: the separator must not be followed by a digit.
    re: /^(\d{1,2})\s*(?:[、，,）)]|[.．](?!\d))\s*/,
    ordinal: (m) => Number(m[1]),
  },
  { style: 'circled', re: new RegExp(`^([${CIRCLED}])\\s*`), ordinal: (m) => CIRCLED.indexOf(m[1]!) + 1 },
  {
    style: 'cn-ordinal',
    re: new RegExp(`^(?:第(${CN})[，,、是]|(${CN})是)`),
    ordinal: (m) => chineseNumber(m[1] ?? m[2]!),
  },
];

/** The enumeration marker a text starts with, and the text after it. */
export function readMarker(text: string): { marker: SectionMarker; rest: string } | null {
  const trimmed = text.trimStart();
  for (const rule of RULES) {
    const m = trimmed.match(rule.re);
    if (!m) continue;
    const ordinal = rule.ordinal(m);
    if (ordinal === null || !Number.isFinite(ordinal) || ordinal <= 0) continue;
    const rest = trimmed.slice(m[0].length);
    // 1、 alone, or "一、" followed by nothing, is not an enumeration.
    if (!rest.trim()) continue;
    // Chinese numerals that start a word (一般公共预算, 三公经费) are not markers: the style needs its separator.
    const printed = rule.style === 'cn-ordinal' ? m[0] : m[0].trim();
    return { marker: { style: rule.style, ordinal, printed }, rest: rest.trim() };
  }
  return null;
}

/** Sentence-final punctuation: a paragraph ending with one of these is complete. */
export const TERMINAL = /[。；;！!？?：:]\s*[”"’」）)]*\s*$/;

/** True when the text ends a sentence (or introduces a list with ：). */
export function endsSentence(text: string): boolean {
  return TERMINAL.test(text.trimEnd());
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’、]/;

/** Join two pieces of one paragraph: no space between CJK text, one space between Latin words. */
export function joinWrapped(a: string, b: string): string {
  const left = a.trimEnd();
  const right = b.trimStart();
  if (!left) return right;
  if (!right) return left;
  const l = left.at(-1)!;
  const r = right[0]!;
  if (CJK.test(l) || CJK.test(r)) return left + right;
  return `${left} ${right}`;
}

/** Remove spaces a PDF put between CJK characters (机 关 运 行 → 机关运行) and around them. */
export function tidySpaces(text: string): string {
  return text
    .replace(/\s*\n\s*/g, (s, offset: number, all: string) => {
      const l = all[offset - 1] ?? '';
      const r = all[offset + s.length] ?? '';
      return CJK.test(l) || CJK.test(r) ? '' : ' ';
    })
    .replace(/([\u3400-\u9fff，。；：、（）“”])[ \t\u3000]+(?=[\u3400-\u9fff，。；：、（）“”])/g, '$1')
    .trim();
}

/**
 * Fold text for reading amounts: full-width digits and dots to ASCII, spaces removed, quotes removed,
 * （境） → 境. Returns the folded text and, for each folded index, the index in the input.
 */
export function foldWithMap(text: string): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let ch = text[i]!;
    const code = ch.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) ch = String.fromCharCode(code - 0xfee0);
    else if (ch === '．') ch = '.';
    else if (ch === '，' && /\d/.test(text[i - 1] ?? '') && /^\d{3}(?!\d)/.test(text.slice(i + 1))) ch = ',';
    else if (ch === '％') ch = '%';
    if (/[\s\u3000“”"‘’'「」]/.test(ch)) continue;
    if ((ch === '（' || ch === '(') && text[i + 1] === '境' && /[）)]/.test(text[i + 2] ?? '')) {
      folded += '境';
      map.push(i + 1);
      i += 2;
      continue;
    }
    folded += ch;
    map.push(i);
  }
  return { folded, map };
}

/** Fold text (see `foldWithMap`). */
export function fold(text: string): string {
  return foldWithMap(text).folded;
}

/** Compact a title for comparison: markers, spaces, punctuation and page numbers removed. */
export function compactTitle(text: string): string {
  return fold(text)
    .replace(/[.…·．\-—_]{2,}\s*\d*$/, '')
    .replace(/\d+$/, '')
    .replace(/[：:。，,、（）()“”"]/g, '');
}
