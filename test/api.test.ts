import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractMarkdownLayout } from '../src/extract/markdown/index.js';
import * as api from '../src/index.js';
import {
  BudgetDocument,
  BudgetIngestError,
  parse,
  parseFile,
  safeParse,
  safeParseFile,
} from '../src/index.js';
import { ROOT, SEED_SAMPLE } from './helpers/paths.js';

describe('public API', () => {
  it('exports exactly this list (an API change is deliberate)', () => {
    expect(Object.keys(api).sort()).toEqual([
      'BudgetDocument',
      'BudgetIngestError',
      'CANONICAL_COLUMNS',
      'CHECK_RULE_IDS',
      'Coverage',
      'DEFAULT_LIMITS',
      'DISCLOSURE_SIGNALS',
      'Diagnostic',
      'ERROR_CODES',
      'MODEL_VERSION',
      'OutputError',
      'SCHEMA_NAME',
      'STATED_FACT_IDS',
      'SUMMARY_FACT_IDS',
      'TABLES_CSV_COLUMNS',
      'TABLE_KINDS',
      'TableGrammar',
      'UsageError',
      'annotateIndicators',
      'buildNarrative',
      'columnCandidates',
      'convertMany',
      'detectTextFormat',
      'documentJsonSchema',
      'extractStatedFacts',
      'findInputs',
      'formatDiagnostics',
      'gridToMatrix',
      'isBudgetIngestError',
      'loadCodeDictionary',
      'loadGrammarFile',
      'loadGrammars',
      'looksLikeDisclosure',
      'parse',
      'parseAmount',
      'parseFile',
      'parseIndicatorTarget',
      'parsePdfBytes',
      'rowByCode',
      'rowByKey',
      'rowByLabel',
      'runBatch',
      'runChecks',
      'safeParse',
      'safeParseFile',
      'summaryCsvHeader',
      'summaryCsvRow',
      'tableByKind',
      'tableCsvLines',
      'tablesByKind',
      'tablesCsvHeader',
      'tablesCsvLines',
      'valueOf',
    ]);
  });

  it('has a throwing and a non-throwing form with stable error codes', async () => {
    expect(() => parse('')).toThrow(BudgetIngestError);
    const empty = safeParse('', { filename: 'empty.md' });
    expect(empty.ok).toBe(false);
    if (!empty.ok) {
      expect(empty.error.code).toBe('input-empty');
      expect(empty.error.message).toContain('empty.md');
    }
    const missing = await safeParseFile(`${ROOT}no/such/file.md`);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.code).toBe('input-unreadable');
    await expect(parseFile(`${ROOT}no/such/file.md`)).rejects.toMatchObject({ code: 'input-unreadable' });
    const fakePdf = await safeParseFile(`${ROOT}samples/seed/langfang-anci-xinfang-2022.md`, {
      format: 'pdf',
    });
    expect(fakePdf.ok).toBe(false);
    if (!fakePdf.ok) expect(fakePdf.error.code).toBe('pdf-not-a-pdf');
  });

  it('records the origin: file name, sha256 and media type', async () => {
    const { document } = await parseFile(SEED_SAMPLE);
    expect(document.origin.filename).toBe('langfang-anci-xinfang-2022.md');
    expect(document.origin.sha256).toBe(createHash('sha256').update(readFileSync(SEED_SAMPLE)).digest('hex'));
    expect(document.origin.mediaType).toBe('text/markdown');
    expect(document.schema).toBe('budget-ingest/document');
    expect(document.version).toBe(api.MODEL_VERSION);
  });

  it('hashes a string as its UTF-8 bytes (lone surrogates as U+FFFD), the same as those bytes given', () => {
    for (const text of ['科目编码\t科目名称\t合计\n201\t一般公共服务支出\t1.00\n', '合计\t1.00\ud800\n']) {
      const bytes = new TextEncoder().encode(text);
      const want = createHash('sha256').update(bytes).digest('hex');
      expect(api.parse(text, { format: 'tsv' }).document.origin.sha256).toBe(want);
      expect(api.parse(bytes, { format: 'tsv' }).document.origin.sha256).toBe(want);
    }
  });

  it('records a PDF’s sha256 exactly, hashed before pdf.js takes (and detaches) the bytes', async () => {
    const path = `${ROOT}samples/pdf/seed-tables.pdf`;
    const bytes = readFileSync(path);
    const want = createHash('sha256').update(bytes).digest('hex');
    expect((await parseFile(path)).document.origin.sha256).toBe(want);
    const copy = new Uint8Array(bytes);
    expect((await api.parsePdfBytes(copy)).document.origin.sha256).toBe(want);
    expect(copy.byteLength).toBe(bytes.length); // the caller's bytes stay whole
  });

  it('gives a layout tree and a document that survive a JSON round trip unchanged', async () => {
    const result = await parseFile(SEED_SAMPLE);
    const layout = JSON.parse(JSON.stringify(result.layout));
    expect(layout).toEqual(result.layout);
    const fresh = extractMarkdownLayout(readFileSync(SEED_SAMPLE, 'utf8'));
    expect(JSON.parse(JSON.stringify(fresh))).toStrictEqual(fresh);
    const document = JSON.parse(JSON.stringify(result.document));
    expect(BudgetDocument.parse(document)).toEqual(result.document);
    // Guard: amounts are strings in JSON, never numbers.
    expect(JSON.stringify(result.document)).not.toMatch(/"values":\{[^}]*:\d/);
  });

  it('detects the format of text inputs', () => {
    expect(api.detectTextFormat('# 标题\n\n正文')).toBe('markdown');
    expect(api.detectTextFormat('a\tb\n1\t2\n')).toBe('tsv');
    expect(api.detectTextFormat('a,b,c\n1,2,3\n')).toBe('csv');
    expect(api.detectTextFormat('<table><tr><td>1</td></tr></table>')).toBe('html');
  });
});
