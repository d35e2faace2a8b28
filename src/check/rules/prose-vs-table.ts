/**
 * Narrative vs tables: every amount the 情况说明 states (`document.facts`: 收支总额, 基本支出, 人员经费, 公用经费,
 * 项目支出, "三公"经费 and its items, 机关运行经费, 政府采购, 固定资产, function-code lines such as
 * "公共安全支出（204类）司法（06款）行政运行（01项）1672.67万元") must equal the table cell that states the same
 * fact — the summary fact's table sources (grammars/summary.json), and the cells `compare` adds there — within
 * the rounding of both printed precisions. Changes, amounts of other years or of the other basis, and amounts
 * about one subject line (具体为…, a section on one 类/款/项) are not compared.
 */

import { Decimal } from 'decimal.js';
import { tableSource } from '../../emit/summary.js';
import type { FactSourceRule, SummaryGrammar } from '../../grammar/data.js';
import type { BudgetDocument, FactSource, Section, StatedFact, SummaryFactId } from '../../model/schema.js';
import { SUMMARY_FACT_IDS } from '../../model/schema.js';
import { loadFactsGrammar } from '../../narrative/facts-grammar.js';
import { fold } from '../../narrative/text.js';
import { compactKey } from '../../normalize/text.js';
import { UNIT_FACTORS } from '../../normalize/units.js';
import {
  type CheckRule,
  cellQuantity,
  checkEqual,
  literalQuantity,
  type Quantity,
  RuleContext,
  tableDoubts,
} from '../context.js';

const CHECK = 'prose-equals-table';
const CODE_CHECK = 'prose-code-line-equals-table';

function* allSections(sections: readonly Section[]): Generator<Section> {
  for (const section of sections) {
    yield section;
    yield* allSections(section.children);
  }
}

/** The sentence a fact was stated in, up to its quote (from the 。 before it), or the quote alone. */
function sentenceOf(doc: BudgetDocument, fact: StatedFact): string {
  const quote = fold(fact.quote);
  for (const section of allSections(doc.sections)) {
    if (fact.section !== undefined && section.title !== fact.section) continue;
    for (const paragraph of [section.title, ...section.paragraphs]) {
      const text = fold(paragraph);
      const at = text.indexOf(quote);
      if (at >= 0) return text.slice(text.lastIndexOf('。', at) + 1, at + quote.length);
    }
  }
  return quote;
}

/**
 * True when the words before the fact's own words (grammars/facts.json) only name the department or the year:
 * 无锡市信访局2025年财政拨款预算支出 is not 支出总计, 委托业务费财政拨款 not 财政拨款收入, 上年结转结余的一般公共预算收入
 * not 一般公共预算拨款收入.
 */
