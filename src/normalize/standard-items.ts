/**
 * Items the function classification numbers alike under every 款 (行政运行 01, 机关服务 03, 事业运行 50 …, and
 * the catch-all 99 其他…), from grammars/codes/standard-items.json: the code of such an item printed by name only,
 * under a known 款, even where the code dictionary (a subset of the official list) lacks it.
 */
import { z } from 'zod';
import { readGrammarData } from '../grammar/data.js';
import { SHIPPED_GRAMMARS_ROOT } from '../grammar/files.js';
import type { CodeDictionary, CodeEntry } from './code-dictionary.js';
import { compactKey } from './text.js';

/** Zod schema of grammars/codes/standard-items.json. */
export const StandardItemsFile = z.strictObject({
  $comment: z.string().optional(),
  scheme: z.literal('function'),
  items: z.array(z.strictObject({ name: z.string().min(1), suffix: z.string().regex(/^\d{2}$/) })),
  catchAll: z.strictObject({ suffix: z.string().regex(/^\d{2}$/), prefix: z.string().min(1) }).optional(),
});

/** grammars/codes/standard-items.json as parsed. */
export type StandardItemsFile = z.infer<typeof StandardItemsFile>;

const FILE = 'codes/standard-items.json';

let shipped: StandardItemsFile | undefined;

/** grammars/codes/standard-items.json, parsed once. */
function standardItemsFile(): StandardItemsFile {
  shipped ??= readGrammarData(`${SHIPPED_GRAMMARS_ROOT}${FILE}`, StandardItemsFile, FILE);
  return shipped;
}

let byName: ReadonlyMap<string, { name: string; suffix: string }> | undefined;

/** The shipped standard items by compact name. */
function standardItems(): ReadonlyMap<string, { name: string; suffix: string }> {
  byName ??= new Map(standardItemsFile().items.map((item) => [compactKey(item.name), item]));
  return byName;
}

/**
 * True for a function 款 or 项 code numbered as its parent's catch-all (…99) printed with a name that says so
 * (其他…): 2013899 其他市场监督管理事务 is what the classification makes it, listed or not.
 */
export function isCatchAll(code: string, label: string): boolean {
  const rule = standardItemsFile().catchAll;
  return (
    rule !== undefined &&
    (code.length === 5 || code.length === 7) &&
    code.endsWith(rule.suffix) &&
    compactKey(label).startsWith(rule.prefix)
  );
}

/**
 * The 项 that a standard item name stands for under function 款 `kuan` (行政运行 under 20402 → 2040201), or
 * undefined: not a standard name, or the dictionary knows that code by another name.
 */
export function standardItem(dictionary: CodeDictionary, kuan: string, label: string): CodeEntry | undefined {
  const item = standardItems().get(compactKey(label));
  if (!item || kuan.length !== 5) return undefined;
  const code = kuan + item.suffix;
  const known = dictionary.lookup(code, 'function');
  if (known) return known.name === item.name ? known : undefined;
  return Object.freeze({
    code,
    level: '项',
    name: item.name,
    altNames: Object.freeze([]),
    confidence: 'medium',
    docs: 0,
    years: Object.freeze([]),
  });
}
