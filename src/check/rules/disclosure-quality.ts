/**
 * Disclosure-quality checks auditors run by hand: template placeholders left in (XX, ××), change wording that
 * contradicts the numbers it cites, an empty-table note naming the wrong fund, a table the contents call empty
 * that is filled, and standard tables missing from a full disclosure. Findings are warnings.
 */

import type { Diagnostic, StatedFact, TableKind } from '../../model/schema.js';
import { titleKey } from '../../recognize/title.js';
import type { CheckRule, RuleContext } from '../context.js';
import { allSections, expectedTableKinds, missingTableKinds } from '../expected-kinds.js';

const CHECKS = {
  placeholder: 'no-template-placeholder',
  wording: 'change-wording-matches-numbers',
  emptyNote: 'empty-table-note-names-its-fund',
  contents: 'contents-empty-tables-are-empty',
  standard: 'standard-tables-present',
} as const;

/** Placeholders of blank templates: XX局, XXXX年, ××单位 (ASCII or full-width X, or ×). */
const PLACEHOLDER = /(?<![A-Za-z])(?:[XＸ]{2,}|[xｘ]{2,}(?=[\u4e00-\u9fff\d])|×{2,})(?![A-Za-z])/;

function warn(ctx: RuleContext, check: string, message: string, extra: Partial<Diagnostic> = {}): void {
  const diagnostic: Diagnostic = {
    ruleId: 'disclosure-quality',
    severity: 'warning',
    source: 'budget-ingest',
    message,
    ...extra,
  };
  ctx.fail(check, { diagnostic, evidence: [] });
}

function placeholders(ctx: RuleContext): void {
  const doc = ctx.document;
  const texts: { where: string; text: string; extra: Partial<Diagnostic> }[] = [];
  if (doc.meta.department) texts.push({ where: '部门名称', text: doc.meta.department, extra: {} });
  for (const table of doc.tables) {
    texts.push({ where: `表「${table.title}」标题`, text: table.title, extra: { table: table.id } });
    for (const [key, value] of Object.entries(table.meta))
      texts.push({ where: `表「${table.title}」的「${key}」`, text: value, extra: { table: table.id } });
  }
  for (const section of allSections(doc.sections)) {
    const extra: Partial<Diagnostic> = section.place ? { place: section.place } : {};
    texts.push({ where: `情况说明「${section.title}」`, text: section.title, extra });
    for (const paragraph of section.paragraphs)
      texts.push({ where: `情况说明「${section.title}」`, text: paragraph, extra });
  }
  let found = 0;
  for (const { where, text, extra } of texts) {
    const match = PLACEHOLDER.exec(text);
    if (!match) {
      ctx.pass(CHECKS.placeholder);
      continue;
    }
    found++;
    if (found > 20) continue;
    const at = match.index;
    const quote = text.slice(Math.max(0, at - 8), at + match[0].length + 8);
    warn(ctx, CHECKS.placeholder, `${where}留有模板占位符「${match[0]}」：“${quote}”。`, {
      ...extra,
      actual: match[0],
    });
  }
}

function wording(ctx: RuleContext, facts: readonly StatedFact[]): void {
  for (const fact of facts) {
    const change = fact.change;
    if (!change) continue;
    const where = `情况说明“${fact.quote}”`;
    const extra: Partial<Diagnostic> = fact.place ? { place: fact.place } : {};
    const size = change.yuan === null ? null : Number(change.yuan);
    if (change.direction === 'flat') {
      if (size !== null && size > 0)
        warn(ctx, CHECKS.wording, `${where}称「${fact.subject}」持平，却列出变动 ${change.printed}。`, extra);
      else ctx.pass(CHECKS.wording);
      continue;
    }
    if (fact.yuan === null) continue;
    const current = Number(fact.yuan);
    if (change.direction === 'increase' && current === 0 && size !== null && size > 0) {
      warn(ctx, CHECKS.wording, `${where}称「${fact.subject}」为 0 却“增加”${change.printed}。`, extra);
      continue;
    }
    if (change.priorStated && change.priorYuan !== undefined) {
      const prior = Number(change.priorYuan);
      const contradicts =
        (change.direction === 'increase' && current < prior) ||
        (change.direction === 'decrease' && current > prior);
      if (contradicts) {
        const word = change.direction === 'increase' ? '增加' : '减少';
        warn(
          ctx,
          CHECKS.wording,
          `${where}称「${fact.subject}」${word}，但本年 ${fact.printed}${fact.unit ?? ''} 与上年数不符此方向。`,
          extra,
        );
        continue;
      }
    }
    ctx.pass(CHECKS.wording);
  }
}

