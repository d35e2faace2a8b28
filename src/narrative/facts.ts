/**
 * Stated facts: every amount the narrative states, read with grammars/facts.json — subject, fact id, value in
 * 元 (exact, decimal.js), year, stated change against another year (direction, amount, percent, prior-year
 * value stated or derived, reason) and where it was printed.
 */
import { Decimal } from 'decimal.js';
import type { LayoutBlock } from '../ast/layout.js';
import type { Section, StatedChange, StatedFact, StatedFactId } from '../model/schema.js';
import { type NarrativeUnit, narrativeUnits, placeAt } from './blocks.js';
import { type CompiledFactsGrammar, loadFactsGrammar } from './facts-grammar.js';
import { sectionTree } from './sections.js';
import { foldWithMap, readMarker } from './text.js';

/** Options of `extractStatedFacts`. */
export interface StatedFactOptions {
  /** The document year (meta.year): amounts of other years are marked `period: 'prior'`. */
  year?: number | null;
  /** A facts grammar other than the shipped one. */
  grammar?: CompiledFactsGrammar;
  /** The department (meta.department): a section headed by its own name describes no single unit. */
  department?: string | null;
  /** Paragraphs that describe one unit of the department, with the unit's name (narrative/unit-scope.ts). */
  unitOf?: ReadonlyMap<NarrativeUnit, string>;
}

/** A unit of the narrative with the section it belongs to. */
export interface OwnedUnit {
  unit: NarrativeUnit;
  section: Section | undefined;
}

const YEAR = /(\d{4})年度?/g;

function toYuan(g: CompiledFactsGrammar, printed: string, unit: string): string | null {
  const factor = g.units.get(unit);
  if (factor === undefined) return null;
  return new Decimal(printed.replace(/,/g, '')).times(factor).toFixed();
}

/** The basis an amount is stated on, from the words just before it: 决算 (final) or 预算 (budget). */
function statedBasis(g: CompiledFactsGrammar, raw: string): 'budget' | 'final' | undefined {
  const label = raw.replace(g.basis.copula, '');
  if (g.basis.final.test(label)) return 'final';
  if (g.basis.budget.test(label)) return 'budget';
  return undefined;
}

function stripLabel(g: CompiledFactsGrammar, label: string): string {
  let out = label;
  for (let k = 0; k < 4; k++) {
    const before = out;
    out = out.replace(g.trailing, '').replace(g.leading, '');
    out = out.replace(/^\d{4}年(度)?/, '').replace(/^(本年度?|当年|全年|今年|年度|年初|全年)/, '');
    out = out.replace(/^[^\u4e00-\u9fa5\d]+/, '');
    if (out === before) break;
  }
  return out;
}

