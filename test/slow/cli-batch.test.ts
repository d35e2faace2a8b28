import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/cli/inspect.js';
import { displayWidth } from '../../src/cli/width.js';
import { TABLES_CSV_COLUMNS } from '../../src/emit/tables-csv.js';
import { parseFile } from '../../src/parse.js';
import { allFiles, cli, csvLines, readJson, spawnCli, tmp } from '../helpers/cli.js';
import { CORPUS, HAS_CORPUS, ROOT, SEED_SAMPLE } from '../helpers/paths.js';

const FRAGMENTS = join(ROOT, 'samples/fragments');
const SAMPLE_PDF = join(ROOT, 'samples/pdf/seed-tables.pdf');
const SPLIT_CODES = join(FRAGMENTS, 'expenditure-summary-split-codes.tsv');

const run = cli;

/** A folder of junk mixed with real samples. */
function junkFolder(): string {
  const dir = tmp('junk-');
  writeFileSync(join(dir, 'corrupt.pdf'), readFileSync(SAMPLE_PDF).subarray(0, 20_000));
  writeFileSync(
    join(dir, 'page.pdf'),
    '<!doctype html><html><head><title>404</title></head><body>页面不存在</body></html>',
  );
  const junk = new Uint8Array(2048);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 256;
  writeFileSync(join(dir, 'binary.md'), junk);
  copyFileSync(SEED_SAMPLE, join(dir, 'seed.md'));
  copyFileSync(SPLIT_CODES, join(dir, 'split.tsv'));
  return dir;
}

