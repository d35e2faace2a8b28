/**
 * Kind from content: what a table is when its title says nothing (missing, unusual, or naming no kind), told
 * from what it holds. Each grammar's `content` states the columns only its kind names, the rows (by key) that
 * anchor it, the classification of its code column and whether it is two-sided; every kind is scored on the
 * grid and the clear winner is taken. The title stays evidence: a title that names one kind over content that
 * plainly is another is reported, not overruled.
 */
import type { GridBlock } from '../ast/layout.js';
import type { CompiledGrammar, GrammarSet } from '../grammar/load.js';
import { matchRowKey } from '../normalize/row-keys.js';
import { compactKey } from '../normalize/text.js';
import { analyzeGrid, type GridAnalysis } from './header.js';

/** Row keys a content rule needs before the rows alone decide the kind. */
const MIN_ROWS = 2;

/** How well one kind's content rule fits a grid. */
export interface ContentScore {
  /** The grammar scored. */
  grammar: CompiledGrammar;
  /** Marking column ids found in the grid's header, in grammar order. */
  columns: string[];
  /** Anchor row keys found among the grid's labels. */
  rows: string[];
  /** True when the evidence is enough to call the table this kind. */
  fits: boolean;
  /** Columns plus rows found (ranks kinds that fit). */
  score: number;
}

/** A kind told from content, with what told it. */
export interface ContentKind {
  /** The winning grammar. */
  grammar: CompiledGrammar;
  /** Its analysis of the grid (columns named by that grammar). */
  analysis: GridAnalysis;
  /** What was found, for the diagnostic. */
  evidence: string;
  /** Anchor row keys found. */
  rows: string[];
}

/** Both a 收入 and a 支出 group printed over the columns: a two-sided (收入 | 支出) layout. */
function printsBothSides(analysis: GridAnalysis): boolean {
  const cells = new Set(analysis.headerRows.flat().map(compactKey));
  const income = [...cells].some((cell) => /^收入(项目)?$/.test(cell));
  const expenditure = [...cells].some((cell) => /^支出(项目)?$/.test(cell));
  return income && expenditure;
}

/** Share of the grid's printed codes that are function (2xx) or economic (3xx / 5xx) codes; null without codes. */
function codeClasses(analysis: GridAnalysis): { function: number; economic: number } | null {
  const codeColumns = analysis.columns
    .filter((column) => column.role === 'code')
    .map((column) => column.index);
  let fn = 0;
  let economic = 0;
  let all = 0;
  for (const line of analysis.lines)
    for (const index of codeColumns) {
      const code = (line.texts[index] ?? '').replace(/\s/g, '');
      if (!/^\d{3,7}$/.test(code)) continue;
      all++;
      if (code.startsWith('2')) fn++;
      else if (code.startsWith('3') || code.startsWith('5')) economic++;
    }
  return all ? { function: fn / all, economic: economic / all } : null;
}

/** The grid's label texts, by side where the analysis names sides. */
function labels(analysis: GridAnalysis): { text: string; side: 'income' | 'expenditure' | undefined }[] {
  const labelColumns = analysis.columns.filter((column) => column.role === 'label');
  const out: { text: string; side: 'income' | 'expenditure' | undefined }[] = [];
  for (const line of analysis.lines)
    for (const column of labelColumns) {
      const text = line.texts[column.index];
      if (text) out.push({ text, side: column.side });
    }
  return out;
}

/** Score one kind's content rule on a grid (`analyzed`: the grid already analyzed with that grammar). */
export function scoreContent(
  grid: GridBlock,
  grammar: CompiledGrammar,
  set: GrammarSet,
  analyzed?: GridAnalysis,
): { score: ContentScore; analysis: GridAnalysis } | undefined {
  const content = grammar.content;
  if (!content) return undefined;
  const analysis = analyzed ?? analyzeGrid(grid, grammar, set);
  const ids = new Set(analysis.columns.filter((column) => !column.unrecognized).map((column) => column.id));
  // A form names its columns again in its body (a header over each block of indicators): evidence as well.
  for (const line of analysis.lines)
    for (const column of line.columns ?? []) if (!column.unrecognized) ids.add(column.id);
  const columns = content.columns.filter((id) => ids.has(id));
  const twoSided = printsBothSides(analysis);
  const rules = [grammar.rowKeys, set.commonRows];
  const found = new Set<string>();
  for (const { text, side } of labels(analysis)) {
    const key = matchRowKey(text, side, twoSided, rules);
    if (key && content.rows.includes(key)) found.add(key);
  }
  const rows = content.rows.filter((key) => found.has(key));
  const byColumns = content.columns.length > 0 && columns.length >= Math.max(1, content.minColumns);
  const byRows = content.rows.length > 0 && rows.length >= Math.min(MIN_ROWS, content.rows.length);
  let fits = byColumns || byRows;
  if (content.twoSided !== undefined && content.twoSided !== twoSided) fits = false;
  const codes = codeClasses(analysis);
  if (content.codes !== 'any' && codes && codes[content.codes] < 0.5) fits = false;
  return { score: { grammar, columns, rows, fits, score: columns.length + rows.length }, analysis };
}

/** Every kind with a content rule, scored on a grid, best first. */
export function scoreKinds(
  grid: GridBlock,
  set: GrammarSet,
): { score: ContentScore; analysis: GridAnalysis }[] {
  const scored: { score: ContentScore; analysis: GridAnalysis }[] = [];
  for (const grammar of set.grammars) {
    const result = scoreContent(grid, grammar, set);
    if (result) scored.push(result);
  }
  return scored.sort((a, b) => b.score.score - a.score.score);
}

function evidence(score: ContentScore): string {
  const parts = [];
  if (score.columns.length) parts.push(`列 ${score.columns.join('、')}`);
  if (score.rows.length) parts.push(`行 ${score.rows.join('、')}`);
  return parts.join('；');
}

/**
 * The kind a grid's content shows, when exactly one kind fits best; undefined when none fits or two kinds fit
 * equally well (a tie is not evidence).
 */
export function kindFromContent(grid: GridBlock, set: GrammarSet): ContentKind | undefined {
  const fitting = scoreKinds(grid, set).filter((entry) => entry.score.fits);
  const [best, second] = fitting;
  if (!best) return undefined;
  if (second && second.score.score === best.score.score) return undefined;
  return {
    grammar: best.score.grammar,
    analysis: best.analysis,
    evidence: evidence(best.score),
    rows: best.score.rows,
  };
}

/**
 * A kind the content shows that contradicts the title's kind: the title's own content rule finds nothing of
 * its kind (`analysis`: the grid as the title's grammar read it) while another kind fits on its anchor rows (columns alone are shared too widely: fund-source
 * columns print in income, procurement and project tables alike). Undefined when they agree or the title's
 * kind states no content.
 */
export function contentContradicts(
  grid: GridBlock,
  titled: CompiledGrammar,
  set: GrammarSet,
  analysis?: GridAnalysis,
): ContentKind | undefined {
  if (!titled.content) return undefined;
  const own = scoreContent(grid, titled, set, analysis);
  if (!own || own.score.fits || own.score.score > 0) return undefined;
  const other = kindFromContent(grid, set);
  if (!other || other.grammar.kind === titled.kind) return undefined;
  return other.rows.length >= MIN_ROWS ? other : undefined;
}
