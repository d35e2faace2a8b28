/**
 * Generated disclosures for the scaling bench (`npm run bench -- --scaling`) and the text-format throughput
 * bench (`--throughput`): a budget disclosure of any number of pages and per-project forms, laid out like the
 * real ones (cover, 情况说明 with amounts in prose, per-unit expenditure tables of up to three pages with a 类/款/项
 * code tree from the shipped dictionary that adds up, continued over pages under a repeated header, and 项目支出绩效目标表 forms two to a page), deterministic
 * for a given spec.
 */
import { readFileSync } from 'node:fs';
import { PAGE, PageBuilder, textWidth, writePdf } from './pdf-writer.js';

/** What to generate. */
export interface DisclosureSpec {
  /** Total pages (at least the cover, two narrative pages, one table page and the form pages). */
  pages: number;
  /** Per-project performance forms (two per page). */
  forms: number;
}

/** Pages the forms of a spec take. */
export function formPages(forms: number): number {
  return Math.ceil(forms / 2);
}

/** A small deterministic PRNG (mulberry32); the damage test's mutants use it too. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Amounts in 万元 are kept as whole hundredths to add up exactly. */
const money = (cents: number): string => (cents / 100).toFixed(2);

const DEPARTMENT = '示例市水务局';
const YEAR = 2026;

const PROJECTS = [
  '河道综合治理',
  '水资源监测',
  '防汛抗旱能力提升',
  '供水管网改造',
  '农村饮水安全',
  '水土保持',
  '智慧水务平台运维',
  '水文站网建设',
];
const INDICATORS: [string, string, string, (r: () => number) => string][] = [
  ['产出指标', '数量指标', '完成治理河道长度', (r) => `≥${Math.floor(r() * 90 + 10)}公里`],
  ['产出指标', '数量指标', '监测站点数量', (r) => `${Math.floor(r() * 40 + 5)}个`],
  ['产出指标', '质量指标', '工程验收合格率', () => '100%'],
  ['产出指标', '时效指标', '项目完成时间', () => `${YEAR}年12月底前`],
  ['产出指标', '成本指标', '项目预算控制数', (r) => `≤${Math.floor(r() * 900 + 100)}万元`],
  ['效益指标', '社会效益指标', '防洪能力提升', () => '明显提升'],
  ['效益指标', '生态效益指标', '水质达标率', (r) => `≥${Math.floor(r() * 10 + 90)}%`],
  ['满意度指标', '服务对象满意度指标', '群众满意度', () => '≥90%'],
];
const FILLER =
  '按照市委市政府工作部署，坚持节水优先、空间均衡、系统治理、两手发力的治水思路，统筹推进水资源保障、水安全保障和水生态保护，持续提升水务治理能力和服务水平，确保各项工作任务按期完成。';

/** One row of an expenditure table: code, name, total, basic, project (hundredths of 万元). */
interface TreeRow {
  code: string;
  name: string;
  total: number;
  basic: number;
  project: number;
}

/** A code of the shipped function classification. */
interface CodeEntry {
  code: string;
  level: string;
  name: string;
}

let functionCodes: CodeEntry[] | undefined;

/** The shipped 支出功能分类 dictionary (grammars/codes/function.json), in code order. */
function codes(): CodeEntry[] {
  functionCodes ??= (
    JSON.parse(readFileSync(new URL('../grammars/codes/function.json', import.meta.url), 'utf8')) as {
      entries: CodeEntry[];
    }
  ).entries;
  return functionCodes;
}

/**
 * A 类/款/项 tree of `rows` rows (合计 first) from the shipped dictionary, starting at the `start`-th 类 (at most
 * three 款 per 类 and four 项 per 款), whose parents carry the sums of their children.
 */
