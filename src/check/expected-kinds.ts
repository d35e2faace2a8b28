/**
 * Which tables a disclosure should hold: the ones its own table of contents (目录) lists, when it lists them;
 * else, for a document holding most of the standard tables, all of them (CORE_TABLE_KINDS). Shenzhen publishes
 * no 一般公共预算基本支出表 and Chongqing no 国有资本经营预算支出表: their 目录 say so.
 */

import { looksLikeTableTitle } from '../grammar/lines.js';
import type { GrammarSet } from '../grammar/load.js';
import { type BudgetDocument, CORE_TABLE_KINDS, type Section, type TableKind } from '../model/schema.js';
import { classifyTitle } from '../recognize/title.js';

/** A document holding at least this many core kinds is taken as a full disclosure (when it has no 目录). */
const FULL_DISCLOSURE_MIN_CORE = 5;
/** A 目录 naming at least this many tables of known kinds is read as the list of the document's tables. */
const CONTENTS_MIN_TABLES = 3;

/** Every section of a tree, depth first. */
export function* allSections(sections: readonly Section[]): Generator<Section> {
  for (const section of sections) {
    yield section;
    yield* allSections(section.children);
  }
}

/** What the expectation rests on, and the kinds expected. */
export interface ExpectedKinds {
  /** `contents`: the kinds the 目录 lists; `core`: the standard tables of a full disclosure; `none`: no basis. */
  basis: 'contents' | 'core' | 'none';
  kinds: TableKind[];
}

/** The table kinds a document should hold (see the module comment). */
export function expectedTableKinds(document: BudgetDocument, set: GrammarSet): ExpectedKinds {
  const listed = new Set<TableKind>();
  for (const section of allSections(document.sections))
    if (section.kind === 'contents')
      for (const line of section.paragraphs) {
        // "（八）一般公共预算支出表（按经济分类）……12": leaders and the page number go.
        const title = line.replace(/[.…·．\s\d-]+$/, '');
        // Only lines naming a table (…表): the 目录 also lists narrative sections (政府采购情况, 绩效管理情况).
        if (!looksLikeTableTitle(title)) continue;
        const kind = classifyTitle(title, set)?.kind;
        if (kind) listed.add(kind);
      }
  const present = new Set(document.tables.map((table) => table.kind));
  // A narrative-only file lists the tables of its attachment: only a file that holds tables is held to its 目录.
  const heldKinds = [...present].filter((kind) => kind !== 'other').length;
  const core = CORE_TABLE_KINDS.filter((kind) => present.has(kind));
  const full = core.length >= FULL_DISCLOSURE_MIN_CORE;
  // A 目录 read only in part (its later lines run together elsewhere) lists fewer standard tables than the
  // document holds: it is no list of them, and a full disclosure is held to all standard tables instead.
  const partial = full && core.some((kind) => !listed.has(kind));
  if (listed.size >= CONTENTS_MIN_TABLES && heldKinds >= CONTENTS_MIN_TABLES && !partial)
    return { basis: 'contents', kinds: [...listed] };
  if (full) return { basis: 'core', kinds: [...CORE_TABLE_KINDS] };
  return { basis: 'none', kinds: [] };
}

/** Tables of one fund, and the income row key of that fund in the summary tables. */
const FUND_TABLES: Partial<Record<TableKind, { key: string; words: RegExp }>> = {
  'gov-fund-expenditure': { key: 'gov_fund', words: /政府性基金/ },
  'state-capital-expenditure': { key: 'state_capital', words: /国有资本经营/ },
};

/**
 * True when the document has no money of the fund a table reports, so leaving the table out says nothing: its
 * summary tables print the fund's income as 0 or blank, or its prose says it has none (本部门无国有资本经营预算).
 */
function fundIsNil(document: BudgetDocument, kind: TableKind): boolean {
  const fund = FUND_TABLES[kind];
  if (!fund) return false;
  const rows = document.tables
    .filter((t) => t.kind === 'income-expenditure-summary' || t.kind === 'fiscal-appropriation-summary')
    .flatMap((t) => t.rows.filter((row) => row.key === fund.key));
  if (
    rows.length &&
    rows.every((row) => Object.values(row.values).every((v) => v === null || Number(v) === 0))
  )
    return true;
  const nil = new RegExp(`无[^。，；,;]{0,16}(?:${fund.words.source})`);
  return [...allSections(document.sections)].some((section) => section.paragraphs.some((p) => nil.test(p)));
}

/** Expected kinds the document's tables lack (a fund's table excused where the document has no such money). */
export function missingTableKinds(document: BudgetDocument, set: GrammarSet): TableKind[] {
  const present = new Set(document.tables.map((table) => table.kind));
  return expectedTableKinds(document, set).kinds.filter(
    (kind) => !present.has(kind) && !fundIsNil(document, kind),
  );
}
