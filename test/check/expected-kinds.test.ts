/**
 * What tables a disclosure should hold: its own 目录 when it lists tables, else the core kinds of a full
 * disclosure; a fund's table is excused where the document has no money of that fund.
 */
import { describe, expect, it } from 'vitest';
import { expectedTableKinds, missingTableKinds } from '../../src/check/expected-kinds.js';
import { loadGrammars } from '../../src/grammar/load.js';
import { parse } from '../../src/index.js';

const set = loadGrammars();
const table = (title: string, header: string, rows: string[]) =>
  `# ${title}\n\n单位：万元\n\n${[header, ...rows].join('\n')}\n\n`;
const SUMMARY = table('收支总表', '项目\t预算数\t项目\t预算数', [
  '一般公共预算拨款收入\t10.00\t一般公共服务支出\t10.00',
  '国有资本经营预算拨款收入\t0.00\t\t',
  '收入总计\t10.00\t支出总计\t10.00',
]);
const INCOME = table('收入总表', '科目编码\t科目名称\t合计', ['\t合计\t10.00']);
const EXPENDITURE = table('支出总表', '科目编码\t科目名称\t合计', ['\t合计\t10.00']);
const FISCAL = table('财政拨款收支总表', '项目\t预算数\t项目\t预算数', ['收入总计\t10.00\t支出总计\t10.00']);
const GENERAL = table('一般公共预算支出表', '科目编码\t科目名称\t合计', ['\t合计\t10.00']);
const GENERAL_BASIC = table('一般公共预算基本支出表', '科目编码\t科目名称\t合计', ['\t合计\t10.00']);
const CONTENTS = '# 目录\n\n一、收支总表\n\n二、收入总表\n\n三、支出总表\n\n四、基本支出总表\n\n';

describe('expected table kinds', () => {
  it('holds a document to the tables its 目录 lists', () => {
    const { document } = parse(`${CONTENTS}${SUMMARY}${INCOME}${EXPENDITURE}`);
    const expected = expectedTableKinds(document, set);
    expect(expected.basis).toBe('contents');
    expect(expected.kinds.sort()).toEqual(
      ['basic-expenditure', 'expenditure-summary', 'income-expenditure-summary', 'income-summary'].sort(),
    );
    expect(missingTableKinds(document, set)).toEqual(['basic-expenditure']);
    const warning = document.diagnostics.find(
      (d) => d.ruleId === 'disclosure-quality' && d.message.includes('basic-expenditure'),
    );
    expect(warning?.message).toContain('目录列有');
  });

  it('excuses a fund table where the summary prints the fund as 0, or the prose says there is none', () => {
    const core = [SUMMARY, INCOME, EXPENDITURE, FISCAL, GENERAL, GENERAL_BASIC].join('');
    const { document } = parse(core);
    expect(expectedTableKinds(document, set).basis).toBe('core');
    // 国有资本经营预算拨款收入 0.00: no state-capital table needed; the gov-fund and 三公 tables are missing.
    expect(missingTableKinds(document, set).sort()).toEqual([
      'gov-fund-expenditure',
      'three-public-expenses',
    ]);
    const said = parse(`${core}# 说明\n\n本部门无政府性基金预算拨款收支。\n`).document;
    expect(missingTableKinds(said, set)).toEqual(['three-public-expenses']);
  });

  it('holds a full disclosure to every standard table when its 目录 was read only in part', () => {
    // The 目录 lists three tables; the document holds six standard kinds, some not listed: the 目录 reading
    // stopped short (its later lines ran together elsewhere), so it is no list of the tables.
    const core = [
      SUMMARY,
      INCOME,
      EXPENDITURE,
      FISCAL,
      GENERAL,
      table('三公经费支出表', '项目\t合计', ['合计\t1.00']),
    ].join('');
    const partial = '# 目录\n\n一、收支总表\n\n二、收入总表\n\n三、支出总表\n\n';
    const { document } = parse(`${partial}${core}`);
    expect(expectedTableKinds(document, set).basis).toBe('core');
    expect(missingTableKinds(document, set)).toContain('general-budget-basic-expenditure');
  });

  it('expects nothing of a narrative-only file, whatever its 目录 lists', () => {
    const { document } = parse(`${CONTENTS}# 一、部门概况\n\n本部门主要职责是信访工作。\n`);
    expect(expectedTableKinds(document, set)).toEqual({ basis: 'none', kinds: [] });
  });
});