function departmentScoped(fact: StatedFact): boolean {
  const subject = fact.subject.replace(/[“”"‘’（）()]/g, '');
  const g = loadFactsGrammar();
  if (g.basis.carryover.test(subject) && fact.id !== 'carryover' && fact.id !== 'year_end_carryover')
    return false;
  const scope = g.departmentScope;
  for (const rule of g.facts) {
    if (rule.id !== fact.id) continue;
    const m = rule.label.exec(subject);
    if (!m || m.index === undefined) continue;
    const prefix = subject.slice(0, m.index);
    if (prefix === '') return true;
    if (scope.genericTotals.has(fact.id) && scope.partWords.test(prefix)) return false;
    return scope.prefix.test(prefix);
  }
  return true;
}

/** Titles of the sections inside a performance (绩效) section: their amounts are the projects', not the department's. */
function performanceSections(doc: BudgetDocument): Set<string> {
  const titles = new Set<string>();
  const walk = (sections: readonly Section[], inside: boolean) => {
    for (const section of sections) {
      const here = inside || section.topic === 'performance';
      if (here) titles.add(section.title);
      walk(section.children, here);
    }
  };
  walk(doc.sections, false);
  return titles;
}

/** The facts the rule compares: amounts of the document's year and basis, outside performance sections. */
function comparable(doc: BudgetDocument, fact: StatedFact, performance: ReadonlySet<string>): boolean {
  if (fact.section !== undefined && performance.has(fact.section)) return false;
  if (fact.measure !== 'amount' || fact.period !== 'current' || fact.yuan === null) return false;
  const other = doc.meta.kind === 'final' ? 'budget' : doc.meta.kind === 'budget' ? 'final' : undefined;
  if (other !== undefined && fact.basis === other) return false;
  if (
    fact.section !== undefined &&
    loadFactsGrammar().departmentScope.subjectSection.test(fact.section) &&
    fact.id !== 'function_line'
  )
    return false;
  if (!departmentScoped(fact)) return false;
  return !(loadFactsGrammar().subjectScoped?.test(sentenceOf(doc, fact)) ?? false);
}

/** A table source as a quantity in its table's unit, pointing at its cell. */
function sourceQuantity(doc: BudgetDocument, source: FactSource): Quantity | undefined {
  const table = doc.tables.find((t) => t.id === source.table);
  if (!table?.unit || source.yuan === undefined) return undefined;
  const index = table.rows.findIndex(
    (row) => source.column && row.cells[source.column]?.place === source.place,
  );
  const column = source.column ?? '';
  if (index >= 0 && !column.includes('+')) {
    const q = cellQuantity(table, index, column, 'right');
    if (q) return q;
  }
  const value = new Decimal(source.yuan).div(UNIT_FACTORS[table.unit]);
  const q = literalQuantity(
    source.printed,
    value,
    table.unit,
    `表「${table.title}」「${source.row ?? ''}」行「${column}」列`,
    'right',
    source.place,
  );
  q.evidence.table = table.id;
  if (!column.includes('+')) q.evidence.column = column;
  return q;
}

/** The table cells that state a stated fact: the summary fact's table sources, then `compare` cells. */
/**
 * A unit's own amount (a paragraph about one unit of the department): the same column of the row the tables
 * print for that unit (深圳: one row per unit under the department's), where they print one.
 */
function unitCandidates(doc: BudgetDocument, fact: StatedFact, grammar: SummaryGrammar): Quantity[] {
  const name = compactKey(fact.organisation ?? '');
  const rules = (grammar.facts[fact.id as SummaryFactId] ?? []).filter(
    (r): r is FactSourceRule => !('prose' in r) && !r.sum,
  );
  for (const rule of rules)
    for (const table of doc.tables.filter((t) => t.kind === rule.kind && t.unit)) {
      const index = table.rows.findIndex((row) => row.label && compactKey(row.label) === name);
      const column = rule.column.find((id) => table.columns.some((c) => c.id === id));
      const q = index >= 0 && column ? cellQuantity(table, index, column, 'right') : undefined;
      if (q) return [q];
    }
  return [];
}

function tableCandidates(doc: BudgetDocument, fact: StatedFact, grammar: SummaryGrammar): Quantity[] {
  if (fact.organisation !== undefined) return unitCandidates(doc, fact, grammar);
  const sources: FactSource[] = [];
  if ((SUMMARY_FACT_IDS as readonly string[]).includes(fact.id))
    sources.push(...(doc.summary[fact.id as SummaryFactId]?.sources.filter((s) => !s.prose) ?? []));
  for (const rule of grammar.compare[fact.id] ?? []) {
    const source = tableSource(rule, doc.tables, doc.meta.year);
    if (source && !sources.some((s) => s.table === source.table && s.place === source.place))
      sources.push(source);
  }
  const found = sources.map((s) => sourceQuantity(doc, s)).filter((q): q is Quantity => q !== undefined);
  if (found.length > 0) return found;
  // No cell prints it: the blank cell where a table would (a 0 stated in prose agrees with a blank).
  const rules = [
    ...(grammar.facts[fact.id as SummaryFactId] ?? []).filter((r): r is FactSourceRule => !('prose' in r)),
    ...(grammar.compare[fact.id] ?? []),
  ];
  for (const rule of rules) {
    const keys = typeof rule.row === 'string' ? [rule.row] : rule.row;
    for (const table of doc.tables.filter((t) => t.kind === rule.kind && t.unit)) {
      const index = table.rows.findIndex(
        (row) => row.key !== undefined && keys.includes(row.key) && (!rule.side || row.side === rule.side),
      );
      const column = rule.column.find((id) => table.columns.some((c) => c.id === id));
      const q = index >= 0 && column && !rule.sum ? cellQuantity(table, index, column, 'right') : undefined;
      if (q) return [q];
    }
  }
  return [];
}

/** The cells of a classification line's code (function tables, 合计 column). */
function codeCandidates(doc: BudgetDocument, code: string): Quantity[] {
  const out: Quantity[] = [];
  for (const table of doc.tables) {
    if (!['general-budget-expenditure', 'expenditure-summary', 'income-summary'].includes(table.kind))
      continue;
    const index = table.rows.findIndex((row) => row.code === code);
    if (index < 0) continue;
    const q = cellQuantity(table, index, 'total', 'right');
    if (q) out.push(q);
  }
  return out;
}

/**
 * True when the narrative states the table's amount cut off at its own last digit rather than rounded (58万元
 * for 587,890 元, 94386.49万元 for 943,864,999.96 元): the table's magnitude is at least the stated one and less
 * than one unit of its last place above it.
 */
function truncated(prose: Quantity, cell: Quantity): boolean {
  if (!prose.factor || !cell.factor || cell.blank || prose.ulp.isZero()) return false;
  const stated = prose.value.abs().times(prose.factor);
  const excess = cell.value.abs().times(cell.factor).minus(stated);
  return excess.gte(0) && excess.lt(prose.ulp.times(prose.factor));
}

/** Compare one prose quantity with its table candidates; pass if any agrees (rounded or cut off). */
function compareAgainst(
  ctx: RuleContext,
  check: string,
  prose: Quantity,
  all: Quantity[],
  name: string,
  fact: StatedFact,
): void {
  // A blank cell states nothing: compare with printed values, and with a blank only when every candidate is blank.
  const printed = all.filter((q) => !q.blank);
  const candidates = printed.length > 0 ? printed : all.slice(0, 1);
  for (const c of candidates) {
    const probe = new RuleContext(ctx.document, ctx.rule);
    const outcome = checkEqual(probe, check, prose, c, { subject: name });
    if (outcome === 'passed' || outcome === 'empty' || truncated(prose, c)) {
      ctx.pass(check);
      return;
    }
  }
  const first = candidates[0]!;
  const doubts = first.evidence.table ? tableDoubts(ctx.document, first.evidence.table) : [];
  const others = candidates.length > 1 ? `（另查 ${candidates.length - 1} 处表格数值亦不符。）` : '';
  const outcome = checkEqual(ctx, check, prose, first, {
    subject: `情况说明所述「${name}」与表格`,
    severity: doubts.length > 0 ? 'warning' : 'error',
    hint: others + (doubts.length > 0 ? `表格提取存疑（${[...new Set(doubts)].join('、')}）。` : ''),
  });
  if (outcome === 'failed' && (SUMMARY_FACT_IDS as readonly string[]).includes(fact.id))
    ctx.findings.at(-1)!.diagnostic.fact = fact.id;
}

/** A stated fact as a quantity in its printed unit ("0万元" and nil in words are exact). */
function proseQuantity(fact: StatedFact): Quantity {
  const where = `情况说明${fact.section ? `「${fact.section.replace(/\s+/g, '')}」` : ''}所述“${fact.quote}”`;
  if (fact.nil) {
    const q = literalQuantity('0', 0, '元', where, 'left', fact.place);
    q.ulp = new Decimal(0);
    return q;
  }
  const value = fact.value ?? '0';
  const q = literalQuantity(fact.printed ?? value, value, fact.unit, where, 'left', fact.place);
  if (q.value.isZero()) q.ulp = new Decimal('0.01');
  return q;
}

/** Narrative vs tables. */
export const proseVsTable: CheckRule = {
  id: 'prose-vs-table',
  description:
    '情况说明与表格：说明中陈述的金额（收支总额、基本支出、人员经费、公用经费、项目支出、“三公”经费、机关运行经费、科目行等）须与表格一致',
  checks: [CHECK, CODE_CHECK],
  run(ctx: RuleContext) {
    const doc = ctx.document;
    let mentions = 0;
    const performance = performanceSections(doc);
    for (const fact of doc.facts) {
      if (!comparable(doc, fact, performance)) continue;
      const prose = proseQuantity(fact);
      if (fact.id === 'function_line') {
        if (!fact.code) continue;
        const candidates = codeCandidates(doc, fact.code);
        if (candidates.length === 0) {
          ctx.skip(CODE_CHECK, `情况说明提到科目 ${fact.code}，但表格中无此科目`);
          continue;
        }
        compareAgainst(ctx, CODE_CHECK, prose, candidates, `科目 ${fact.code}`, fact);
        continue;
      }
      mentions++;
      const candidates = tableCandidates(doc, fact, ctx.grammars.summary);
      if (candidates.length === 0) {
        ctx.skip(CHECK, `情况说明提到「${fact.subject}」，但表格中无对应数值`);
        continue;
      }
      compareAgainst(ctx, CHECK, prose, candidates, fact.subject, fact);
    }
    if (mentions === 0 && doc.sections.length > 0) ctx.declare(CHECK);
  },
};
