/**
 * Loading table grammars: the shipped grammars/tables/*.json plus user files, validated with zod.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { BudgetIngestError } from '../errors.js';
import { compactKey } from '../normalize/text.js';
import { extendSummaryGrammar, loadSummaryGrammar, SummaryExtension, type SummaryGrammar } from './data.js';
import { parseGrammarJson, SHIPPED_GRAMMARS_ROOT, shippedPaths, shippedText } from './files.js';
import {
  CommonColumns,
  type GrammarColumn,
  GrammarExtension,
  type RowKeyRule,
  TableGrammar,
} from './schema.js';

/** A row key rule with its label patterns compiled. */
export interface CompiledRowKey extends RowKeyRule {
  /** Compiled label patterns. */
  patterns: RegExp[];
}

/** A compiled grammar: the parsed file plus compiled title patterns and its source path. */
export interface CompiledGrammar extends TableGrammar {
  /** File the grammar was read from. */
  file: string;
  /** Compiled include patterns. */
  include: RegExp[];
  /** Compiled exclude patterns. */
  exclude: RegExp[];
  /** Row keys of this kind, compiled (tried before the common ones). */
  rowKeys: CompiledRowKey[];
}

/** All grammars in force plus the shared column vocabulary. */
export interface GrammarSet {
  /** Grammars, highest priority first. */
  grammars: CompiledGrammar[];
  /** Columns every grammar understands (serial, code, label …). */
  common: GrammarColumn[];
  /** Group header texts (功能分类科目, 本年收入 …). */
  groupHeaders: string[];
  /** Row keys every table understands, compiled, in order. */
  commonRows: CompiledRowKey[];
  /** Measure words of column headers and the id suffix each gives (common.json `measures`), in order. */
  measures: CompiledMeasure[];
  /** Fund sources printed under an item and the id suffix each gives (common.json `fundSplits`). */
  fundSplits: { suffix: string; pattern: RegExp }[];
  /** Words that make a cell of an unknown template read as a column header (common.json `headerWords`). */
  headerWords: RegExp[];
  /** What a 栏次 row prints instead of a column number (common.json `numberRowWords`). */
  numberRowWords: ReadonlySet<string>;
  /** Sub-headers of split code columns, 类 | 款 | 项 (common.json `codeLevelHeaders`). */
  codeLevelHeaders: ReadonlySet<string>;
  /** The last header segment of a group's own subtotal column (common.json `subtotalHeaders`), compact. */
  subtotalHeaders: ReadonlySet<string>;
  /** Labels of a total line (common.json `totalLabels`), compact. */
  totalLabels: ReadonlySet<string>;
  /** A header's last segment naming a label column (common.json `labelHeaders`); undefined when none is given. */
  labelHeaders: RegExp | undefined;
  /** Notes removed from a header text before it is matched (common.json `headerNotes`), as one global pattern. */
  headerNotes: RegExp | undefined;
  /** Where each summary fact is read (grammars/summary.json, with user extensions applied). */
  summary: SummaryGrammar;
}

/** A measure word rule with its patterns compiled. */
export interface CompiledMeasure {
  suffix: string;
  /** Matches the last header segment naming the measure (2025年预算数, 决算数, 增减). */
  leaf?: RegExp;
  /** Matches the segment printed on top of a block of columns (上年 | 当年 | 增减变化情况). */
  block?: RegExp;
  /** The document kind whose own measure this is (its columns keep the plain id). */
  primaryIn?: 'final' | 'budget';
}

/** Folder of the shipped table grammars in the package (their text is built in: src/grammar/shipped.ts). */
export const SHIPPED_GRAMMAR_DIR = `${SHIPPED_GRAMMARS_ROOT}tables/`;

function formatIssues(file: string, error: z.ZodError): string {
  const first = error.issues[0];
  const field = first?.path.length ? first.path.join('.') : '(root)';
  return `Invalid grammar file ${file}: field "${field}": ${first?.message ?? 'invalid'}`;
}

/** The JSON of a grammar file: a shipped one (`shipped` = its path below grammars/) from memory, else the disk. */
function readJson(file: string, shipped?: string): unknown {
  let text: string;
  try {
    text = shipped === undefined ? readFileSync(file, 'utf8') : shippedText(shipped);
  } catch (cause) {
    throw new BudgetIngestError('grammar-unreadable', `Cannot read grammar file ${file}`, { cause });
  }
  try {
    return parseGrammarJson(text);
  } catch (cause) {
    throw new BudgetIngestError(
      'grammar-invalid',
      `Invalid grammar file ${file}: not JSON (${String(cause)})`,
      {
        cause,
      },
    );
  }
}

function compilePatterns(file: string, field: string, patterns: string[]): RegExp[] {
  return patterns.map((source, index) => {
    try {
      return new RegExp(source, 'u');
    } catch (cause) {
      throw new BudgetIngestError(
        'grammar-invalid',
        `Invalid grammar file ${file}: field "${field}.${index}": bad regular expression ${JSON.stringify(source)}`,
        { cause },
      );
    }
  });
}

/** The header notes as one pattern that removes every one of them (each is checked on its own first). */
function headerNotesPattern(file: string, notes: string[]): RegExp | undefined {
  compilePatterns(file, 'headerNotes', notes);
  return notes.length ? new RegExp(notes.map((note) => `(?:${note})`).join('|'), 'gu') : undefined;
}

/** Compile the label patterns of row key rules (errors name the file and the field). */
function compileRowKeys(file: string, rules: readonly RowKeyRule[]): CompiledRowKey[] {
  return rules.map((rule, index) => ({
    ...rule,
    patterns: compilePatterns(file, `rows.${index}.labels`, rule.labels),
  }));
}

