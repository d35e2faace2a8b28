/**
 * Loss is loud: what the PDF extractor lost on a page becomes diagnostics. A page read in part is
 * `page-partly-unreadable` (warning, with the share of glyphs not decoded, or the page number it lacks), and
 * so is every table with a fragment on it (its checks then treat it as doubtful); printed page numbers that
 * skip or go back are `pages-out-of-order` (warning: a page is missing or misplaced, rows may be lost).
 */
import type { LayoutBlock } from '../ast/layout.js';
import type { DamagedPage } from '../extract/pdf/index.js';
import type { Diagnostic, Table } from '../model/types.js';
import { TOTAL_KEYS } from '../normalize/row-keys.js';

/** Document-level `page-partly-unreadable` warnings for the pages read in part. */
export function damagedPageDiagnostics(pages: readonly DamagedPage[], name: string): Diagnostic[] {
  return pages.map((damage) => {
    const share = damage.glyphs === 0 ? 1 : damage.undecoded / damage.glyphs;
    const percent = `${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%`;
    const parts = [
      ...(damage.undecoded > 0
        ? [`${damage.glyphs} 个字形中有 ${damage.undecoded} 个（${percent}）无法解码为文字`]
        : []),
      ...(damage.cutShort ? ['内容流在文字对象中途结束（文件受损被截断），其后的内容已丢失'] : []),
    ];
    return {
      ruleId: 'page-partly-unreadable',
      severity: 'warning',
      source: 'budget-ingest',
      message: `${name} 第 ${damage.page} 页的文字层只读出一部分：${parts.join('；')}。该页的表格可能缺行或数值有误。`,
      place: { page: damage.page },
      actual: damage.undecoded > 0 ? share.toFixed(4) : 'cut-short',
    };
  });
}

/**
 * True when a table visibly ends on its last page: its last row is its total, or text (a heading, a
 * paragraph) follows it further down that page. A page after such a table, read or not, does not continue it.
 */
function endsOnItsLastPage(table: Table, blocks: readonly LayoutBlock[]): boolean {
  const lastRow = table.rows.at(-1);
  if (!lastRow) return false;
  // Its last row is its total (row keys: the one place a label decides what a row is).
  if (lastRow.key && TOTAL_KEYS.has(lastRow.key)) return true;
  const page = Math.max(...table.pages);
  const bottoms = table.rows.flatMap((row) =>
    Object.values(row.cells).flatMap((cell) =>
      cell.place?.page === page && cell.place.bbox ? [cell.place.bbox[3]] : [],
    ),
  );
  if (bottoms.length === 0) return false;
  const bottom = Math.max(...bottoms);
  return blocks.some(
    (block) =>
      (block.type === 'heading' || block.type === 'paragraph') &&
      block.prov.some((prov) => prov.page === page && prov.bbox && prov.bbox[1] > bottom),
  );
}

/**
 * Mark each table with a fragment on a page read in part (or a page left unread inside its span, or right
 * after it unless the table visibly ended before it) with a `page-partly-unreadable` warning naming the
 * table, so that its checks doubt it rather than pass it. `blocks`: the layout blocks, to see text after a
 * table.
 */
export function markTablesOnDamagedPages(
  tables: readonly Table[],
  diagnostics: Diagnostic[],
  blocks: readonly LayoutBlock[] = [],
): void {
  const damaged = new Map<number, string>();
  for (const d of diagnostics)
    if (
      (d.ruleId === 'page-partly-unreadable' || d.ruleId === 'page-unreadable') &&
      d.place?.page &&
      !d.table
    )
      damaged.set(d.place.page, d.ruleId);
  if (damaged.size === 0) return;
  for (const table of tables) {
    const first = Math.min(...table.pages);
    const last = Math.max(...table.pages);
    const hit = [...damaged.keys()]
      .filter((page) =>
        damaged.get(page) === 'page-partly-unreadable'
          ? table.pages.includes(page)
          : page > first && (page <= last || (page === last + 1 && !endsOnItsLastPage(table, blocks))),
      )
      .sort((a, b) => a - b);
    if (hit.length === 0) continue;
    diagnostics.push({
      ruleId: 'page-partly-unreadable',
      severity: 'warning',
      source: 'budget-ingest',
      message: `表「${table.title}」在第 ${hit.join('、')} 页的部分未能完整读出（见该页的提示），表中可能缺行或数值有误，其校验结果不可尽信。`,
      table: table.id,
      place: { page: hit[0]! },
    });
  }
}

/** A printed page number (folio) of a page. */
export interface Folio {
  /** 1-based page of the file. */
  page: number;
  /** The number printed on it. */
  printed: number;
}

/**
 * `pages-out-of-order` warnings where the printed page numbers of consecutive pages do not follow on
 * (a page missing, or pages out of order), and `page-partly-unreadable` where a page between two numbered
 * pages shows no number of its own (its content stopped short). Other pages without a folio are passed over.
 */
export function folioSequenceDiagnostics(folios: readonly Folio[], name: string): Diagnostic[] {
  const pairs = folios.slice(1).filter((b, k) => b.page === folios[k]!.page + 1);
  const following = pairs.filter((b) => b.printed === folios[folios.indexOf(b) - 1]!.printed + 1).length;
  // Only a document numbered throughout is judged (a number or two in a margin is no numbering).
  if (following < 3 || following < pairs.length * 0.6) return [];
  const out: Diagnostic[] = [];
  for (let k = 1; k < folios.length; k++) {
    const a = folios[k - 1]!;
    const b = folios[k]!;
    // One page between two numbered pages whose numbers leave room for it, and its own number not read: the
    // page's content stopped short of its footer (or header).
    if (b.page === a.page + 2 && b.printed === a.printed + 2)
      out.push({
        ruleId: 'page-partly-unreadable',
        severity: 'warning',
        source: 'budget-ingest',
        message: `${name} 第 ${a.page + 1} 页应印有页码 ${a.printed + 1}（前后两页印有 ${a.printed}、${b.printed}），却未读出：该页内容可能不完整，其表格可能缺行。`,
        place: { page: a.page + 1 },
        actual: 'folio-missing',
      });
    // A numbering that starts again at 1 is a new part (narrative, then tables), not a misplaced page; so is
    // one going back to any number and running on from there to the last numbered page (two parts bound
    // together with overlapping numbers): a page moved would leave a gap where it was, reported there.
    if (b.page !== a.page + 1 || b.printed === a.printed + 1 || b.printed === 1) continue;
    if (b.printed < a.printed && runsToTheEnd(folios, k)) continue;
    const missing = b.printed > a.printed + 1;
    out.push({
      ruleId: 'pages-out-of-order',
      severity: 'warning',
      source: 'budget-ingest',
      message: `${name} 第 ${a.page} 页印有页码 ${a.printed}，紧随其后的第 ${b.page} 页印有页码 ${b.printed}：${missing ? '中间缺页' : '页序错乱'}，跨页的表格可能缺行。`,
      place: { page: b.page },
      actual: String(b.printed),
      expected: String(a.printed + 1),
    });
  }
  return out;
}

/** True when the folios from index `k` on number consecutive pages consecutively to the last one (three or more). */
function runsToTheEnd(folios: readonly Folio[], k: number): boolean {
  if (folios.length - k < 3) return false;
  for (let i = k + 1; i < folios.length; i++) {
    const a = folios[i - 1]!;
    const b = folios[i]!;
    if (b.page !== a.page + 1 || b.printed !== a.printed + 1) return false;
  }
  return true;
}
