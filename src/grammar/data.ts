/**
 * The smaller data files of grammars/: summary fact sources (summary.json) and document metadata patterns
 * (document.json), validated with zod at load time.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { BudgetIngestError } from '../errors.js';
import {
  IndicatorOperator,
  STATED_FACT_IDS,
  type StatedFactId,
  SUMMARY_FACT_IDS,
  type SummaryFactId,
  TableKind,
} from '../model/schema.js';
import { SHIPPED_GRAMMARS_ROOT as GRAMMAR_DIR, parseGrammarJson, shippedText } from './files.js';

/** A row key id (snake_case). */
const RowKeyId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'row keys are snake_case ASCII');

/** One table cell a summary fact may be read from. */
export const FactSourceRule = z
  .object({
    kind: TableKind,
    side: z.enum(['income', 'expenditure']).optional(),
    row: z
      .union([RowKeyId, z.array(RowKeyId).min(1)])
      .describe('Row key(s) (grammars/tables rows), tried in order'),
    column: z.array(z.string().min(1)).min(1),
    requireColumns: z.array(z.string().min(1)).optional(),
    noCarryover: z
      .boolean()
      .optional()
      .describe('Only when the side prints no carry-over line (its total is the current year’s)'),
    sum: z
      .boolean()
      .optional()
      .describe('The fact is the sum of the columns (each printed), not the first printed one'),
  })
  .strict();

/** The narrative as a source of a summary fact: the amounts it states of the same fact id (last in a list). */
export const ProseSourceRule = z
  .object({
    prose: z.literal(true).describe('Amounts the narrative states of this fact (grammars/facts.json)'),
  })
  .strict();

const SummaryId = z.enum(SUMMARY_FACT_IDS);

/** An identity over summary facts: total = Σ parts (+ optional parts where stated), or total ≥ Σ parts. */
export const FactIdentityRule = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    subject: z.string().min(1).describe('The identity in words, for messages'),
    total: z.array(SummaryId).min(1).describe('The total: the first of these facts present'),
    parts: z.array(SummaryId).min(1),
    optional: z.array(SummaryId).optional().describe('Parts added where the document states them'),
    atLeast: z.boolean().optional().describe('total ≥ Σ parts (the total has parts no fact models)'),
    bases: z
      .array(
        z
          .object({
            subject: z.string().min(1).describe('The basis in words (含上年结转), for messages'),
            total: z.array(FactSourceRule).min(1).describe('Cells stating the total on that basis'),
          })
          .strict(),
      )
      .optional()
      .describe('Other totals the parts may add up to: parts printed on another basis (with carry-over)'),
  })
  .strict();

/** grammars/summary.json. */
export const SummaryGrammar = z
  .object({
    $comment: z.string().optional(),
    identities: z.array(FactIdentityRule).default([]),
    compare: z
      .partialRecord(z.enum(STATED_FACT_IDS), z.array(FactSourceRule))
      .default({})
      .describe('More table cells the narrative’s amounts are compared with (prose-vs-table)'),
    plausible: z
      .object({
        departmentTotals: z.array(SummaryId),
        minYuan: z.string().regex(/^\d+$/),
        maxYuan: z.string().regex(/^\d+$/),
      })
      .strict()
      .optional(),
    names: z.partialRecord(z.enum(SUMMARY_FACT_IDS), z.string().min(1)).default({}),
    facts: z.partialRecord(z.enum(SUMMARY_FACT_IDS), z.array(z.union([FactSourceRule, ProseSourceRule]))),
  })
  .strict();

/**
 * A user file that extends grammars/summary.json (`"extends": "summary"`, passed like a table grammar): its fact
 * sources and compare cells are tried before the shipped ones, its identities replace those of the same id or
 * are added, its names override.
 */
export const SummaryExtension = z
  .object({
    $comment: z.string().optional(),
    extends: z.literal('summary'),
    facts: z
      .partialRecord(z.enum(SUMMARY_FACT_IDS), z.array(z.union([FactSourceRule, ProseSourceRule])))
      .default({}),
    compare: z.partialRecord(z.enum(STATED_FACT_IDS), z.array(FactSourceRule)).default({}),
    identities: z.array(FactIdentityRule).default([]),
    names: z.partialRecord(z.enum(SUMMARY_FACT_IDS), z.string().min(1)).default({}),
  })
  .strict();

/** A user extension of the summary grammar. */
export type SummaryExtension = z.infer<typeof SummaryExtension>;

