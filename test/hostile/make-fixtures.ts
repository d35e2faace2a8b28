/**
 * Generator of the hostile inputs (nothing binary is committed): `fixtures` maps a file name to its bytes.
 * The hostile suite writes them to a temporary folder before it runs; `npx tsx test/hostile/make-fixtures.ts
 * DIR` writes them to DIR for a look by hand.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gridLines, makePdf, type PdfPageSpec } from '../pdf/make-pdf.js';
import { pagesPdf } from './pdf-writer.js';

/** Deterministic bytes (xorshift32), so that fixtures are the same on every run. */
export function pseudoRandomBytes(length: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** UTF-16 code units of a text, little- or big-endian, with or without a BOM. */
export function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const units = [...(bom ? '\ufeff' : ''), ...text].join('');
  const out = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    const unit = units.charCodeAt(i);
    out[2 * i + (endian === 'le' ? 0 : 1)] = unit & 0xff;
    out[2 * i + (endian === 'le' ? 1 : 0)] = unit >> 8;
  }
  return out;
}

let gbkTable: Map<string, number[]> | undefined;

/** Encode a text as GBK (two-byte GB18030), from a reverse table of the platform's GB18030 decoder. */
export function gbk(text: string): Uint8Array {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(Uint8Array.of(lead, trail));
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [lead, trail]);
      }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (ch === '\u{20000}')
      bytes.push(0x95, 0x32, 0x82, 0x36); // four-byte GB18030 (not in GBK)
    else {
      const pair = gbkTable.get(ch);
      if (!pair) throw new Error(`no GBK code for ${ch}`);
      bytes.push(...pair);
    }
  }
  return Uint8Array.from(bytes);
}

// ---------------------------------------------------------------------------------------------------------
// Text documents

/** Header of the generated 支出总表. */
export const EXPENDITURE_HEADER = ['科目编码', '科目名称', '合计', '基本支出', '项目支出'] as const;

/** A consistent 支出总表 (合计 = Σ 类 = Σ 款 = Σ 项; 合计 = 基本 + 项目) as TSV lines. */
export const EXPENDITURE_ROWS = [
  ['', '合计', '30.00', '20.00', '10.00'],
  ['201', '一般公共服务支出', '30.00', '20.00', '10.00'],
  ['20101', '人大事务', '30.00', '20.00', '10.00'],
  ['2010101', '行政运行', '20.00', '20.00', ''],
  ['2010102', '一般行政管理事务', '10.00', '', '10.00'],
];

/** A 支出总表 as TSV text, with the given data rows. */
export function expenditureTsv(rows: readonly (readonly string[])[] = EXPENDITURE_ROWS, eol = '\n'): string {
  return ['2024年部门支出总表', '单位：万元', EXPENDITURE_HEADER.join('\t'), ...rows.map((r) => r.join('\t'))]
    .map((line) => line + eol)
    .join('');
}

/** A numbered 项目支出 table split over markdown pages (form feeds), one page per serial range. */
export function pagedMarkdown(pages: readonly (readonly [number, number])[]): string {
  const head = '序号\t科目编码\t科目名称\t合计\t基本支出\t项目支出';
  const rows = ([from, to]: readonly [number, number]) =>
    Array.from(
      { length: to - from + 1 },
      (_, i) => `${from + i}\t2010${from + i}\t事务${from + i}\t1.00\t1.00\t`,
    ).join('\n');
  return pages
    .map((range, i) =>
      i === 0 ? `# 部门支出总表\n\n金额单位：万元\n\n${head}\n${rows(range)}\n` : `${head}\n${rows(range)}\n`,
    )
    .join('\n\f\n');
}

// ---------------------------------------------------------------------------------------------------------
// PDF pages

