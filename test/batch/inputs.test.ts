import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cleanTemporaries,
  MAX_NAME_BYTES,
  outputName,
  safeStem,
  writeFileAtomic,
  writeFileAtomicFrom,
} from '../../src/batch/files.js';
import { globMatcher, hasMagic, splitGlob } from '../../src/batch/glob.js';
import { findInputs } from '../../src/batch/inputs.js';
import { CORPUS, HAS_CORPUS, ROOT, SEED_SAMPLE } from '../helpers/paths.js';

describe('glob', () => {
  it('matches segments, ** across folders, classes and alternatives; hidden names only explicitly', () => {
    expect(hasMagic('a/*.pdf')).toBe(true);
    expect(hasMagic('a/b.pdf')).toBe(false);
    const pdf = globMatcher('**/*.pdf');
    expect(pdf('a.pdf')).toBe(true);
    expect(pdf('x/y/a.pdf')).toBe(true);
    expect(pdf('x/.hidden/a.pdf')).toBe(false);
    expect(pdf('a.pdf.md')).toBe(false);
    const star = globMatcher('*.{md,tsv}');
    expect(star('a.md')).toBe(true);
    expect(star('a.tsv')).toBe(true);
    expect(star('d/a.md')).toBe(false);
    // Nested braces (the hand-written matcher of 0.1 could not).
    const nested = globMatcher('*.{md,{tsv,csv}}');
    expect(['a.md', 'a.tsv', 'a.csv', 'a.pdf'].map((name) => nested(name))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(globMatcher('r[0-9]?.csv')('r1x.csv')).toBe(true);
    expect(globMatcher('r[!0-9].csv')('r1.csv')).toBe(false);
    expect(splitGlob('data/2024/**/*.pdf')).toEqual({ base: 'data/2024', rest: '**/*.pdf' });
    expect(splitGlob('*.pdf')).toEqual({ base: '.', rest: '*.pdf' });
  });
});

describe('findInputs', () => {
  it('walks folders sorted, skips hidden entries, non-inputs and the output folder; sniffs PDFs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inputs-'));
    mkdirSync(join(dir, 'sub'));
    mkdirSync(join(dir, '.hidden'));
    mkdirSync(join(dir, 'out'));
    copyFileSync(SEED_SAMPLE, join(dir, 'b.md'));
    copyFileSync(SEED_SAMPLE, join(dir, 'sub', 'a.md'));
    copyFileSync(SEED_SAMPLE, join(dir, '.hidden', 'c.md'));
    copyFileSync(SEED_SAMPLE, join(dir, 'out', 'd.md'));
    copyFileSync(join(ROOT, 'samples/pdf/seed-tables.pdf'), join(dir, 'sub', 'no-extension'));
    writeFileSync(join(dir, 'sheet.xls'), 'not an input');
    const found = findInputs([dir, join(dir, 'b.md')], { exclude: [join(dir, 'out')] });
    expect(found.files.map((f) => f.file)).toEqual(['b.md', 'sub/a.md', 'sub/no-extension']);
    expect(found.ignored).toEqual([
      { input: join(dir, 'sheet.xls'), reason: expect.stringContaining('.xls') },
    ]);
    expect(found.missing).toEqual([]);
  });

  it('expands glob patterns and reports missing paths and empty patterns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inputs-'));
    mkdirSync(join(dir, 'x'));
    copyFileSync(SEED_SAMPLE, join(dir, 'x', 'a.md'));
    writeFileSync(join(dir, 'x', 'b.tsv'), '科目名称\t合计\n一般公共服务支出\t1.00\n');
    writeFileSync(join(dir, 'x', 'c.csv'), 'a,b,c\n');
    const found = findInputs([`${dir}/**/*.{md,tsv}`, `${dir}/*.pdf`, join(dir, 'nope.md')]);
    expect(found.files.map((f) => f.file)).toEqual(['x/a.md', 'x/b.tsv']);
    expect(found.ignored).toEqual([{ input: `${dir}/*.pdf`, reason: 'the pattern matches no file' }]);
    expect(found.missing).toEqual([join(dir, 'nope.md')]);
  });

  it('does not follow symbolic links out of the input folder, follows those inside, de-duplicates', () => {
    const outside = mkdtempSync(join(tmpdir(), 'outside-'));
    copyFileSync(SEED_SAMPLE, join(outside, 'secret.md'));
    const dir = mkdtempSync(join(tmpdir(), 'inputs-'));
    copyFileSync(SEED_SAMPLE, join(dir, 'a.md'));
    symlinkSync(join(outside, 'secret.md'), join(dir, 'link-out.md'));
    symlinkSync(outside, join(dir, 'dir-out'));
    symlinkSync(join(dir, 'a.md'), join(dir, 'link-in.md'));
    symlinkSync(dir, join(dir, 'loop'));
    const found = findInputs([dir]);
    expect(found.files.map((f) => f.file)).toEqual(['a.md']);
    expect(found.ignored.map((i) => i.input).sort()).toEqual([
      join(dir, 'dir-out'),
      join(dir, 'link-out.md'),
    ]);
    expect(found.ignored[0]!.reason).toContain('outside');
  });
});

