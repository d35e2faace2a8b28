import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';
import { cleanText, compactKey, foldCompat, stripEnumeration } from '../src/normalize/text.js';
import { findUnit } from '../src/normalize/units.js';

describe('text normalization', () => {
  it('folds radical and compatibility forms and full-width letters/digits, keeps Chinese punctuation', () => {
    // U+2F00 KANGXI RADICAL ONE, U+2F45 KANGXI RADICAL SQUARE (方), U+F9F1 CJK COMPATIBILITY IDEOGRAPH (隣)
    expect(foldCompat('\u2f00般公共预算')).toBe('一般公共预算');
    expect(foldCompat('地\u2f45')).toBe('地方');
    expect(foldCompat('\uf9f1')).toBe('隣');
    expect(foldCompat('ＡＢ１２')).toBe('AB12');
    expect(cleanText('党委办公厅（室）')).toBe('党委办公厅（室）');
  });

  it('removes stray spaces between Han characters and markup', () => {
    expect(cleanText('项 目')).toBe('项目');
    expect(cleanText('合　计')).toBe('合计');
    expect(cleanText('<b>一级指标</b>')).toBe('一级指标');
    expect(cleanText('**5、基本支出：**')).toBe('5、基本支出：');
    expect(cleanText('2022 年部门预算')).toBe('2022 年部门预算');
    expect(compactKey('“三公” 经费 (合计)')).toBe('三公经费（合计）');
  });

  it('strips enumeration markers', () => {
    expect(stripEnumeration('一、一般公共预算拨款收入')).toBe('一般公共预算拨款收入');
    expect(stripEnumeration('（一）研究提出')).toBe('研究提出');
    expect(stripEnumeration('1、房屋（平方米）')).toBe('房屋（平方米）');
    expect(stripEnumeration('其中：公务用车购置费')).toBe('公务用车购置费');
    expect(stripEnumeration('2013101')).toBe('2013101');
    expect(stripEnumeration('1.5万元')).toBe('1.5万元');
  });

  it('finds unit declarations', () => {
    expect(findUnit('金额单位：万元')).toBe('万元');
    expect(findUnit('单位：元')).toBe('元');
    expect(findUnit('单位: 千元')).toBe('千元');
    expect(findUnit('价值（金额单位：万元）')).toBe('万元');
    expect(findUnit('（万元）')).toBe('万元');
    expect(findUnit('单位名称：示例局')).toBeNull();
  });
});

describe('codes and labels', () => {
  const split = [
    '# 一般公共预算支出表',
    '',
    '单位：万元',
    '',
    '类\t款\t项\t科目名称\t合计',
    '208\t\t\t社会保障和就业支出\t49.77',
    '\t05\t\t行政事业单位养老支出\t49.77',
    '\t\t01\t行政单位离退休\t18.76',
    '\t\t05\t机关事业单位基本养老保险缴费支出\t31.01',
    '210\t11\t01\t行政单位医疗\t14.46',
    '',
  ].join('\n');

  it('joins split 类/款/项 columns with level and parent, inheriting what is printed once', () => {
    const rows = parse(split).document.tables[0]!.rows;
    expect(rows.map((r) => [r.code, r.level, r.parentCode])).toEqual([
      ['208', '类', null],
      ['20805', '款', '208'],
      ['2080501', '项', '20805'],
      ['2080505', '项', '20805'],
      ['2101101', '项', '21011'],
    ]);
    expect(rows[1]!.flags).toContain('code-inherited');
    expect(rows[4]!.flags).not.toContain('code-inherited');
  });

  it('splits a code printed in the label cell', () => {
    const md =
      '# 一般公共预算支出表\n\n单位：万元\n\n科目\t合计\n2013101 行政运行\t348.86\n[20131]党委办公厅（室）及相关机构事务\t348.86\n';
    const rows = parse(md).document.tables[0]!.rows;
    expect(rows.map((r) => [r.code, r.label])).toEqual([
      ['2013101', '行政运行'],
      ['20131', '党委办公厅（室）及相关机构事务'],
    ]);
  });

  it('restores a truncated label from the code dictionary when the document does not know it, and flags it', () => {
    const md =
      '# 一般公共预算支出表\n\n单位：万元\n\n科目编码\t科目名称\t合计\n20131\t党委办公厅（室）及相\t1098.86\n';
    const { document } = parse(md);
    const row = document.tables[0]!.rows[0]!;
    expect(row.label).toBe('党委办公厅（室）及相关机构事务');
    expect(row.labelPrinted).toBe('党委办公厅（室）及相');
    expect(row.flags).toContain('label-restored');
    expect(document.diagnostics.find((d) => d.ruleId === 'label-truncated')?.message).toContain(
      '科目代码词典',
    );
  });

  it('does not "restore" an edition variant printed in several documents', () => {
    const md =
      '# 一般公共预算支出表\n\n单位：万元\n\n科目编码\t科目名称\t合计\n2080505\t机关事业单位基本养老保险缴费\t31.01\n';
    const row = parse(md).document.tables[0]!.rows[0]!;
    expect(row.label).toBe('机关事业单位基本养老保险缴费');
    expect(row.flags).not.toContain('label-restored');
  });

  it('reports an unreadable amount instead of guessing', () => {
    const md = '# 支出总表\n\n单位：万元\n\n科目名称\t合计\n合计\t1,2.3\n';
    const { document } = parse(md);
    expect(document.tables[0]!.rows[0]!.values.total).toBeNull();
    const diagnostic = document.diagnostics.find((d) => d.ruleId === 'amount-unreadable');
    expect(diagnostic).toMatchObject({ severity: 'warning', actual: '1,2.3', column: 'total' });
    expect(diagnostic?.place?.line).toBe(6);
  });
});

