/** Small inputs for the check tests, parsed with the real parser. */
import { type BudgetDocument, parse } from '../../src/index.js';

/** Parse a markdown document (title headings, 金额单位 lines, TSV grids, narrative). */
export function doc(markdown: string): BudgetDocument {
  return parse(markdown, { format: 'markdown', filename: 'test.md' }).document;
}

/** A titled TSV table block in markdown, unit 万元. */
export function table(title: string, header: string, rows: string[], unit = '万元'): string {
  return `## ${title}\n\n金额单位：${unit}\n\n${header}\n${rows.join('\n')}\n\n`;
}

/** 支出总表 header lines (合计 / 基本支出 / 项目支出). */
export const EXPENDITURE_HEADER = '科目编码\t科目名称\t合计\t基本支出\t项目支出';

/** 一般公共预算支出表 header (two header lines: 基本支出 split into 小计/人员经费/公用经费). */
export const GPB_HEADER =
  '科目编码\t科目名称\t合计\t基本支出\t\t\t项目支出\n\t\t\t小计\t人员经费\t公用经费\t';

/** 部门收支总表 header (收入 | 支出, 项目 / 预算数 on each side). */
export const SUMMARY_HEADER = '收入\t\t支出\t\n项目\t预算数\t项目\t预算数';

/** A balanced 部门收支总表: 一般公共预算拨款收入 = 本年收入合计 = 收入总计 = `amount`, the same spent. */
export function incomeSummary(amount: string, unit = '万元'): string {
  return table(
    '部门收支总表',
    SUMMARY_HEADER,
    [
      `一、一般公共预算拨款收入\t${amount}\t一、一般公共服务支出\t${amount}`,
      `本年收入合计\t${amount}\t本年支出合计\t${amount}`,
      `收入总计\t${amount}\t支出总计\t${amount}`,
    ],
    unit,
  );
}
