import { describe, expect, it } from 'vitest';
import type { LayoutBlock } from '../../src/ast/layout.js';
import type { Section } from '../../src/model/schema.js';
import { chineseNumber, narrativeUnits, readMarker, sectionTree } from '../../src/narrative/index.js';
import { buildSections } from '../../src/narrative/sections.js';
import { readNarrative } from './helpers.js';

const titles = (sections: readonly Section[]) => sections.map((s) => s.title);
const para = (text: string, page?: number): LayoutBlock => ({
  type: 'paragraph',
  text,
  prov: page ? [{ page }] : [],
});
const heading = (text: string, depth = 0, page?: number): LayoutBlock => ({
  type: 'heading',
  depth,
  text,
  prov: page ? [{ page }] : [],
});

describe('enumeration markers', () => {
  it.each([
    ['第一部分 部门概况', 'part', 1],
    ['一、部门职责', 'cn', 1],
    ['十二、名词解释', 'cn', 12],
    ['（三）机构设置', 'cn-paren', 3],
    ['(四) 部门整体支出绩效指标', 'cn-paren', 4],
    ['1、收入说明', 'arabic', 1],
    ['2.支出说明', 'arabic', 2],
    ['3．比上年增减情况', 'arabic', 3],
    ['（1）行政运行', 'arabic-paren', 1],
    ['(2) 一般行政管理事务', 'arabic-paren', 2],
    ['③ 其他', 'circled', 3],
    ['二是强化基层基础工作。', 'cn-ordinal', 2],
  ] as const)('%s → %s %d', (text, style, ordinal) => {
    const read = readMarker(text);
    expect(read?.marker.style).toBe(style);
    expect(read?.marker.ordinal).toBe(ordinal);
  });

  it.each(['一般公共预算拨款收入', '三公经费', '2022年预算收入1186.35万元', '1.5万元', '10%'])(
    'reads no marker in %s',
    (text) => {
      expect(readMarker(text)).toBeNull();
    },
  );

  it('reads Chinese numerals', () => {
    expect([
      chineseNumber('一'),
      chineseNumber('十'),
      chineseNumber('十二'),
      chineseNumber('二十三'),
    ]).toEqual([1, 10, 12, 23]);
  });
});

describe('section tree', () => {
  it('nests enumerations printed as paragraphs (no heading markup), by style order', () => {
    const tree = buildSections([
      para('一、部门基本情况'),
      para('（一）部门职责'),
      para('1.贯彻落实国家关于财政的法律法规，起草地方性法规草案。'),
      para('2.拟订本市财政发展规划、政策和改革方案并组织实施。'),
      para('（二）机构设置'),
      para('本部门共有内设机构10个。'),
      para('二、收入预算情况说明'),
      para('(1) 行政运行'),
      para('① 细项'),
    ]);
    expect(titles(tree)).toEqual(['一、部门基本情况', '二、收入预算情况说明']);
    const first = tree[0]!;
    expect(titles(first.children)).toEqual(['（一）部门职责', '（二）机构设置']);
    expect(first.children[0]!.items?.map((i) => i.marker?.ordinal)).toEqual([1, 2]);
    expect(first.children[0]!.children).toEqual([]);
    expect(tree[1]!.children[0]!.title).toBe('(1) 行政运行');
    expect(tree[1]!.children[0]!.children[0]!.marker?.style).toBe('circled');
  });

  it('reads a run-in title: （一）基本支出。基本支出预算…', () => {
    const tree = buildSections([
      heading('三、支出预算情况说明'),
      para('（一）基本支出。基本支出预算 28016.26 万元，占本年支出预算 63.43%。'),
      para('（二）项目支出。项目支出预算 16153.10 万元。'),
    ]);
    expect(titles(tree[0]!.children)).toEqual(['（一）基本支出', '（二）项目支出']);
    expect(tree[0]!.children[0]!.paragraphs[0]).toMatch(/^基本支出预算/);
  });

  it('nests a list restarting at 1 and returns to the outer list at its next ordinal', () => {
    const tree = buildSections([
      heading('五、预算绩效信息', 3),
      heading('（一）总体绩效目标：', 5),
      heading('（二）分项绩效目标：', 2),
      heading('（一）信访问题处理绩效目标情况', 3),
      heading('（二）信访事务管理绩效目标情况', 2),
      heading('（三）工作保障措施：', 2),
      heading('（一）信访业务保障措施', 3),
    ]);
    const five = tree[0]!;
    expect(titles(five.children)).toEqual([
      '（一）总体绩效目标：',
      '（二）分项绩效目标：',
      '（三）工作保障措施：',
    ]);
    expect(titles(five.children[1]!.children)).toEqual([
      '（一）信访问题处理绩效目标情况',
      '（二）信访事务管理绩效目标情况',
    ]);
    expect(titles(five.children[2]!.children)).toEqual(['（一）信访业务保障措施']);
  });

  it('keeps the table of contents as one section of kind contents', () => {
    const tree = buildSections([
      heading('北京市财政局 2026 年度部门预算信息公开'),
      heading('目 录'),
      heading('第一部分 2026 年度部门预算情况说明'),
      heading('一、部门情况说明'),
      heading('二、收入预算情况说明'),
      heading('第一部分 2026 年度部门预算情况说明'),
      heading('一、部门情况说明'),
      para('北京市财政局是市政府组成部门，为正局级，负责全市财政工作，共有内设机构三十二个。'),
    ]);
    const contents = tree.find((s) => s.kind === 'contents');
    expect(contents?.paragraphs).toHaveLength(3);
    const part = tree.at(-1)!;
    expect(part.marker?.style).toBe('part');
    expect(titles(part.children)).toEqual(['一、部门情况说明']);
  });
});

