/**
 * Summary facts from stated sources (issue 12): precedence as data (grammars/summary.json), every source kept
 * (`fact.sources`), the more precise of agreeing sources, and `fact-conflict` where the tables disagree.
 * Synthetic documents in the layout of real ones.
 */
import { describe, expect, it } from 'vitest';
import { loadSummaryGrammar } from '../../src/grammar/data.js';
import { doc, SUMMARY_HEADER, table } from '../check/helpers.js';

const FISCAL_HEADER = '收入\t\t支出\t\t\t\n项目\t预算数\t项目\t合计\t一般公共预算\t政府性基金预算';

/** 收支总表 with 一般公共预算拨款收入 as printed (元 tables in Xi'an print it to one decimal). */
const incomeSummary = (gpb: string, unit = '元') =>
  table(
    '部门收支总表',
    SUMMARY_HEADER,
    [
      `一、一般公共预算拨款收入\t${gpb}\t一、社会保障和就业支出\t${gpb}`,
      `本年收入合计\t${gpb}\t本年支出合计\t${gpb}`,
      `收入总计\t${gpb}\t支出总计\t${gpb}`,
    ],
    unit,
  );

/** 财政拨款收支总表 whose 本年收入合计 is `total` and 一般公共预算 line `gpb`. */
const fiscalSummary = (gpb: string, total = gpb, unit = '元') =>
  table(
    '财政拨款收支总表',
    FISCAL_HEADER,
    [
      `一、一般公共预算拨款\t${gpb}\t一、社会保障和就业支出\t${gpb}\t${gpb}\t`,
      `本年收入合计\t${total}\t本年支出合计\t${gpb}\t${gpb}\t`,
      `收入总计\t${total}\t支出总计\t${gpb}\t${gpb}\t`,
    ],
    unit,
  );

describe('summary facts: precedence and sources', () => {
  it('states the precedence as data, prose last, for every fact', () => {
    const grammar = loadSummaryGrammar();
    for (const [id, rules] of Object.entries(grammar.facts)) {
      expect(rules.at(-1), id).toEqual({ prose: true });
      expect(grammar.names[id as keyof typeof grammar.names], id).toBeTruthy();
    }
  });

  it('keeps every source that states a fact, the first by precedence giving the amount', () => {
    const document = doc(
      `${incomeSummary('535987052.40')}${fiscalSummary('535987052.40')}## 情况说明\n\n一般公共预算拨款收入53598.71万元。\n`,
    );
    const fact = document.summary.general_public_budget_revenue!;
    expect(fact.yuan).toBe('535987052.40');
    expect(fact.sources.map((s) => s.kind ?? 'prose')).toEqual([
      'income-expenditure-summary',
      'fiscal-appropriation-summary',
      'prose',
    ]);
    expect(fact.sources[2]).toMatchObject({ prose: true, yuan: '535987100', unit: '万元' });
    expect(fact.sources[2]?.quote).toContain('53598.71万元');
    expect(fact.source).toBe(fact.sources[0]);
    expect(document.diagnostics.filter((d) => d.ruleId === 'fact-conflict')).toEqual([]);
  });

  it('takes the more precise of two sources that agree within rounding (.4 against .43)', () => {
    const document = doc(incomeSummary('535987052.4') + fiscalSummary('535987052.43'));
    const fact = document.summary.general_public_budget_revenue!;
    expect(fact.yuan).toBe('535987052.43');
    expect(fact.source.kind).toBe('fiscal-appropriation-summary');
    expect(fact.sources).toHaveLength(2);
    expect(document.diagnostics.filter((d) => d.ruleId === 'fact-conflict')).toEqual([]);
  });

  it('reports tables that disagree beyond printed precision, naming each value, its place and the choice', () => {
    // Huzhou 表04 pattern: the 财政拨款收支总表 contradicts the 收支总表.
    const document = doc(incomeSummary('192207.76', '万元') + fiscalSummary('42673.03', '42673.03', '万元'));
    const fact = document.summary.general_public_budget_revenue!;
    expect(fact.sources.map((s) => s.yuan)).toEqual(['1922077600', '426730300']);
    expect(fact.yuan).toBe('1922077600');
    const conflicts = document.diagnostics.filter((d) => d.ruleId === 'fact-conflict');
    expect(conflicts.map((d) => d.fact)).toContain('general_public_budget_revenue');
    const message = conflicts.find((d) => d.fact === 'general_public_budget_revenue')!.message;
    expect(message).toContain('一般公共预算拨款收入');
    expect(message).toContain('42673.03');
    expect(message).toContain('192207.76');
    expect(message).toContain('取表「部门收支总表」');
    expect(message).toMatch(/第\d+行/);
    expect(conflicts[0]?.severity).toBe('warning');
  });

  it('reads 基本支出 as 人员 + 公用 where the 支出总表 prints no 基本支出 total (Hangzhou)', () => {
    const document = doc(
      table('部门支出总表', '科目名称\t合计\t基本支出\t\t项目支出\n\t\t人员支出\t日常公用支出\t', [
        '合计\t150.00\t70.00\t30.00\t50.00',
        '一般公共服务支出\t150.00\t70.00\t30.00\t50.00',
      ]),
    );
    const fact = document.summary.basic_expenditure!;
    expect(fact.yuan).toBe('1000000');
    expect(fact.source).toMatchObject({ column: 'basic_personnel+basic_public', printed: '70.00+30.00' });
  });

  it('reads 机关运行经费 from the 机关运行经费支出表 合计 when the 三公 table does not print it', () => {
    const document = doc(
      table('一般公共预算机关运行经费支出预算表', '科目编码\t科目名称\t金额', [
        '\t合计\t10101.76',
        '302\t商品和服务支出\t10101.76',
      ]),
    );
    expect(document.summary.operating_costs?.yuan).toBe('101017600');
  });
});

describe('a total is proven, not assumed', () => {
  it('reads the Beijing basic-expenditure table’s 合计 printed last, never its first line', () => {
    const document = doc(
      table('一般公共预算基本支出表', '科目编码\t科目名称\t合计\t人员经费\t公用经费', [
        '30101\t基本工资\t60.00\t60.00\t',
        '30201\t办公费\t30.00\t\t30.00',
        '30102\t津贴补贴\t10.00\t10.00\t',
        '\t合计\t100.00\t70.00\t30.00',
      ]),
    );
    expect(document.summary.gpb_basic_total?.yuan).toBe('1000000');
    expect(document.summary.gpb_personnel?.yuan).toBe('700000');
    expect(document.summary.gpb_basic_total?.source.row).toBe('合计');
  });

  it('states no total where no line is labelled or proven one', () => {
    const document = doc(
      table('一般公共预算基本支出表', '科目编码\t科目名称\t合计\t人员经费\t公用经费', [
        '\t\t60.00\t60.00\t',
        '30201\t办公费\t30.00\t\t30.00',
        '30102\t津贴补贴\t10.00\t10.00\t',
      ]),
    );
    expect(document.summary.gpb_basic_total).toBeUndefined();
    expect(document.summary.gpb_personnel).toBeUndefined();
  });
});
