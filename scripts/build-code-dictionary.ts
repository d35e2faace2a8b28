/**
 * Builds the shipped classification code dictionary (政府收支分类科目) in grammars/codes/ from the reference CSVs
 * in the shared codes folder (see its README.txt). Run: `npx tsx scripts/build-code-dictionary.ts [SHARED_CODES_DIR]
 * [OUT_DIR]` (defaults: ../shared/codes relative to the repo root, and grammars/codes).
 *
 * Rules:
 * - Corpus-derived rows (func/econ_dept/econ_gov *_derived_from_corpus.csv) keep the CSV's `high` confidence;
 *   any other row seen in >= 2 documents becomes `medium` (the CSV only keeps rows with n_docs >= 2).
 * - Codes present only in the sparse 2017 fallback tables (supervise_*.csv) are added with confidence `low`,
 *   their name from the fallback, docs 0 and no years (they were never seen in a disclosure). Code 000 is skipped.
 * - Codes whose 款 or 项 segment is 00 (e.g. 21000 '平方米') are not valid codes and are dropped.
 * - years: the numeric years of years_seen ('?' = undetected is dropped), ascending.
 * - Alt-name noise (类 codes only; truncated alt names, i.e. prefixes of the main name, are always kept). An alt
 *   name of a 类 code is dropped when it
 *   (a) has unbalanced brackets (a cell fragment such as '类）住房改革支出' from a split '（类）' header), or
 *   (b) does not end with 支出 while the main name does (department names, units: '中共西安市委宣传部', '万元'), or
 *   (c) shares no 2-character substring with the main name once the generic suffix 支出 is removed, or
 *   (d) is the main name of another code of the same scheme (a 款's name attached to its 类: '其他资本性支出').
 *   Alt names of 款/项 codes are kept as they are (some are project names printed in the 项 column).
 * Output is deterministic: entries sorted by code, fixed key order, 2-space JSON, trailing newline.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Code scheme of a generated dictionary file. */
export type Scheme = 'function' | 'economic-dept' | 'economic-gov';
type Level = '类' | '款' | '项';
type Confidence = 'high' | 'medium' | 'low';

/** One entry as written to grammars/codes/*.json (key order is the output order). */
export interface GeneratedEntry {
  code: string;
  level: Level;
  name: string;
  altNames: string[];
  confidence: Confidence;
  docs: number;
  years: number[];
}

interface SchemeSource {
  scheme: Scheme;
  file: string;
  corpusCsv: string;
  title: string;
}

/** The three generated files, their corpus CSV and title. */
export const SCHEME_SOURCES: readonly SchemeSource[] = [
  {
    scheme: 'function',
    file: 'function.json',
    corpusCsv: 'func_codes_derived_from_corpus.csv',
    title: '支出功能分类科目 (function classification)',
  },
  {
    scheme: 'economic-dept',
    file: 'economic-dept.json',
    corpusCsv: 'econ_dept_codes_derived_from_corpus.csv',
    title: '部门预算支出经济分类科目 (departmental economic classification)',
  },
  {
    scheme: 'economic-gov',
    file: 'economic-gov.json',
    corpusCsv: 'econ_gov_codes_derived_from_corpus.csv',
    title: '政府预算支出经济分类科目 (government economic classification)',
  },
];

const FALLBACK_CSVS = [
  'supervise_ELE_BUDGET_SUBJECT_func_2017label.csv',
  'supervise_ELE_BUDGET_SUBJECT_ITEM_econ_2017label.csv',
] as const;

const SCHEME_BY_FIRST_DIGIT: Readonly<Record<string, Scheme>> = {
  '2': 'function',
  '3': 'economic-dept',
  '5': 'economic-gov',
};

/** Parses RFC 4180 CSV text into records keyed by the header row. */
export function parseCsv(text: string, fileName: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const nonEmpty = rows.filter((r) => !(r.length === 1 && r[0] === ''));
  const header = nonEmpty[0];
  if (!header) throw new Error(`${fileName}: empty CSV`);
  return nonEmpty.slice(1).map((r, i) => {
    if (r.length !== header.length) {
      throw new Error(`${fileName}: line ${i + 2} has ${r.length} fields, expected ${header.length}`);
    }
    return Object.fromEntries(header.map((h, j) => [h, r[j]!]));
  });
}

function col(rec: Record<string, string>, key: string, fileName: string): string {
  const v = rec[key];
  if (v === undefined) throw new Error(`${fileName}: missing column ${key}`);
  return v.trim();
}

function levelOf(code: string): Level | null {
  if (!/^\d+$/.test(code)) return null;
  return code.length === 3 ? '类' : code.length === 5 ? '款' : code.length === 7 ? '项' : null;
}