function expenditureTree(rows: number, start: number, rand: () => number): TreeRow[] {
  const entries = codes();
  const classes = entries.filter((e) => e.level === '类');
  const out: TreeRow[] = [];
  for (let c = start; out.length < rows - 1 && c < start + classes.length; c++) {
    const cls = classes[c % classes.length]!;
    const classRow: TreeRow = { code: cls.code, name: cls.name, total: 0, basic: 0, project: 0 };
    out.push(classRow);
    const kuans = entries.filter((e) => e.level === '款' && e.code.startsWith(cls.code)).slice(0, 3);
    for (const kuan of kuans) {
      if (out.length >= rows - 1) break;
      const kuanRow: TreeRow = { code: kuan.code, name: kuan.name, total: 0, basic: 0, project: 0 };
      out.push(kuanRow);
      const xiangs = entries.filter((e) => e.level === '项' && e.code.startsWith(kuan.code)).slice(0, 4);
      for (const xiang of xiangs) {
        if (out.length >= rows - 1) break;
        const basic = Math.floor(rand() * 500_000);
        const project = Math.floor(rand() * 800_000);
        out.push({ code: xiang.code, name: xiang.name, total: basic + project, basic, project });
        for (const parent of [kuanRow, classRow]) {
          parent.basic += basic;
          parent.project += project;
          parent.total += basic + project;
        }
      }
    }
  }
  let basic = 0;
  let project = 0;
  for (const row of out)
    if (row.code.length === 3) {
      basic += row.basic;
      project += row.project;
    }
  return [{ code: '', name: '合计', total: basic + project, basic, project }, ...out];
}

function nameAt(names: readonly string[], i: number): string {
  const name = names[i % names.length]!;
  return i < names.length ? name : `${name}${Math.floor(i / names.length) + 1}`;
}

/** Column of a drawn grid: width and whether its text is right-aligned (amounts). */
interface GridColumn {
  width: number;
  right?: boolean;
}

/** Draw a ruled grid with its top at `top`; returns the y below it. */
function drawGrid(
  page: PageBuilder,
  left: number,
  top: number,
  columns: readonly GridColumn[],
  rows: readonly (readonly string[])[],
  rowHeight: number,
  size: number,
  spans: readonly (readonly number[])[] = [],
): number {
  const width = columns.reduce((sum, c) => sum + c.width, 0);
  rows.forEach((cells, r) => {
    const y = top - r * rowHeight;
    page.line(left, y, left + width, y);
    const span = spans[r];
    let x = left;
    let c = 0;
    while (c < columns.length) {
      const n = span?.[c] ?? 1;
      const cellWidth = columns.slice(c, c + n).reduce((sum, col) => sum + col.width, 0);
      page.line(x, y, x, y - rowHeight);
      const text = cells[c] ?? '';
      const w = textWidth(text, size);
      const tx = columns[c]!.right ? x + cellWidth - 3 - w : x + 3;
      page.text(tx, y - rowHeight + (rowHeight - size) / 2 + 1.5, size, text);
      x += cellWidth;
      c += n;
    }
    page.line(left + width, y, left + width, y - rowHeight);
  });
  const bottom = top - rows.length * rowHeight;
  page.line(left, bottom, left + width, bottom);
  return bottom;
}

/** Lines of at most `perLine` characters. */
function wrap(text: string, perLine: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += perLine) out.push(text.slice(i, i + perLine));
  return out;
}

const MARGIN = 50;
const ROW = 17;
const TABLE_COLUMNS: GridColumn[] = [
  { width: 70 },
  { width: 190 },
  { width: 85, right: true },
  { width: 75, right: true },
  { width: 75, right: true },
];
const TABLE_HEADER = ['科目编码', '科目名称', '合计', '基本支出', '项目支出'];
/** Data rows that fit under the repeated header on a continuation page. */
const ROWS_PER_PAGE = Math.floor((PAGE.height - 2 * MARGIN - 3 * ROW) / ROW);

