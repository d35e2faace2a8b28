import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS_NEWER_THAN_DEV_TRUTH } from '../scripts/corpus-score.js';
import { BudgetIngestError, loadGrammarFile, loadGrammars, parse, TABLE_KINDS } from '../src/index.js';
import { classifyTitle } from '../src/recognize/title.js';
import { CORPUS, HAS_CORPUS, ROOT } from './helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'grammar-'));
const write = (name: string, content: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};
const valid = JSON.parse(readFileSync(`${ROOT}grammars/tables/fixed-assets.json`, 'utf8'));

const errorOf = (fn: () => unknown): BudgetIngestError => {
  try {
    fn();
  } catch (error) {
    return error as BudgetIngestError;
  }
  throw new Error('expected an error');
};

describe('table grammars', () => {
  it('ships one grammar per canonical kind', () => {
    const kinds = loadGrammars().grammars.map((g) => g.kind);
    expect([...kinds].sort()).toEqual(TABLE_KINDS.filter((k) => k !== 'other').sort());
  });

  it('fails on a broken grammar file with the file and the field named', () => {
    const missing = write('missing.json', { ...valid, titles: { include: [] } });
    const error = errorOf(() => loadGrammarFile(missing));
    expect(error).toBeInstanceOf(BudgetIngestError);
    expect(error.code).toBe('grammar-invalid');
    expect(error.message).toContain(missing);
    expect(error.message).toContain('titles.include');

    const badColumn = write('bad-column.json', {
      ...valid,
      columns: [{ id: 'Bad Id', role: 'amount', headers: ['x'] }],
    });
    expect(errorOf(() => loadGrammarFile(badColumn)).message).toMatch(
      /bad-column\.json: field "columns\.0\.id"/,
    );

    const badRole = write('bad-role.json', {
      ...valid,
      columns: [{ id: 'x', role: 'money', headers: ['x'] }],
    });
    expect(errorOf(() => loadGrammarFile(badRole)).message).toContain('columns.0.role');

    const badRegex = write('bad-regex.json', { ...valid, titles: { include: ['(unclosed'] } });
    expect(errorOf(() => loadGrammarFile(badRegex)).message).toContain('titles.include.0');

    const notJson = write('not-json.json', '{ nope');
    expect(errorOf(() => loadGrammarFile(notJson)).message).toContain('not-json.json');

    const unknownField = write('unknown.json', { ...valid, colums: [] });
    expect(errorOf(() => loadGrammarFile(unknownField)).message).toContain('unknown.json');
  });

  it('ignores __proto__ keys in grammar files', () => {
    const file = write('proto.json', `{"__proto__": {"polluted": true}, ${JSON.stringify(valid).slice(1)}`);
    loadGrammarFile(file);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts a user grammar that names a new table and its columns', () => {
    const custom = write('meeting.json', {
      id: 'fixed-assets',
      kind: 'fixed-assets',
      name: '资产表（自定义）',
      priority: 100,
      titles: { include: ['会议费'] },
      columns: [{ id: 'value', role: 'amount', headers: ['会议费预算'] }],
    });
    const md = '# 会议费明细表\n\n单位：万元\n\n项目\t会议费预算\n合计\t3.20\n';
    expect(parse(md).document.tables[0]?.kind).toBe('other');
    const table = parse(md, { grammars: [custom] }).document.tables[0];
    expect(table?.kind).toBe('fixed-assets');
    expect(table?.rows[0]?.values).toEqual({ value: '3.20' });
  });

  it('lets a user file extend a shipped kind with a title, a column and a row wording', () => {
    const extension = write('three-public-plus.json', {
      extends: 'three-public-expenses',
      titles: { include: ['公务开支表'] },
      columns: [{ id: 'overseas', role: 'amount', headers: ['出访费'] }],
      rows: [{ key: 'reception', labels: ['^招待费$'] }],
    });
    const md = '# 公务开支表\n\n单位：万元\n\n项目\t出访费\t合计\n招待费\t\t2.50\n合计\t1.00\t3.50\n';
    expect(parse(md).document.tables[0]?.kind).toBe('other');
    const table = parse(md, { grammars: [extension] }).document.tables[0];
    expect(table?.kind).toBe('three-public-expenses');
    expect(table?.columns.map((c) => c.id)).toEqual(['label', 'overseas', 'total']);
    expect(table?.rows.map((r) => r.key)).toEqual(['reception', 'grand_total']);
    // The shipped wordings still hold.
    expect(table?.grammar).toBe('three-public-expenses');
    const shipped = loadGrammars([extension]).grammars.find((g) => g.id === 'three-public-expenses')!;
    expect(shipped.titles.include).toContain('三公');
  });

  it('lets a user file extend the summary grammar: a fact source the checks use too', () => {
    const extension = write('summary-plus.json', {
      extends: 'summary',
      facts: { operating_costs: [{ kind: 'basic-expenditure', row: 'operating_costs', column: ['total'] }] },
      names: { operating_costs: '机关运行经费（本省口径）' },
    });
    const md =
      '# 基本支出表\n\n单位：万元\n\n项目\t合计\n人员经费\t20.00\n机关运行经费\t3.00\n合计\t23.00\n\n' +
      '## 情况说明\n\n本部门机关运行经费5.00万元。\n';
    const plain = parse(md).document;
    expect(plain.summary.operating_costs?.source.prose).toBe(true);
    const extended = parse(md, { grammars: [extension] }).document;
    expect(extended.summary.operating_costs?.source).toMatchObject({
      kind: 'basic-expenditure',
      printed: '3.00',
    });
    expect(extended.summary.operating_costs?.sources.at(-1)?.prose).toBe(true);
    // The prose-vs-table check compares the narrative's 5.00 with the cell the user's source names.
    const reported = (d: typeof plain) => d.diagnostics.filter((x) => x.ruleId === 'prose-vs-table');
    expect(reported(plain)).toEqual([]);
    expect(
      reported(extended)
        .map((x) => x.message)
        .join(),
    ).toContain('5.00');
  });

  it('rejects an invalid summary extension, naming the file and field', () => {
    const file = write('bad-summary.json', { extends: 'summary', facts: { no_such_fact: [] } });
    const error = errorOf(() => loadGrammars([file]));
    expect(error.code).toBe('grammar-invalid');
    expect(error.message).toContain('bad-summary.json');
  });

  it('names the unknown grammar an extension points at', () => {
    const file = write('bad-extension.json', { extends: 'no-such-kind', rows: [] });
    const error = errorOf(() => loadGrammars([file]));
    expect(error.code).toBe('grammar-invalid');
    expect(error.message).toContain('field "extends": no grammar with id "no-such-kind"');
  });

  it('classifies real titles from many provinces', () => {
    const set = loadGrammars();
    const cases: [string, string][] = [
      ['部门预算收支总表', 'income-expenditure-summary'],
      ['收入支出决算总表', 'income-expenditure-summary'],
      ['2026年部门财务收支预算总表', 'income-expenditure-summary'],
      ['公开 01 表：收支预算总表', 'income-expenditure-summary'],
      ['2021年部门综合预算收支总表', 'income-expenditure-summary'],
      ['收入决算表', 'income-summary'],
      ['2026 年部门收入总体情况表', 'income-summary'],
      ['表2：2026年市级部门收入预算总表', 'income-summary'],
      ['支出决算表', 'expenditure-summary'],
      ['本年支出总体情况表', 'expenditure-summary'],
      ['2026年预算单位支出预算总表', 'expenditure-summary'],
      ['财政拨款收入支出决算总表', 'fiscal-appropriation-summary'],
      ['2026 年财政拨款收支总体情况表', 'fiscal-appropriation-summary'],
      ['一般公共预算财政拨款支出决算表', 'general-budget-expenditure'],
      ['2026年部门一般公共预算支出功能分类预算表', 'general-budget-expenditure'],
      [
        '２０２１年部门综合预算一般公共预算支出明细表（按支出功能分类科目－不含上年结转）',
        'general-budget-expenditure',
      ],
      ['2026年部门一般公共预算基本支出部门预算经济分类预算表', 'general-budget-basic-expenditure'],
      ['一般公共预算基本支出情况表（按经济分类科目）', 'general-budget-basic-expenditure'],
      ['部门预算政府基金预算财政拨款支出表', 'gov-fund-expenditure'],
      ['2019年部门综合预算政府性基金收支总表', 'gov-fund-expenditure'],
      ['国有资本经营预算财政拨款收入支出决算表', 'state-capital-expenditure'],
      ['2026年部门“三公”经费和机关运行经费预算表', 'three-public-expenses'],
      ['财政拨款安排的行政经费及“三公”经费预算表', 'three-public-expenses'],
      ['一般公共预算项目支出情况表（按经济分类科目）', 'project-expenditure'],
      ['表10：2026年市级部门项目支出预算表', 'project-expenditure'],
      ['2019年部门综合预算专项业务经费支出表', 'project-expenditure'],
      ['2017年政府采购预算表', 'government-procurement'],
      ['部门固定资产占用情况表', 'fixed-assets'],
      ['2026年项目支出绩效目标表', 'performance-targets'],
      ['表11：2026年市级部门项目支出绩效表', 'performance-targets'],
      ['基本支出总表', 'basic-expenditure'],
      ['基本支出预算情况表', 'basic-expenditure'],
      ['部门预算基本支出预算表', 'basic-expenditure'],
      ['财政拨款支出表（功能科目）', 'fiscal-appropriation-expenditure'],
      ['公开 05 表：财政拨款支出预算表', 'fiscal-appropriation-expenditure'],
      ['财政拨款基本支出表（经济科目）', 'fiscal-appropriation-basic-expenditure'],
      ['一般公共预算机关运行经费支出预算表', 'operating-costs'],
      ['2026 年度一般公共预算支出经济分类情况表', 'general-budget-economic-expenditure'],
      ['一般公共预算支出表（按经济分类）', 'general-budget-economic-expenditure'],
      ['部门综合预算一般公共预算支出明细表（按支出经济分类科目）', 'general-budget-economic-expenditure'],
      ['预算11表财政拨款政府购买服务明细表', 'government-purchased-services'],
      ['部门综合预算财政拨款上年结转资金支出表', 'carryover-expenditure'],
      ['2019年部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）', 'other'],
      ['培训费明细表', 'other'],
    ];
    for (const [title, kind] of cases) expect(classifyTitle(title, set)?.kind ?? 'other', title).toBe(kind);
  });

  it.skipIf(!HAS_CORPUS)('classifies every table title of the dev corpus truth', () => {
    const set = loadGrammars();
    const lines = readFileSync(`${CORPUS}truth/tables.tsv`, 'utf8').trim().split('\n').slice(1);
    const misses: string[] = [];
    for (const line of lines) {
      const [, kind, title] = line.split('\t');
      const got = classifyTitle(title!.replace(/\s*\(text-part table\)$/, ''), set)?.kind ?? 'other';
      // The dev truth predates the newer kinds and records those tables as other.
      if (got !== kind && !(kind === 'other' && KINDS_NEWER_THAN_DEV_TRUTH.has(got)))
        misses.push(`${title}: ${got} ≠ ${kind}`);
    }
    expect(lines.length).toBeGreaterThan(200);
    expect(misses).toEqual([]);
  });

  it('classifies every table title of the wild truth (test/truth/wild)', () => {
    const set = loadGrammars();
    const lines = readFileSync(`${ROOT}test/truth/wild/tables.tsv`, 'utf8').trim().split('\n').slice(1);
    const misses: string[] = [];
    for (const line of lines) {
      const [doc, kind, title] = line.split('\t');
      if (/text-part/.test(title!)) continue; // titled by the section heading above, not by a 表 title
      const got = classifyTitle(title!, set)?.kind ?? 'other';
      if (got !== kind) misses.push(`${doc} ${title}: ${got} ≠ ${kind}`);
    }
    expect(lines.length).toBeGreaterThan(200);
    expect(misses).toEqual([]);
  });
});