describe('two 类 | 款 code groups in one table', () => {
  /** A TSV table under a title and a unit line, its header printed on two lines (科目编码 over 类 | 款). */
  const coded = (title: string, header: string[], lines: string[]) =>
    parse([`# ${title}`, '', '单位：万元', '', ...header, ...lines, ''].join('\n')).document.tables[0]!.rows;

  it('takes a row’s code from its first group; a second group beside it keeps its cells', () => {
    const rows = coded(
      '一般公共预算基本支出情况表',
      [
        '科目编码\t\t部门预算支出经济分类科目名称\t科目编码\t\t政府预算支出经济分类科目名称\t合计',
        '类\t款\t\t类\t款\t\t',
      ],
      [
        '301\t\t工资福利支出\t501\t\t机关工资福利支出\t30.00',
        '301\t01\t基本工资\t501\t01\t工资奖金津补贴\t30.00',
      ],
    );
    expect(rows.map((r) => [r.code, r.label])).toEqual([
      ['301', '工资福利支出'],
      ['30101', '基本工资'],
    ]);
    expect(rows[1]!.cells.code_class_2?.printed).toBe('501');
  });

  it('opens each side-by-side block with the code columns printed before its label', () => {
    const rows = coded(
      '一般公共预算财政拨款基本支出决算表',
      ['科目编码\t\t科目名称\t决算数\t科目编码\t\t科目名称\t决算数', '类\t款\t\t\t类\t款\t\t'],
      [
        '301\t\t工资福利支出\t20.00\t302\t\t商品和服务支出\t5.00',
        '301\t01\t基本工资\t20.00\t302\t01\t办公费\t5.00',
      ],
    );
    expect(rows.map((r) => `${r.code} ${r.label} ${r.values.total}`)).toEqual([
      '301 工资福利支出 20.00',
      '302 商品和服务支出 5.00',
      '30101 基本工资 20.00',
      '30201 办公费 5.00',
    ]);
  });
});

describe('codes inferred from names', () => {
  it('infers function codes for a table that prints names only, within the 类 / 款 read above, and flags them', () => {
    const md = [
      '# 一般公共预算支出表',
      '',
      '单位：万元',
      '',
      '功能分类科目名称\t合计',
      '合计\t698.86',
      '一般公共服务支出\t698.86',
      '党委办公厅（室）及相关机构事务\t698.86',
      '行政运行\t348.86',
      '一般行政管理事务\t350.00',
      '',
    ].join('\n');
    const { document } = parse(md);
    const rows = document.tables[0]!.rows;
    expect(rows.map((r) => r.code)).toEqual([null, '201', '20131', '2013101', '2013102']);
    expect(rows[3]!.flags).toContain('code-inferred');
    expect(document.diagnostics.find((d) => d.ruleId === 'code-inferred')?.severity).toBe('info');
    // Guard: with the codes inferred, the hierarchy checks ran on the table.
    expect(document.checks.rules['code-hierarchy']?.run).toBeGreaterThan(0);
  });

  it('takes the code a name has in the document’s year when the name had another code before', () => {
    const md = (year: number) =>
      [
        `# ${year}年部门一般公共预算基本支出表`,
        '',
        '单位：万元',
        '',
        '科目名称\t合计\t人员经费\t公用经费',
        '合计\t100.00\t100.00\t',
        '工资福利支出\t100.00\t100.00\t',
        '基本工资\t60.00\t60.00\t',
        '住房公积金\t30.00\t30.00\t',
        '其他社会保障缴费\t10.00\t10.00\t',
        '',
      ].join('\n');
    const codeOf = (year: number) =>
      parse(md(year)).document.tables[0]!.rows.find((r) => r.label === '其他社会保障缴费')?.code;
    expect(codeOf(2026)).toBe('30112');
    expect(codeOf(2017)).toBe('30104');
  });

  it('infers nothing when too few names resolve', () => {
    const md =
      '# 一般公共预算支出表\n\n单位：万元\n\n功能分类科目名称\t合计\n一般公共服务支出\t10.00\n某某自造事务\t5.00\n另一自造事务\t5.00\n';
    const rows = parse(md).document.tables[0]!.rows;
    expect(rows.every((r) => r.code === null)).toBe(true);
  });
});

