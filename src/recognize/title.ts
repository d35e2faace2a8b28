/**
 * Table titles: telling a title line from prose, normalizing it for comparison, classifying it by grammar.
 */

import { withoutTableLabel } from '../grammar/lines.js';
import type { CompiledGrammar, GrammarSet } from '../grammar/load.js';
import { compactKey, stripEnumeration } from '../normalize/text.js';

/**
 * A title with spaces and quote marks removed and the numbering printed before it stripped — a table-number
 * label (表1：, 公开03表, 附表15) and an enumeration (一、, （一）, 1.) — for comparing titles.
 */
export function titleKey(title: string): string {
  let key = compactKey(title);
  for (let i = 0; i < 2; i++) key = stripEnumeration(withoutTableLabel(key));
  return key
    .replace(/[（(]?续(表)?[）)]?$/, '')
    .replace(/^续表[:：]?/, '')
    .replace(/[（(]\d{4}年度?[）)]$/, '');
}

/** True when a title says it continues a previous table (续表, （续）). */
export function isContinuationTitle(title: string): boolean {
  return /续表|[（(]续[）)]/.test(compactKey(title));
}

/** Pick the grammar whose title patterns match (highest priority first); undefined means `other`. */
export function classifyTitle(title: string, set: GrammarSet): CompiledGrammar | undefined {
  const key = titleKey(title);
  return set.grammars.find(
    (grammar) => grammar.include.some((re) => re.test(key)) && !grammar.exclude.some((re) => re.test(key)),
  );
}

/** True for a short line that reads like a table title: ends with 表 (optionally a bracketed note or 续). */
export function looksLikeTableTitle(text: string): boolean {
  const key = compactKey(text);
  if (key.length > 80 || key.length < 3) return false;
  if (/[。；]$/.test(key)) return false;
  return /表(?:[（(][^）)]*[）)])*(?:[（(]?续[）)]?)?$/.test(key) || /^(?:部门)?公开\d+表/.test(key);
}
