/**
 * Document metadata: department, year, budget vs final accounts, department vs unit scope — read from the
 * cover (page 1, or the first lines of a text input), then from the tables' metadata lines and titles.
 */
import { gridToMatrix, type LayoutBlock } from '../ast/layout.js';
import type { DocumentGrammar } from '../grammar/data.js';
import type { Meta, Table } from '../model/schema.js';
import { cleanText, compactKey } from '../normalize/text.js';

/** Text lines of the cover: page 1 when the input has pages, else the blocks before the first grid. */
function coverLines(blocks: readonly LayoutBlock[]): string[] {
  const paged = blocks.some((block) => block.type === 'pageBreak');
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.type === 'pageBreak') break;
    if (block.type === 'grid') {
      if (!paged) break;
      if (block.rowCount * block.colCount <= 2) lines.push(...gridToMatrix(block).flat());
      continue;
    }
    if (block.type === 'heading' || block.type === 'paragraph') lines.push(...block.text.split('\n'));
    if (!paged && lines.length >= 8) break;
  }
  return lines.map((line) => cleanText(line)).filter(Boolean);
}

const KEY_LINE =
  /^(预算主管部门|主管部门|预算单位|部门名称|单位名称|部门|单位|编制部门|编制单位)\s*[:：]\s*(.+)$/;
const REGION_ONLY = /^[\u4e00-\u9fff]{1,12}[省市区县旗州盟]$/;

/** Read the document metadata. */
export function readMeta(
  blocks: readonly LayoutBlock[],
  tables: readonly Table[],
  grammar: DocumentGrammar,
): Meta {
  const meta: Meta = { department: null, year: null, kind: null, scope: null };
  const generic = grammar.genericDepartments.map((source) => new RegExp(source, 'u'));
  const acceptable = (name: string | null) => (name && !generic.some((re) => re.test(name)) ? name : null);
  const cover = coverLines(blocks);
  const keyed = cover
    .map((line) => KEY_LINE.exec(line))
    .find((match) => match && !/万元|元$/.test(match[2]!));
  const titleText = compactKey(cover.filter((line) => !KEY_LINE.test(line)).join(''));
  const patterns = grammar.titlePatterns.map((source) => new RegExp(source, 'u'));
  for (const pattern of patterns) {
    const groups = pattern.exec(titleText)?.groups;
    if (!groups) continue;
    const department = acceptable(cleanDepartment(groups.department ?? ''));
    if (department && !REGION_ONLY.test(department)) meta.department = department;
    meta.year = groups.year ? Number(groups.year) : null;
    meta.kind = groups.kind === '决算' ? 'final' : groups.kind === '预算' ? 'budget' : null;
    break;
  }
  if (keyed) meta.department = acceptable(cleanDepartment(keyed[2]!)) ?? meta.department;
  if (!meta.department) {
    for (const table of tables) {
      const key = grammar.metaKeys.find((k) => table.meta[k]);
      const value = key ? table.meta[key] : undefined;
      if (value) {
        meta.department = acceptable(cleanDepartment(value.replace(/^\[?\d+\]?\s*/, '')));
        if (meta.department) break;
      }
    }
  }
  meta.year ??= yearFromCover(titleText) ?? yearFromTables(tables);
  const titles = tables.map((table) => compactKey(table.title));
  meta.kind ??= /决算/.test(titleText)
    ? 'final'
    : /预算/.test(titleText)
      ? 'budget'
      : titles.some((t) => t.includes('决算'))
        ? 'final'
        : titles.some((t) => t.includes('预算'))
          ? 'budget'
          : null;
  meta.scope =
    scopeOf(titleText, grammar) ?? scopeOf(titles.join('|'), grammar) ?? scopeFromKeys(tables, grammar);
  return meta;
}

/**
 * Scope from the metadata key the tables name their owner with (部门： / 预算单位：), for documents that print
 * no scope word (a tables-only file); null when no table has such a key, or keys of both kinds appear.
 */
function scopeFromKeys(tables: readonly Table[], grammar: DocumentGrammar): Meta['scope'] {
  const has = (keys: readonly string[]) => tables.some((table) => keys.some((key) => table.meta[key]));
  const department = has(grammar.departmentScopeKeys);
  const unit = has(grammar.unitScopeKeys);
  return department === unit ? null : department ? 'department' : 'unit';
}