/** A ruled 3-row table in Helvetica (title, unit line, rows with amounts) on one page. */
export function tablePage(first = 1): PdfPageSpec {
  const ys = [110, 130, 150, 170, 190];
  const texts = [
    { x: 200, y: 70, text: 'Expenditure Summary', size: 14 },
    { x: 40, y: 100, text: 'Unit: 10k yuan' },
    { x: 45, y: 124, text: 'Item' },
    { x: 330, y: 124, text: 'Amount' },
  ];
  ['Salaries', 'Travel', 'Total'].forEach((label, i) => {
    texts.push({ x: 45, y: 144 + 20 * i, text: `${first + i} ${label}` });
    texts.push({ x: 330, y: 144 + 20 * i, text: ['1,234.56', '65.44', '1,300.00'][i]! });
  });
  return { texts, lines: gridLines([40, 240, 555], ys) };
}

const ENCRYPTION = { user: 'secret', owner: 'owner-pw' };

/** Every fixture: file name → bytes. */
export function fixtures(): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const two = makePdf([tablePage(1), tablePage(4)]);
  // PDF
  out.set('zero-bytes.pdf', new Uint8Array());
  out.set('truncated-half.pdf', two.subarray(0, Math.floor(two.length / 2)));
  out.set('truncated-no-xref.pdf', two.subarray(0, two.length - 60));
  out.set('header-only.pdf', utf8('%PDF-1.7\n'));
  out.set(
    'garbage-after-signature.pdf',
    new Uint8Array([...utf8('%PDF-1.7\n'), ...pseudoRandomBytes(4000, 7)]),
  );
  out.set(
    'html-page.pdf',
    utf8(
      '<!doctype html>\n<html><head><title>404 Not Found</title></head><body><h1>404</h1></body></html>\n',
    ),
  );
  out.set('encrypted-user-password.pdf', pagesPdf([tablePage()], { encrypt: ENCRYPTION }));
  out.set('encrypted-owner-only.pdf', pagesPdf([tablePage()], { encrypt: { user: '', owner: 'owner-pw' } }));
  out.set('encrypted-broken-keys.pdf', makePdf([tablePage()], { encrypted: true }));
  out.set(
    'no-text-layer.pdf',
    makePdf([
      { texts: [], lines: gridLines([40, 240, 555], [110, 130, 150]) },
      { texts: [], lines: [] },
    ]),
  );
  out.set('glyphs-private-use.pdf', pagesPdf([tablePage()], { unmapped: 'private-use' }));
  out.set('glyphs-replacement.pdf', pagesPdf([tablePage()], { unmapped: 'replacement' }));
  out.set(
    'pages-2001.pdf',
    makePdf(
      Array.from({ length: 2001 }, (_, i) => ({
        width: 50,
        height: 50,
        texts: [{ x: 5, y: 20, text: `${i}` }],
      })),
    ),
  );
  out.set('pages-claimed-1000000.pdf', pagesPdf([tablePage()], { claimedCount: 1_000_000 }));
  out.set('pages-40.pdf', makePdf(Array.from({ length: 40 }, (_, i) => tablePage(3 * i + 1))));
  out.set('pages-300.pdf', makePdf(Array.from({ length: 300 }, (_, i) => tablePage(3 * i + 1))));
  out.set('table.pdf', makePdf([tablePage()]));
  // Text
  out.set('empty.md', new Uint8Array());
  out.set('blank.md', utf8(' \n\t\n\u3000\n'));
  out.set('binary-garbage.md', pseudoRandomBytes(8192, 42));
  out.set('high-bytes.tsv', new Uint8Array([...utf8('科目编码\t合计\n'), 0xff, 0xfe, 0x80, 0xff, 0x0a]));
  out.set('gbk.tsv', gbk(expenditureTsv()));
  out.set(
    'gb18030-four-byte.tsv',
    gbk(
      expenditureTsv(
        EXPENDITURE_ROWS.map((r) => (r[0] === '2010102' ? [r[0], '事务\u{20000}', ...r.slice(2)] : r)),
      ),
    ),
  );
  out.set('utf16le-bom.tsv', utf16(expenditureTsv(), 'le', true));
  out.set('utf16be-bom.tsv', utf16(expenditureTsv(), 'be', true));
  out.set('utf16le-no-bom.tsv', utf16(expenditureTsv(), 'le', false));
  out.set(
    'mixed-eol.tsv',
    utf8(
      expenditureTsv()
        .split('\n')
        .map((line, i) => line + ['\r\n', '\r', '\n'][i % 3])
        .join(''),
    ),
  );
  out.set(
    'missing-column.tsv',
    utf8(expenditureTsv(EXPENDITURE_ROWS.map((r) => (r[0] === '2010101' ? r.slice(0, 3) : r)))),
  );
  out.set(
    'shifted-column.tsv',
    utf8(
      expenditureTsv(
        EXPENDITURE_ROWS.map((r) => (r[0] === '2010101' ? [r[0], r[1]!, '', '20.00', '20.00'] : r)),
      ),
    ),
  );
  out.set('cut-off.tsv', utf8(expenditureTsv(EXPENDITURE_ROWS.slice(0, 4))));
  out.set(
    'bad-numbers.tsv',
    utf8(
      expenditureTsv([
        ['', '合计', '1,2.3', '1.2.3', '12.5-'],
        ['201', '一般公共服务支出', '1,2345.00', '１２．５０', '（12.5）'],
      ]),
    ),
  );
  out.set(
    'duplicated-page.md',
    utf8(
      pagedMarkdown([
        [1, 3],
        [4, 6],
        [4, 6],
      ]),
    ),
  );
  out.set(
    'pages-out-of-order.md',
    utf8(
      pagedMarkdown([
        [1, 3],
        [7, 9],
        [4, 6],
      ]),
    ),
  );
  out.set(
    'page-missing.md',
    utf8(
      pagedMarkdown([
        [1, 3],
        [7, 9],
      ]),
    ),
  );
  out.set(
    'huge-colspan.html',
    utf8(
      `<table><tr>${'<td colspan="1000">x</td>'.repeat(1000)}</tr><tr>${'<td rowspan="1000">y</td>'.repeat(1000)}</tr></table>\n`,
    ),
  );
  out.set('wide-row.tsv', utf8(`科目编码\t合计\n${'1\t'.repeat(300_000)}1\n`));
  out.set(
    'many-rows.tsv',
    utf8(
      expenditureTsv(Array.from({ length: 5000 }, (_, i) => [`2010${i}`, `事务${i}`, '1.00', '1.00', ''])),
    ),
  );
  out.set('nested-quotes.md', utf8(`${'>'.repeat(20_000)} 支出总表\n`));
  out.set(
    'nested-list.md',
    utf8(Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i)}- 第${i}层`).join('\n')),
  );
  out.set(
    'nested-divs.html',
    utf8(`<html><body>${'<div>'.repeat(50_000)}支出总表${'</div>'.repeat(50_000)}</body></html>`),
  );
  out.set(
    'unbalanced-quote.csv',
    utf8('科目编码,科目名称,合计\n201,"一般公共服务支出,30.00\n202,外交支出,1.00\n'),
  );
  out.set('nul-after-4k.md', utf8(`# 说明\n\n${'正文。'.repeat(1500)}\u0000\u0000\u0000 更多正文。\n`));
  out.set('lone-surrogates.md', utf16('# 标题\n\n\ud800\udc00\ud800 正文\udfff\n', 'le', true));
  return out;
}

/** Write every fixture into `dir`. */
export function writeFixtures(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  for (const [name, bytes] of fixtures()) {
    writeFileSync(join(dir, name), bytes);
    names.push(name);
  }
  return names;
}

if (process.argv[1]?.endsWith('make-fixtures.ts') && process.argv[2]) {
  const names = writeFixtures(process.argv[2]);
  process.stderr.write(`wrote ${names.length} fixtures to ${process.argv[2]}\n`);
}
