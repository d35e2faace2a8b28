/**
 * Narrative vs tables: every amount the 情况说明 states about a table value (收入/支出 X万元, 基本支出, 人员经费,
 * 公用经费, 项目支出, "三公"经费 and its items, 机关运行经费, 政府采购, 固定资产, function-code lines such as
 * "公共安全支出（204类）司法（06款）行政运行（01项）1672.67万元") must equal the table value within the rounding
 * of both printed precisions. Statements of change (增加/减少/较上年…) and of other years are not compared.
 */
import { Decimal } from 'decimal.js';
import type { BudgetDocument, Place, Row, Section, Table, TableKind } from '../../model/schema.js';
import {
  type CheckRule,
  cellQuantity,
  checkEqual,
  grandTotalIndex,
  literalQuantity,
  type Quantity,
  RuleContext,
  tableDoubts,
} from '../context.js';
import { THREE_PUBLIC_KEYS } from './three-public.js';

const CHECK = 'prose-equals-table';
const CODE_CHECK = 'prose-code-line-equals-table';

type Finder = (doc: BudgetDocument) => Quantity[];

/** A concept the narrative states an amount of, and where the tables hold it. */
interface Concept {
  id: string;
  name: string;
  pattern: RegExp;
  /** Also required of the label before verbs are trimmed (for the generic 收入 / 支出 totals). */
  raw?: RegExp;
  find: Finder;
}

const ANY_AMOUNT = '*';

/** Quantities in tables of `kinds`, first row matching `match`, in `columns` (or every amount column). */
function cells(
  kinds: TableKind[],
  match: (row: Row, index: number, table: Table) => boolean,
  columns: string[] | '*',
): Finder {
  return (doc) => {
    const out: Quantity[] = [];
    for (const kind of kinds) {
      for (const table of doc.tables.filter((t) => t.kind === kind && !t.empty)) {
        const index = table.rows.findIndex((row, i) => match(row, i, table));
        if (index < 0) continue;
        const cols =
          columns === ANY_AMOUNT
            ? table.columns
                .filter((c) => c.role === 'amount' && (!c.side || c.side === table.rows[index]!.side))
                .map((c) => c.id)
            : columns;
        for (const col of cols) {
          const q = cellQuantity(table, index, col, 'right');
          if (q) out.push(q);
        }
      }
    }
    return out;
  };
}

const grand = (_row: Row, index: number, table: Table) => index === grandTotalIndex(table);
const keyed = (keys: readonly string[], side?: 'income' | 'expenditure') => (row: Row) =>
  (!side || row.side === side) && row.key !== undefined && keys.includes(row.key);
const withValue = (col: string) => (row: Row) => row.values[col] != null;
const union =
  (...finders: Finder[]): Finder =>
  (doc) =>
    finders.flatMap((f) => f(doc));

const TP: TableKind[] = ['three-public-expenses'];

