/**
 * Document metadata: department, year, budget vs final accounts, department vs unit scope.
 */
import type { LayoutBlock } from '../ast/layout.js';
import type { DocumentGrammar } from '../grammar/data.js';
import type { Meta, Table } from '../model/schema.js';
import { cleanText, compactKey } from '../normalize/text.js';

function textsOf(blocks: readonly LayoutBlock[], limit: number): string[] {
  const texts: string[] = [];
  for (const block of blocks) {
    if (block.type === 'heading' || block.type === 'paragraph') texts.push(...block.text.split('\n'));
    if (texts.length >= limit) break;
  }
  return texts.slice(0, limit).map((text) => cleanText(text));
}

/** Read the document metadata from its first lines and its tables' metadata lines. */
export function readMeta(
  blocks: readonly LayoutBlock[],
  tables: readonly Table[],
  grammar: DocumentGrammar,
): Meta {
  const meta: Meta = { department: null, year: null, kind: null, scope: null };
  const head = textsOf(blocks, 40);
  const patterns = grammar.titlePatterns.map((source) => new RegExp(source, 'u'));
  const generic = grammar.genericDepartments.map((source) => new RegExp(source, 'u'));
  const acceptable = (name: string | null) => (name && !generic.some((re) => re.test(name)) ? name : null);
  let titleLine: string | undefined;
  for (const text of head) {
    for (const pattern of patterns) {
      const groups = pattern.exec(text)?.groups;
      if (!groups) continue;
      titleLine ??= compactKey(text);
      meta.department ??= acceptable(cleanDepartment(groups.department ?? ''));
      meta.year ??= groups.year ? Number(groups.year) : null;
      meta.kind ??= groups.kind === '决算' ? 'final' : groups.kind === '预算' ? 'budget' : null;
      break;
    }
    if (meta.department && meta.year && meta.kind) break;
  }
  const allTitles = [...head, ...tables.map((table) => table.title)].map(compactKey);
  if (!meta.department) {
    for (const table of tables) {
      for (const key of grammar.metaKeys) {
        const value = table.meta[key];
        if (value) {
          meta.department = cleanDepartment(value.replace(/^\[?\d+\]?\s*/, ''));
          break;
        }
      }
      if (meta.department) break;
    }
  }
  if (!meta.year) {
    for (const table of tables) {
      const year = table.meta.预算年度 ?? table.meta.年度;
      if (year && /^\d{4}$/.test(year)) {
        meta.year = Number(year);
        break;
      }
    }
  }
  meta.kind ??= allTitles.some((title) => title.includes('决算'))
    ? 'final'
    : allTitles.some((title) => title.includes('预算'))
      ? 'budget'
      : null;
  const has = (words: string[]) => allTitles.some((title) => words.some((word) => title.includes(word)));
  const headHas = (words: string[]) =>
    head.map(compactKey).some((title) => words.some((word) => title.includes(word)));
  if (titleLine && grammar.unitScope.some((word) => titleLine.includes(word))) meta.scope = 'unit';
  else if (titleLine && grammar.departmentScope.some((word) => titleLine.includes(word)))
    meta.scope = 'department';
  else if (headHas(grammar.unitScope)) meta.scope = 'unit';
  else if (headHas(grammar.departmentScope)) meta.scope = 'department';
  else if (has(grammar.unitScope)) meta.scope = 'unit';
  else if (has(grammar.departmentScope)) meta.scope = 'department';
  return meta;
}

function cleanDepartment(text: string): string | null {
  const cleaned = cleanText(text)
    .replace(/^[[【(（]?\d+[\]】)）]?/, '')
    .replace(/[：:\s]+$/, '')
    .replace(/\s+/g, '');
  return cleaned.length >= 2 ? cleaned : null;
}