/** True for codes that cannot be 政府收支分类 codes (wrong length, or a 款/项 segment of 00). */
function isInvalidCode(code: string): boolean {
  if (levelOf(code) === null) return true;
  return code.slice(3, 5) === '00' || code.slice(5, 7) === '00';
}

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  const chars = [...s];
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

function hasUnbalancedBrackets(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '（' || ch === '(') depth++;
    else if (ch === '）' || ch === ')') {
      depth--;
      if (depth < 0) return true;
    }
  }
  return depth !== 0;
}

/** Why an alt name of a 类 code is noise (see the file comment), or null when it is kept. */
export function altNameNoiseReason(
  alt: string,
  name: string,
  level: Level,
  otherNames: ReadonlySet<string>,
): string | null {
  if (level !== '类' || name.startsWith(alt)) return null;
  if (hasUnbalancedBrackets(alt)) return 'unbalanced brackets';
  if (name.endsWith('支出') && !alt.endsWith('支出')) return 'does not end with 支出';
  const strip = (s: string) => s.replace(/支出$/, '');
  const nameGrams = bigrams(strip(name));
  if (![...bigrams(strip(alt))].some((g) => nameGrams.has(g))) return 'no shared 2-char substring';
  if (otherNames.has(alt)) return 'name of another code';
  return null;
}

function parseYears(raw: string): number[] {
  const years = raw
    .split(';')
    .map((y) => y.trim())
    .filter((y) => /^\d{4}$/.test(y))
    .map(Number);
  return [...new Set(years)].sort((a, b) => a - b);
}

/** Display width of a string as the formatter counts it (East Asian wide/fullwidth characters count 2). */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

const LINE_WIDTH = 110;

/**
 * 2-space JSON laid out the way the repo's formatter (biome, lineWidth 110) prints it, so that `biome check`
 * accepts the generated files: objects one key per line; arrays of scalars on one line when that line fits,
 * else one item per line.
 */
export function formatJson(value: unknown, indent = '', prefixWidth = 0, suffix = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      const flat = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
      if (displayWidth(indent) + prefixWidth + displayWidth(flat) + suffix.length <= LINE_WIDTH) return flat;
    }
    const inner = `${indent}  `;
    const items = value.map((v, i) => inner + formatJson(v, inner, 0, i < value.length - 1 ? ',' : ''));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const inner = `${indent}  `;
    const keys = Object.entries(value);
    if (keys.length === 0) return '{}';
    const lines = keys.map(([k, v], i) => {
      const key = `${JSON.stringify(k)}: `;
      return inner + key + formatJson(v, inner, displayWidth(key), i < keys.length - 1 ? ',' : '');
    });
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** Result of a build: file name → exact file text, plus a log of decisions. */
export interface BuildResult {
  files: Map<string, string>;
  log: string[];
}

/** Builds the three dictionary files (as text) from the CSVs in sharedDir. */
/**
 * 项 codes whose most frequent printed spelling in the source list is a project name some department printed in
 * the name column; the official name is among the code's alternative spellings. The wrong spelling is dropped.
 */
const MAIN_NAME_CORRECTIONS: Readonly<Record<string, string>> = {
  '2040201': '行政运行',
  '2040202': '一般行政管理事务',
  '2110199': '其他环境保护管理事务支出',
  '2101599': '其他医疗保障管理事务支出',
  '2110301': '大气',
  '2111001': '能源节约利用',
  '2111101': '生态环境监测与信息',
  '2200104': '自然资源规划及管理',
  '2140504': '行业监管',
};

