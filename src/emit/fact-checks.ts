/**
 * The summary facts against the disclosure's identities (grammars/summary.json `identities`: 收入总计 = 支出总计,
 * 人员 + 公用 (+ 对个人和家庭的补助 + 增人增资) = 基本支出, 三公 parts, 财政拨款 parts …) and against plausibility
 * (a department total under 1万元 or over 1万亿元, a source 1,000× / 10,000× another): `fact-identity` and
 * `fact-implausible` errors; an implausible fact is marked `doubtful`.
 */
import { Decimal } from 'decimal.js';
import { unitSlip } from '../check/tolerance.js';
import type { FactIdentityRule, SummaryGrammar } from '../grammar/data.js';
import type { Diagnostic, Fact, FactSource, Summary, SummaryFactId, Table } from '../model/schema.js';
import { factName, sourceText, sourceUlp, tableSource } from './summary.js';

function error(ruleId: string, fact: SummaryFactId, message: string): Diagnostic {
  return { ruleId, severity: 'error', source: 'budget-ingest', message, fact };
}

/**
 * Parts that miss the facts' total but add up to a total the document prints on another basis (the fund lines
 * of a 收支总表 that include the carry-over, against the 财政拨款 收入合计 with it): the basis and its source.
 */
function otherBasis(
  rule: FactIdentityRule,
  parts: readonly Fact[],
  tables: readonly Table[],
  year: number | null,
): { subject: string; source: FactSource } | undefined {
  const sum = parts.reduce((acc, f) => acc.plus(f.yuan), new Decimal(0));
  const partsUlp = parts.reduce((acc, f) => acc.plus(sourceUlp(f.source).div(2)), new Decimal(0));
  for (const basis of rule.bases ?? [])
    for (const cell of basis.total) {
      const source = tableSource(cell, tables, year);
      if (source?.yuan === undefined) continue;
      const tolerance = partsUlp.plus(sourceUlp(source).div(2));
      if (new Decimal(source.yuan).minus(sum).abs().lte(tolerance)) return { subject: basis.subject, source };
    }
  return undefined;
}

function checkIdentity(
  rule: FactIdentityRule,
  summary: Summary,
  tables: readonly Table[],
  grammar: SummaryGrammar,
  year: number | null,
): Diagnostic | undefined {
  const totalId = rule.total.find((id) => summary[id] !== undefined);
  if (!totalId || rule.parts.some((id) => summary[id] === undefined)) return undefined;
  const total = summary[totalId]!;
  const optional = (rule.optional ?? []).filter((id) => summary[id] !== undefined);
  // The optional parts count where the document states them as parts beside the others (深圳), not where
  // they are a detail of one (对个人和家庭的补助 inside 人员经费 elsewhere): the identity holds either way.
  const attempts = optional.length > 0 ? [rule.parts, [...rule.parts, ...optional]] : [rule.parts];
  let partIds = rule.parts;
  let sum = new Decimal(0);
  let tolerance = new Decimal(0);
  let difference = new Decimal(0);
  let holds = false;
  for (const attempt of attempts) {
    const parts = attempt.map((id) => summary[id]!);
    if ([total, ...parts].some((f) => f.doubtful)) return undefined;
    partIds = attempt;
    sum = parts.reduce((acc, f) => acc.plus(f.yuan), new Decimal(0));
    tolerance = [total, ...parts].reduce((acc, f) => acc.plus(sourceUlp(f.source).div(2)), new Decimal(0));
    difference = new Decimal(total.yuan).minus(sum);
    holds = rule.atLeast ? difference.gte(tolerance.neg()) : difference.abs().lte(tolerance);
    if (holds) break;
  }
  if (holds) return undefined;
  const listed = [totalId, ...partIds].map(
    (id) => `${factName(id, grammar)} ${summary[id]!.yuan}元（${sourceText(summary[id]!.source, tables)}）`,
  );
  const basis = otherBasis(
    rule,
    partIds.map((id) => summary[id]!),
    tables,
    year,
  );
  if (basis) {
    // Like with like: the document states the parts on another basis, and on that basis they add up.
    const note: Diagnostic = {
      ruleId: 'fact-identity-basis',
      severity: 'info',
      source: 'budget-ingest',
      message:
        `汇总指标「${rule.subject}」口径不同：${listed.join('；')}；各分项合计 ${sum.toFixed()}元` +
        `与${basis.subject} ${basis.source.yuan}元（${sourceText(basis.source, tables)}）相符，` +
        `即分项按该口径印制，不是读取错误。`,
      fact: totalId,
      actual: total.yuan,
      expected: sum.toFixed(),
    };
    if (basis.source.place) note.place = basis.source.place;
    if (basis.source.table) note.table = basis.source.table;
    return note;
  }
  const diagnostic = error(
    'fact-identity',
    totalId,
    `汇总指标不满足「${rule.subject}」：${listed.join('；')}；各分项合计 ${sum.toFixed()}元，` +
      `差额 ${difference.toFixed()}元，超出按印刷精度允许的 ±${tolerance.toFixed()}元。`,
  );
  diagnostic.actual = total.yuan;
  diagnostic.expected = sum.toFixed();
  if (total.source.place) diagnostic.place = total.source.place;
  if (total.source.table) diagnostic.table = total.source.table;
  return diagnostic;
}

/** Facts too small or too large for a department, and sources a unit apart: doubtful, with an error. */
function implausible(summary: Summary, tables: readonly Table[], grammar: SummaryGrammar): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bounds = grammar.plausible;
  for (const [key, fact] of Object.entries(summary)) {
    const id = key as SummaryFactId;
    if (!fact) continue;
    const yuan = new Decimal(fact.yuan);
    const reasons: string[] = [];
    if (bounds?.departmentTotals.includes(id) && !yuan.isZero()) {
      if (yuan.lt(bounds.minYuan)) reasons.push(`部门总额不足 ${bounds.minYuan}元`);
      if (yuan.gt(bounds.maxYuan)) reasons.push(`部门总额超过 ${bounds.maxYuan}元`);
    }
    for (const other of fact.sources) {
      if (other === fact.source || other.yuan === undefined) continue;
      const tolerance = sourceUlp(other).plus(sourceUlp(fact.source)).div(2);
      const slip = unitSlip(yuan, new Decimal(other.yuan), tolerance);
      if (slip) reasons.push(`与${sourceText(other, tables)}恰好相差 ${slip.toFixed()} 倍（疑为单位错误）`);
    }
    if (reasons.length === 0) continue;
    fact.doubtful = true;
    const diagnostic = error(
      'fact-implausible',
      id,
      `汇总指标「${factName(id, grammar)}」${fact.yuan}元（${sourceText(fact.source, tables)}）不可信：` +
        `${reasons.join('；')}。该指标标为存疑（doubtful），summary.csv 中留空。`,
    );
    diagnostic.actual = fact.yuan;
    if (fact.source.place) diagnostic.place = fact.source.place;
    if (fact.source.table) diagnostic.table = fact.source.table;
    out.push(diagnostic);
  }
  return out;
}

/**
 * Check the summary's plausibility, then its identities (like with like: parts printed on another basis are
 * a note, not an error); marks implausible facts doubtful.
 */
export function checkFacts(
  summary: Summary,
  tables: readonly Table[],
  grammar: SummaryGrammar,
  year: number | null = null,
): Diagnostic[] {
  const diagnostics = implausible(summary, tables, grammar);
  for (const rule of grammar.identities) {
    const found = checkIdentity(rule, summary, tables, grammar, year);
    if (found) diagnostics.push(found);
  }
  return diagnostics;
}
