/**
 * The vocabulary of the lines printed around a table — metadata lines (单位：万元, 预算单位：…), table-number
 * labels (表01, 预算01表, 公开表一), notes (注：…) and what a title looks like — read from grammars/document.json.
 * Both the PDF layer (which keeps such lines apart from running text) and recognition (which attaches them to
 * tables) ask here, so the two never disagree.
 */
import { compactKey } from '../normalize/text.js';
import { loadDocumentGrammar } from './data.js';

interface Vocabulary {
  metaKey: RegExp;
  labels: RegExp[];
  note: RegExp;
  leadIns: RegExp[];
}

let vocabulary: Vocabulary | undefined;

function vocab(): Vocabulary {
  if (vocabulary) return vocabulary;
  const grammar = loadDocumentGrammar();
  const keys = [...grammar.tableMetaKeys].sort((a, b) => b.length - a.length);
  vocabulary = {
    metaKey: new RegExp(`(${keys.join('|')})(?:[（(][\\u4e00-\\u9fff]{1,6}[）)])?\\s*[:：]`, 'gu'),
    labels: grammar.tableLabels.map((source) => new RegExp(source, 'u')),
    note: new RegExp(`^(?:${grammar.noteMarks.join('|')})\\s*[:：0-9１-９]`, 'u'),
    leadIns: grammar.leadIns.map((source) => new RegExp(source, 'u')),
  };
  return vocabulary;
}

/** Separators printed between a label and a title (表1：收支总表, 表1-收支总表). */
const LABEL_SEPARATOR = /^[\s:：、.．\-—－]+/;

/**
 * Split a table-number label off a line: `{label, rest}` where `label` is the label as printed (or null) and
 * `rest` the remaining text (the title). Labels are matched before the title ("表01 收支总表") and after it
 * ("收支总表 公开01表").
 */
export function splitTableLabel(text: string): { label: string | null; rest: string } {
  const trimmed = text.trim();
  // Spaces go, except between two numbers ("附表3 2026年…": the label's number ends where the year starts);
  // ends[i] is where the i-th compact character ends in the printed text.
  let compact = '';
  const ends: number[] = [];
  for (const part of trimmed.matchAll(/(?<=\d)\s+(?=\d)|\S/gu)) {
    compact += /\s/.test(part[0]) ? '\u0000' : part[0];
    ends.push(part.index + part[0].length);
  }
  for (const re of vocab().labels) {
    const match = re.exec(compact);
    if (!match) continue;
    // Map the compact match back onto the printed text (spaces inside the label: 公开 01 表).
    const end = ends[match[0].length - 1] ?? 0;
    return { label: trimmed.slice(0, end), rest: trimmed.slice(end).replace(LABEL_SEPARATOR, '').trim() };
  }
  // A label printed after the title, apart from it: "收支总表 公开01表" (the longest such tail; a label prints
  // at most two blanks of its own, 公开 01 表, so only the tails after the last three blanks are tried).
  for (const blank of [...trimmed.matchAll(/\s+/gu)].slice(-3)) {
    const tail = trimmed.slice(blank.index + blank[0].length);
    const key = tail.replace(/\s+/gu, '');
    if (vocab().labels.some((re) => re.exec(key)?.[0].length === key.length))
      return { label: tail, rest: trimmed.slice(0, blank.index).trim() };
  }
  return { label: null, rest: trimmed };
}

/**
 * A compact title without the table-number label printed before it and the separator after the label
 * (表1：收支总表 → 收支总表; the labels of grammars/document.json `tableLabels`).
 */
export function withoutTableLabel(key: string): string {
  for (const re of vocab().labels) {
    const match = re.exec(key);
    if (match) return key.slice(match[0].length).replace(LABEL_SEPARATOR, '');
  }
  return key;
}

/** True for a line that is only a table-number label (表01, 公开 01 表, 预算表12). */
export function isTableLabelLine(text: string): boolean {
  const { label, rest } = splitTableLabel(text);
  return label !== null && rest === '';
}