describe('paragraphs rejoined', () => {
  it('across a page break when the first piece has no terminal punctuation', () => {
    const units = narrativeUnits([
      para('（四）参与组织、协调、指导全区社会治安综合治理和维护社会政治稳定工作，协调保障国家、', 3),
      { type: 'pageBreak', page: 4, prov: [] },
      para('省、市、区重大政治活动顺利进行，参与处理影响社会政治稳定的突发性、群体性事件。', 4),
      para('（五）督促检查和指导乡镇的信访工作。', 4),
    ]);
    expect(units).toHaveLength(2);
    expect(units[0]!.text).toContain('协调保障国家、省、市、区重大政治活动');
    expect(units[0]!.parts.map((p) => p.place?.page)).toEqual([3, 4]);
  });

  it('puts a PDF first line taken for a heading back into its paragraph', () => {
    const units = narrativeUnits([
      heading('（一）因公出国（境）费用。2026 年预算数 127.74 万', 0, 8),
      para('元，主要用于公共管理政策交流等工作。', 8),
    ]);
    expect(units).toHaveLength(1);
    expect(units[0]!.type).toBe('paragraph');
    expect(units[0]!.text).toBe(
      '（一）因公出国（境）费用。2026 年预算数 127.74 万元，主要用于公共管理政策交流等工作。',
    );
  });

  it('does not join a lead-in line with the 一是 item that follows, nor a complete sentence', () => {
    const units = narrativeUnits([
      para('坚持系统推进与综合施治并重，打赢四大攻坚战'),
      para('一是坚决打赢集中治理重复信访化解信访积案专项工作攻坚战。'),
      para('二是坚决打赢重点领域信访问题专项治理攻坚战。'),
    ]);
    expect(units).toHaveLength(3);
    const tree = sectionTree(units);
    expect(tree[0]!.items?.map((i) => i.marker?.style)).toEqual(['cn-ordinal', 'cn-ordinal']);
  });

  it('joins markdown paragraphs separated by a blank line', () => {
    const { sections } = readNarrative(
      '### 一、部门职责\n\n（一）协调保障国家、\n\n省、市、区重大政治活动。\n',
    );
    expect(sections[0]?.items?.[0]?.text).toBe('协调保障国家、省、市、区重大政治活动。');
  });
});