/** Generate a disclosure PDF: cover, narrative, the long table, then the forms; exactly `spec.pages` pages. */
export function generateDisclosurePdf(spec: DisclosureSpec): Uint8Array {
  const rand = random(spec.pages * 7919 + spec.forms);
  const narrativePages = Math.max(2, Math.round(spec.pages * 0.1));
  const tablePages = spec.pages - 1 - narrativePages - formPages(spec.forms);
  if (tablePages < 1)
    throw new Error(
      `generateDisclosurePdf: ${spec.pages} pages cannot hold ${spec.forms} forms and the rest`,
    );
  // Tables of up to three pages each, one per unit of the department, alternating two kinds.
  const tables: { title: string; tree: TreeRow[]; pages: number }[] = [];
  for (let left = tablePages, t = 0; left > 0; t++) {
    const span = Math.min(3, left);
    left -= span;
    const unit = t === 0 ? DEPARTMENT : `${DEPARTMENT}所属第${t}单位`;
    const title = `${unit}${YEAR}年${t % 2 === 0 ? '支出预算总表' : '一般公共预算支出表'}`;
    tables.push({ title, tree: expenditureTree(span * ROWS_PER_PAGE - 3, t * 5, rand), pages: span });
  }
  const totals = tables[0]!.tree[0]!;
  const pages: PageBuilder[] = [];

  const cover = new PageBuilder();
  cover.text(120, 560, 26, `${DEPARTMENT}${YEAR}年部门预算`);
  cover.text(230, 200, 14, `${YEAR}年2月`);
  pages.push(cover);

  // 情况说明: headings and paragraphs, amounts in prose that the facts reader finds.
  const perLine = Math.floor((PAGE.width - 2 * MARGIN) / 11);
  const facts = [
    `一、${YEAR}年部门预算收支总体情况`,
    `${DEPARTMENT}${YEAR}年收入预算${money(totals.total)}万元，支出预算${money(totals.total)}万元，其中基本支出${money(totals.basic)}万元，项目支出${money(totals.project)}万元。`,
    `二、${YEAR}年一般公共预算支出情况`,
    `一般公共预算支出${money(totals.total)}万元，主要用于保障机构正常运转和水务重点项目。`,
  ];
  for (let p = 0; p < narrativePages; p++) {
    const page = new PageBuilder();
    let y = PAGE.height - MARGIN - 20;
    const paragraphs = p === 0 ? facts : [`${'三四五六七八九十'[p % 8]}、其他重要事项的情况说明`];
    while (y > MARGIN + 40) {
      const text = paragraphs.shift() ?? FILLER;
      const heading = /^[一二三四五六七八九十]、/.test(text);
      for (const line of heading ? [text] : wrap(`　　${text}`, perLine)) {
        if (y <= MARGIN + 40) break;
        page.text(MARGIN, y, heading ? 12 : 11, line);
        y -= 20;
      }
      y -= 6;
    }
    pages.push(page);
  }

  // The tables: title and unit on the first page, the header repeated on every page.
  for (const table of tables) {
    let next = 0;
    for (let p = 0; p < table.pages; p++) {
      const page = new PageBuilder();
      let top = PAGE.height - MARGIN;
      if (p === 0) {
        page.text(MARGIN, top, 15, table.title);
        page.text(MARGIN, top - 24, 10, `单位名称：${DEPARTMENT}`);
        page.text(440, top - 24, 10, '金额单位：万元');
        top -= 34;
      }
      const rows: string[][] = [TABLE_HEADER];
      const room = Math.floor((top - MARGIN) / ROW) - 1;
      for (const row of table.tree.slice(next, next + room))
        rows.push([row.code, row.name, money(row.total), money(row.basic), money(row.project)]);
      next += room;
      drawGrid(page, MARGIN, top, TABLE_COLUMNS, rows, ROW, 9);
      pages.push(page);
    }
  }

  // Forms: two per page, each a ruled grid with its project rows, the indicator header and its indicators.
  const formColumns: GridColumn[] = [{ width: 80 }, { width: 95 }, { width: 160 }, { width: 160 }];
  for (let f = 0; f < spec.forms; f += 2) {
    const page = new PageBuilder();
    let top = PAGE.height - MARGIN;
    for (const k of [f, f + 1]) {
      if (k >= spec.forms) break;
      page.text(170, top, 14, `${YEAR}年项目支出绩效目标表`);
      top -= 12;
      const amount = money(Math.floor(rand() * 5_000_000));
      const rows = [
        ['项目名称', `${nameAt(PROJECTS, k)}项目`],
        ['主管部门', DEPARTMENT, '实施单位', `${DEPARTMENT}机关`],
        ['项目资金（万元）', amount],
        ['年度目标', `完成${nameAt(PROJECTS, k)}年度任务，保障项目按期实施。`],
        ['一级指标', '二级指标', '三级指标', '指标值'],
        ...INDICATORS.map(([a, b, c, value]) => [a, b, c, value(rand)]),
      ];
      const spans = [
        [1, 3],
        [1, 1, 1, 1],
        [1, 3],
        [1, 3],
      ];
      top = drawGrid(page, MARGIN, top, formColumns, rows, ROW, 9, spans) - 40;
    }
    pages.push(page);
  }
  return writePdf(pages, `${DEPARTMENT}${YEAR}年部门预算`);
}