/** Options of {@link parseMetaLine}. */
export interface MetaLineOptions {
  /** Accept a name printed before the first key ("507-湖州市卫生健康委员会 单位：万元"), kept as 单位名称. */
  namePrefix?: boolean;
}

/**
 * Parse a metadata line into key/value pairs ("预算单位编码及名称：[501001]X 预算年度：2022"); null when it is
 * not one. A bracketed unit ("（单位：万元）", "单位：元") and a year subtitle ("（2026年度）") count too.
 */
export function parseMetaLine(text: string, options: MetaLineOptions = {}): Record<string, string> | null {
  const line = text.replace(/\s+/g, ' ').trim();
  // A sentence is never a metadata line ("各单位：现将检查情况通报如下。").
  if (line.length > 120 || /[。；;]/.test(line)) return null;
  const subtitle = /^[（(]\s*(\d{4})\s*年度?\s*[）)]$/.exec(line);
  if (subtitle) return { 年度: subtitle[1]! };
  const re = vocab().metaKey;
  re.lastIndex = 0;
  const keys = [...line.matchAll(re)];
  const bracketUnit = /^[（(]?\s*(?:金额)?单位\s*[:：]?\s*(万元|元|千元|亿元)\s*[）)]?$/.exec(line);
  if (bracketUnit) return { 金额单位: bracketUnit[1]! };
  if (!keys.length) {
    // "507-湖州市卫生健康委员会 万元": a name and a bare unit.
    const bare = options.namePrefix ? /^(\S.{0,40}?)\s+(万元|千元|元)$/.exec(line) : null;
    if (!bare || !/[\u4e00-\u9fff]/.test(bare[1]!) || /[。；，,：:]/.test(bare[1]!)) return null;
    return { 单位名称: bare[1]!.trim(), 金额单位: bare[2]! };
  }
  const pairs: Record<string, string> = {};
  const first = keys[0]!.index;
  if (first !== 0) {
    const prefix = line.slice(0, first).trim();
    // A name before the first key: short, names something (Han), and is not a sentence.
    if (
      !options.namePrefix ||
      prefix.length < 2 ||
      prefix.length > 40 ||
      !/[\u4e00-\u9fff]/.test(prefix) ||
      /[。；，,]/.test(prefix)
    )
      return null;
    pairs.单位名称 = prefix;
  }
  keys.forEach((match, i) => {
    const start = match.index + match[0].length;
    const end = keys[i + 1]?.index ?? line.length;
    pairs[match[1]!] = line.slice(start, end).trim();
  });
  return pairs;
}

/** True for a line that starts with a metadata key (单位：万元, 编制部门：…) or is a bracketed unit. */
export function isMetadataLine(text: string): boolean {
  return parseMetaLine(text) !== null;
}

/** True for a note printed with a table (注：…, 备注：…, 说明：…). */
export function isNoteLine(text: string): boolean {
  return vocab().note.test(text.trim());
}

/**
 * True for a short line that reads like a table title: it ends with 表 (optionally a bracketed note or 续),
 * or carries a table-number label; never a sentence (。；).
 */
export function looksLikeTableTitle(text: string): boolean {
  const key = compactKey(text);
  if (key.length > 80 || key.length < 3) return false;
  if (/[。；;]$/.test(key) || /。/.test(key)) return false;
  const { label, rest } = splitTableLabel(text);
  const title = compactKey(rest);
  if (label !== null && title === '') return false;
  return /表(?:[（(][^）)]*[）)])*(?:[（(]?续[）)]?)?$/.test(title) || (label !== null && title.length >= 3);
}

/** Longest line read as a lead-in. */
const LEAD_IN_MAX = 60;

/** True for a short line announcing a table printed in the narrative (…情况如下：, …详细情况见下表:). */
export function isLeadInLine(text: string): boolean {
  const line = text.trim();
  return line.length <= LEAD_IN_MAX && vocab().leadIns.some((re) => re.test(line));
}
