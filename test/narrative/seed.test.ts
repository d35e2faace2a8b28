import { describe, expect, it } from 'vitest';
import { StatedFact } from '../../src/model/schema.js';
import { SEED_SAMPLE } from '../helpers/paths.js';
import { readNarrativeFile } from './helpers.js';

const { sections, facts, narrative, tables, diagnostics } = readNarrativeFile(SEED_SAMPLE, 2022);
const fact = (id: string, measure = 'amount') => facts.find((f) => f.id === id && f.measure === measure);

describe('seed narrative (廊坊市安次区信访局 2022)', () => {
  it('has the nine sections of the 情况说明 in order, and the 目录 as contents', () => {
    expect(sections[0]!.kind).toBe('contents');
    const main = sections.find((s) => s.title.includes('情况说明'))!;
    expect(main.children.map((s) => s.marker?.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(main.children.map((s) => s.title.replace(/^\S+?、/, ''))).toEqual([
      '部门职责及机构设置情况',
      '部门预算安排的总体情况',
      '机关运行经费安排情况',
      '财政拨款“三公”经费预算情况及增减变化原因',
      '预算绩效信息',
      '政府采购预算情况',
      '国有资产信息',
      '名词解释',
      '其他需要说明的事项',
    ]);
    expect(main.children.at(-1)!.topic).toBe('other-matters');
  });

  it('has the nine 部门职责 items, item (四) rejoined across the page', () => {
    expect(narrative.duties).toHaveLength(9);
    expect(narrative.duties.map((d) => d.marker?.printed)).toEqual([
      '（一）',
      '（二）',
      '（三）',
      '（四）',
      '（五）',
      '（六）',
      '（七）',
      '（八）',
      '（九）',
    ]);
    expect(narrative.duties[3]!.text).toContain('协调保障国家、省、市、区重大政治活动顺利进行');
  });

  it('reads the 机构设置 row', () => {
    expect(narrative.organisation.units).toEqual([
      {
        name: '廊坊市安次区信访局',
        nature: '行政',
        level: '正科级',
        funding: '财政拨款',
        table: expect.any(String),
      },
    ]);
  });

  it('has the 10 glossary terms', () => {
    expect(narrative.glossary.map((g) => g.term)).toEqual([
      '一般公共预算拨款',
      '政府性基金预算拨款',
      '事业收入',
      '其他收入',
      '基本支出',
      '项目支出',
      '上缴上级支出',
      '“三公”经费',
      '机关运行费',
      '事业单位经营支出',
    ]);
    expect(narrative.glossary[0]!.definition).toBe('指财政使用一般公共预算收入安排到部门的预算资金。');
    expect(narrative.otherMatters).toEqual(['我部门无其他需要说明的事项。']);
  });

  it('states the headline facts in 元', () => {
    expect(fact('revenue_total')?.yuan).toBe('11863500');
    expect(fact('revenue_total')?.place?.line).toBe(400);
    expect(fact('expenditure_total')?.yuan).toBe('11863500');
    expect(fact('basic_expenditure')?.yuan).toBe('4363500');
    expect(fact('gpb_personnel')?.yuan).toBe('3990200');
    expect(fact('gpb_public_funds')?.yuan).toBe('373300');
    expect(fact('project_expenditure')?.yuan).toBe('7500000');
    expect(fact('operating_costs')?.yuan).toBe('204700');
    expect(fact('three_public_total')?.yuan).toBe('57000');
    expect(fact('three_public_vehicle_operation')?.yuan).toBe('57000');
    expect(fact('procurement_total')?.yuan).toBe('0');
    expect(fact('fixed_assets_value')?.yuan).toBe('65132200');
    for (const f of facts) expect(StatedFact.safeParse(f).success).toBe(true);
  });

  it('states the changes against 2021 with their reasons', () => {
    expect(fact('budget_total')?.change).toEqual({
      direction: 'decrease',
      yuan: '520600',
      printed: '52.06',
      priorYear: 2021,
      priorYuan: '12384100',
      priorStated: false,
    });
    const basic = fact('basic_expenditure', 'change')!.change!;
    expect([basic.direction, basic.yuan, basic.reason]).toEqual(['increase', '249400', '人员经费支出增加']);
    const project = facts.filter((f) => f.id === 'project_expenditure' && f.measure === 'change');
    expect(project).toHaveLength(1);
    expect([project[0]!.change!.direction, project[0]!.change!.yuan]).toEqual(['decrease', '770000']);
    expect(fact('three_public_total')?.change?.yuan).toBe('3500');
    const reception = fact('three_public_reception', 'change')!.change!;
    expect([reception.direction, reception.yuan]).toEqual(['decrease', '3500']);
    expect(reception.reason).toMatch(/^我部门切实落实勤俭节约各项规定/);
    expect(fact('three_public_vehicles', 'change')?.change?.direction).toBe('flat');
  });

  it('parses every indicator of the three performance tables', () => {
    const perf = tables.filter((t) => t.kind === 'performance-targets');
    expect(perf).toHaveLength(3);
    const rows = perf.flatMap((t) => t.rows.filter((r) => r.text?.level3));
    expect(rows.length).toBeGreaterThanOrEqual(23);
    for (const row of rows) expect(row.indicator?.valid).toBe(true);
    const days = perf[0]!.rows.find((r) => r.text?.level3 === '信访值班天数')!.indicator!;
    expect([days.operator, days.value, days.unit]).toEqual(['≥', '100', '天']);
    const cost = perf[2]!.rows.find((r) => r.text?.level2 === '成本指标')!.indicator!;
    expect([cost.operator, cost.value, cost.unit]).toEqual(['≤', '400', '万元']);
    const textual = perf[0]!.rows.find((r) => r.text?.level3 === '保持全区信访秩序')!.indicator!;
    expect([textual.value, textual.text]).toEqual([null, '进位争先']);
    expect(diagnostics).toEqual([]);
    expect(narrative.performance.map((p) => p.project)).toEqual([null, '信访工作经费', '解决信访问题资金']);
    expect(narrative.performance[1]!.goal).toMatch(/^通过项目的开展完成产出指标/);
  });
});
