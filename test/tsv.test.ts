import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gridToMatrix } from '../src/ast/layout.js';
import { decodeText } from '../src/extract/decode.js';
import { extractDelimitedLayout, parseCsv } from '../src/extract/tsv/index.js';
import { BudgetIngestError, parse, parseFile } from '../src/index.js';
import { ROOT } from './helpers/paths.js';

const FRAGMENT =
  '支出总表\n单位：万元\n科目编码\t科目名称\t合计\n\t合计\t12.50\n201\t一般公共服务支出\t12.50\n';

describe('TSV / CSV fragments', () => {
  it('splits title, metadata and grid', () => {
    const root = extractDelimitedLayout(FRAGMENT);
    expect(root.children.map((b) => b.type)).toEqual(['heading', 'paragraph', 'grid']);
    const grid = root.children[2];
    expect(grid?.type === 'grid' && gridToMatrix(grid)).toEqual([
      ['科目编码', '科目名称', '合计'],
      ['', '合计', '12.50'],
      ['201', '一般公共服务支出', '12.50'],
    ]);
  });

  it('parses RFC 4180 CSV: quotes, doubled quotes, newlines inside quotes, CRLF', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\r\n"multi\nline",2,3\n')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['multi\nline', '2', '3'],
    ]);
  });

  it('accepts CRLF, CR and mixed line endings in TSV', () => {
    const mixed = FRAGMENT.replace('\n单位', '\r\n单位').replace('\n201', '\r201');
    const table = parse(mixed, { format: 'tsv' }).document.tables[0];
    expect(table?.rows.map((r) => r.code)).toEqual([null, '201']);
  });

  it('parses a fragment alone, with a kind hint when it has no title', () => {
    const untitled = '科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t10.00\t6.00\t4.00\n';
    expect(parse(untitled, { format: 'tsv' }).document.tables[0]?.kind).toBe('other');
    const hinted = parse(untitled, { format: 'tsv', kind: 'expenditure-summary' }).document;
    expect(hinted.tables[0]?.kind).toBe('expenditure-summary');
    expect(hinted.tables[0]?.rows[0]?.values).toEqual({ total: '10.00', basic: '6.00', project: '4.00' });
    expect(hinted.diagnostics.map((d) => d.ruleId)).toContain('unit-missing');
  });

  it('detects UTF-8 with BOM, UTF-16 with BOM and GB18030', () => {
    const utf8 = new TextEncoder().encode(FRAGMENT);
    expect(decodeText(Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8))).toEqual({
      text: FRAGMENT,
      encoding: 'utf-8-bom',
    });
    const utf16 = new Uint8Array(2 + FRAGMENT.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < FRAGMENT.length; i++) {
      utf16[2 + i * 2] = FRAGMENT.charCodeAt(i) & 0xff;
      utf16[3 + i * 2] = FRAGMENT.charCodeAt(i) >> 8;
    }
    expect(decodeText(utf16)).toEqual({ text: FRAGMENT, encoding: 'utf-16le' });
    const gb = readFileSync(`${ROOT}samples/fragments/three-public-gb18030.tsv`);
    const decoded = decodeText(new Uint8Array(gb));
    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.text).toContain('财政拨款“三公”经费支出表');
  });

  it('reads a GB18030 file end to end and reports the encoding', async () => {
    const { document } = await parseFile(`${ROOT}samples/fragments/three-public-gb18030.tsv`);
    expect(document.tables[0]?.kind).toBe('three-public-expenses');
    expect(document.summary.three_public_total?.yuan).toBe('96282.50');
    expect(document.diagnostics.find((d) => d.ruleId === 'encoding-detected')?.actual).toBe('gb18030');
  });

  it('rejects binary data with a stable code', () => {
    const binary = Uint8Array.of(0x00, 0x01, 0x02, 0xff, 0x00, 0x10);
    expect(() => parse(binary, { filename: 'junk.md' })).toThrow(BudgetIngestError);
    try {
      parse(binary, { filename: 'junk.md' });
    } catch (error) {
      expect((error as BudgetIngestError).code).toBe('input-binary');
      expect((error as Error).message).toContain('junk.md');
    }
  });
});
