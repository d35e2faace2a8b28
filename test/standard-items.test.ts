import { describe, expect, it } from 'vitest';
import { shippedText } from '../src/grammar/files.js';
import { parse } from '../src/index.js';
import { loadCodeDictionary } from '../src/normalize/code-dictionary.js';
import { isCatchAll, StandardItemsFile, standardItem } from '../src/normalize/standard-items.js';

const file = StandardItemsFile.parse(JSON.parse(shippedText('codes/standard-items.json')));
const items = file.items;

describe('standard items of the function classification (grammars/codes/standard-items.json)', () => {
  it('agree with every 项 the code dictionary names so', () => {
    const dictionary = loadCodeDictionary();
    let seen = 0;
    for (const { name, suffix } of items)
      for (const entry of dictionary.entries('function'))
        if (entry.level === '项' && entry.name === name) {
          seen++;
          expect(entry.code.slice(-2), `${entry.code} ${name}`).toBe(suffix);
        }
    expect(seen).toBeGreaterThan(50);
  });

  it('number every catch-all 款 and 项 of the dictionary as its suffix says (99 其他…)', () => {
    const { suffix, prefix } = file.catchAll!;
    const numbered = loadCodeDictionary()
      .entries('function')
      .filter((e) => e.level !== '类' && e.code.endsWith(suffix));
    expect(numbered.length).toBeGreaterThan(90);
    for (const entry of numbered) expect(entry.name.startsWith(prefix), entry.code).toBe(true);
    expect(isCatchAll('2013899', '其他市场监督管理事务')).toBe(true);
    expect(isCatchAll('2013898', '其他市场监督管理事务')).toBe(false);
    expect(isCatchAll('2013899', '市场监督管理事务')).toBe(false);
  });

  it('give the code under a 款 the dictionary lacks it for, never over another name', () => {
    const dictionary = loadCodeDictionary();
    expect(dictionary.lookup('2040203')).toBeUndefined();
    expect(standardItem(dictionary, '20402', '机关服务')?.code).toBe('2040203');
    expect(standardItem(dictionary, '20101', '事 业 运 行')?.code).toBe('2010150');
    // 2050201 is 学前教育: 行政运行 is not guessed over it.
    expect(standardItem(dictionary, '20502', '行政运行')).toBeUndefined();
    expect(standardItem(dictionary, '20402', '执法办案')).toBeUndefined();
  });

  it('let a table printing names only be coded and checked (杭州: 机关服务, 事业运行 under 公安)', () => {
    const tsv = [
      '2026年一般公共预算支出表',
      '金额单位：万元',
      '科目名称\t合计\t基本支出\t项目支出',
      '合计\t100.00\t70.00\t30.00',
      '公共安全支出\t100.00\t70.00\t30.00',
      '公安\t100.00\t70.00\t30.00',
      '行政运行\t60.00\t60.00\t0.00',
      '机关服务\t5.00\t5.00\t0.00',
      '事业运行\t5.00\t5.00\t0.00',
      '执法办案\t30.00\t0.00\t30.00',
    ].join('\n');
    const { document } = parse(tsv, { format: 'tsv' });
    const rows = document.tables[0]?.rows ?? [];
    expect(rows.map((r) => r.code)).toEqual([
      null,
      '204',
      '20402',
      '2040201',
      '2040203',
      '2040250',
      '2040220',
    ]);
    expect(rows.slice(1).every((r) => r.flags.includes('code-inferred'))).toBe(true);
    const hierarchy = document.checks.rules['code-hierarchy'];
    expect(hierarchy?.checks['kuan-equals-sum-of-xiang']?.passed).toBe(3);
    expect(document.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('make a printed standard item under its 款 a known code, and leave a wrong suffix reported', () => {
    const tsv = (rows: string[]) =>
      [
        '2026年一般公共预算支出表',
        '金额单位：万元',
        '科目编码\t科目名称\t合计\t基本支出\t项目支出',
        '201\t一般公共服务支出\t10.00\t10.00\t0.00',
        '20138\t市场监督管理事务\t10.00\t10.00\t0.00',
        ...rows,
      ].join('\n');
    const unknown = (rows: string[]) =>
      parse(tsv(rows), { format: 'tsv' }).document.diagnostics.filter(
        (d) => d.ruleId === 'code-dictionary' && d.actual?.startsWith('20138'),
      );
    expect(loadCodeDictionary().lookup('2013850')).toBeUndefined();
    expect(unknown(['2013850\t事业运行\t10.00\t10.00\t0.00'])).toEqual([]);
    expect(unknown(['2013803\t事业运行\t10.00\t10.00\t0.00']).map((d) => d.actual)).toEqual(['2013803']);
    expect(unknown(['2013899\t其他市场监督管理事务\t10.00\t10.00\t0.00'])).toEqual([]);
    expect(unknown(['2013898\t其他市场监督管理事务\t10.00\t10.00\t0.00']).map((d) => d.actual)).toEqual([
      '2013898',
    ]);
  });
});
