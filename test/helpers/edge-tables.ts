/**
 * Generated text tables full of the cells that take the slow paths of reading (blank cells, negative amounts,
 * （）parentheses, thousands separators, full-width digits, dashes, words under amounts, split 类/款/项 codes,
 * units in headers, merged header rows, 栏次 rows, notes), deterministic for a seed: the differential tests of
 * the text-format fast paths parse them and compare with the general path.
 */
import { random } from '../../bench/generate.js';

/** Text formats a generated table is printed in. */
export type EdgeFormat = 'tsv' | 'csv' | 'markdown' | 'html';

const NAMES = [
  '一般公共服务支出',
  '人大事务',
  '行政运行',
  '（一）机关服务',
  '其中：项目支出',
  '1、一般行政管理事务',
];
const CODES = ['201', '20101', '2010101', '2010102', '20102', '2010201', '205', '20501', '2050101'];

/** One printed amount cell, of any of the shapes disclosures print. */
function amountCell(rand: () => number): string {
  const cents = Math.floor(rand() * 10_000_000);
  const plain = (cents / 100).toFixed(2);
  const grouped = Number(plain).toLocaleString('en-US', { minimumFractionDigits: 2 });
  const pick = Math.floor(rand() * 20);
  switch (pick) {
    case 0:
      return '';
    case 1:
      return `-${plain}`;
    case 2:
      return `（${plain}）`;
    case 3:
      return `(${plain})`;
    case 4:
      return grouped;
    case 5:
      return plain.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace('.', '．');
    case 6:
      return '—';
    case 7:
      return '-';
    case 8:
      return ` ${plain} `;
    case 9:
      return String(Math.floor(cents / 100));
    case 10:
      return '0.00';
    case 11:
      return '-0.00';
    case 12:
      return '无';
    case 13:
      return '12.3.4';
    case 14:
      return `${plain}-`;
    case 15:
      return '1 234.50';
    default:
      return plain;
  }
}

/** The rows (header rows first) of a generated table of `rows` data rows. */
export function edgeTableRows(seed: number, rows: number): string[][] {
  const rand = random(seed);
  const split = seed % 3 === 0;
  const out: string[][] = [];
  if (split) {
    out.push(['功能分类科目', '', '', '', '合计（万元）', '基本支出', '', '项目支出']);
    out.push(['类', '款', '项', '科目名称', '', '人员经费', '公用经费', '']);
  } else if (seed % 3 === 1) {
    out.push(['科目编码', '科目名称', '合计', '基本支出', '', '项目支出']);
    out.push(['', '', '', '人员经费', '公用经费', '']);
    out.push(['栏次', '', '1', '2', '3', '4']);
  } else out.push(['科目编码', '科目名称', '合计（万元）', '基本支出', '项目支出']);
  const width = out[0]!.length;
  for (let r = 0; r < rows; r++) {
    const code = CODES[Math.floor(rand() * CODES.length)]!;
    const name = NAMES[Math.floor(rand() * NAMES.length)]!;
    const row: string[] = split
      ? [code.slice(0, 3), code.slice(3, 5), code.slice(5, 7), name]
      : [rand() < 0.1 ? '' : code, rand() < 0.05 ? `${code}${name}` : name];
    while (row.length < width) row.push(amountCell(rand));
    if (r === 0) row.splice(split ? 3 : 1, 1, '合计');
    out.push(row);
  }
  return out;
}

/** A generated table printed in one text format, with a title, a unit line and a note. */
export function edgeTableText(format: EdgeFormat, seed: number, rows: number): string {
  const cells = edgeTableRows(seed, rows);
  const title = `示例市财政局2026年${seed % 2 ? '一般公共预算支出表' : '支出预算总表'}`;
  switch (format) {
    case 'tsv':
      return `${title}\n金额单位：万元\n${cells.map((row) => row.join('\t')).join('\n')}\n注：本表按支出功能分类科目列示。\n`;
    case 'csv':
      return `${title}\n金额单位：万元\n${cells.map((row) => row.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n')}\n`;
    case 'markdown':
      return `## ${title}\n\n金额单位：万元\n\n${cells
        .map(
          (row, i) =>
            `| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |${i === 0 ? `\n|${row.map(() => ' --- ').join('|')}|` : ''}`,
        )
        .join('\n')}\n`;
    case 'html':
      return `<h2>${title}</h2>\n<p>金额单位：万元</p>\n<table>\n${cells
        .map((row, i) => `<tr>${row.map((c) => (i === 0 ? `<th>${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`)
        .join('\n')}\n</table>\n`;
  }
}