/** Department or unit scope from whichever scope word appears first in the text. */
function scopeOf(text: string, grammar: DocumentGrammar): Meta['scope'] {
  let best: { at: number; scope: Meta['scope'] } | null = null;
  for (const [words, scope] of [
    [grammar.departmentScope, 'department'],
    [grammar.unitScope, 'unit'],
  ] as const) {
    for (const word of words) {
      const at = text.indexOf(word);
      if (at >= 0 && (!best || at < best.at)) best = { at, scope };
    }
  }
  return best?.scope ?? null;
}

function yearFromCover(text: string): number | null {
  const match = /((?:19|20)\d{2})年/.exec(text);
  return match ? Number(match[1]) : null;
}

/** The year most table titles print, else a 预算年度 metadata line. */
function yearFromTables(tables: readonly Table[]): number | null {
  const counts = new Map<number, number>();
  for (const table of tables) {
    const match = /((?:19|20)\d{2})\s*年/.exec(table.title);
    if (match) counts.set(Number(match[1]), (counts.get(Number(match[1])) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  if (best) return best[0];
  for (const table of tables) {
    const year = table.meta.预算年度 ?? table.meta.年度;
    if (year && /^\d{4}$/.test(year)) return Number(year);
  }
  return null;
}

function cleanDepartment(text: string): string | null {
  const cleaned = cleanText(text)
    .replace(/^[[【(（]?\d+[\]】)）]?/, '')
    .replace(/[：:\s]+$/, '')
    .replace(/\s+/g, '')
    // "（汇总）" marks the department's consolidated tables, not part of its name (本级 is: the department alone).
    .replace(/[（(]汇总[）)]$/, '');
  return cleaned.length >= 2 ? cleaned : null;
}

/** Where a fallback meta value came from (`meta-fallback` diagnostics). */
export interface MetaFallback {
  /** The field filled. */
  field: 'department' | 'year' | 'kind';
  /** `pdf-title` (the PDF's document information Title) or `file-name`. */
  source: 'pdf-title' | 'file-name';
  /** The text it was read from. */
  text: string;
}

/**
 * Fill department, year and kind the document does not print from the names it carries: the PDF's own Title,
 * then the file name (2026年某局部门预算.pdf, 某局_2026年部门预算.pdf). Returns what was filled from where.
 */
export function fillMetaFromNames(
  meta: Meta,
  names: { pdfTitle?: string | undefined; fileName?: string | null | undefined },
  grammar: DocumentGrammar,
): MetaFallback[] {
  const filled: MetaFallback[] = [];
  const generic = grammar.genericDepartments.map((source) => new RegExp(source, 'u'));
  const patterns = grammar.titlePatterns.map((source) => new RegExp(source, 'u'));
  const sources: [MetaFallback['source'], string | null | undefined][] = [
    ['pdf-title', names.pdfTitle],
    ['file-name', names.fileName?.replace(/\.[A-Za-z0-9]{1,5}$/, '')],
  ];
  for (const [source, raw] of sources) {
    if (!raw) continue;
    // A crawler's prefix ("政府办公厅_附件2：") goes: the part after the last separator names the document.
    const text = compactKey(
      raw
        .split(/[_/\\]/)
        .filter(Boolean)
        .at(-1) ?? raw,
    ).replace(/^附件\d*[:：]?/, '');
    for (const pattern of patterns) {
      const groups = pattern.exec(text)?.groups;
      if (!groups) continue;
      const department = cleanDepartment(groups.department ?? '');
      if (
        !meta.department &&
        department &&
        !generic.some((re) => re.test(department)) &&
        !REGION_ONLY.test(department)
      ) {
        meta.department = department;
        filled.push({ field: 'department', source, text: raw });
      }
      if (meta.year === null && groups.year) {
        meta.year = Number(groups.year);
        filled.push({ field: 'year', source, text: raw });
      }
      if (meta.kind === null && groups.kind) {
        meta.kind = groups.kind === '决算' ? 'final' : 'budget';
        filled.push({ field: 'kind', source, text: raw });
      }
      break;
    }
  }
  return filled;
}