/** Compile a parsed grammar read from `file`. */
function compileGrammar(grammar: TableGrammar, file: string): CompiledGrammar {
  return {
    ...grammar,
    file,
    include: compilePatterns(file, 'titles.include', grammar.titles.include),
    exclude: compilePatterns(file, 'titles.exclude', grammar.titles.exclude),
    rowKeys: compileRowKeys(file, grammar.rows),
  };
}

/** Parse and compile one grammar file; throws `grammar-invalid` naming the file and the field. */
export function loadGrammarFile(file: string): CompiledGrammar {
  return parseGrammar(readJson(file), file);
}

/** Validate and compile the JSON of a grammar file. */
function parseGrammar(json: unknown, file: string): CompiledGrammar {
  const parsed = TableGrammar.safeParse(json);
  if (!parsed.success) throw new BudgetIngestError('grammar-invalid', formatIssues(file, parsed.error));
  return compileGrammar(parsed.data, file);
}

/** A shipped grammar with an extension's patterns, columns and row keys added in front. */
function extendGrammar(base: CompiledGrammar, extension: GrammarExtension, file: string): CompiledGrammar {
  const merged: TableGrammar = {
    ...base,
    titles: {
      include: [...(extension.titles?.include ?? []), ...base.titles.include],
      exclude: [...(extension.titles?.exclude ?? []), ...base.titles.exclude],
    },
    columns: [...extension.columns, ...base.columns],
    metaRows: [...extension.metaRows, ...base.metaRows],
    rows: [...extension.rows, ...base.rows],
  };
  return compileGrammar(merged, `${base.file} + ${file}`);
}

const cache = new Map<string, GrammarSet>();

/**
 * Load the shipped grammars plus `extraFiles`; a user grammar with a shipped id replaces it, one with `extends`
 * adds to a shipped table grammar (or to the summary grammar: `"extends": "summary"`). Cached.
 */
export function loadGrammars(extraFiles: readonly string[] = []): GrammarSet {
  const key = extraFiles.join('\0');
  const cached = cache.get(key);
  if (cached) return cached;
  const shipped = shippedPaths('tables/').filter((path) => path !== 'tables/common.json');
  const commonFile = `${SHIPPED_GRAMMAR_DIR}common.json`;
  const common = CommonColumns.safeParse(readJson(commonFile, 'tables/common.json'));
  if (!common.success) throw new BudgetIngestError('grammar-invalid', formatIssues(commonFile, common.error));
  const byId = new Map<string, CompiledGrammar>();
  const extensions: { file: string; extension: GrammarExtension }[] = [];
  const files = [
    ...shipped.map((path) => ({
      file: SHIPPED_GRAMMARS_ROOT + path,
      json: readJson(SHIPPED_GRAMMARS_ROOT + path, path),
    })),
    ...extraFiles.map((file) => ({ file, json: readJson(file) })),
  ];
  let summary = loadSummaryGrammar();
  for (const { file, json } of files) {
    if (json !== null && typeof json === 'object' && 'extends' in json && json.extends === 'summary') {
      const parsed = SummaryExtension.safeParse(json);
      if (!parsed.success) throw new BudgetIngestError('grammar-invalid', formatIssues(file, parsed.error));
      summary = extendSummaryGrammar(summary, parsed.data);
      continue;
    }
    if (json !== null && typeof json === 'object' && 'extends' in json) {
      const parsed = GrammarExtension.safeParse(json);
      if (!parsed.success) throw new BudgetIngestError('grammar-invalid', formatIssues(file, parsed.error));
      extensions.push({ file, extension: parsed.data });
      continue;
    }
    const grammar = parseGrammar(json, file);
    byId.set(grammar.id, grammar);
  }
  for (const { file, extension } of extensions) {
    const base = byId.get(extension.extends);
    if (!base)
      throw new BudgetIngestError(
        'grammar-invalid',
        `Invalid grammar file ${file}: field "extends": no grammar with id "${extension.extends}" (known: ${[...byId.keys()].sort().join(', ')})`,
      );
    byId.set(base.id, extendGrammar(base, extension, file));
  }
  const grammars = [...byId.values()].sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  const set: GrammarSet = {
    grammars,
    common: common.data.columns,
    groupHeaders: common.data.groupHeaders,
    commonRows: compileRowKeys(commonFile, common.data.rows),
    measures: common.data.measures.map((m, i) => ({
      suffix: m.suffix,
      ...(m.leaf ? { leaf: compilePatterns(commonFile, `measures.${i}.leaf`, [m.leaf])[0]! } : {}),
      ...(m.block ? { block: compilePatterns(commonFile, `measures.${i}.block`, [m.block])[0]! } : {}),
      ...(m.primaryIn ? { primaryIn: m.primaryIn } : {}),
    })),
    fundSplits: common.data.fundSplits.map((f, i) => ({
      suffix: f.suffix,
      pattern: compilePatterns(commonFile, `fundSplits.${i}.pattern`, [f.pattern])[0]!,
    })),
    headerWords: compilePatterns(commonFile, 'headerWords', common.data.headerWords),
    numberRowWords: new Set(common.data.numberRowWords),
    codeLevelHeaders: new Set(common.data.codeLevelHeaders),
    subtotalHeaders: new Set(common.data.subtotalHeaders.map(compactKey)),
    totalLabels: new Set(common.data.totalLabels.map(compactKey)),
    labelHeaders: common.data.labelHeaders
      ? compilePatterns(commonFile, 'labelHeaders', [common.data.labelHeaders])[0]
      : undefined,
    headerNotes: headerNotesPattern(commonFile, common.data.headerNotes),
    summary,
  };
  cache.set(key, set);
  return set;
}
