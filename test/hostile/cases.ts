/**
 * The hostile inputs and what budget-ingest must do with each: fail with a stable error code, or give a
 * result whose diagnostics say what is wrong. Never a crash, never a raw pdfjs/parser error, never a silently
 * wrong number.
 */
import type { ErrorCode } from '../../src/errors.js';
import type { ParseOptions, ParseResult } from '../../src/parse.js';

/** What a case must produce. */
export type Expectation =
  | {
      /** The stable error code. */
      error: ErrorCode;
      /** Something the message must say (besides the file name, always checked). */
      message?: RegExp;
    }
  | {
      error?: undefined;
      /** Rule ids that must be among the diagnostics, each with at least this severity. */
      diagnostics?: readonly { ruleId: string; severity?: 'error' | 'warning' | 'info' }[];
      /** Rule ids that must not appear. */
      without?: readonly string[];
      /** Whether the result must be marked partial (default: must not be). */
      partial?: boolean;
      /** No table may hold an amount (unreadable pages must not invent numbers). */
      noAmounts?: boolean;
      /** Further checks on the result. */
      check?: (result: ParseResult) => void;
    };

/** One hostile case. */
export interface HostileCase {
  /** Short id. */
  id: string;
  /** Fixture file name (from make-fixtures.ts), or a special path (`<dir>` the folder, `<missing>`). */
  file: string;
  /** What the input is, for the report. */
  input: string;
  /** Options passed to parseFile. */
  options?: ParseOptions;
  /** What is expected, for the report. */
  expected: string;
  expect: Expectation;
  /** Whether the case may also end in another outcome (documented alternative); default none. */
  alternative?: Expectation;
}

const values = (result: ParseResult): (string | null)[] =>
  result.document.tables.flatMap((table) => table.rows.flatMap((row) => Object.values(row.values)));

/** Values of the first table by row code (or label when no code), for readable expectations. */
export function valuesByRow(result: ParseResult): Record<string, Record<string, string | null>> {
  const table = result.document.tables[0];
  const out: Record<string, Record<string, string | null>> = {};
  for (const row of table?.rows ?? []) out[row.code ?? row.label ?? ''] = row.values;
  return out;
}

const CONSISTENT = {
  合计: { total: '30.00', basic: '20.00', project: '10.00' },
  '201': { total: '30.00', basic: '20.00', project: '10.00' },
  '20101': { total: '30.00', basic: '20.00', project: '10.00' },
  '2010101': { total: '20.00', basic: '20.00', project: null },
  '2010102': { total: '10.00', basic: null, project: '10.00' },
};

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** The consistent 支出总表 read back exactly, with no warning or error. */
const readsConsistentTable = (result: ParseResult): void => {
  expectEqual(result.document.tables[0]?.kind, 'expenditure-summary', 'kind');
  expectEqual(valuesByRow(result), CONSISTENT, 'values');
  const bad = result.diagnostics.filter((d) => d.severity !== 'info');
  if (bad.length) throw new Error(`unexpected diagnostics: ${bad.map((d) => d.message).join(' | ')}`);
};

const ENCODED = (encoding: string): Expectation => ({
  diagnostics: [{ ruleId: 'encoding-detected', severity: 'info' }],
  check: (result) => {
    readsConsistentTable(result);
    expectEqual(
      result.diagnostics.find((d) => d.ruleId === 'encoding-detected')?.actual,
      encoding,
      'encoding',
    );
  },
});

/** The amounts of the generated Helvetica table page (tablePage in make-fixtures.ts). */
const readsPdfTable = (result: ParseResult): void => {
  const found = values(result);
  for (const amount of ['1234.56', '65.44', '1300.00'])
    if (!found.includes(amount)) throw new Error(`amount ${amount} not read (got ${found.join(', ')})`);
};

