/**
 * Classification codes against the code dictionary (grammars/codes): a code the dictionary does not know, and a
 * printed name that is not the dictionary's name for its code (nor a known variant or truncation). Editions
 * differ by year and the dictionary is a subset, so findings are info, never errors (a standard item under its
 * 款, 2014150 事业运行, is known by grammars/codes/standard-items.json) — except an unknown code
 * printed with the name the dictionary gives a sibling code (30142 其他社会保障缴费 for 30112): a digit misprinted
 * or misread, a warning.
 */
import type { Diagnostic } from '../../model/schema.js';
import {
  CODE_SCHEMES,
  type CodeDictionary,
  inferCodeScheme,
  parentCode,
} from '../../normalize/code-dictionary.js';
import { isCatchAll, standardItem } from '../../normalize/standard-items.js';
import { compactKey } from '../../normalize/text.js';
import { type CheckRule, type RuleContext, tableDoubts } from '../context.js';

const CHECKS = { known: 'code-known', name: 'name-matches-code' } as const;

function info(ctx: RuleContext, check: string, message: string, extra: Partial<Diagnostic>): void {
  ctx.fail(check, {
    diagnostic: { ruleId: 'code-dictionary', severity: 'info', source: 'budget-ingest', message, ...extra },
    evidence: [],
  });
}

/** Dictionary codes by parent code and compact name (made once per dictionary). */
const siblingIndex = new WeakMap<CodeDictionary, Map<string, string[]>>();

/** The dictionary codes under the parent of `code`, of its scheme, whose name (or a variant) is `name`. */
function siblingsNamed(dictionary: CodeDictionary, code: string, name: string): string[] {
  let index = siblingIndex.get(dictionary);
  if (!index) {
    index = new Map();
    for (const scheme of CODE_SCHEMES)
      for (const entry of dictionary.entries(scheme))
        for (const alias of [entry.name, ...entry.altNames]) {
          const key = `${parentCode(entry.code) ?? ''}|${compactKey(alias)}`;
          const codes = index.get(key) ?? [];
          if (!codes.includes(entry.code)) codes.push(entry.code);
          index.set(key, codes);
        }
    siblingIndex.set(dictionary, index);
  }
  const scheme = inferCodeScheme(code);
  return (index.get(`${parentCode(code) ?? ''}|${compactKey(name)}`) ?? []).filter(
    (found) => inferCodeScheme(found) === scheme,
  );
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
          const siblings = row.label ? siblingsNamed(dictionary, row.code, row.label) : [];
          if (siblings.length > 0) {
            const sibling = siblings.join('、');
            ctx.fail(CHECKS.known, {
              diagnostic: {
                ruleId: 'code-dictionary',
                severity: 'warning',
                source: 'budget-ingest',
                message: `表「${table.title}」科目编码 ${row.code}「${row.label}」不在科目代码词典中，而「${row.label}」是词典中 ${sibling} 的名称：编码疑印错或识读有误。`,
                ...extra(),
                expected: siblings[0]!,
              },
              evidence: [],
            });
            return;
          }
          // A standard item under its 款 (2014150 事业运行) or a catch-all (2013899 其他市场监督管理事务): known by
          // the classification's rule, not the list.
          if (
            row.label &&
            inferCodeScheme(row.code) === 'function' &&
            ((row.level === '项' &&
              standardItem(dictionary, row.code.slice(0, 5), row.label)?.code === row.code) ||
              isCatchAll(row.code, row.label))
          ) {
            ctx.pass(CHECKS.known);
            ctx.pass(CHECKS.name);
            return;
          }
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
