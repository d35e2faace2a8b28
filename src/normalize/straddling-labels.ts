/**
 * Row labels that straddle a page break: a wrapped label cell cut by the page end goes on at the head of the
 * next page as a row of its own (杭州市公安局交通治安分局（水上 | 治安分局）, 公务用车运行 | 维护费). Such a
 * remainder is joined back to the row above, cell by cell, when the text shows the cut — a bracket the first
 * part opens and the remainder closes, or a name the code dictionary knows that the remainder alone is not —
 * and the row is flagged `label-wrapped`. Forms (绩效目标表) are left alone: there a name spanning several
 * indicator lines goes on over the page break on lines that are rows of their own.
 */
import type { Diagnostic, Row, Table } from '../model/schema.js';
import { CODE_SCHEMES, type CodeDictionary } from './code-dictionary.js';
import { nameIndex } from './infer-codes.js';
import { compactKey } from './text.js';

/** True for a name or spelling the code dictionary knows, in any scheme. */
function knownName(dictionary: CodeDictionary, name: string): boolean {
  const key = compactKey(name);
  return CODE_SCHEMES.some((scheme) => nameIndex(dictionary, scheme).has(key));
}

/** The page a row was read on (its first placed cell), or undefined. */
function pageOf(row: Row): number | undefined {
  for (const cell of Object.values(row.cells)) if (cell.place?.page !== undefined) return cell.place.page;
  return undefined;
}

/** Opening minus closing brackets of a text. */
function openBrackets(text: string): number {
  let depth = 0;
  for (const ch of text) {
    if (ch === '（' || ch === '(') depth++;
    else if (ch === '）' || ch === ')') depth--;
  }
  return depth;
}

/**
 * The columns `rest` (first on its page) goes on in from `above` (last on the page before), or undefined when
 * it is a row of its own: it prints no code, serial or amount, only texts in columns where `above` prints text
 * too, its label among them; and the joined text shows a cut — a bracket the first part opens and the rest
 * closes, or a label the code dictionary knows where the rest alone is no name.
 */
function continuedColumns(above: Row, rest: Row, dictionary: CodeDictionary): string[] | undefined {
  if (rest.label === null || above.label === null || rest.code !== null || rest.serial !== null) return;
  if (above.side !== rest.side) return;
  const page = pageOf(rest);
  const before = pageOf(above);
  if (page === undefined || before === undefined || page === before) return;
  if (Object.values(rest.values).some((value) => value !== null)) return;
  const ids = Object.entries(rest.cells)
    .filter(([, cell]) => cell.printed.trim() !== '')
    .map(([id]) => id);
  if (ids.some((id) => !above.cells[id]?.printed.trim())) return;
  const cut = ids.some((id) => {
    const first = above.cells[id]!.printed;
    return openBrackets(first) > 0 && openBrackets(first + rest.cells[id]!.printed) === 0;
  });
  const named = knownName(dictionary, above.label + rest.label) && !knownName(dictionary, rest.label);
  return cut || named ? ids : undefined;
}

/** Join labels cut by a page break back to their rows (in place); each join is reported (info). */
export function joinStraddlingLabels(
  tables: readonly Table[],
  dictionary: CodeDictionary,
  diagnostics: Diagnostic[],
): void {
  for (const table of tables) {
    // A form's project name is a cell spanning its indicator lines, each line a row of its own: not this.
    if (table.kind === 'performance-targets' || table.rows.some((row) => row.indicator)) continue;
    for (let i = table.rows.length - 1; i >= 1; i--) {
      const above = table.rows[i - 1]!;
      const rest = table.rows[i]!;
      const ids = continuedColumns(above, rest, dictionary);
      if (!ids) continue;
      const printed = above.label!;
      for (const id of ids) {
        const cell = above.cells[id]!;
        const joined = cell.printed + rest.cells[id]!.printed.trim();
        above.cells[id] = { ...cell, printed: joined };
        if (above.text && typeof above.text[id] === 'string')
          above.text[id] = above.text[id] + (rest.text?.[id] ?? '');
      }
      above.label = printed + rest.label!;
      if (!above.flags.includes('label-wrapped')) above.flags.push('label-wrapped');
      const place = Object.values(above.cells).find((c) => c.place)?.place;
      table.rows.splice(i, 1);
      for (const d of diagnostics)
        if (d.table === table.id && d.row !== undefined && d.row >= i)
          d.row = d.row === i ? i - 1 : d.row - 1;
      diagnostics.push({
        ruleId: 'label-wrapped',
        severity: 'info',
        source: 'budget-ingest',
        message: `表「${table.title}」第 ${pageOf(above)} 页末行的名称「${printed}」在下页续印「${rest.label}」，已合并为一行「${above.label}」。`,
        table: table.id,
        row: i - 1,
        actual: `${printed} | ${rest.label}`,
        expected: above.label,
        ...(place ? { place } : {}),
      });
    }
  }
}