/** The concepts, most specific first. */
export const CONCEPTS: readonly Concept[] = [
  {
    id: 'three_public_vehicle_purchase',
    name: '公务用车购置费',
    pattern: /公务用车购置费?$/,
    find: union(
      cells(TP, keyed(THREE_PUBLIC_KEYS.purchase), ANY_AMOUNT),
      cells(TP, withValue('vehicle_purchase'), ['vehicle_purchase']),
    ),
  },
  {
    id: 'three_public_vehicle_operation',
    name: '公务用车运行维护费',
    pattern: /公务用车运(行|维)(维护)?费?$/,
    find: union(
      cells(TP, keyed(THREE_PUBLIC_KEYS.operation), ANY_AMOUNT),
      cells(TP, withValue('vehicle_operation'), ['vehicle_operation']),
    ),
  },
  {
    id: 'three_public_vehicles',
    name: '公务用车购置及运行费',
    pattern: /公务用车购置及运(行|维)(维护)?费?$/,
    find: union(
      cells(TP, keyed(THREE_PUBLIC_KEYS.vehicles), ANY_AMOUNT),
      cells(TP, withValue('vehicles'), ['vehicles']),
    ),
  },
  {
    id: 'three_public_overseas',
    name: '因公出国（境）费',
    pattern: /因公出国境?费?用?$/,
    find: union(
      cells(TP, keyed(THREE_PUBLIC_KEYS.overseas), ANY_AMOUNT),
      cells(TP, withValue('overseas'), ['overseas']),
    ),
  },
  {
    id: 'three_public_reception',
    name: '公务接待费',
    pattern: /公务接待费?$/,
    find: union(
      cells(TP, keyed(THREE_PUBLIC_KEYS.reception), ANY_AMOUNT),
      cells(TP, withValue('reception'), ['reception']),
    ),
  },
  {
    id: 'three_public_total',
    name: '“三公”经费',
    pattern: /三公经费$|三公$/,
    find: union(cells(TP, keyed(THREE_PUBLIC_KEYS.total), ANY_AMOUNT), (doc) =>
      doc.tables.some((t) => t.kind === 'three-public-expenses' && t.columns.some((c) => c.id === 'overseas'))
        ? cells(TP, withValue('total'), ['total'])(doc)
        : [],
    ),
  },
  {
    id: 'operating_costs',
    name: '机关运行经费',
    pattern: /机关运行经?费(财政拨款)?$|行政经费$/,
    find: union(
      cells(TP, withValue('operating_costs'), ['operating_costs']),
      cells(TP, keyed(['operating_costs']), ANY_AMOUNT),
      (doc) =>
        cells(
          ['other'],
          grand,
          ANY_AMOUNT,
        )({ ...doc, tables: doc.tables.filter((t) => /机关运行经费/.test(t.title)) }),
    ),
  },
  {
    id: 'personnel',
    name: '人员经费',
    pattern: /人员经费$|人员支出$/,
    find: union(
      cells(['expenditure-summary', 'general-budget-expenditure'], grand, ['basic_personnel']),
      cells(['general-budget-basic-expenditure'], grand, ['personnel']),
    ),
  },
  {
    id: 'public_funds',
    name: '公用经费',
    pattern: /公用经费$|公用支出$/,
    find: union(
      cells(['expenditure-summary', 'general-budget-expenditure'], grand, ['basic_public']),
      cells(['general-budget-basic-expenditure'], grand, ['public']),
    ),
  },
  {
    id: 'gpb_basic',
    name: '一般公共预算基本支出',
    pattern: /一般公共预算.*基本支出$/,
    find: union(
      cells(['general-budget-expenditure'], grand, ['basic']),
      cells(['general-budget-basic-expenditure'], grand, ['total']),
    ),
  },
  {
    id: 'basic',
    name: '基本支出',
    pattern: /基本支出$/,
    find: union(
      cells(['expenditure-summary', 'general-budget-expenditure'], grand, ['basic']),
      cells(['general-budget-basic-expenditure'], grand, ['total']),
    ),
  },
  {
    id: 'project',
    name: '项目支出',
    pattern: /项目支出$/,
    find: cells(['expenditure-summary', 'general-budget-expenditure'], grand, ['project']),
  },
  {
    id: 'gov_fund_revenue',
    name: '政府性基金预算收入',
    pattern: /(政府性)?基金(预算)?(财政)?(拨款)?收入$/,
    find: union(
      cells(['income-expenditure-summary', 'fiscal-appropriation-summary'], keyed(['gov_fund'], 'income'), [
        'income_amount',
      ]),
      cells(['income-summary'], grand, ['gov_fund']),
    ),
  },
  {
    id: 'gpb_revenue',
    name: '一般公共预算收入',
    pattern: /一般公共预算(财政)?(拨款)?收入$/,
    find: union(
      cells(
        ['income-expenditure-summary', 'fiscal-appropriation-summary'],
        keyed(['general_public_budget'], 'income'),
        ['income_amount'],
      ),
      cells(['income-summary'], grand, ['general_public_budget']),
    ),
  },
  {
    id: 'special_account_revenue',
    name: '财政专户管理资金收入',
    pattern: /财政专户(管理资金|核拨)?(收入)?$/,
    find: union(
      cells(['income-expenditure-summary'], keyed(['special_account'], 'income'), ['income_amount']),
      cells(['income-summary'], grand, ['fiscal_special_account']),
    ),
  },
  {
    id: 'business_revenue',
    name: '事业收入',
    pattern: /(^|[^位])事业收入$/,
    find: union(
      cells(['income-expenditure-summary'], keyed(['business_revenue'], 'income'), ['income_amount']),
      cells(['income-summary'], grand, ['business_income']),
    ),
  },
  {
    id: 'carryover',
    name: '上年结转',
    pattern: /^(其中)?(上年|年初)结转(和|及)?(结余)?(资金)?$/,
    find: union(
      cells(['income-expenditure-summary'], keyed(['carryover'], 'income'), ['income_amount']),
      cells(['income-summary'], grand, ['carryover']),
    ),
  },
  {
    id: 'fiscal_revenue',
    name: '财政拨款收入',
    pattern: /(^|年|度|部门|单位|本级|其中)财政拨款收入$/,
    find: union(
      cells(['fiscal-appropriation-summary'], keyed(['current_year_total'], 'income'), ['income_amount']),
      cells(['income-expenditure-summary'], keyed(['fiscal_appropriation'], 'income'), ['income_amount']),
      cells(['income-summary'], grand, ['fiscal_appropriation']),
    ),
  },
  {
    id: 'revenue_total',
    name: '收入预算总额',
    pattern: /(^|年|度|部门|单位|局|本)(预算)?(总)?收入$|(^|年|度|部门|单位|局)(预算)?收支(总)?$/,
    raw: /收入预算|预算收入|收入总(计|额)|总收入|收入合计|本年收入|收支预算|预算收支|收支总/,
    find: union(
      cells(['income-expenditure-summary'], keyed(['grand_total'], 'income'), ['income_amount']),
      cells(['income-expenditure-summary'], keyed(['current_year_total'], 'income'), ['income_amount']),
      cells(['income-summary'], grand, ['total']),
    ),
  },
  {
    id: 'expenditure_total',
    name: '支出预算总额',
    pattern: /(^|年|度|部门|单位|局|本)(预算)?(总)?支出$/,
    raw: /支出预算|预算支出|支出总(计|额)|总支出|支出合计|本年支出/,
    find: union(
      cells(['income-expenditure-summary'], keyed(['grand_total'], 'expenditure'), ['expenditure_amount']),
      cells(['income-expenditure-summary'], keyed(['current_year_total'], 'expenditure'), [
        'expenditure_amount',
      ]),
      cells(['expenditure-summary'], grand, ['total']),
    ),
  },
  {
    id: 'procurement_gpb',
    name: '一般公共预算拨款政府采购预算',
    pattern: /一般公共预算(财政)?(拨款)?(安排的?)?政府采购$/,
    find: cells(['government-procurement'], grand, ['general_public_budget']),
  },
  {
    id: 'procurement',
    name: '政府采购预算',
    pattern: /政府采购$/,
    find: cells(['government-procurement'], grand, ['total', 'source_budget']),
  },
  {
    id: 'fixed_assets',
    name: '固定资产',
    pattern: /^(?!.*购置).*固定资产(总值|原值|价值)?$/,
    find: cells(['fixed-assets'], keyed(['assets_total', 'grand_total']), ['value']),
  },
];