describe('words under amount columns', () => {
  const md = (title: string) =>
    [
      `# ${title}`,
      '',
      '单位：万元',
      '',
      '单位名称\t金额',
      '信访局\t120.00',
      '接待中心\t20.00',
      '督查室\t10.00',
      '年度目标\t做好信访接待工作',
      '',
    ].join('\n');
  it('keeps the words of a form (绩效目标表) as text, without an unreadable-amount warning', () => {
    const { document } = parse(md('信访工作经费绩效目标表'));
    const table = document.tables[0]!;
    expect(table.kind).toBe('performance-targets');
    expect(table.columns.find((c) => c.role === 'amount')).toBeDefined(); // the words sit under an amount column
    const words = table.rows.find((r) => Object.values(r.text ?? {}).includes('做好信访接待工作'));
    expect(words).toBeDefined();
    expect(document.diagnostics.filter((d) => d.ruleId === 'amount-unreadable')).toEqual([]);
  });
  it('still reports words under an amount column of a financial table', () => {
    const { document } = parse(md('部门支出总表'));
    expect(document.diagnostics.filter((d) => d.ruleId === 'amount-unreadable').map((d) => d.actual)).toEqual(
      ['做好信访接待工作'],
    );
  });
});

describe('header rows of a table published empty', () => {
  it('stops the header at the first line of enumerated items, although every amount is blank', () => {
    const md = [
      '# 2019年部门综合预算政府性基金收支总表',
      '',
      '单位：万元',
      '',
      '收入\t\t支出\t\t支出\t',
      '项目\t预算数\t支出功能分类科目（按大类）\t预算数\t部门预算支出经济分类科目（按大类）\t预算数',
      '一、政府性基金拨款\t\t一、科学技术\t\t一、人员经费和公用经费支出\t',
      '\t\t二、文化旅游体育与传媒\t\t工资福利支出\t',
      '\t\t三、社会保障和就业\t\t商品和服务支出\t',
      '本年收入合计\t\t本年支出合计\t\t本年支出合计\t',
      '',
    ].join('\n');
    const { document } = parse(md);
    const table = document.tables[0]!;
    expect(table.columns.every((c) => c.header.length <= 2)).toBe(true);
    // The item lines are data (kept as text under the block's name column), not header paths.
    expect(table.rows.some((r) => Object.values(r.text ?? {}).includes('工资福利支出'))).toBe(true);
    expect(document.diagnostics.filter((d) => d.ruleId === 'amount-unreadable')).toEqual([]);
  });
});

describe('notes printed inside a grid', () => {
  it('takes a 注： line spanning the columns out of the rows and into the table notes', () => {
    const md = [
      '# 财政拨款结转资金支出表',
      '',
      '单位：万元',
      '',
      '项目名称\t项目类别\t金额',
      '办公设备购置\t项目支出\t9.00',
      '信息系统运维\t项目支出\t2.61',
      '注：项目类别指基本支出或项目支出。\t注：项目类别指基本支出或项目支出。\t注：项目类别指基本支出或项目支出。',
      '',
    ].join('\n');
    const { document } = parse(md);
    const table = document.tables[0]!;
    expect(table.rows.map((r) => r.label)).toEqual(['办公设备购置', '信息系统运维']);
    expect(table.notes).toEqual(['注：项目类别指基本支出或项目支出。']);
    expect(document.diagnostics.filter((d) => d.ruleId === 'amount-unreadable')).toEqual([]);
  });
});
