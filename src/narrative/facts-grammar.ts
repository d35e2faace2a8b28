/**
 * grammars/facts.json: the data that says how amounts stated in the narrative are read (validated with zod
 * at load time; every regular expression is compiled once so a bad one fails at load, naming the field).
 */
import { z } from 'zod';
import { BudgetIngestError } from '../errors.js';
import { readGrammarData } from '../grammar/data.js';
import { SHIPPED_GRAMMARS_ROOT } from '../grammar/files.js';
import { STATED_FACT_IDS } from '../model/schema.js';

const Pattern = z.string().min(1);

/** The facts grammar file. */
export const FactsGrammar = z
  .object({
    $comment: z.string().optional(),
    units: z.record(z.string().min(1), z.string().regex(/^\d+$/)),
    boundary: Pattern,
    trailing: Pattern,
    leading: Pattern,
    change: z
      .object({
        increase: Pattern,
        decrease: Pattern,
        flat: Pattern,
        comparison: Pattern,
        percent: Pattern,
      })
      .strict(),
    reason: Pattern,
    basis: z
      .object({
        copula: Pattern,
        words: Pattern,
        spent: Pattern,
        final: Pattern,
        budget: Pattern,
        prior: Pattern,
        carryover: Pattern,
      })
      .strict(),
    facts: z
      .array(z.object({ id: z.enum(STATED_FACT_IDS), subject: z.string().min(1), label: Pattern }).strict())
      .min(1),
    counts: z.array(z.object({ id: z.enum(STATED_FACT_IDS), pattern: Pattern }).strict()),
    subjectScoped: Pattern.optional(),
    departmentScope: z
      .object({
        prefix: Pattern,
        partWords: Pattern,
        genericTotals: z.array(z.enum(STATED_FACT_IDS)),
        subjectSection: Pattern,
      })
      .strict(),
    nil: z
      .array(z.object({ ids: z.array(z.enum(STATED_FACT_IDS)).min(1), pattern: Pattern }).strict())
      .default([]),
    organisationCounts: Pattern,
    functionLine: Pattern,
    codeLine: Pattern,
  })
  .strict();

/** The facts grammar as read. */
export type FactsGrammar = z.infer<typeof FactsGrammar>;

/** The facts grammar with its patterns compiled. */
export interface CompiledFactsGrammar {
  units: Map<string, string>;
  amount: RegExp;
  boundary: RegExp;
  trailing: RegExp;
  leading: RegExp;
  increase: RegExp;
  decrease: RegExp;
  flat: RegExp;
  comparison: RegExp;
  percent: RegExp;
  reason: RegExp;
  /** Basis words ending a label (支出决算 / 年初预算), those saying it was spent, 决算 / 预算, prior-year and carry-over words. */
  basis: {
    copula: RegExp;
    words: RegExp;
    spent: RegExp;
    final: RegExp;
    budget: RegExp;
    prior: RegExp;
    carryover: RegExp;
  };
  facts: { id: (typeof STATED_FACT_IDS)[number]; subject: string; label: RegExp }[];
  counts: { id: (typeof STATED_FACT_IDS)[number]; pattern: RegExp }[];
  /** A sentence about one subject or project line, or a counted set of projects: not department totals (absent: none). */
  subjectScoped: RegExp | undefined;
  /**
   * What leaves a stated amount the department's: `prefix`, the words that may stand before the fact's own words
   * (the department, the year); `partWords`, words that make a generic total (收入 / 支出) a part of it;
   * `genericTotals`, those totals; `subjectSection`, a section title about one subject line (（类）/（款）/（项）).
   */
  departmentScope: {
    prefix: RegExp;
    partWords: RegExp;
    genericTotals: ReadonlySet<string>;
    subjectSection: RegExp;
  };
  /** Sentences stating facts as nil in words. */
  nil: { ids: (typeof STATED_FACT_IDS)[number][]; pattern: RegExp }[];
  organisationCounts: RegExp;
  functionLine: RegExp;
  codeLine: RegExp;
}

function compile(source: string, flags: string, field: string, file: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (cause) {
    throw new BudgetIngestError(
      'grammar-invalid',
      `Invalid grammar file ${file}: ${field}: ${String(cause)}`,
      {
        cause,
        file,
      },
    );
  }
}

/** Compile a validated facts grammar. */
export function compileFactsGrammar(grammar: FactsGrammar, file = 'facts.json'): CompiledFactsGrammar {
  const units = [...Object.keys(grammar.units)].sort((a, b) => b.length - a.length);
  const c = (source: string, field: string, flags = '') => compile(source, flags, field, file);
  return {
    units: new Map(Object.entries(grammar.units)),
    amount: new RegExp(`(\\d+(?:,\\d{3})*(?:\\.\\d+)?)(${units.join('|')})`, 'g'),
    boundary: c(grammar.boundary, 'boundary'),
    trailing: c(grammar.trailing, 'trailing'),
    leading: c(grammar.leading, 'leading'),
    increase: c(grammar.change.increase, 'change.increase', 'g'),
    decrease: c(grammar.change.decrease, 'change.decrease', 'g'),
    flat: c(grammar.change.flat, 'change.flat'),
    comparison: c(grammar.change.comparison, 'change.comparison'),
    percent: c(grammar.change.percent, 'change.percent', 'g'),
    reason: c(grammar.reason, 'reason'),
    basis: {
      copula: c(grammar.basis.copula, 'basis.copula'),
      words: c(grammar.basis.words, 'basis.words'),
      spent: c(grammar.basis.spent, 'basis.spent'),
      final: c(grammar.basis.final, 'basis.final'),
      budget: c(grammar.basis.budget, 'basis.budget'),
      prior: c(grammar.basis.prior, 'basis.prior'),
      carryover: c(grammar.basis.carryover, 'basis.carryover'),
    },
    facts: grammar.facts.map((f, i) => ({
      id: f.id,
      subject: f.subject,
      label: c(f.label, `facts[${i}].label`),
    })),
    counts: grammar.counts.map((f, i) => ({ id: f.id, pattern: c(f.pattern, `counts[${i}].pattern`, 'g') })),
    subjectScoped: grammar.subjectScoped ? c(grammar.subjectScoped, 'subjectScoped') : undefined,
    departmentScope: {
      prefix: c(grammar.departmentScope.prefix, 'departmentScope.prefix'),
      partWords: c(grammar.departmentScope.partWords, 'departmentScope.partWords'),
      genericTotals: new Set(grammar.departmentScope.genericTotals),
      subjectSection: c(grammar.departmentScope.subjectSection, 'departmentScope.subjectSection'),
    },
    nil: grammar.nil.map((f, i) => ({ ids: f.ids, pattern: c(f.pattern, `nil[${i}].pattern`) })),
    organisationCounts: c(grammar.organisationCounts, 'organisationCounts', 'g'),
    functionLine: c(grammar.functionLine, 'functionLine', 'g'),
    codeLine: c(grammar.codeLine, 'codeLine', 'g'),
  };
}

const FACTS_FILE = `${SHIPPED_GRAMMARS_ROOT}facts.json`;
let cached: CompiledFactsGrammar | undefined;

/** Load (once) and compile grammars/facts.json, or another file of the same shape. */
export function loadFactsGrammar(file?: string): CompiledFactsGrammar {
  if (!file && cached) return cached;
  const path = file ?? FACTS_FILE;
  const compiled = compileFactsGrammar(
    readGrammarData(path, FactsGrammar, file ? undefined : 'facts.json'),
    path,
  );
  if (!file) cached = compiled;
  return compiled;
}
