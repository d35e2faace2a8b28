/**
 * Loading table grammars: the shipped grammars/tables/*.json plus user files, validated with zod.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { BudgetIngestError } from '../errors.js';
import { parseGrammarJson, SHIPPED_GRAMMARS_ROOT, shippedPaths, shippedText } from './files.js';
import { CommonColumns, type GrammarColumn, TableGrammar } from './schema.js';

/** A compiled grammar: the parsed file plus compiled title patterns and its source path. */
export interface CompiledGrammar extends TableGrammar {
  /** File the grammar was read from. */
  file: string;
  /** Compiled include patterns. */
  include: RegExp[];
  /** Compiled exclude patterns. */
  exclude: RegExp[];
}

/** All grammars in force plus the shared column vocabulary. */
export interface GrammarSet {
  /** Grammars, highest priority first. */
  grammars: CompiledGrammar[];
  /** Columns every grammar understands (serial, code, label …). */
  common: GrammarColumn[];
  /** Group header texts (功能分类科目, 本年收入 …). */
  groupHeaders: string[];
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
        `Invalid grammar file ${file}: field "titles.${field}.${index}": bad regular expression ${JSON.stringify(source)}`,
        { cause },
      );
    }
  });
}

/** Parse and compile one grammar file; throws `grammar-invalid` naming the file and the field. */
export function loadGrammarFile(file: string): CompiledGrammar {
  return compileGrammar(file);
}

function compileGrammar(file: string, shipped?: string): CompiledGrammar {
  const parsed = TableGrammar.safeParse(readJson(file, shipped));
  if (!parsed.success) throw new BudgetIngestError('grammar-invalid', formatIssues(file, parsed.error));
  const grammar = parsed.data;
  return {
    ...grammar,
    file,
    include: compilePatterns(file, 'include', grammar.titles.include),
    exclude: compilePatterns(file, 'exclude', grammar.titles.exclude),
  };
}

const cache = new Map<string, GrammarSet>();

/** Load the shipped grammars plus `extraFiles`; a user grammar with a shipped id replaces it. Cached. */
export function loadGrammars(extraFiles: readonly string[] = []): GrammarSet {
  const key = extraFiles.join('\0');
  const cached = cache.get(key);
  if (cached) return cached;
  const shipped = shippedPaths('tables/').filter((path) => path !== 'tables/common.json');
  const commonFile = `${SHIPPED_GRAMMAR_DIR}common.json`;
  const common = CommonColumns.safeParse(readJson(commonFile, 'tables/common.json'));
  if (!common.success) throw new BudgetIngestError('grammar-invalid', formatIssues(commonFile, common.error));
  const byId = new Map<string, CompiledGrammar>();
  const grammarsIn = [
    ...shipped.map((path) => compileGrammar(SHIPPED_GRAMMARS_ROOT + path, path)),
    ...extraFiles.map((file) => compileGrammar(file)),
  ];
  for (const grammar of grammarsIn) byId.set(grammar.id, grammar);
  const grammars = [...byId.values()].sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  const set: GrammarSet = { grammars, common: common.data.columns, groupHeaders: common.data.groupHeaders };
  cache.set(key, set);
  return set;
}
