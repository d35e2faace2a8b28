/**
 * Codes for tables that print only subject names (杭州: 一般公共服务支出 / 社会工作事务 / 其他社会工作事务支出 …):
 * each name is looked up in the code dictionary within the 类 / 款 read above it (a standard item such as 机关服务
 * under its 款 even where the dictionary lacks it: standard-items.ts), and the codes are kept only when nearly
 * every row resolves, flagged `code-inferred`.
 */
import type { Diagnostic, Table, TableKind } from '../model/schema.js';
import type { CodeDictionary, CodeEntry, CodeScheme } from './code-dictionary.js';
import { standardItem } from './standard-items.js';
import { compactKey } from './text.js';

/** Kinds whose rows are classification subjects, and the scheme of their codes. */
const SCHEME_OF: Partial<Record<TableKind, CodeScheme>> = {
  'income-summary': 'function',
  'expenditure-summary': 'function',
  'general-budget-expenditure': 'function',
  'gov-fund-expenditure': 'function',
  'state-capital-expenditure': 'function',
  'general-budget-basic-expenditure': 'economic-dept',
};

/** Share of subject rows that must resolve before any inferred code is kept. */
const MIN_RESOLVED = 0.9;

type NameIndex = Map<string, CodeEntry[]>;

const indexes = new WeakMap<CodeDictionary, Map<CodeScheme, NameIndex>>();

/** The dictionary's entries of a scheme by compact name and spelling (made once per dictionary and scheme). */
export function nameIndex(dictionary: CodeDictionary, scheme: CodeScheme): ReadonlyMap<string, CodeEntry[]> {
  let byScheme = indexes.get(dictionary);
  if (!byScheme) {
    byScheme = new Map();
    indexes.set(dictionary, byScheme);
  }
  let index = byScheme.get(scheme);
  if (!index) {
    index = new Map();
    for (const entry of dictionary.entries(scheme)) {
      for (const name of [entry.name, ...entry.altNames]) {
        const key = compactKey(name);
        const list = index.get(key) ?? [];
        if (!list.includes(entry)) list.push(entry);
        index.set(key, list);
      }
    }
    byScheme.set(scheme, index);
  }
  return index;
}

/**
 * Of several codes one name had over the years (其他社会保障缴费: 30104 in 2017, 30112 since), the ones in use in
 * the document's year; all of them when the year is unknown or none was seen in it.
 */
function current(entries: CodeEntry[], year: number | null): CodeEntry[] {
  if (entries.length < 2 || year === null) return entries;
  const seen = entries.filter((e) => e.years.includes(year));
  return seen.length > 0 ? seen : entries;
}

/** Pick the entry of a name under the current 类 / 款 context: a 类, a 款 of the class, or a 项 of the 款. */
function resolve(
  candidates: readonly CodeEntry[],
  cls: string | null,
  kuan: string | null,
  year: number | null,
): CodeEntry | undefined {
  const classes = current(
    candidates.filter((e) => e.level === '类'),
    year,
  );
  if (classes.length === 1) return classes[0];
  const kuans = current(
    candidates.filter((e) => e.level === '款' && cls !== null && e.code.startsWith(cls)),
    year,
  );
  const xiangs = current(
    candidates.filter((e) => e.level === '项' && kuan !== null && e.code.startsWith(kuan)),
    year,
  );
  if (xiangs.length === 1 && kuans.length === 0) return xiangs[0];
  if (kuans.length === 1 && xiangs.length === 0) return kuans[0];
  // 其他一般公共服务支出 names both 款 20199 and its 项 2019999: under that 款 it is the 项.
  if (xiangs.length === 1 && kuans.length === 1 && kuans[0]!.code === kuan) return xiangs[0];
  return undefined;
}

/** Infer codes in place for tables that print names only; reports each table inferred (info). */
export function inferCodesFromNames(
  tables: Table[],
  dictionary: CodeDictionary,
  diagnostics: Diagnostic[],
  year: number | null = null,
): void {
  for (const table of tables) {
    const scheme = SCHEME_OF[table.kind];
    if (!scheme || table.rows.some((row) => row.code !== null)) continue;
    const subjects = table.rows.filter((row) => row.label && !row.flags.includes('total') && !row.side);
    if (subjects.length < 2) continue;
    const index = nameIndex(dictionary, scheme);
    let cls: string | null = null;
    let kuan: string | null = null;
    const found = new Map<(typeof subjects)[number], CodeEntry>();
    for (const row of subjects) {
      // A standard item (行政运行, 机关服务, 事业运行 …) under a known 款, where the dictionary lacks its code.
      const entry: CodeEntry | undefined =
        resolve(index.get(compactKey(row.label!)) ?? [], cls, kuan, year) ??
        (scheme === 'function' && kuan !== null ? standardItem(dictionary, kuan, row.label!) : undefined);
      if (!entry) continue;
      found.set(row, entry);
      if (entry.level === '类') {
        cls = entry.code;
        kuan = null;
      } else if (entry.level === '款') kuan = entry.code;
    }
    if (found.size / subjects.length < MIN_RESOLVED) continue;
    for (const [row, entry] of found) {
      row.code = entry.code;
      row.level = entry.level;
      row.parentCode = entry.level === '类' ? null : entry.code.slice(0, entry.code.length - 2);
      row.flags.push('code-inferred');
    }
    diagnostics.push({
      ruleId: 'code-inferred',
      severity: 'info',
      source: 'budget-ingest',
      message: `表「${table.title}」只印科目名称、未印科目编码；已按科目代码词典推定 ${found.size} 行的编码（共 ${subjects.length} 行）。`,
      table: table.id,
    });
  }
}
