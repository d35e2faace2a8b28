/**
 * Truncated row labels (narrow cells print 党委办公厅（室）及相): restored from the same code elsewhere in the
 * document, else from the code dictionary, and flagged.
 */
import type { Diagnostic, Table } from '../model/schema.js';
import type { CodeConfidence, CodeDictionary } from './code-dictionary.js';
import { compactKey } from './text.js';

/** How a diagnostic names a dictionary entry's confidence grade. */
const CONFIDENCE_WORD: Record<CodeConfidence, string> = { high: '高', medium: '中', low: '低' };

/** Restore truncated labels in place; each restoration is flagged on the row and reported as info. */
export function restoreTruncatedLabels(
  tables: Table[],
  dictionary: CodeDictionary,
  diagnostics: Diagnostic[],
): void {
  const known = new Map<string, string>();
  for (const table of tables)
    for (const row of table.rows) {
      if (!row.code || !row.label) continue;
      const current = known.get(row.code);
      if (!current || row.label.length > current.length) known.set(row.code, row.label);
    }
  tables.forEach((table) => {
    table.rows.forEach((row, index) => {
      if (!row.code || !row.label || !row.level) return;
      const label = compactKey(row.label);
      const inDocument = known.get(row.code);
      let restored: { name: string; from: string } | undefined;
      if (
        inDocument &&
        compactKey(inDocument).length > label.length &&
        compactKey(inDocument).startsWith(label)
      )
        restored = { name: inDocument, from: '本文件其他表' };
      else {
        const entry = dictionary.lookup(row.code);
        // A spelling printed in several documents (an alt name) is an edition variant, not a truncation.
        const variant = entry?.altNames.some((name) => compactKey(name) === label);
        const resolved = variant ? undefined : dictionary.resolveTruncated(row.code, row.label);
        if (resolved)
          restored = {
            name: resolved.name,
            from: `科目代码词典（可信度${CONFIDENCE_WORD[resolved.confidence]}）`,
          };
      }
      if (!restored || label.length < 2) return;
      row.labelPrinted ??= row.label;
      row.label = restored.name;
      row.flags.push('label-restored');
      const cell = Object.entries(row.cells).find(([, c]) => compactKey(c.printed).endsWith(label));
      diagnostics.push({
        ruleId: 'label-truncated',
        severity: 'info',
        source: 'budget-ingest',
        message: `表「${table.title}」科目 ${row.code} 的名称印为「${row.labelPrinted}」（被截断），已按${restored.from}补全为「${restored.name}」。`,
        table: table.id,
        row: index,
        actual: row.labelPrinted,
        expected: restored.name,
        ...(cell?.[1].place ? { place: cell[1].place } : {}),
      });
    });
  });
}
