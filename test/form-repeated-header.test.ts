import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';

/** A project's targets form whose indicator header is printed again over its second block of indicators. */
const FORM = [
  '# 2026年项目支出绩效目标表',
  '',
  '一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位',
  '产出指标\t数量指标\t培训人次\t≥\t300\t人次',
  '产出指标\t质量指标\t合格率\t≥\t95\t%',
  '一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位',
  '效益指标\t社会效益指标\t群众满意度\t≥\t90\t%',
  '',
].join('\n');

describe('a form that prints its indicator header again', () => {
  it('reads the repeated header as a header, not as an indicator', () => {
    const { document } = parse(FORM, { format: 'tsv' });
    const [table] = document.tables;
    expect(table?.kind).toBe('performance-targets');
    const names = table?.rows.map((row) => row.indicator?.level3);
    expect(names).toEqual(['培训人次', '合格率', '群众满意度']);
    expect(table?.rows.some((row) => Object.values(row.text ?? {}).includes('指标值'))).toBe(false);
  });

  it('keeps a line that prints a header word in one indicator column only (a guard)', () => {
    const text = FORM.replace('群众满意度\t≥\t90\t%', '指标值\t≥\t90\t%');
    const { document } = parse(text, { format: 'tsv' });
    expect(document.tables[0]?.rows.map((row) => row.indicator?.level3)).toContain('指标值');
  });
});