describe('output files', () => {
  it('names outputs safely, uniquely (case-insensitively) and never as the run files', () => {
    const taken = new Set<string>();
    expect(outputName('a/Report.pdf', taken)).toBe('Report');
    expect(outputName('b/report.md', taken)).toBe('report-2');
    expect(outputName('run.pdf', taken)).toBe('run-2');
    expect(outputName('..', taken)).toBe('__');
    expect(outputName('', taken)).toBe('document');
    expect(outputName('.env.md', taken)).toBe('_env');
    expect(outputName('a\u0000b|c.md', taken)).toBe('a_b_c');
    // Names are limited in bytes (a file name holds 255), with room left for suffixes and temporaries.
    const long = safeStem(`${'长'.repeat(300)}.pdf`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(long).toBe('长'.repeat(53));
    const many = new Set<string>();
    const first = outputName(`${'长'.repeat(300)}.pdf`, many);
    const second = outputName(`${'长'.repeat(300)}.md`, many);
    expect(second).toBe(`${'长'.repeat(52)}-2`);
    expect(Buffer.byteLength(second)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(first).not.toBe(second);
    // NFC and NFD spellings of one name are one name (they collide on macOS).
    const nfc = 'caf\u00e9.md';
    const nfd = 'cafe\u0301.md';
    const unicode = new Set<string>();
    expect(outputName(nfc, unicode)).toBe('caf\u00e9');
    expect(outputName(nfd, unicode)).toBe('caf\u00e9-2');
    // Shell and Windows characters, controls and bidirectional overrides become _; no leading dash.
    expect(safeStem("a$b(c);d&e`f!g'h[i]{j}.md")).toBe('a_b_c__d_e_f_g_h_i__j_');
    expect(safeStem('-rf \u202egpj.exe')).toBe('_rf _gpj');
    expect(safeStem('\u001b[31mred.md')).toBe('__31mred');
  });

  it('writes atomically and removes temporaries a killed run left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    writeFileAtomic(join(dir, 'a.json'), '{}\n');
    writeFileAtomicFrom(join(dir, 'b.csv'), ['h\n', new TextEncoder().encode('1\n')]);
    expect(readFileSync(join(dir, 'b.csv'), 'utf8')).toBe('h\n1\n');
    writeFileSync(join(dir, 'c.json.12345-7.tmp'), 'half');
    expect(cleanTemporaries([dir])).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.csv']);
  });
});

describe('folders: only disclosures', () => {
  it('text without budget vocabulary, English notes and delimited files without a budget header are ignored, with why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sniff-'));
    copyFileSync(SEED_SAMPLE, join(dir, 'seed.md'));
    copyFileSync(join(ROOT, 'samples/fragments/income-summary.csv'), join(dir, 'fragment.csv'));
    writeFileSync(join(dir, 'MANIFEST.tsv'), 'file\tpages\tnotes\na.pdf\t25\t部门预算 收入 支出\n');
    writeFileSync(
      join(dir, 'README.txt'),
      `Ground truth, read by hand. ${'The 收入 and 支出 facts. '.repeat(20)}`,
    );
    writeFileSync(join(dir, 'notes.md'), '# 会议记录\n\n下周二讨论网站改版和人员安排的问题。\n');
    writeFileSync(join(dir, 'empty.md'), '');
    const found = findInputs([dir]);
    expect(found.files.map((f) => f.file)).toEqual(['empty.md', 'fragment.csv', 'seed.md']);
    const reasons = Object.fromEntries(found.ignored.map((i) => [i.input.split('/').pop(), i.reason]));
    expect(reasons['MANIFEST.tsv']).toMatch(
      /^not a disclosure: a delimited file whose header names no budget column \(file, pages, notes/,
    );
    expect(reasons['README.txt']).toMatch(/^not a disclosure: mostly non-Chinese text/);
    expect(reasons['notes.md']).toMatch(/^not a disclosure: text without budget vocabulary/);
    // Named explicitly, a file is always tried.
    expect(findInputs([join(dir, 'MANIFEST.tsv')]).files).toHaveLength(1);
  });

  it.skipIf(!HAS_CORPUS)(
    'the dev corpus: the disclosures are taken, MANIFEST.tsv, the .xls template and truth/ are not',
    () => {
      const found = findInputs([CORPUS]);
      expect(found.files.every((f) => /\.(pdf|csv)$/.test(f.file))).toBe(true);
      expect(found.files.filter((f) => f.file.endsWith('.pdf')).length).toBeGreaterThanOrEqual(24);
      const ignored = found.ignored.map((i) => i.input.slice(CORPUS.length)).sort();
      expect(ignored).toEqual(
        expect.arrayContaining(['MANIFEST.tsv', 'truth/README.txt', 'truth/facts.tsv', 'truth/tables.tsv']),
      );
    },
  );
});
