/**
 * Table grammar files (grammars/tables/*.json): zod schema, validated at load time.
 */
import { z } from 'zod';
import { ColumnRole, TableKind } from '../model/schema.js';

/** One column of a grammar: a stable id and the header paths that name it. */
export const GrammarColumn = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'column ids are snake_case ASCII'),
    role: ColumnRole,
    headers: z
      .array(z.string().min(1))
      .min(1)
      .describe('Header paths: segments joined by "/", matched against the end of the printed path'),
    fallback: z
      .object({
        headers: z.array(z.string().min(1)).min(1),
        beside: z.array(z.string().min(1)).min(1),
      })
      .strict()
      .optional()
      .describe(
        'Header paths naming this column only where no header of the table names it by `headers`, the table names a column of `beside`, and not in the first column (a word a form also prints as its left label: 绩效指标)',
      ),
    side: z.enum(['income', 'expenditure']).optional(),
    splitByFund: z
      .boolean()
      .optional()
      .describe(
        'False when fund-source columns under this group are the plain fund columns (本年收入 / 一般公共预算)',
      ),
  })
  .strict();

/** What a row is, by its printed label: a key (grand_total, carryover …) and the label patterns that name it. */
export const RowKeyRule = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'row keys are snake_case ASCII'),
    labels: z
      .array(z.string().min(1))
      .min(1)
      .describe(
        'Regular expressions over the label with spaces, quote marks, enumeration (一、 （一） 1.) and 其中： removed',
      ),
    side: z
      .enum(['income', 'expenditure'])
      .optional()
      .describe('Two-sided tables: only rows on this side (default: any side, and one-sided tables)'),
    twoSided: z
      .boolean()
      .optional()
      .describe('true: only in two-sided tables; false: only in one-sided tables (default: both)'),
  })
  .strict();

/**
 * What a table of the kind looks like inside, for tables whose title is missing or says nothing (the title is
 * evidence, not a gate): columns that only this kind names, anchor rows by key, the classification its code
 * column holds, one or two sides. A kind without `content` is recognized by its title only (its twins — 支出总表
 * and 一般公共预算支出表 print the same columns — cannot be told apart inside).
 */
export const GrammarContent = z
  .object({
    columns: z
      .array(z.string().regex(/^[a-z][a-z0-9_]*$/))
      .default([])
      .describe('Column ids of this grammar that mark the kind (each one matched counts)'),
    minColumns: z.number().int().nonnegative().default(2).describe('Marking columns needed (default 2)'),
    rows: z
      .array(z.string().regex(/^[a-z][a-z0-9_]*$/))
      .default([])
      .describe('Row keys that mark the kind'),
    codes: z
      .enum(['function', 'economic', 'any'])
      .default('any')
      .describe('Classification of the code column: function (2xx), economic (3xx / 5xx), any'),
    twoSided: z.boolean().optional().describe('true: 收入 | 支出 sides; false: one-sided; absent: either'),
  })
  .strict();

/** A list of words or patterns of common.json (none by default), described for the schema. */
const wordList = (description: string) => z.array(z.string().min(1)).default([]).describe(description);

/** A grammar for one table kind. */
export const TableGrammar = z
  .object({
    $comment: z.string().optional(),
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    kind: TableKind,
    name: z.string().min(1).describe('Canonical Chinese name'),
    priority: z.number().int().default(0).describe('Higher wins when several grammars match a title'),
    titles: z
      .object({
        include: z.array(z.string().min(1)).min(1).describe('Regular expressions; one must match the title'),
        exclude: z.array(z.string().min(1)).default([]).describe('Regular expressions; none may match'),
      })
      .strict(),
    layout: z.enum(['rows', 'two-sided', 'indicators']).default('rows'),
    columns: z.array(GrammarColumn).default([]),
    metaRows: z
      .array(z.string())
      .default([])
      .describe('First-cell labels of key/value rows printed inside the grid (绩效目标, 项目名称)'),
    rows: z
      .array(RowKeyRule)
      .default([])
      .describe('Row keys of this kind, tried before the common ones (grammars/tables/common.json rows)'),
    content: GrammarContent.optional().describe('What a table of the kind looks like inside'),
    itemRows: z
      .boolean()
      .default(false)
      .describe(
        'Rows are items (projects, purchases, indicators): a table with one row has no total line (default false: the only line of a table is its total)',
      ),
  })
  .strict();

/**
 * A user file that extends a shipped grammar (`"extends": "<grammar id>"`): its title patterns, columns,
 * row keys and meta rows are added to the shipped ones (tried first), so a new wording needs no copy of the file.
 */
export const GrammarExtension = z
  .object({
    $comment: z.string().optional(),
    extends: z.string().regex(/^[a-z][a-z0-9-]*$/),
    titles: z
      .object({
        include: z.array(z.string().min(1)).default([]),
        exclude: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .optional(),
    columns: z.array(GrammarColumn).default([]),
    metaRows: z.array(z.string()).default([]),
    rows: z.array(RowKeyRule).default([]),
  })
  .strict();

/** The shared column vocabulary file (grammars/tables/common.json). */
export const CommonColumns = z
  .object({
    $comment: z.string().optional(),
    columns: z.array(GrammarColumn).min(1),
    groupHeaders: z
      .array(z.string())
      .default([])
      .describe('Group header texts that name no column by themselves'),
    rows: z.array(RowKeyRule).default([]).describe('Row keys every table understands, tried in order'),
    measures: z
      .array(
        z
          .object({
            suffix: z.string().regex(/^(_[a-z0-9_]+)?$/),
            leaf: z.string().min(1).optional(),
            block: z.string().min(1).optional(),
            primaryIn: z.enum(['final', 'budget']).optional(),
          })
          .strict(),
      )
      .default([])
      .describe(
        'Measure words of a column header (last segment or block on top) and the id suffix each gives',
      ),
    fundSplits: z
      .array(z.object({ suffix: z.string().regex(/^_[a-z0-9_]+$/), pattern: z.string().min(1) }).strict())
      .default([])
      .describe('Fund sources printed under an item and the id suffix of the item split by fund'),
    headerWords: wordList('Words that make a cell of an unknown template read as a column header'),
    numberRowWords: wordList(
      'What a 栏次 row prints in its text columns or first cell instead of a column number',
    ),
    codeLevelHeaders: wordList(
      'Sub-headers of split code columns (类 | 款 | 项), printed by some templates on the first data line',
    ),
    subtotalHeaders: wordList("The last header segment of a group's own subtotal column (基本支出 / 小计)"),
    totalLabels: wordList('Labels of a total line: a row printing one of them alone is data, never a header'),
    labelHeaders: z
      .string()
      .min(1)
      .optional()
      .describe("Pattern over a header's last segment naming a label column (项目, 科目名称)"),
    headerNotes: wordList(
      'Notes removed from a header text before it is matched (units, points, percent signs)',
    ),
  })
  .strict();

/** A parsed table grammar. */
export type TableGrammar = z.infer<typeof TableGrammar>;
/** A grammar column. */
export type GrammarColumn = z.infer<typeof GrammarColumn>;
/** What a table looks like inside. */
export type GrammarContent = z.infer<typeof GrammarContent>;
/** A grammar extension. */
export type GrammarExtension = z.infer<typeof GrammarExtension>;
/** A row key rule. */
export type RowKeyRule = z.infer<typeof RowKeyRule>;