/** The fact id of a label (already stripped), or undefined. */
export function factIdOf(label: string, grammar = loadFactsGrammar()): StatedFactId | undefined {
  const t = label.replace(/[“”"‘’（）()]/g, '');
  if (!t) return undefined;
  const id = grammar.facts.find((f) => f.label.test(t))?.id;
  if (id === 'expenditure_total' || id === 'revenue_total') {
    // 公务接待费预算支出28万元 / 机关运行经费预算支出…: the subject is before the generic 支出.
    const inner = t.replace(/(预算)?(支出|收入)(预算)?(数)?$/, '');
    const innerId = inner ? grammar.facts.find((f) => f.label.test(inner))?.id : undefined;
    if (innerId && !/revenue|carryover|total/.test(innerId)) return innerId;
    if (innerId && /total/.test(innerId) && innerId !== 'budget_total') return innerId;
  }
  return id;
}

function sectionSubject(g: CompiledFactsGrammar, section: Section | undefined): StatedFactId | undefined {
  if (!section) return undefined;
  const read = readMarker(section.title);
  const title = foldWithMap(read ? read.rest : section.title).folded.replace(/[：:。]$/, '');
  return factIdOf(
    stripLabel(
      g,
      title.replace(/(费用|经费)$/, (m) => (m === '费用' ? '费' : m)),
    ),
    g,
  );
}

function subjectName(g: CompiledFactsGrammar, id: StatedFactId): string {
  return g.facts.find((f) => f.id === id)?.subject ?? id;
}

interface Sentence {
  text: string;
  start: number;
}

function sentences(folded: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  for (let i = 0; i < folded.length; i++) {
    if ('。；;!！?？'.includes(folded[i]!)) {
      out.push({ text: folded.slice(start, i + 1), start });
      start = i + 1;
    }
  }
  if (start < folded.length) out.push({ text: folded.slice(start), start });
  return out;
}

function endMatch(re: RegExp, text: string): RegExpMatchArray | null {
  const source = new RegExp(`(?:${re.source})$`);
  return text.match(source);
}

/** The reason stated after a change, within the same or the next sentence. */
function reasonAfter(g: CompiledFactsGrammar, after: string): string | undefined {
  const window = after.slice(0, 160);
  const m = window.match(g.reason);
  if (!m || m.index === undefined) return undefined;
  const between = window.slice(0, m.index);
  // Another amount or more than one sentence between: the reason is someone else's.
  if (new RegExp(g.amount.source).test(between)) return undefined;
  if ((between.match(/[。；;]/g) ?? []).length > 1) return undefined;
  const rest = window.slice(m.index + m[0].length);
  const end = rest.search(/[。；;]/);
  const reason = (end < 0 ? rest : rest.slice(0, end)).replace(/^[，,：:]/, '').trim();
  return reason || undefined;
}

/** Extract stated facts from units with their sections. */
export function factsFromUnits(units: readonly OwnedUnit[], options: StatedFactOptions = {}): StatedFact[] {
  const g = options.grammar ?? loadFactsGrammar();
  const docYear = options.year ?? null;
  const facts: StatedFact[] = [];
  for (const { unit, section } of units) {
    if (section?.kind === 'contents') continue;
    if (section?.topic === 'glossary') continue;
    const { folded, map } = foldWithMap(unit.text);
    const placeOf = (index: number) => placeAt(unit, map[index] ?? 0);
    const sectionTitle = section?.title;
    const first = facts.length;
    let paragraphFirst: StatedFact | undefined;
    for (const s of sentences(folded)) {
      let sentenceFirst: StatedFact | undefined;
      let lastChanged: StatedFact | undefined;
      let pendingPrior: { yuan: string; year?: number } | undefined;
      const consumed: [number, number][] = [];
      // Amounts inside a stated reason (减少原因主要为…资金减少127万元) are the reason's, not facts.
      let reasonFrom = Number.POSITIVE_INFINITY;
      const base = (id: StatedFactId, subject: string, quote: string, at: number): StatedFact => {
        const fact: StatedFact = {
          id,
          subject,
          measure: 'amount',
          yuan: null,
          value: null,
          printed: null,
          unit: null,
          year: docYear,
          period: 'current',
          quote,
        };
        if (sectionTitle) fact.section = sectionTitle;
        const place = placeOf(s.start + at);
        if (place) fact.place = place;
        return fact;
      };
      /** A classification line's amount: filled in, kept, its text consumed, and first of its sentence. */
      const addLine = (
        fact: StatedFact,
        gr: Record<string, string | undefined>,
        at: number,
        length: number,
      ) => {
        fact.printed = gr.amount!;
        fact.value = gr.amount!.replace(/,/g, '');
        fact.unit = gr.unit!;
        fact.yuan = toYuan(g, gr.amount!, gr.unit!);
        facts.push(fact);
        consumed.push([at, at + length]);
        sentenceFirst ??= fact;
        paragraphFirst ??= fact;
      };
      // Function-classification lines: …（204类）…（06款）…（01项）1672.67万元.
      for (const m of s.text.matchAll(g.codeLine)) {
        const gr = m.groups!;
        const at = m.index ?? 0;
        const fact = base(
          'function_line',
          m[0].slice(0, m[0].length - gr.amount!.length - gr.unit!.length),
          m[0],
          at,
        );
        fact.code = `${gr.class}${gr.kuan}${gr.xiang}`;
        addLine(fact, gr, at, m[0].length);
      }
      // Lines named without codes: 一般公共服务支出（类）信访事务（款）行政运行（项）2026年预算数为5,826.21万元.
      for (const m of s.text.matchAll(g.functionLine)) {
        const gr = m.groups!;
        const at = m.index ?? 0;
        if (consumed.some(([a, b]) => at < b && at + m[0].length > a)) continue;
        const path = gr.path!.replace(
          /^[\d一二三四五六七八九十]+[、.]|^[（(][\d一二三四五六七八九十]+[）)]/,
          '',
        );
        addLine(base('function_line', path, m[0], at), gr, at, m[0].length);
      }
      let previousEnd = 0;
      // The amount stated just before, in this sentence: a subjectless change (较上年增加…) is about it only.
      let lastAmount: StatedFact | undefined;
      let amountsInSentence = 0;
      for (const m of s.text.matchAll(g.amount)) {
        const at = m.index ?? 0;
        const end = at + m[0].length;
        if (at >= reasonFrom) break;
        const previousAmount = lastAmount;
        const firstInSentence = amountsInSentence === 0;
        amountsInSentence++;
        lastAmount = undefined;
        if (consumed.some(([a, b]) => at >= a && end <= b)) {
          previousEnd = end;
          continue;
        }
        let start = previousEnd;
        for (let i = at - 1; i >= previousEnd; i--) {
          if (g.boundary.test(s.text[i]!)) {
            start = i + 1;
            break;
          }
        }
        // A year or a count just before is not part of this amount (2022年1186.35万元 is fine).
        const raw = s.text.slice(start, at);
        previousEnd = end;
        const printed = m[1]!;
        const unitPrinted = m[2]!;
        const yuan = toYuan(g, printed, unitPrinted);
        if (yuan === null) continue;
        const quote = raw + m[0];
        let label = raw;
        for (let k = 0; k < 3; k++) label = label.replace(g.trailing, '');
        const years = [...label.matchAll(YEAR)].map((y) => Number(y[1]));
        const verb = endMatch(new RegExp(`${g.increase.source}|${g.decrease.source}`), label);
        const comparisonAt = label.search(g.comparison);
        if (verb) {
          // A change: 较2021年预算减少52.06万元 / 基本支出增加24.94万元.
          const direction = new RegExp(`^(?:${g.increase.source})$`).test(verb[0]) ? 'increase' : 'decrease';
          const head = label.slice(0, label.length - verb[0].length);
          const subjectText = stripLabel(g, comparisonAt >= 0 ? head.slice(0, comparisonAt) : head);
          const priorYear =
            years.find((y) => y !== docYear) ??
            (g.basis.prior.test(label) && docYear !== null ? docYear - 1 : undefined);
          const after = s.text.slice(end) + folded.slice(s.start + s.text.length);
          const change: StatedChange = { direction, yuan, printed };
          const pct = after.match(
            /^[，,]?(?:增长|下降|增幅|降幅|减幅|减少|增加|上升|降低)(?:为|了)?(\d+(?:\.\d+)?)%/,
          );
          if (pct) change.percent = pct[1]!;
          if (priorYear !== undefined) change.priorYear = priorYear;
          const reason = reasonAfter(g, after);
          if (reason) {
            change.reason = reason;
            const r = s.text.slice(end).search(g.reason);
            if (r >= 0) reasonFrom = end + r;
          }
          const ownId = subjectText ? factIdOf(subjectText, g) : undefined;
          if (subjectText && !ownId) continue;
          const target = ownId
            ? sentenceFirst?.id === ownId && !sentenceFirst.change
              ? sentenceFirst
              : undefined
            : (previousAmount ?? (firstInSentence ? paragraphFirst : undefined));
          if (pendingPrior) {
            change.priorYuan = pendingPrior.yuan;
            change.priorStated = true;
            if (pendingPrior.year !== undefined) change.priorYear ??= pendingPrior.year;
            pendingPrior = undefined;
          }
          if (target && !target.change) {
            if (!change.priorYuan && target.yuan !== null) {
              const level = new Decimal(target.yuan);
              change.priorYuan = (direction === 'increase' ? level.minus(yuan) : level.plus(yuan)).toFixed();
              change.priorStated = false;
            }
            target.change = change;
            lastChanged = target;
            continue;
          }
          const id = ownId ?? target?.id;
          if (!id) continue;
          const fact = base(id, subjectText || subjectName(g, id), quote, at);
          fact.measure = 'change';
          fact.change = change;
          if (fact.id === 'function_line' && target?.code) fact.code = target.code;
          facts.push(fact);
          lastChanged = fact;
          continue;
        }
        // A stated year is another year only against a known document year.
        const otherYear = docYear === null ? undefined : years.find((y) => y !== docYear);
        if (comparisonAt >= 0 && (otherYear !== undefined || g.basis.prior.test(label))) {
          // 比2025年年初预算数44021.20万元(增加…): the prior value of the change that follows.
          pendingPrior = otherYear !== undefined ? { yuan, year: otherYear } : { yuan };
          lastAmount = previousAmount; // the comparison value belongs to the amount before it
          continue;
        }
        // 年初预算为… / 支出决算为…: the basis the amount is stated on, then the subject without it.
        const basis = statedBasis(g, raw);
        const subjectText = stripLabel(g, label.replace(g.basis.words, ''));
        // …（类）支出16992.37万元: a classification line, not the total.
        if (/^(支出|收入)$/.test(subjectText) && /[）)]/.test(s.text[start - 1] ?? '')) continue;
        let id = subjectText ? factIdOf(subjectText, g) : undefined;
        // 财政拨款支出年初预算为… / 支出决算为…: an amount spent is not a revenue fact (财政拨款 without 支出).
        if (id?.endsWith('_revenue') && g.basis.spent.test(label)) id = undefined;
        // "…年初预算为0.95万元，支出决算为0.00万元": a basis alone restates the amount just before on another basis.
        if (!subjectText && basis && previousAmount && previousAmount.basis !== basis) id = previousAmount.id;
        if (!subjectText && !id) id = sectionSubject(g, section);
        if (!id) {
          // 2025年当年预算执行数为1690.69万元: the prior-year value of the line this paragraph is about.
          const prior = otherYear !== undefined || g.basis.prior.test(label);
          if (prior && /执行|决算|预算数/.test(label) && paragraphFirst && !paragraphFirst.change) {
            paragraphFirst.change = {
              direction: new Decimal(paragraphFirst.yuan ?? '0').gte(yuan) ? 'increase' : 'decrease',
              yuan:
                paragraphFirst.yuan === null
                  ? null
                  : new Decimal(paragraphFirst.yuan).minus(yuan).abs().toFixed(),
              printed: null,
              priorYuan: yuan,
              priorStated: true,
              ...(otherYear !== undefined ? { priorYear: otherYear } : {}),
            };
            if (new Decimal(paragraphFirst.yuan ?? '0').eq(yuan)) paragraphFirst.change.direction = 'flat';
            lastChanged = paragraphFirst;
          }
          continue;
        }
        const fact = base(id, subjectText || subjectName(g, id), quote, at);
        fact.yuan = yuan;
        fact.value = printed.replace(/,/g, '');
        fact.printed = printed;
        fact.unit = unitPrinted;
        if (basis) fact.basis = basis;
        const prior =
          otherYear !== undefined || (g.basis.prior.test(label) && !g.basis.carryover.test(label));
        if (prior) {
          fact.period = 'prior';
          fact.year = otherYear ?? (docYear !== null ? docYear - 1 : null);
        } else if (years.length > 0) fact.year = years[0]!;
        facts.push(fact);
        if (!prior) {
          sentenceFirst ??= fact;
          paragraphFirst ??= fact;
          lastAmount = fact;
        }
      }
      // Percent-only changes: 比2025年预算执行数减少1.07%.
      if (paragraphFirst && (lastChanged === undefined || !lastChanged.change?.percent)) {
        const pct = s.text.match(
          new RegExp(
            `(?:${g.comparison.source}).{0,20}?(${g.increase.source}|${g.decrease.source}|增幅|降幅|减幅)(?:为|了)?(\\d+(?:\\.\\d+)?)%`,
          ),
        );
        if (pct) {
          const target = sentenceFirst ?? paragraphFirst;
          const verbText = pct[1]!;
          const direction = /减|降/.test(verbText) ? 'decrease' : 'increase';
          if (target.change) {
            target.change.percent ??= pct[2]!;
          } else {
            const change: StatedChange = { direction, yuan: null, printed: null, percent: pct[2]! };
            const reason = reasonAfter(
              g,
              s.text.slice((pct.index ?? 0) + pct[0].length) + folded.slice(s.start + s.text.length),
            );
            if (reason) change.reason = reason;
            target.change = change;
          }
        }
      }
      // No change: 公务用车购置及运维费与2021年相比持平.
      for (const clause of s.text.split(/[，,。；;]/)) {
        if (!g.flat.test(clause) || new RegExp(g.amount.source).test(clause)) continue;
        const cut = clause.search(g.comparison);
        const subjectText = stripLabel(g, cut > 0 ? clause.slice(0, cut) : clause.replace(g.flat, ''));
        const id = subjectText ? factIdOf(subjectText, g) : undefined;
        if (!id) continue;
        const at = s.text.indexOf(clause);
        const year = [...clause.matchAll(YEAR)].map((y) => Number(y[1])).find((y) => y !== docYear);
        const fact = base(id, subjectText, clause, Math.max(0, at));
        fact.measure = 'change';
        fact.change = {
          direction: 'flat',
          yuan: '0',
          printed: null,
          ...(year !== undefined ? { priorYear: year } : {}),
        };
        facts.push(fact);
      }
    }
    // Facts stated as nil in words (本年度没有财政拨款“三公”经费支出): 0, the sentence their source.
    for (const s of sentences(folded)) {
      for (const rule of g.nil) {
        const m = rule.pattern.exec(s.text);
        if (!m || m.index === undefined) continue;
        const clause = s.text.slice(0, m.index + m[0].length);
        if (g.basis.prior.test(clause) || [...clause.matchAll(YEAR)].some((y) => Number(y[1]) !== docYear))
          continue;
        for (const id of rule.ids) {
          const stated = facts.some(
            (f) =>
              f.id === id &&
              f.measure === 'amount' &&
              f.period === 'current' &&
              f.quote &&
              s.text.includes(f.quote),
          );
          if (stated) continue;
          const fact: StatedFact = {
            id,
            subject: subjectName(g, id),
            measure: 'amount',
            yuan: '0',
            value: '0',
            printed: null,
            unit: null,
            year: docYear,
            period: 'current',
            nil: true,
            quote: s.text.replace(/[。；;]$/, ''),
          };
          if (sectionTitle) fact.section = sectionTitle;
          const place = placeOf(s.start + m.index);
          if (place) fact.place = place;
          facts.push(fact);
        }
      }
    }
    // Counts: 车辆27台.
    for (const rule of g.counts) {
      for (const m of folded.matchAll(rule.pattern)) {
        const fact = base0(rule.id, m, unit, map, sectionTitle, docYear);
        facts.push(fact);
      }
    }
    const unitName = options.unitOf?.get(unit);
    if (unitName) for (const fact of facts.slice(first)) fact.organisation = unitName;
  }
  // A change stated alone (基本支出增加24.94万元): derive the prior-year value from the stated level.
  for (const fact of facts) {
    if (fact.measure !== 'change' || !fact.change || fact.change.priorYuan || fact.change.yuan === null)
      continue;
    const level = facts.find(
      (f) => f.id === fact.id && f.measure === 'amount' && f.period === 'current' && f.yuan !== null,
    );
    if (!level || fact.id === 'function_line') continue;
    const value = new Decimal(level.yuan!);
    const delta = new Decimal(fact.change.yuan);
    const prior =
      fact.change.direction === 'increase'
        ? value.minus(delta)
        : fact.change.direction === 'decrease'
          ? value.plus(delta)
          : value;
    fact.change.priorYuan = prior.toFixed();
    fact.change.priorStated = false;
  }
  return facts;
}

function base0(
  id: StatedFactId,
  m: RegExpMatchArray,
  unit: NarrativeUnit,
  map: number[],
  sectionTitle: string | undefined,
  docYear: number | null,
): StatedFact {
  const fact: StatedFact = {
    id,
    subject: m[0].slice(0, m[0].length - (m.groups!.n!.length + m.groups!.unit!.length)),
    measure: 'count',
    yuan: null,
    value: m.groups!.n!,
    printed: m.groups!.n!,
    unit: m.groups!.unit!,
    year: docYear,
    period: 'current',
    quote: m[0],
  };
  if (sectionTitle) fact.section = sectionTitle;
  const place = placeAt(unit, map[m.index ?? 0] ?? 0);
  if (place) fact.place = place;
  return fact;
}

/**
 * Extract the facts stated in the narrative: give the narrative layout blocks (the segmentation's
 * `narrative`), and the document year so amounts of other years are told apart.
 */
export function extractStatedFacts(
  narrative: readonly LayoutBlock[],
  options: StatedFactOptions = {},
): StatedFact[] {
  const units = narrativeUnits(narrative);
  const owners = new Map<NarrativeUnit, Section>();
  sectionTree(units, owners);
  return factsFromUnits(
    units.map((unit) => ({ unit, section: owners.get(unit) })),
    options,
  );
}
