/**
 * Loading table grammars: the shipped grammars/tables/*.json plus user files, validated with zod.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { BudgetIngestError } from '../errors.js';
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

/** Folder of the shipped table grammars (works from src/ under tsx and from dist/ after build). */
export const SHIPPED_GRAMMAR_DIR = fileURLToPath(new URL('../../grammars/tables/', import.meta.url));

function formatIssues(file: string, error: z.ZodError): string {
  const first = error.issues[0];
  const field = first?.path.length ? first.path.join('.') : '(root)';
  return `Invalid grammar file ${file}: field "${field}": ${first?.message ?? 'invalid'}`;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new BudgetIngestError('grammar-unreadable', `Cannot read grammar file ${file}`, { cause });
  }
  try {
    return JSON.parse(text, (key, value) => (key === '__proto__' ? undefined : value));
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
  const parsed = TableGrammar.safeParse(readJson(file));
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
  const files = readdirSync(SHIPPED_GRAMMAR_DIR)
    .filter((name) => name.endsWith('.json') && name !== 'common.json')
    .sort()
    .map((name) => SHIPPED_GRAMMAR_DIR + name);
  const commonFile = `${SHIPPED_GRAMMAR_DIR}common.json`;
  const common = CommonColumns.safeParse(readJson(commonFile));
  if (!common.success) throw new BudgetIngestError('grammar-invalid', formatIssues(commonFile, common.error));
  const byId = new Map<string, CompiledGrammar>();
  for (const file of [...files, ...extraFiles]) {
    const grammar = loadGrammarFile(file);
    byId.set(grammar.id, grammar);
  }
  const grammars = [...byId.values()].sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  const set: GrammarSet = { grammars, common: common.data.columns, groupHeaders: common.data.groupHeaders };
  cache.set(key, set);
  return set;
}
