/**
 * Checks see what `parse` was given (issue 12): the user's code dictionaries in the code-dictionary check, the
 * user's grammars in disclosure-quality's expected tables.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from '../../src/index.js';
import { EXPENDITURE_HEADER, table } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'bi-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = { level: '项', altNames: [], confidence: 'low', docs: 0, years: [] };
const input = table('部门支出总表', EXPENDITURE_HEADER, [
  '\t合计\t10.00\t6.00\t4.00',
  '2019998\t测试科目\t10.00\t6.00\t4.00',
]);

describe('checks receive the parse’s grammars and code dictionaries', () => {
  it('code-dictionary knows the codes of a user dictionary', () => {
    const unknown = (d: { ruleId: string; message: string }[]) =>
      d.filter((x) => x.ruleId === 'code-dictionary' && x.message.includes('2019998'));
    expect(unknown(parse(input, { format: 'markdown' }).diagnostics)).toHaveLength(1);
    const path = join(dir, 'extra.json');
    writeFileSync(
      path,
      JSON.stringify({
        id: 'extra',
        scheme: 'function',
        entries: [{ ...entry, code: '2019998', name: '测试科目' }],
      }),
    );
    const withUser = parse(input, { format: 'markdown', codeDictionaries: [path] });
    expect(unknown(withUser.diagnostics)).toEqual([]);
  });

  it('disclosure-quality reads the 目录 with a user grammar that extends a shipped kind', () => {
    const path = join(dir, 'basic.json');
    writeFileSync(
      path,
      JSON.stringify({ extends: 'basic-expenditure', titles: { include: ['人头经费汇总表'] } }),
    );
    const part = (title: string, header: string, rows: string[]) =>
      `# ${title}\n\n单位：万元\n\n${[header, ...rows].join('\n')}\n\n`;
    const text =
      '# 目录\n\n一、收支总表\n\n二、收入总表\n\n三、支出总表\n\n四、人头经费汇总表\n\n' +
      part('收支总表', '项目\t预算数\t项目\t预算数', [
        '一般公共预算拨款收入\t10.00\t一般公共服务支出\t10.00',
        '收入总计\t10.00\t支出总计\t10.00',
      ]) +
      part('收入总表', '科目编码\t科目名称\t合计', ['\t合计\t10.00']) +
      part('支出总表', '科目编码\t科目名称\t合计', ['\t合计\t10.00']);
    const missing = (grammars: string[]) =>
      parse(text, { format: 'markdown', grammars }).diagnostics.filter(
        (d) => d.ruleId === 'disclosure-quality' && d.message.includes('basic-expenditure'),
      );
    expect(missing([])).toEqual([]);
    expect(missing([path])).toHaveLength(1);
  });
});
