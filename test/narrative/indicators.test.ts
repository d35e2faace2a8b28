import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/model/schema.js';
import { annotateIndicators, parseIndicatorTarget } from '../../src/narrative/index.js';

describe('parseIndicatorTarget', () => {
  it.each([
    ['≥100天', '≥', '100', '天'],
    ['≤350万元', '≤', '350', '万元'],
    ['≤400 万元', '≤', '400', '万元'],
    ['100%', null, '100', '%'],
    ['＞＝95％', '≥', '95', '%'],
    ['>=90%', '≥', '90', '%'],
    ['不低于10件', '≥', '10', '件'],
    ['不超过1,200.50万元', '≤', '1200.5', '万元'],
    ['90%以上', '≥', '90', '%'],
    ['3个工作日以内', '≤', '3', '个工作日'],
    ['=0起', '=', '0', '起'],
    ['12', null, '12', null],
  ] as const)('%s → %s %s %s', (text, operator, value, unit) => {
    const parsed = parseIndicatorTarget(text);
    expect([parsed.operator, parsed.value, parsed.unit, parsed.valid]).toEqual([operator, value, unit, true]);
  });

  it.each(['保障正常运转', '进位争先', '控制在预算范围内'])('keeps the text target %s', (text) => {
    expect(parseIndicatorTarget(text)).toMatchObject({ value: null, text, valid: true, textual: true });
  });

  it.each(['≥≥10', '10%%', '约100', '80%-90%', '≥十件'])(
    'keeps the malformed %s as text, not valid',
    (text) => {
      expect(parseIndicatorTarget(text)).toMatchObject({ operator: null, value: null, text, valid: false });
    },
  );
});

const table = (rows: Record<string, string | null>[], split = false): Table => ({
  id: 't1',
  kind: 'performance-targets',
  title: '项目支出绩效目标表',
  label: null,
  grammar: 'performance-targets',
  unit: null,
  unitFactor: null,
  pages: [],
  columns: [],
  rows: rows.map((text, i) => ({
    serial: null,
    code: null,
    level: null,
    parentCode: null,
    label: null,
    labelPrinted: null,
    values: {},
    text,
    cells: split ? {} : { target: { printed: text.target ?? '', gridColumn: 4, place: { page: 3 } } },
    flags: [],
    gridLine: i,
  })),
  empty: false,
  notes: [],
  meta: { 项目名称: '信访工作经费', 绩效目标: '保障运转。', 项目资金: '350万元' },
  fragments: [],
});

