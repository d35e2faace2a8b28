/**
 * Classification codes against the code dictionary (grammars/codes): a code the dictionary does not know, and a
 * printed name that is not the dictionary's name for its code (nor a known variant or truncation). Editions
 * differ by year and the dictionary is a subset, so findings are info, never errors.
 */
import type { Diagnostic } from '../../model/schema.js';
import { compactKey } from '../../normalize/text.js';
import { type CheckRule, type RuleContext, tableDoubts } from '../context.js';

const CHECKS = { known: 'code-known', name: 'name-matches-code' } as const;

function info(ctx: RuleContext, check: string, message: string, extra: Partial<Diagnostic>): void {
  ctx.fail(check, {
    diagnostic: { ruleId: 'code-dictionary', severity: 'info', source: 'budget-ingest', message, ...extra },
    evidence: [],
  });
}

/** Codes and names against the dictionary. */
export const codeDictionary: CheckRule = {
  id: 'code-dictionary',
  description: '科目代码词典：未收录的科目编码、科目名称与编码不符（各年版本不同，仅作提示）',
  checks: Object.values(CHECKS),
  run(ctx: RuleContext) {
    const dictionary = ctx.dictionary;
    for (const table of ctx.document.tables) {
      if (tableDoubts(ctx.document, table.id).length > 0) {
        ctx.skip(CHECKS.known, `表「${table.title}」提取存疑`);
        continue;
      }
      table.rows.forEach((row, index) => {
        if (!row.code || !row.level || row.flags.includes('code-inferred')) return;
        const entry = dictionary.lookup(row.code);
        // Where the row is, for a message: made only when there is one (most codes are known and agree).
        const extra = (): Partial<Diagnostic> => {
          const place = row.cells.code?.place ?? Object.values(row.cells).find((c) => c.place)?.place;
          return { table: table.id, row: index, actual: row.code!, ...(place ? { place } : {}) };
        };
        if (!entry) {
          info(
            ctx,
            CHECKS.known,
            `表「${table.title}」科目编码 ${row.code}「${row.label ?? ''}」不在科目代码词典中。`,
            extra(),
          );
          return;
        }
        ctx.pass(CHECKS.known);
        if (!row.label || row.flags.includes('label-restored')) return;
        const label = compactKey(row.label);
        const names = [entry.name, ...entry.altNames].map(compactKey);
        const agrees = names.some(
          (name) => name === label || name.startsWith(label) || label.startsWith(name),
        );
        if (agrees) ctx.pass(CHECKS.name);
        else
          info(
            ctx,
            CHECKS.name,
            `表「${table.title}」科目 ${row.code} 印为「${row.label}」，科目代码词典为「${entry.name}」。`,
            {
              ...extra(),
              actual: row.label,
              expected: entry.name,
            },
          );
      });
    }
  },
};