describe('convert: outputs', () => {
  it('writes <name>.json, summary.csv, tables.csv, diagnostics.jsonl, run.json and the manifest', async () => {
    const out = tmp('batch-');
    const result = await run(['convert', SEED_SAMPLE, FRAGMENTS, SAMPLE_PDF, '--out', out, '--jobs', '2']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    const files = allFiles(out);
    expect(files.filter((f) => !f.startsWith('.parts/'))).toEqual([
      '.budget-ingest-manifest.json',
      'diagnostics.jsonl',
      'expenditure-summary-split-codes.json',
      'income-summary.json',
      'langfang-anci-xinfang-2022.json',
      'run.json',
      'seed-tables.json',
      'summary.csv',
      'tables.csv',
      'three-public-gb18030.json',
    ]);
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    const document = readJson(join(out, 'langfang-anci-xinfang-2022.json'));
    expect(document.schema).toBe('budget-ingest/document');

    const summary = csvLines(join(out, 'summary.csv'));
    expect(summary).toHaveLength(6);
    expect(summary[0]).toMatch(/^file,department,year,kind,scope,revenue_total,/);
    expect(summary[1]).toMatch(
      /^langfang-anci-xinfang-2022\.md,廊坊市安次区信访局,2022,budget,department,11863500,/,
    );
    expect(summary.slice(2, 5).map((l) => l.split(',')[0])).toEqual([
      'expenditure-summary-split-codes.tsv',
      'income-summary.csv',
      'three-public-gb18030.tsv',
    ]);

    const tables = csvLines(join(out, 'tables.csv'));
    expect(tables[0]).toBe(TABLES_CSV_COLUMNS.join(','));
    const pdfRows = tables.filter((l) => l.startsWith('seed-tables.pdf,'));
    expect(pdfRows.length).toBeGreaterThan(50);
    const at = (name: string) => TABLES_CSV_COLUMNS.indexOf(name);
    for (const line of tables.slice(1)) {
      const cells = line.split(',');
      if (cells.length !== TABLES_CSV_COLUMNS.length || cells[at('unit')] !== '万元') continue;
      expect(
        new Decimal(cells[at('yuan')]!).equals(new Decimal(cells[at('value')]!).times(10000)),
        line,
      ).toBe(true);
    }
    expect(pdfRows.every((l) => /,\d+,$/.test(l))).toBe(true); // PDF values carry their page

    const diagnostics = readFileSync(join(out, 'diagnostics.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(diagnostics.length).toBe(
      [
        'langfang-anci-xinfang-2022',
        'seed-tables',
        'three-public-gb18030',
        'income-summary',
        'expenditure-summary-split-codes',
      ]
        .map((name) => readJson(join(out, `${name}.json`)).diagnostics.length)
        .reduce((a: number, b: number) => a + b, 0),
    );
    expect(diagnostics[0]).toMatchObject({
      file: 'langfang-anci-xinfang-2022.md',
      document: 'langfang-anci-xinfang-2022',
    });
    expect(diagnostics[0].ruleId).toMatch(/^[a-z-]+$/);

    const report = readJson(join(out, 'run.json'));
    expect(report).toMatchObject({
      schema: 'budget-ingest/run',
      counts: { inputs: 5, converted: 5, skipped: 0, failed: 0, interrupted: 0, ignored: 0 },
      exitCode: 0,
      interrupted: false,
      options: { jobs: 2, timeout: 120, failOn: 'never', resume: false },
    });
    expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.documents.map((d: { output: string }) => d.output)).toContain('seed-tables');
    expect(report.workers).toHaveLength(2);
  });

  it('--jsonl writes one documents.jsonl stream instead of one file per document', async () => {
    const out = tmp('batch-');
    const result = await run(['convert', SEED_SAMPLE, SPLIT_CODES, '--out', out, '--jsonl', '--quiet']);
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.json') && !f.startsWith('.'))).toEqual(['run.json']);
    const lines = readFileSync(join(out, 'documents.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).origin.filename)).toEqual([
      'langfang-anci-xinfang-2022.md',
      'expenditure-summary-split-codes.tsv',
    ]);
    expect(csvLines(join(out, 'summary.csv'))).toHaveLength(3);
  });

  it('--out - streams documents to stdout as JSON Lines, progress only on stderr; - reads stdin', async () => {
    const result = spawnCli(['convert', '-', SPLIT_CODES, '--out', '-'], readFileSync(SEED_SAMPLE, 'utf8'));
    expect(result.status, result.stderr).toBe(0);
    const documents = result.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(documents.map((d) => d.origin.filename).sort()).toEqual([
      'expenditure-summary-split-codes.tsv',
      'stdin',
    ]);
    expect(result.stderr).toMatch(/2 converted/);
  });
});

describe('convert: failures', () => {
  it('isolates corrupt, mislabelled and binary inputs: failed with reasons, the rest converted, exit 1', async () => {
    const dir = junkFolder();
    const out = tmp('batch-');
    const result = await run(['convert', dir, SAMPLE_PDF, '--out', out]);
    expect(result.status).toBe(1);
    const report = readJson(join(out, 'run.json'));
    expect(report.counts).toMatchObject({ inputs: 6, converted: 4, failed: 2 });
    const failures = Object.fromEntries(
      report.failures.map((f: { file: string; code: string; reason: string }) => [f.file, f]),
    );
    expect(failures['corrupt.pdf'].code).toBe('pdf-corrupt');
    expect(failures['binary.md'].code).toBe('input-binary');
    for (const f of report.failures) expect(f.reason).toContain(f.file);
    // The HTML page saved as .pdf is read as what it is, and says so.
    expect(failures['page.pdf']).toBeUndefined();
    const page = readJson(join(out, 'page.json'));
    expect(page.diagnostics.map((d: { ruleId: string }) => d.ruleId)).toEqual([
      'format-detected',
      'portal-page',
    ]);
    expect(page.tables).toEqual([]);
    expect(csvLines(join(out, 'summary.csv')).map((l) => l.split(',')[0])).toEqual([
      'file',
      'page.pdf',
      'seed.md',
      'split.tsv',
      'seed-tables.pdf',
    ]);
  });

  it('--fail-on error|warning turns diagnostics into exit 1; never (default) does not', async () => {
    const out = tmp('batch-');
    expect((await run(['convert', SEED_SAMPLE, '--out', out, '-q'])).status).toBe(0);
    expect(readJson(join(out, 'run.json')).diagnostics.documentsWithErrors).toBe(1);
    const tripped = await run(['convert', SEED_SAMPLE, '--out', out, '--resume', '--fail-on', 'error']);
    expect(tripped.status).toBe(1);
    // It names the document and the rules that tripped it, and the report keeps them.
    expect(tripped.stderr).toMatch(
      /--fail-on error: 1 document has errors:\n {2}langfang-anci-xinfang-2022\.md: [a-z-]+/,
    );
    const report = readJson(join(out, 'run.json'));
    expect(report.failOn.level).toBe('error');
    expect(report.failOn.documents[0].file).toBe('langfang-anci-xinfang-2022.md');
    expect(Object.keys(report.failOn.documents[0].rules).length).toBeGreaterThan(0);
    expect(tripped.stderr).toMatch(/; \d+ errors? \(1 document\), \d+ warnings? \(\d+ documents?\) in /);
    expect(
      (await run(['convert', SEED_SAMPLE, '--out', out, '-q', '--resume', '--fail-on', 'warning'])).status,
    ).toBe(1);
    expect(
      (await run(['convert', SPLIT_CODES, '--out', tmp('batch-'), '-q', '--fail-on', 'warning'])).status,
    ).toBe(0);
  });

  it('exits 2 on usage errors', async () => {
    expect((await run(['convert', SEED_SAMPLE, '--out', tmp('batch-'), '--jobs', '0'])).status).toBe(2);
    expect((await run(['convert', SEED_SAMPLE, '--out', tmp('batch-'), '--timeout', 'soon'])).status).toBe(2);
    expect((await run(['convert', SEED_SAMPLE, '--out', tmp('batch-'), '--fail-on', 'info'])).status).toBe(2);
    const empty = tmp('empty-');
    const none = await run(['convert', empty, '--out', tmp('batch-')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('no input to convert');
    const same = tmp('same-');
    copyFileSync(SEED_SAMPLE, join(same, 'a.md'));
    const sameRun = await run(['convert', same, '--out', same]);
    expect(sameRun.status).toBe(2);
    expect(sameRun.stderr).toContain('also an input folder');
    const locked = tmp('batch-');
    writeFileSync(join(locked, '.budget-ingest.lock'), `${process.pid}\n`);
    const busy = await run(['convert', SEED_SAMPLE, '--out', locked]);
    expect(busy.status).toBe(2);
    expect(busy.stderr).toContain('in use');
  });
});

describe('convert: progress', () => {
  it('prints plain progress lines every 10 documents on a non-terminal, none with --quiet', async () => {
    const dir = tmp('many-');
    for (let i = 0; i < 12; i++) copyFileSync(SPLIT_CODES, join(dir, `f${String(i).padStart(2, '0')}.tsv`));
    const out = tmp('batch-');
    const result = await run(['convert', dir, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toContain('\r');
    expect(result.stderr).toMatch(
      /^budget-ingest: 1\d\/12 \(\d+ converted, 0 failed, 0 skipped\) [\d.]+ docs\/s, ETA /m,
    );
    expect(result.stderr).toMatch(/^budget-ingest: 12\/12 \(12 converted, 0 failed, 0 skipped\)/m);
    expect(result.stderr).toMatch(
      /^budget-ingest: 12 converted, 0 skipped, 0 failed; 0 errors \(0 documents\), \d+ warnings? \(\d+ documents?\) in [\d.]+ s → .* \(exit 0\)$/m,
    );
    const quiet = await run(['convert', SPLIT_CODES, '--out', tmp('quiet-'), '--quiet']);
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe('');
  });
});

describe('inspect', () => {
  it('prints each table as an aligned grid (CJK counted as two columns)', async () => {
    const result = await run(['inspect', SEED_SAMPLE, '--table', 'general-budget-basic-expenditure']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('== t6  general-budget-basic-expenditure  ');
    expect(result.stdout).toMatch(/unit 万元 \(×10000 元\)/);
    expect(result.stdout).not.toContain('== t5');
    const { document } = await parseFile(SEED_SAMPLE);
    const table = document.tables.find((t) => t.kind === 'general-budget-basic-expenditure')!;
    const lines = renderTable(table).split('\n');
    const rule = lines.findIndex((l) => /^-+( +-+)+$/.test(l));
    const width = displayWidth(lines[rule]!);
    // Amount columns are right-aligned to the same edge on every data line.
    for (const line of lines.slice(rule + 1, rule + 1 + table.rows.length))
      expect(displayWidth(line)).toBe(width);
    expect(displayWidth('合计ab')).toBe(6);
  });

  it('exits 1 on a bad input', async () => {
    const dir = junkFolder();
    const result = await run(['inspect', join(dir, 'corrupt.pdf')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('pdf-corrupt');
  });
});

describe.skipIf(!HAS_CORPUS)('convert: dev corpus', () => {
  it('converts two corpus PDFs with pages on every value', async () => {
    const out = tmp('corpus-');
    const files = ['06-shpt-sfj-2026-dept.pdf', '17-sh-czj-2025-unit.pdf'].map((f) => join(CORPUS, f));
    const result = await run(['convert', ...files, '--out', out, '-q']);
    expect(result.status, result.stderr).toBe(0);
    const tables = csvLines(join(out, 'tables.csv')).slice(1);
    expect(tables.length).toBeGreaterThan(100);
    expect(readJson(join(out, 'run.json')).rate.pages).toBeGreaterThan(30);
  });
});