/** The summary grammar with a user extension applied (sources tried first, identities by id). */
export function extendSummaryGrammar(base: SummaryGrammar, extension: SummaryExtension): SummaryGrammar {
  const facts = { ...base.facts };
  for (const id of Object.keys(extension.facts) as SummaryFactId[]) {
    // The user's table cells, then the shipped ones, then the narrative (last, once) where either has it.
    const all = [...(extension.facts[id] ?? []), ...(base.facts[id] ?? [])];
    const cells = all.filter((rule): rule is FactSourceRule => !('prose' in rule));
    facts[id] = all.length > cells.length ? [...cells, { prose: true }] : cells;
  }
  const compare = { ...base.compare };
  for (const id of Object.keys(extension.compare) as StatedFactId[])
    compare[id] = [...(extension.compare[id] ?? []), ...(base.compare[id] ?? [])];
  const replaced = new Set(extension.identities.map((rule) => rule.id));
  return {
    ...base,
    facts,
    compare,
    identities: [...base.identities.filter((rule) => !replaced.has(rule.id)), ...extension.identities],
    names: { ...base.names, ...extension.names },
  };
}

/** grammars/document.json. */
export const DocumentGrammar = z
  .object({
    $comment: z.string().optional(),
    titlePatterns: z.array(z.string().min(1)).min(1),
    metaKeys: z.array(z.string().min(1)),
    unitScope: z.array(z.string().min(1)),
    departmentScope: z.array(z.string().min(1)),
    organisationName: z.string().min(1).optional(),
    unitScopeKeys: z.array(z.string().min(1)).default([]),
    departmentScopeKeys: z.array(z.string().min(1)).default([]),
    genericDepartments: z.array(z.string().min(1)).default([]),
    tableMetaKeys: z.array(z.string().min(1)).min(1),
    tableLabels: z.array(z.string().min(1)).default([]),
    noteMarks: z.array(z.string().min(1)).min(1),
    leadIns: z.array(z.string().min(1)).default([]),
    performanceSummary: z
      .object({
        project: z.array(z.string().min(1)).default([]),
        goal: z.array(z.string().min(1)).default([]),
        budget: z.array(z.string().min(1)).default([]),
        budgetTotal: z.array(z.string().min(1)).default([]),
        titleSuffix: z.array(z.string().min(1)).default([]),
        notProject: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ project: [], goal: [], budget: [], budgetTotal: [], titleSuffix: [], notProject: [] })
      .describe('Keys a performance-target form prints before its project, goal and budget'),
    indicatorTargets: z
      .object({
        prefix: z.partialRecord(IndicatorOperator, z.array(z.string().min(1))).default({}),
        suffix: z.partialRecord(IndicatorOperator, z.array(z.string().min(1))).default({}),
        textual: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ prefix: {}, suffix: {}, textual: [] })
      .describe(
        'Words of an indicator target: the comparison printed before or after the value, text targets',
      ),
    indicatorLevels: z
      .object({
        level1: z.array(z.string().min(1)).default([]),
        level2: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ level1: [], level2: [] })
      .describe('Names of the first- and second-level indicator categories (产出指标, 数量指标 …)'),
  })
  .strict();

/** A fact source rule. */
export type FactSourceRule = z.infer<typeof FactSourceRule>;
/** An identity over summary facts. */
export type FactIdentityRule = z.infer<typeof FactIdentityRule>;
/** The narrative as a fact source. */
export type ProseSourceRule = z.infer<typeof ProseSourceRule>;
/** The summary grammar. */
export type SummaryGrammar = z.infer<typeof SummaryGrammar>;
/** The document grammar. */
export type DocumentGrammar = z.infer<typeof DocumentGrammar>;

/**
 * Read and validate one data file against a schema (a shipped one, `shipped` = its path below grammars/, from
 * memory); errors name the file and the field.
 */
export function readGrammarData<T extends z.ZodType>(file: string, schema: T, shipped?: string): z.infer<T> {
  let json: unknown;
  try {
    json = parseGrammarJson(shipped === undefined ? readFileSync(file, 'utf8') : shippedText(shipped));
  } catch (cause) {
    throw new BudgetIngestError('grammar-invalid', `Invalid grammar file ${file}: ${String(cause)}`, {
      cause,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BudgetIngestError(
      'grammar-invalid',
      `Invalid grammar file ${file}: field "${issue?.path.join('.') || '(root)'}": ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

let summaryGrammar: SummaryGrammar | undefined;
let documentGrammar: DocumentGrammar | undefined;

/** The shipped summary grammar (cached). */
export function loadSummaryGrammar(): SummaryGrammar {
  summaryGrammar ??= readGrammarData(`${GRAMMAR_DIR}summary.json`, SummaryGrammar, 'summary.json');
  return summaryGrammar;
}

/** The shipped document grammar (cached). */
export function loadDocumentGrammar(): DocumentGrammar {
  documentGrammar ??= readGrammarData(`${GRAMMAR_DIR}document.json`, DocumentGrammar, 'document.json');
  return documentGrammar;
}
