import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';

describe('document scope from table metadata keys', () => {
  const doc = (key: string) =>
    `# 收支预算总表\n\n${key}：中国共产党江苏省委员会办公厅\n\n单位：万元\n\n项目名称\t金额\n一、财政拨款\t20,702.25\n收入合计\t20,702.25\n`;
  it('reads department scope from 部门： and unit scope from 预算单位： when no scope word is printed', () => {
    expect(parse(doc('部门')).document.meta.scope).toBe('department');
    expect(parse(doc('预算单位')).document.meta.scope).toBe('unit');
  });
  it('leaves the scope unknown without a key or scope word', () => {
    expect(parse(doc('填报说明')).document.meta.scope).toBeNull();
  });
});
