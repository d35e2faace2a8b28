import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEME_SOURCES, writeCodeDictionary } from '../scripts/build-code-dictionary.js';
import { codeLevel, loadCodeDictionary, parentCode } from '../src/normalize/code-dictionary.js';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'code-dict-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('shipped code dictionary', () => {
  const dict = loadCodeDictionary();

  it('is cached', () => {
    expect(loadCodeDictionary()).toBe(dict);
  });

  it('looks up a 项 code', () => {
    const entry = dict.lookup('2013101');
    expect(entry?.name).toBe('行政运行');
    expect(entry?.level).toBe('项');
    expect(dict.nameFor('2013101')).toBe('行政运行');
    expect(dict.lookup('201 31 01')?.code).toBe('2013101');
  });

  it('looks up a 款 code', () => {
    expect(dict.nameFor('20131')?.startsWith('党委办公厅（室）及相关机构事务')).toBe(true);
    expect(dict.lookup('20131', 'function')?.level).toBe('款');
  });

  it('infers the scheme from the first digit', () => {
    expect(dict.nameFor('30101')).toBe('基本工资');
    expect(dict.nameFor('50101')).toBe('工资奖金津补贴');
    expect(dict.lookup('30101', 'economic-gov')).toBeUndefined();
  });

  it('returns undefined for unknown codes', () => {
    expect(dict.lookup('2019998')).toBeUndefined();
    expect(dict.lookup('9990101')).toBeUndefined();
    expect(dict.lookup('abc')).toBeUndefined();
    expect(dict.nameFor('2019998')).toBeUndefined();
  });

  it('computes levels and parents', () => {
    expect(codeLevel('208')).toBe('类');
    expect(codeLevel('20805')).toBe('款');
    expect(dict.codeLevel('2080505')).toBe('项');
    expect(codeLevel('2080')).toBeNull();
    expect(parentCode('2080505')).toBe('20805');
    expect(dict.parentCode('20805')).toBe('208');
    expect(parentCode('208')).toBeNull();
    expect(parentCode('x')).toBeNull();
  });

  it('resolves a truncated label', () => {
    const full = dict.nameFor('20131');
    expect(full).toBeDefined();
    expect(dict.resolveTruncated('20131', '党委办公厅（室）及相')).toEqual({
      name: full,
      confidence: 'high',
    });
    expect(dict.resolveTruncated('20131', '党委办公厅（室） 及相')?.name).toBe(full);
  });

  it('does not resolve non-prefix, full, too short labels or unknown codes', () => {
    expect(dict.resolveTruncated('20131', '政府办公厅')).toBeUndefined();
    expect(dict.resolveTruncated('20131', dict.nameFor('20131')!)).toBeUndefined();
    expect(dict.resolveTruncated('20131', '党')).toBeUndefined();
    expect(dict.resolveTruncated('2019998', '党委办公厅')).toBeUndefined();
  });

  it('drops noisy alt names of 类 codes', () => {
    expect(dict.lookup('201')?.altNames).not.toContain('中共西安市委宣传部');
  });

  it('lists entries sorted by code', () => {
    const codes = dict.entries('function').map((e) => e.code);
    expect(codes.length).toBeGreaterThan(500);
    expect([...codes].sort()).toEqual(codes);
  });
});

describe('user dictionary files', () => {
  it('adds and overrides entries', () => {
    const path = join(tempDir(), 'extra.json');
    const entries = [
      { code: '2019998', level: '项', name: '测试科目', altNames: [], confidence: 'low', docs: 0, years: [] },
      {
        code: '2013101',
        level: '项',
        name: '行政运行（测试）',
        altNames: [],
        confidence: 'low',
        docs: 0,
        years: [],
      },
    ];
    writeFileSync(path, JSON.stringify({ id: 'extra', scheme: 'function', entries }));
    const dict = loadCodeDictionary([path]);
    expect(dict.nameFor('2019998')).toBe('测试科目');
    expect(dict.nameFor('2013101')).toBe('行政运行（测试）');
    expect(loadCodeDictionary().nameFor('2013101')).toBe('行政运行');
  });

  it('rejects a broken file with the file path and field in the message', () => {
    const path = join(tempDir(), 'broken.json');
    const entries = [{ code: '2019998', level: '项', altNames: [], confidence: 'low', docs: 0, years: [] }];
    writeFileSync(path, JSON.stringify({ id: 'broken', scheme: 'function', entries }));
    expect(() => loadCodeDictionary([path])).toThrow(Error);
    expect(() => loadCodeDictionary([path])).toThrow(path);
    expect(() => loadCodeDictionary([path])).toThrow(/entries\[0\]\.name/);
  });

  it('rejects a level that does not match the code', () => {
    const path = join(tempDir(), 'bad-level.json');
    const entries = [
      { code: '20199', level: '项', name: 'x', altNames: [], confidence: 'low', docs: 0, years: [] },
    ];
    writeFileSync(path, JSON.stringify({ id: 'bad', scheme: 'function', entries }));
    expect(() => loadCodeDictionary([path])).toThrow(/entries\[0\]\.level/);
  });
});

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const sharedCodesDir = join(repoRoot, '../shared/codes');

describe.skipIf(!existsSync(sharedCodesDir))('generator', () => {
  it('reproduces the committed files byte for byte', () => {
    const outDir = tempDir();
    writeCodeDictionary(sharedCodesDir, outDir);
    for (const { file } of SCHEME_SOURCES) {
      const generated = readFileSync(join(outDir, file));
      const committed = readFileSync(join(repoRoot, 'grammars/codes', file));
      expect(generated.equals(committed), file).toBe(true);
    }
  });
});
