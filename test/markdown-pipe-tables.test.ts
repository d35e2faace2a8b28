import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateDisclosureText } from '../bench/generate.js';
import { extractMarkdownLayout } from '../src/extract/markdown/index.js';
import { liftPipeTables } from '../src/extract/markdown/pipe-tables.js';
import { SEED_SAMPLE } from './helpers/paths.js';

// Plain pipe tables are read without remark (speed); the layout must be exactly what remark gives, positions
// and offsets included, for tables read that way and for every table left to remark.
const both = (md: string) => ({
  lifted: extractMarkdownLayout(md),
  remark: extractMarkdownLayout(md, { liftPipeTables: false }),
});
const lifted = (md: string) => liftPipeTables(md, md.split('\n')).tables.size;

const TABLE =
  '| 科目编码 | 科目名称 | 合计 |\n| --- | :--- | ---: |\n| 201 | 一般公共服务支出 | 1,186.35 |\n| 20101 | 人大事务 | 86.35 |';

const CASES: Record<string, string> = {
  'table at the start, prose after': `${TABLE}\n\n说明文字。\n`,
  'table after a heading, at the end without a line end': `# 标题\n\n金额单位：万元\n\n${TABLE}`,
  'two tables and a list between them': `${TABLE}\n\n- 一、甲\n- 二、乙\n\n${TABLE}\n`,
  'lists before and after (the table keeps them apart)': `- 甲\n\n${TABLE}\n\n- 乙\n`,
  'an empty cell, a short row (left to remark)': `| 甲 | 乙 |\n| --- | --- |\n|  | 1.00 |\n| 2.00 |\n`,
  'a cell with emphasis (left to remark)': `| 甲 | 乙 |\n| --- | --- |\n| **合计** | 1.00 |\n`,
  'an escaped pipe (left to remark)': `| 甲 | 乙 |\n| --- | --- |\n| a\\|b | 1.00 |\n`,
  'an entity and a link (left to remark)': `| 甲 | 乙 |\n| --- | --- |\n| a &amp; b | [x](y) |\n`,
  'a table interrupting a paragraph (left to remark)': `说明\n${TABLE}\n`,
  'a row without pipes continues the table (left to remark)': `${TABLE}\n合计 2\n`,
  'a table inside a fenced block': `\`\`\`\n${TABLE}\n\`\`\`\n\n${TABLE}\n`,
  'a table inside an HTML comment over blank lines': `<!--\n\n${TABLE}\n\n-->\n\n${TABLE}\n`,
  'a page-break mark before a table': `甲\f${TABLE}\n`,
  'CRLF line ends (left to remark)': `${TABLE.replace(/\n/g, '\r\n')}\r\n`,
  'trailing spaces after a row (left to remark)': `| 甲 | 乙 |  \n| --- | --- |\n| 1 | 2 |   \n\n尾。`,
  'a header shorter than the placeholder': `|甲|乙|\n|-|-|\n|1|2|\n`,
  'indented table (left to remark)': `  | 甲 | 乙 |\n  | --- | --- |\n  | 1 | 2 |\n`,
  'a table in a blockquote': `> ${TABLE.replace(/\n/g, '\n> ')}\n`,
  'delimiter row of another width': `| 甲 | 乙 |\n| --- |\n| 1 | 2 |\n`,
  'a www autolink (left to remark)': `| 甲 | 乙 |\n| --- | --- |\n| www.example.com | 2 |\n`,
};

describe('plain pipe tables read without remark', () => {
  for (const [name, md] of Object.entries(CASES))
    it(`same layout as remark: ${name}`, () => {
      const { lifted: a, remark: b } = both(md);
      expect(a).toEqual(b);
      expect(b.children.length).toBeGreaterThan(0);
    });

  it('the plain cases are lifted and the others are not', () => {
    expect(lifted(CASES['table at the start, prose after']!)).toBe(1);
    expect(lifted(CASES['two tables and a list between them']!)).toBe(2);
    expect(lifted(CASES['trailing spaces after a row (left to remark)']!)).toBe(0);
    expect(lifted(CASES['a header shorter than the placeholder']!)).toBe(1);
    expect(lifted(CASES['a cell with emphasis (left to remark)']!)).toBe(0);
    expect(lifted(CASES['a table interrupting a paragraph (left to remark)']!)).toBe(0);
    expect(lifted(CASES['a row without pipes continues the table (left to remark)']!)).toBe(0);
    expect(lifted(CASES['a table inside a fenced block']!)).toBe(0);
    expect(lifted(CASES['a table inside an HTML comment over blank lines']!)).toBe(0);
    expect(lifted(CASES['CRLF line ends (left to remark)']!)).toBe(0);
  });

  it('same layout as remark on a generated disclosure (many tables, chunked parsing) and the seed sample', () => {
    const md = generateDisclosureText('markdown', 300 * 1024);
    expect(lifted(md)).toBeGreaterThan(20);
    const { lifted: a, remark: b } = both(md);
    expect(a.children.filter((c) => c.type === 'grid').length).toBeGreaterThan(20);
    expect(a).toEqual(b);
    const seed = readFileSync(SEED_SAMPLE, 'utf8');
    const s = both(seed);
    expect(s.lifted).toEqual(s.remark);
  });
});