const CHANGE =
  /增加|减少|增长|下降|上升|持平|增减|较|比上年|同比|相比|节约|压减|调减|调增|降低|提高|下浮|减幅|增幅|变化|以内|以下|以上|不超过|不低于|≤|≥|<|>/;
const OTHER_TIME = /上年(?!末|结转)|去年|上一年|前年/;
const TRAILING = /(预算数|预算|安排|共计|合计|总计|总额|金额|数额|为|是|达到|达|约|计|了|已)+$/;
const AMOUNT = /(\d+(?:,\d{3})*(?:\.\d+)?)\s*(亿元|万元|千元|元)/g;
const BOUNDARY = /[，,。；;：:（）()、\n！!？?]/;

/** Fold a narrative text so that labels and numbers read simply. */
function foldText(text: string): string {
  return text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/[（(]境[)）]/g, '境')
    .replace(/[“”"‘’'「」]/g, '')
    .replace(/(\d)\s+(?=[\d.])/g, '$1')
    .replace(/[ \t\u3000]+/g, '');
}

/** One amount stated in the narrative. */
export interface ProseMention {
  /** The label before the amount, trimmed of verbs (公务用车购置及运维费). */
  label: string;
  /** The words as printed (公务用车购置及运维费0万元). */
  quote: string;
  printed: string;
  unit: string;
  /** The sentence before the amount (from the last 。), for scope words such as 具体为. */
  sentence: string;
}

/** Amount mentions in one paragraph, with their labels. */
export function proseMentions(paragraph: string): ProseMention[] {
  const text = foldText(paragraph);
  const out: ProseMention[] = [];
  let previousEnd = 0;
  for (const m of text.matchAll(AMOUNT)) {
    const at = m.index ?? 0;
    let start = previousEnd;
    for (let i = at - 1; i >= previousEnd; i--) {
      if (BOUNDARY.test(text[i]!)) {
        start = i + 1;
        break;
      }
    }
    const raw = text.slice(start, at);
    previousEnd = at + m[0].length;
    let label = raw;
    for (let k = 0; k < 3; k++) label = label.replace(TRAILING, '');
    const sentenceStart = text.lastIndexOf('。', at) + 1;
    out.push({
      label,
      quote: raw + m[0],
      printed: m[1]!,
      unit: m[2]!,
      sentence: text.slice(sentenceStart, at),
    });
  }
  return out;
}

function* paragraphs(sections: readonly Section[]): Generator<{ section: Section; text: string }> {
  for (const section of sections) {
    // A sentence mistaken for a heading ("…基本支出5377.64万元。其中：人员") runs on into its first paragraph.
    const runOn = new RegExp(AMOUNT.source).test(foldText(section.title));
    const [first, ...rest] = section.paragraphs;
    if (runOn) yield { section, text: section.title + (first ?? '') };
    else if (first !== undefined) yield { section, text: first };
    for (const text of rest) yield { section, text };
    yield* paragraphs(section.children);
  }
}

const CODE_LINE =
  /(\d{3})类[^0-9]{0,30}?(\d{2})款[^0-9]{0,30}?(\d{2})项[^0-9]{0,12}?(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万元|千元|元)/g;

/** Compare one prose quantity with its table candidates; pass if any agrees. */
function compareAgainst(
  ctx: RuleContext,
  check: string,
  prose: Quantity,
  all: Quantity[],
  name: string,
): void {
  // A blank cell states nothing: compare with printed values, and with a blank only when every candidate is blank.
  const printed = all.filter((q) => !q.blank);
  const candidates = printed.length > 0 ? printed : all.slice(0, 1);
  for (const c of candidates) {
    const probe = new RuleContext(ctx.document, ctx.rule);
    const outcome = checkEqual(probe, check, prose, c, { subject: name });
    if (outcome === 'passed' || outcome === 'empty') {
      ctx.pass(check);
      return;
    }
  }
  const first = candidates[0]!;
  const doubts = first.evidence.table ? tableDoubts(ctx.document, first.evidence.table) : [];
  const others = candidates.length > 1 ? `（另查 ${candidates.length - 1} 处表格数值亦不符。）` : '';
  checkEqual(ctx, check, prose, first, {
    subject: `情况说明所述「${name}」与表格`,
    severity: doubts.length > 0 ? 'warning' : 'error',
    hint: others + (doubts.length > 0 ? `表格提取存疑（${[...new Set(doubts)].join('、')}）。` : ''),
  });
}

/** "0万元" asserts nothing was budgeted: compare it at 0.01 of its unit, not at whole units. */
function proseZeroIsExact(q: Quantity): void {
  if (q.value.isZero()) q.ulp = new Decimal('0.01');
}

function sectionPlace(section: Section): Place | undefined {
  return section.place;
}

/** Statements about one subject or project line, introduced by 具体为 / 该科目 …: not department totals. */
const SUBJECT_SCOPED = /具体为|具体如下|具体包括|该科目|此科目|本科目|该项目|此项目/;

/** A section about one function subject: "（一）公共安全支出（类）". */
const SUBJECT_SECTION = /[（(](类|款|项)[）)]/;

/** Narrative vs tables. */
export const proseVsTable: CheckRule = {
  id: 'prose-vs-table',
  description:
    '情况说明与表格：说明中陈述的金额（收支总额、基本支出、人员经费、公用经费、项目支出、“三公”经费、机关运行经费、科目行等）须与表格一致',
  checks: [CHECK, CODE_CHECK],
  run(ctx: RuleContext) {
    const doc = ctx.document;
    const year = doc.meta.year;
    let mentions = 0;
    for (const { section, text } of paragraphs(doc.sections)) {
      const where = (quote: string) => `情况说明「${section.title.replace(/\s+/g, '')}」所述“${quote}”`;
      for (const m of proseMentions(text)) {
        if (CHANGE.test(m.label)) continue;
        // "该科目…具体为：人员经费675.90万元" breaks down one subject line, not the department's total.
        if (SUBJECT_SCOPED.test(m.sentence) || SUBJECT_SECTION.test(section.title)) continue;
        const years = [...m.label.matchAll(/(\d{4})年/g)].map((y) => Number(y[1]));
        if (year !== null && years.some((y) => y !== year)) continue;
        const concept = CONCEPTS.find((c) => c.pattern.test(m.label) && (!c.raw || c.raw.test(m.quote)));
        if (!concept) continue;
        if (/结转|结余/.test(m.label) && concept.id !== 'carryover') continue;
        if (OTHER_TIME.test(m.label) && concept.id !== 'carryover') continue;
        mentions++;
        const prose = literalQuantity(
          m.printed.replace(/,/g, ''),
          m.printed.replace(/,/g, ''),
          m.unit,
          where(m.quote),
          'left',
          sectionPlace(section),
        );
        proseZeroIsExact(prose);
        const candidates = concept.find(doc).filter((q) => q.factor !== null || q.evidence.unit === m.unit);
        if (candidates.length === 0) {
          ctx.skip(CHECK, `情况说明提到「${concept.name}」，但表格中无对应数值`);
          continue;
        }
        compareAgainst(ctx, CHECK, prose, candidates, concept.name);
      }
      for (const m of foldText(text).matchAll(CODE_LINE)) {
        const code = `${m[1]}${m[2]}${m[3]}`;
        const printed = m[4]!.replace(/,/g, '');
        const prose = literalQuantity(printed, printed, m[5]!, where(m[0]), 'left', sectionPlace(section));
        proseZeroIsExact(prose);
        const candidates = cells(
          ['general-budget-expenditure', 'expenditure-summary', 'income-summary'],
          (row) => row.code === code,
          ['total'],
        )(doc);
        if (candidates.length === 0) {
          ctx.skip(CODE_CHECK, `情况说明提到科目 ${code}，但表格中无此科目`);
          continue;
        }
        compareAgainst(ctx, CODE_CHECK, prose, candidates, `科目 ${code}`);
      }
    }
    if (mentions === 0 && doc.sections.length > 0) ctx.declare(CHECK);
  },
};