function emptyNotes(ctx: RuleContext): void {
  const pairs: [TableKind, RegExp, RegExp, string][] = [
    ['gov-fund-expenditure', /政府性基金/, /国有资本/, '政府性基金'],
    ['state-capital-expenditure', /国有资本/, /政府性基金/, '国有资本经营'],
  ];
  for (const table of ctx.document.tables) {
    const pair = pairs.find(([kind]) => kind === table.kind);
    if (!pair || !table.notes.length) continue;
    const [, own, other, name] = pair;
    const note = table.notes.join('');
    if (other.test(note) && !own.test(note))
      warn(
        ctx,
        CHECKS.emptyNote,
        `表「${table.title}」是${name}预算表，其注释却说的是别的资金：“${note}”。`,
        {
          table: table.id,
        },
      );
    else ctx.pass(CHECKS.emptyNote);
  }
}

function contents(ctx: RuleContext): void {
  const lines = [...allSections(ctx.document.sections)]
    .filter((section) => section.kind === 'contents')
    .flatMap((section) => section.paragraphs);
  if (!lines.length) {
    ctx.skip(CHECKS.contents, '文件没有目录');
    return;
  }
  for (const line of lines) {
    if (!/空表|无数据|本表无/.test(line)) continue;
    const key = titleKey(
      line.replace(/[（(]?(空表|无数据|本表无)[^）)]*[）)]?/g, '').replace(/[.…·\d]+$/, ''),
    );
    const table = ctx.document.tables.find(
      (t) => key.length >= 4 && titleKey(t.title).includes(key.slice(-8)),
    );
    if (!table) {
      ctx.skip(CHECKS.contents, '目录所列空表未在文件中找到');
      continue;
    }
    if (!table.empty)
      warn(ctx, CHECKS.contents, `目录称「${line}」为空表，而表「${table.title}」列有数值。`, {
        table: table.id,
      });
    else ctx.pass(CHECKS.contents);
  }
}

function standardTables(ctx: RuleContext): void {
  const set = ctx.grammars;
  const expected = expectedTableKinds(ctx.document, set);
  if (expected.basis === 'none') {
    ctx.skip(CHECKS.standard, '文件没有列出表格的目录，所含标准表也不足五张（非完整公开表或仅情况说明）');
    return;
  }
  const missing = new Set(missingTableKinds(ctx.document, set));
  for (const kind of expected.kinds) {
    if (!missing.has(kind)) {
      ctx.pass(CHECKS.standard);
      continue;
    }
    const grammar = set.grammars.find((g) => g.kind === kind);
    const aliases = grammar ? grammar.titles.include.join('、') : kind;
    warn(
      ctx,
      CHECKS.standard,
      `${expected.basis === 'contents' ? '目录列有' : '未找到标准表'}「${grammar?.name ?? kind}」（${kind}；按标题 ${aliases} 查找）${expected.basis === 'contents' ? '，文件中却未找到该表' : ''}。`,
    );
  }
}

/** Template placeholders, change wording, empty-table notes, contents vs tables, missing standard tables. */
export const disclosureQuality: CheckRule = {
  id: 'disclosure-quality',
  description: '披露质量：模板占位符、增减措辞与数字矛盾、空表注释所指资金、目录所称空表、缺少标准表',
  checks: Object.values(CHECKS),
  run(ctx: RuleContext) {
    placeholders(ctx);
    wording(ctx, ctx.document.facts);
    emptyNotes(ctx);
    contents(ctx);
    standardTables(ctx);
  },
};