describe('annotateIndicators', () => {
  it('parses target columns and reports malformed targets as info diagnostics', () => {
    const t = table([
      { level1: '产出指标', level2: '数量指标', level3: '值班天数', target: '≥100天' },
      { level1: '产出指标', level2: '数量指标', level3: '案件数', target: '≥≥10' },
      { level1: '产出指标', level2: '质量指标', level3: '比例', target: '10%%' },
      { level1: '效果指标', level2: '社会效益指标', level3: '运转', target: '保障正常运转' },
    ]);
    const diagnostics = annotateIndicators([t]);
    expect(t.rows.map((r) => r.indicator?.valid)).toEqual([true, false, false, true]);
    expect(t.rows[0]!.indicator).toEqual({
      level1: '产出指标',
      level2: '数量指标',
      level3: '值班天数',
      operator: '≥',
      value: '100',
      unit: '天',
      text: '≥100天',
      valid: true,
    });
    expect(diagnostics.map((d) => [d.ruleId, d.severity, d.row, d.actual, d.place?.page])).toEqual([
      ['indicator-unparsed', 'info', 1, '≥≥10', 3],
      ['indicator-unparsed', 'info', 2, '10%%', 3],
    ]);
  });

  it('joins split 符号 | 值 | 单位 columns; 文字描述 means a text target', () => {
    const t = table(
      [
        { level3: '解决信访案件', operator: '≥', target_value: '10', target_unit: '件' },
        { level3: '保障日常办公', operator: '文字描述', target_value: null, target_unit: '各项工作正常开展' },
        { level3: '息诉罢访案件', operator: '=', target_value: '100', target_unit: '%' },
      ],
      true,
    );
    expect(annotateIndicators([t])).toEqual([]);
    expect(
      t.rows.map((r) => [r.indicator?.operator, r.indicator?.value, r.indicator?.unit, r.indicator?.text]),
    ).toEqual([
      ['≥', '10', '件', '≥10件'],
      [null, null, null, '各项工作正常开展'],
      ['=', '100', '%', '=100%'],
    ]);
  });

  it('reads 指标性质 | 指标值 | 计量单位: the unit column is the unit as printed, nothing added twice', () => {
    const t = table(
      [
        { level3: '提交找矿靶区数量', operator: '≥', target: '7', target_unit: '处' },
        { level3: '劳务派遣人员经费', operator: '≤', target: '15000', target_unit: '元/人*月' },
        { level3: '采购设备数量', operator: '＝', target: '5', target_unit: '个（台、套、件、辆）' },
        { level3: '服务质量', operator: '＝', target: '优', target_unit: '' },
        { level3: '满意度', operator: '≥', target: '≥95%', target_unit: '%' },
        { level3: '完成时限', operator: '≤', target: '求12月', target_unit: '' },
      ],
      true,
    );
    const diagnostics = annotateIndicators([t]);
    expect(
      t.rows.map((r) => [r.indicator?.operator, r.indicator?.value, r.indicator?.unit, r.indicator?.text]),
    ).toEqual([
      ['≥', '7', '处', '≥7处'],
      ['≤', '15000', '元/人*月', '≤15000元/人*月'],
      ['=', '5', '个（台、套、件、辆）', '＝5个（台、套、件、辆）'],
      [null, null, null, '优'],
      ['≥', '95', '%', '≥95%'],
      [null, null, null, '≤求12月'],
    ]);
    expect(diagnostics.map((d) => [d.row, d.actual])).toEqual([[5, '≤求12月']]);
  });

  it('reads a name or target printed under the twin of a header spanning two grid columns', () => {
    const t = table([
      { level1: '产出指标', level3: '', level3_2: '受训学员满意率', target: '≥95%' },
      { level1: '产出指标', level3: '培训人次', level3_2: '', target: '', target_2: '≥100人次' },
      { level1: '产出指标', level3: '办件量', level3_2: '办件量（件）', target: '≥10件' },
    ]);
    annotateIndicators([t]);
    expect(t.rows.map((r) => [r.indicator?.level3, r.indicator?.text])).toEqual([
      ['受训学员满意率', '≥95%'],
      ['培训人次', '≥100人次'],
      ['办件量', '≥10件'],
    ]);
  });

  it('reads the category names printed before an indicator’s name where the form has no column for them', () => {
    const t = table([
      {
        level3: '产出指标数量指标协调推进轨道交通建设线路数量',
        operator: '≥',
        target: '9',
        target_unit: '条',
      },
      { level3: '成本指标经济成本指标努力压减一般性支出', operator: '定性', target: '优', target_unit: '' },
      { level3: '产出指标办件量', operator: '≥', target: '10', target_unit: '件' },
      { level1: '产出指标', level3: '产出指标数量指标重复', operator: '≥', target: '1', target_unit: '次' },
    ]);
    annotateIndicators([t]);
    expect(t.rows.map((r) => [r.indicator?.level1, r.indicator?.level2, r.indicator?.level3])).toEqual([
      ['产出指标', '数量指标', '协调推进轨道交通建设线路数量'],
      ['成本指标', '经济成本指标', '努力压减一般性支出'],
      [null, null, '产出指标办件量'],
      ['产出指标', null, '产出指标数量指标重复'],
    ]);
  });
});