/** Text formats of the throughput bench. */
export type TextFormat = 'markdown' | 'tsv' | 'html';

/** The rows of one expenditure table as printed cells (header first). */
function tableCells(tree: readonly TreeRow[]): string[][] {
  return [
    TABLE_HEADER,
    ...tree.map((r) => [r.code, r.name, money(r.total), money(r.basic), money(r.project)]),
  ];
}

/**
 * A text disclosure of at least `bytes` UTF-8 bytes: markdown or an HTML fragment (per unit a paragraph of
 * prose, then its expenditure table under its title and unit), or one TSV table (title and unit lines, header, rows; its code tree
 * repeats the dictionary's codes once it runs out of them).
 */
export function generateDisclosureText(format: TextFormat, bytes: number): string {
  const rand = random(bytes + format.length);
  const parts: string[] = [];
  let size = 0;
  const push = (text: string): void => {
    parts.push(text);
    size += Buffer.byteLength(text);
  };
  if (format === 'tsv') {
    push(`${DEPARTMENT}${YEAR}年一般公共预算支出表\n金额单位：万元\n${TABLE_HEADER.join('\t')}\n`);
    for (let start = 0; size < bytes; start += 3)
      for (const row of tableCells(expenditureTree(200, start, rand)).slice(2)) push(`${row.join('\t')}\n`);
    return parts.join('');
  }
  const html = format === 'html';
  push(html ? `<h1>${DEPARTMENT}${YEAR}年部门预算</h1>\n` : `# ${DEPARTMENT}${YEAR}年部门预算\n\n`);
  for (let t = 0; size < bytes; t++) {
    const unit = t === 0 ? DEPARTMENT : `${DEPARTMENT}所属第${t}单位`;
    const title = `${unit}${YEAR}年${t % 2 === 0 ? '支出预算总表' : '一般公共预算支出表'}`;
    const cells = tableCells(expenditureTree(120, t * 5, rand));
    const total = cells[1]![2]!;
    const prose = `${unit}${YEAR}年支出预算${total}万元。${FILLER}`;
    if (html) {
      push(`<p>${prose}</p>\n\n<h2>${title}</h2>\n\n<p>金额单位：万元</p>\n\n<table>\n`);
      for (const [i, row] of cells.entries()) {
        const tag = i === 0 ? 'th' : 'td';
        push(`<tr>${row.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>\n`);
      }
      push('</table>\n\n');
    } else {
      push(`${prose}\n\n## ${title}\n\n金额单位：万元\n\n`);
      for (const [i, row] of cells.entries()) {
        push(`| ${row.join(' | ')} |\n`);
        if (i === 0) push(`|${row.map(() => ' --- ').join('|')}|\n`);
      }
      push('\n');
    }
  }
  return parts.join('');
}