export const CASES: readonly HostileCase[] = [
  // ---- PDF: not a PDF, broken PDF
  {
    id: 'pdf-zero-bytes',
    file: 'zero-bytes.pdf',
    input: 'empty file named .pdf',
    expected: 'input-empty',
    expect: { error: 'input-empty' },
  },
  {
    id: 'pdf-header-only',
    file: 'header-only.pdf',
    input: '`%PDF-1.7` and nothing else',
    expected: 'pdf-corrupt',
    expect: { error: 'pdf-corrupt' },
  },
  {
    id: 'pdf-truncated-half',
    file: 'truncated-half.pdf',
    input: 'two-page PDF cut at half its length',
    expected: 'pdf-corrupt (or the pages before the cut + page-unreadable)',
    expect: { error: 'pdf-corrupt' },
    alternative: { diagnostics: [{ ruleId: 'page-unreadable', severity: 'warning' }] },
  },
  {
    id: 'pdf-truncated-tail',
    file: 'truncated-no-xref.pdf',
    input: 'two-page PDF without its xref table and trailer',
    expected: 'pdf-corrupt (or recovered pages)',
    expect: { error: 'pdf-corrupt' },
    alternative: { check: readsPdfTable },
  },
  {
    id: 'pdf-garbage',
    file: 'garbage-after-signature.pdf',
    input: '`%PDF-1.7` then 4 KB of random bytes',
    expected: 'pdf-corrupt',
    expect: { error: 'pdf-corrupt' },
  },
  {
    id: 'pdf-html',
    file: 'html-page.pdf',
    input: 'an HTML 404 page saved as .pdf',
    expected: 'read as HTML: format-detected, portal-page (no tables, no attachments)',
    expect: {
      diagnostics: [
        { ruleId: 'format-detected', severity: 'info' },
        { ruleId: 'portal-page', severity: 'warning' },
      ],
      check: (result) => expectEqual(result.document.tables.length, 0, 'tables'),
    },
  },
  // ---- PDF: encryption
  {
    id: 'pdf-encrypted-no-password',
    file: 'encrypted-user-password.pdf',
    input: 'RC4-encrypted PDF with user password "secret", no password given',
    expected: 'pdf-encrypted, message asks for the `password` option',
    expect: { error: 'pdf-encrypted', message: /password-protected.*password/ },
  },
  {
    id: 'pdf-encrypted-wrong-password',
    file: 'encrypted-user-password.pdf',
    input: 'same PDF, password "wrong"',
    options: { password: 'wrong' },
    expected: 'pdf-encrypted, message says the password is wrong',
    expect: { error: 'pdf-encrypted', message: /password given is wrong/ },
  },
  {
    id: 'pdf-encrypted-right-password',
    file: 'encrypted-user-password.pdf',
    input: 'same PDF, password "secret"',
    options: { password: 'secret' },
    expected: 'parses: 1234.56, 65.44, 1300.00 read',
    expect: { check: readsPdfTable },
  },
  {
    id: 'pdf-encrypted-owner-password',
    file: 'encrypted-user-password.pdf',
    input: 'same PDF, owner password "owner-pw"',
    options: { password: 'owner-pw' },
    expected: 'parses (the owner password opens it too)',
    expect: { check: readsPdfTable },
  },
  {
    id: 'pdf-encrypted-owner-only',
    file: 'encrypted-owner-only.pdf',
    input: 'RC4-encrypted PDF with an empty user password (owner password only)',
    expected: 'parses without a password',
    expect: { check: readsPdfTable },
  },
  {
    id: 'pdf-encrypted-broken-keys',
    file: 'encrypted-broken-keys.pdf',
    input: '/Encrypt dictionary whose /O and /U match no password',
    expected: 'pdf-encrypted',
    expect: { error: 'pdf-encrypted' },
  },
  // ---- PDF: no usable text
  {
    id: 'pdf-no-text-layer',
    file: 'no-text-layer.pdf',
    input: 'two pages with ruling lines and no text (a scan without OCR)',
    expected: 'page-unreadable for pages 1 and 2, no tables',
    expect: {
      diagnostics: [{ ruleId: 'page-unreadable', severity: 'warning' }],
      noAmounts: true,
      check: (result) => {
        const pages = result.diagnostics
          .filter((d) => d.ruleId === 'page-unreadable')
          .map((d) => d.place?.page);
        expectEqual(pages, [1, 2], 'unreadable pages');
        expectEqual(result.document.tables.length, 0, 'tables');
      },
    },
  },
  {
    id: 'pdf-glyphs-private-use',
    file: 'glyphs-private-use.pdf',
    input: 'a table page whose font ToUnicode sends every glyph to the private use area',
    expected: 'page-unreadable, no amounts',
    expect: { diagnostics: [{ ruleId: 'page-unreadable', severity: 'warning' }], noAmounts: true },
  },
  {
    id: 'pdf-glyphs-replacement',
    file: 'glyphs-replacement.pdf',
    input: 'a table page whose font ToUnicode sends every glyph to U+FFFD',
    expected: 'page-unreadable, no amounts',
    expect: { diagnostics: [{ ruleId: 'page-unreadable', severity: 'warning' }], noAmounts: true },
  },
  // ---- PDF: page counts and limits
  {
    id: 'pdf-2001-pages',
    file: 'pages-2001.pdf',
    input: '2,001 tiny pages (default maxPages 2000)',
    expected: 'pdf-too-many-pages',
    expect: { error: 'pdf-too-many-pages', message: /2001 pages exceed the limit of 2000/ },
  },
  {
    id: 'pdf-claimed-count',
    file: 'pages-claimed-1000000.pdf',
    input: 'one page, page tree claims /Count 1000000',
    expected: 'pdf-too-many-pages, or the one real page read',
    expect: { error: 'pdf-too-many-pages' },
    alternative: { check: readsPdfTable },
  },
  {
    id: 'pdf-max-pages-option',
    file: 'pages-40.pdf',
    input: '40 table pages, maxPages: 10',
    options: { maxPages: 10 },
    expected: 'pdf-too-many-pages',
    expect: { error: 'pdf-too-many-pages', message: /40 pages exceed the limit of 10/ },
  },
  {
    id: 'pdf-timeout',
    file: 'pages-300.pdf',
    input: '300 table pages, timeoutMs: 40',
    options: { timeoutMs: 40 },
    expected: 'limit-reached (timeoutMs), partial result with the pages read',
    expect: {
      diagnostics: [{ ruleId: 'limit-reached', severity: 'warning' }],
      partial: true,
      check: (result) => {
        const hit = result.diagnostics.find((d) => d.ruleId === 'limit-reached');
        expectEqual(hit?.actual, 'timeoutMs', 'limit');
        if (!/时间上限/.test(hit?.message ?? '')) throw new Error(`message: ${hit?.message}`);
      },
    },
  },
  {
    id: 'pdf-max-cells',
    file: 'table.pdf',
    input: 'a 4-row table page, maxCellsPerTable: 4',
    options: { maxCellsPerTable: 4 },
    expected: 'limit-reached (maxCellsPerTable), partial, rows beyond the limit dropped',
    expect: {
      diagnostics: [{ ruleId: 'limit-reached', severity: 'warning' }],
      partial: true,
      check: (result) => {
        const cells = result.layout.children
          .filter((b) => b.type === 'grid')
          .map((b) => (b.type === 'grid' ? b.rowCount * b.colCount : 0));
        if (cells.some((n) => n > 4)) throw new Error(`grid over the limit: ${cells.join(', ')}`);
      },
    },
  },
  {
    id: 'pdf-max-file-bytes',
    file: 'table.pdf',
    input: 'a 1 KB PDF, maxFileBytes: 100',
    options: { maxFileBytes: 100 },
    expected: 'input-too-large',
    expect: { error: 'input-too-large', message: /more than the limit of 100/ },
  },
  // ---- Text: empty, binary, encodings
  {
    id: 'md-empty',
    file: 'empty.md',
    input: 'empty .md',
    expected: 'input-empty',
    expect: { error: 'input-empty' },
  },
  {
    id: 'md-blank',
    file: 'blank.md',
    input: 'only spaces, tabs, U+3000 and line ends',
    expected: 'input-empty',
    expect: { error: 'input-empty' },
  },
  {
    id: 'md-binary-garbage',
    file: 'binary-garbage.md',
    input: '8 KB of random bytes named .md',
    expected: 'input-binary',
    expect: { error: 'input-binary' },
  },
  {
    id: 'tsv-undecodable',
    file: 'high-bytes.tsv',
    input: 'TSV with 0xFF 0xFE 0x80 bytes (neither UTF-8 nor GB18030)',
    expected: 'input-unreadable',
    expect: { error: 'input-unreadable', message: /neither UTF-8 nor GB18030/ },
  },
  {
    id: 'tsv-gbk',
    file: 'gbk.tsv',
    input: '支出总表 TSV in GBK',
    expected: 'parses exactly; encoding-detected gb18030',
    expect: ENCODED('gb18030'),
  },
  {
    id: 'tsv-gb18030',
    file: 'gb18030-four-byte.tsv',
    input: '支出总表 TSV in GB18030 with a four-byte character (U+20000) in a label',
    expected: 'parses exactly, label keeps U+20000; encoding-detected gb18030',
    expect: {
      diagnostics: [{ ruleId: 'encoding-detected', severity: 'info' }],
      check: (result) => {
        const row = result.document.tables[0]?.rows.find((r) => r.code === '2010102');
        expectEqual(row?.label, '事务\u{20000}', 'label');
        expectEqual(row?.values, CONSISTENT['2010102'], 'values');
      },
    },
  },
  {
    id: 'tsv-utf16le-bom',
    file: 'utf16le-bom.tsv',
    input: '支出总表 TSV in UTF-16LE with BOM',
    expected: 'parses exactly; encoding-detected utf-16le',
    expect: ENCODED('utf-16le'),
  },
  {
    id: 'tsv-utf16be-bom',
    file: 'utf16be-bom.tsv',
    input: '支出总表 TSV in UTF-16BE with BOM',
    expected: 'parses exactly; encoding-detected utf-16be',
    expect: ENCODED('utf-16be'),
  },
  {
    id: 'tsv-utf16le-no-bom',
    file: 'utf16le-no-bom.tsv',
    input: '支出总表 TSV in UTF-16LE without BOM',
    expected: 'parses exactly; encoding-detected utf-16le',
    expect: ENCODED('utf-16le'),
  },
  {
    id: 'tsv-mixed-eol',
    file: 'mixed-eol.tsv',
    input: '支出总表 TSV with CRLF, CR and LF line ends mixed',
    expected: 'parses exactly, no diagnostics',
    expect: { check: readsConsistentTable },
  },
  {
    id: 'md-lone-surrogates',
    file: 'lone-surrogates.md',
    input: 'UTF-16 markdown with unpaired surrogates',
    expected: 'parses (U+FFFD in text), no crash',
    expect: { diagnostics: [{ ruleId: 'encoding-detected', severity: 'info' }] },
  },
  {
    id: 'md-nul-after-4k',
    file: 'nul-after-4k.md',
    input: 'markdown with NUL characters after the first 4 KB',
    expected: 'parses, no crash',
    expect: {},
  },
  // ---- Tables: structure damage
  {
    id: 'tsv-missing-column',
    file: 'missing-column.tsv',
    input: '支出总表 whose 2010101 row lacks its last two cells',
    expected: 'missing cells → null; checks flag the row (row-arithmetic, code-hierarchy)',
    expect: {
      diagnostics: [{ ruleId: 'row-arithmetic', severity: 'warning' }, { ruleId: 'code-hierarchy' }],
      check: (result) => expectEqual(valuesByRow(result)['2010101']?.basic, null, 'missing cell'),
    },
  },
  {
    id: 'tsv-shifted-column',
    file: 'shifted-column.tsv',
    input: '支出总表 whose 2010101 row is shifted one cell to the right',
    expected: 'checks flag it (row-arithmetic, code-hierarchy)',
    expect: {
      diagnostics: [{ ruleId: 'row-arithmetic', severity: 'warning' }, { ruleId: 'code-hierarchy' }],
    },
  },
  {
    id: 'tsv-cut-off',
    file: 'cut-off.tsv',
    input: '支出总表 cut off before its last row',
    expected: 'code-hierarchy error (款 ≠ Σ 项)',
    expect: { diagnostics: [{ ruleId: 'code-hierarchy', severity: 'error' }] },
  },
  {
    id: 'md-duplicated-page',
    file: 'duplicated-page.md',
    input: 'a table over 3 pages, page 3 a copy of page 2 (serials 4–6 twice)',
    expected: 'merge-doubtful (serials go back)',
    expect: { diagnostics: [{ ruleId: 'merge-doubtful', severity: 'warning' }] },
  },
  {
    id: 'md-pages-out-of-order',
    file: 'pages-out-of-order.md',
    input: 'a table over 3 pages in the order 1–3, 7–9, 4–6',
    expected: 'merge-doubtful (serials jump)',
    expect: { diagnostics: [{ ruleId: 'merge-doubtful', severity: 'warning' }] },
  },
  {
    id: 'md-page-missing',
    file: 'page-missing.md',
    input: 'a table over 2 pages, serials 1–3 then 7–9 (a page lost)',
    expected: 'merge-doubtful',
    expect: { diagnostics: [{ ruleId: 'merge-doubtful', severity: 'warning' }] },
  },
  {
    id: 'tsv-bad-numbers',
    file: 'bad-numbers.tsv',
    input: 'cells "1,2.3", "1.2.3", "12.5-", "1,2345.00", "１２．５０", "（12.5）"',
    expected:
      'malformed → null + amount-unreadable; full-width → 12.50; (12.5) → -12.5 (accounting negative, row-arithmetic flags it)',
    expect: {
      diagnostics: [{ ruleId: 'amount-unreadable', severity: 'warning' }],
      check: (result) => {
        expectEqual(
          valuesByRow(result),
          {
            合计: { total: null, basic: null, project: null },
            '201': { total: null, basic: '12.50', project: '-12.5' },
          },
          'values',
        );
        const unreadable = result.diagnostics
          .filter((d) => d.ruleId === 'amount-unreadable')
          .map((d) => d.column);
        expectEqual(unreadable, ['total', 'basic', 'project', 'total'], 'unreadable columns');
      },
    },
  },
  // ---- Limits and parser stress
  {
    id: 'html-huge-colspan',
    file: 'huge-colspan.html',
    input: '<table> with 1000 cells of colspan=1000 and 1000 of rowspan=1000',
    expected: 'limit-reached (maxCellsPerTable), partial, no memory blow-up',
    expect: { diagnostics: [{ ruleId: 'limit-reached', severity: 'warning' }], partial: true },
  },
  {
    id: 'tsv-wide-row',
    file: 'wide-row.tsv',
    input: 'TSV with one 300,001-cell row',
    expected: 'limit-reached, partial',
    expect: { diagnostics: [{ ruleId: 'limit-reached', severity: 'warning' }], partial: true },
  },
  {
    id: 'tsv-max-cells-option',
    file: 'many-rows.tsv',
    input: '5,000-row 支出总表, maxCellsPerTable: 100',
    options: { maxCellsPerTable: 100 },
    expected: 'limit-reached, partial, first 19 data rows kept',
    expect: {
      diagnostics: [{ ruleId: 'limit-reached', severity: 'warning' }],
      partial: true,
      check: (result) => expectEqual(result.document.tables[0]?.rows.length, 19, 'rows kept'),
    },
  },
  {
    id: 'md-deep-nesting',
    file: 'nested-quotes.md',
    input: 'a blockquote nested 20,000 deep',
    expected: 'input-too-complex naming the file and line, before parsing',
    expect: { error: 'input-too-complex', message: /nested-quotes\.md: line 1/ },
  },
  {
    id: 'md-deep-list',
    file: 'nested-list.md',
    input: 'a list nested 3,000 levels deep by indentation',
    expected: 'input-too-complex naming the line, before parsing',
    expect: { error: 'input-too-complex', message: /nested-list\.md: line \d+/ },
  },
  {
    id: 'html-deep-nesting',
    file: 'nested-divs.html',
    input: '50,000 nested <div> elements',
    expected: 'input-too-complex, before parsing',
    expect: { error: 'input-too-complex', message: /nested-divs\.html: HTML elements nested/ },
  },
  {
    id: 'csv-unbalanced-quote',
    file: 'unbalanced-quote.csv',
    input: 'CSV with a quote never closed',
    expected: 'parses; no amount invented from the swallowed lines',
    expect: {
      check: (result) => {
        const found = values(result).filter((v) => v !== null);
        if (found.includes('30.00') || found.includes('1.00')) throw new Error(`amounts invented: ${found}`);
      },
    },
  },
  {
    id: 'invalid-option',
    file: 'mixed-eol.tsv',
    input: 'valid TSV, maxPages: -1',
    options: { maxPages: -1 },
    expected: 'option-invalid',
    expect: { error: 'option-invalid' },
  },
  {
    id: 'path-is-directory',
    file: '<dir>',
    input: 'a folder given as the file',
    expected: 'input-unreadable',
    expect: { error: 'input-unreadable' },
  },
  {
    id: 'path-missing',
    file: '<missing>',
    input: 'a path that does not exist',
    expected: 'input-unreadable',
    expect: { error: 'input-unreadable' },
  },
];