export function buildCodeDictionary(sharedDir: string): BuildResult {
  const log: string[] = [];
  const read = (f: string) => parseCsv(readFileSync(join(sharedDir, f), 'utf8'), f);

  const fallback = new Map<Scheme, Map<string, string>>();
  for (const f of FALLBACK_CSVS) {
    for (const rec of read(f)) {
      const code = col(rec, 'code', f);
      const name = col(rec, 'name', f);
      const scheme = SCHEME_BY_FIRST_DIGIT[code[0] ?? ''];
      if (code === '000' || !scheme || isInvalidCode(code) || name === '') {
        log.push(`skip fallback ${f}: ${code} ${name}`);
        continue;
      }
      const m = fallback.get(scheme) ?? new Map<string, string>();
      fallback.set(scheme, m);
      if (!m.has(code)) m.set(code, name);
    }
  }

  const files = new Map<string, string>();
  for (const src of SCHEME_SOURCES) {
    const rows = read(src.corpusCsv);
    const byCode = new Map<string, GeneratedEntry>();
    const rawAlts = new Map<string, string[]>();
    for (const rec of rows) {
      const code = col(rec, 'code', src.corpusCsv);
      const name = col(rec, 'name', src.corpusCsv);
      const level = levelOf(code);
      if (isInvalidCode(code) || level === null || SCHEME_BY_FIRST_DIGIT[code[0]!] !== src.scheme) {
        log.push(`skip ${src.corpusCsv}: invalid code ${code} ${name}`);
        continue;
      }
      const csvLevel = col(rec, 'level', src.corpusCsv);
      if (csvLevel !== level)
        throw new Error(`${src.corpusCsv}: ${code} has level ${csvLevel}, expected ${level}`);
      if (byCode.has(code)) throw new Error(`${src.corpusCsv}: duplicate code ${code}`);
      const docs = Number(col(rec, 'n_docs', src.corpusCsv));
      if (!Number.isInteger(docs) || docs < 0) throw new Error(`${src.corpusCsv}: ${code} has bad n_docs`);
      const csvConfidence = col(rec, 'confidence', src.corpusCsv);
      const confidence: Confidence = csvConfidence === 'high' ? 'high' : docs >= 2 ? 'medium' : 'low';
      rawAlts.set(
        code,
        col(rec, 'alt_names', src.corpusCsv)
          .split('|')
          .map((a) => a.trim())
          .filter((a) => a !== ''),
      );
      const corrected = MAIN_NAME_CORRECTIONS[code];
      if (corrected)
        log.push(`correct ${code}: most frequent spelling ${name} is a project name; using ${corrected}`);
      byCode.set(code, {
        code,
        level,
        name: corrected ?? name,
        altNames: [],
        confidence,
        docs,
        years: parseYears(col(rec, 'years_seen', src.corpusCsv)),
      });
    }
    for (const entry of byCode.values()) {
      const otherNames = new Set(
        [...byCode.values()].filter((e) => e.code !== entry.code).map((e) => e.name),
      );
      const kept: string[] = [];
      for (const alt of rawAlts.get(entry.code) ?? []) {
        if (alt === entry.name || kept.includes(alt)) continue;
        const reason = altNameNoiseReason(alt, entry.name, entry.level, otherNames);
        if (reason) log.push(`drop alt name ${src.scheme} ${entry.code} ${entry.name}: '${alt}' (${reason})`);
        else kept.push(alt);
      }
      entry.altNames = kept;
    }
    for (const [code, name] of fallback.get(src.scheme) ?? []) {
      if (byCode.has(code)) continue;
      byCode.set(code, {
        code,
        level: levelOf(code)!,
        name,
        altNames: [],
        confidence: 'low',
        docs: 0,
        years: [],
      });
    }
    const entries = [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const fallbackFile = src.scheme === 'function' ? FALLBACK_CSVS[0] : FALLBACK_CSVS[1];
    const doc = {
      $comment:
        `${src.title}; generated by scripts/build-code-dictionary.ts from ${src.corpusCsv} ` +
        `(codes seen in real disclosures) and ${fallbackFile} (2017 fallback, confidence low); do not edit by hand`,
      id: src.scheme,
      scheme: src.scheme,
      entries: entries.map((e) => ({
        code: e.code,
        level: e.level,
        name: e.name,
        altNames: e.altNames,
        confidence: e.confidence,
        docs: e.docs,
        years: e.years,
      })),
    };
    files.set(src.file, `${formatJson(doc)}\n`);
  }
  return { files, log };
}

/** Builds the dictionary from sharedDir and writes the files into outDir; returns the written paths. */
export function writeCodeDictionary(sharedDir: string, outDir: string): { written: string[]; log: string[] } {
  const { files, log } = buildCodeDictionary(sharedDir);
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const [file, text] of files) {
    const path = join(outDir, file);
    writeFileSync(path, text, 'utf8');
    written.push(path);
  }
  return { written, log };
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Default location of the shared reference CSVs (../shared/codes relative to the repo root). */
export const DEFAULT_SHARED_CODES_DIR = resolve(repoRoot, '../shared/codes');
/** Default output folder (grammars/codes in the repo). */
export const DEFAULT_OUT_DIR = resolve(repoRoot, 'grammars/codes');

const invokedPath = process.argv[1];
if (invokedPath && import.meta.url === pathToFileURL(resolve(invokedPath)).href) {
  const sharedDir = resolve(process.argv[2] ?? DEFAULT_SHARED_CODES_DIR);
  const outDir = resolve(process.argv[3] ?? DEFAULT_OUT_DIR);
  const { written, log } = writeCodeDictionary(sharedDir, outDir);
  for (const line of log) console.log(line);
  for (const path of written) {
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { entries: { confidence: string }[] };
    const counts: Record<string, number> = {};
    for (const e of doc.entries) counts[e.confidence] = (counts[e.confidence] ?? 0) + 1;
    console.log(`wrote ${basename(path)}: ${doc.entries.length} entries ${JSON.stringify(counts)}`);
  }
}
