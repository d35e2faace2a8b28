/**
 * Whether a text file found in a folder looks like a budget disclosure, decided by its content: scraped
 * folders also hold manifests, READMEs, notes and truth tables that must not be converted as documents.
 * PDFs are always taken; text that cannot be decoded is taken too (it fails with its own error code).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { decodeText } from '../extract/decode.js';
import { parseAmount } from '../normalize/amount.js';

/** The signals of a disclosure, as data: what is looked for, where, and how much of it. */
export const DISCLOSURE_SIGNALS = {
  /** Bytes read from the start of a file to decide. */
  sampleBytes: 64 * 1024,
  /** Markdown, HTML and plain text. */
  text: {
    /** Budget words; at least `minWords` different ones must occur. */
    words: [
      '预算',
      '决算',
      '收入',
      '支出',
      '财政拨款',
      '一般公共预算',
      '政府性基金',
      '基本支出',
      '项目支出',
      '经费',
      '科目',
      '合计',
    ],
    minWords: 2,
    /** Han characters as a share of Han characters and Latin letters (an English README fails). */
    minHanShare: 0.3,
    /** Texts with fewer letters than this are taken as they are (an empty file fails with `input-empty`). */
    minLetters: 20,
  },
  /** TSV and CSV: a header naming budget columns above rows of amounts. */
  delimited: {
    /** Words of a budget table's title or header cells. */
    headerWords: [
      '科目',
      '合计',
      '总计',
      '小计',
      '金额',
      '收入',
      '支出',
      '拨款',
      '经费',
      '一般公共预算',
      '政府性基金',
      '国有资本经营',
      '功能分类',
      '经济分类',
      '三公',
      '预算数',
      '决算数',
    ],
    /** Header cells are short: longer cells are notes. */
    maxHeaderChars: 40,
    /** Rows read. */
    rows: 50,
  },
} as const;

/** The verdict on one file. */
export type DisclosureVerdict = { disclosure: true } | { disclosure: false; reason: string };

const TAKE: DisclosureVerdict = { disclosure: true };

function sample(path: string, bytes: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const n = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/gu;
const LATIN = /[A-Za-z]/g;

function textVerdict(text: string): DisclosureVerdict {
  const signals = DISCLOSURE_SIGNALS.text;
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  if (han + latin < signals.minLetters) return TAKE;
  const words = signals.words.filter((word) => text.includes(word));
  const share = han / (han + latin);
  if (words.length >= signals.minWords && share >= signals.minHanShare) return TAKE;
  return {
    disclosure: false,
    reason:
      words.length < signals.minWords
        ? `text without budget vocabulary (${words.length ? `only ${words.join('')}` : 'none of 预算, 决算, 收入, 支出 …'})`
        : `mostly non-Chinese text (${Math.round(share * 100)}% Han characters)`,
  };
}

const isAmount = (cell: string) => parseAmount(cell).kind === 'number';

function delimitedVerdict(text: string, delimiter: string): DisclosureVerdict {
  const signals = DISCLOSURE_SIGNALS.delimited;
  let rows: string[][];
  try {
    rows = parseCsv(text, {
      delimiter,
      quote: delimiter === ',' ? '"' : false,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      to_line: signals.rows,
    }) as string[][];
  } catch {
    return TAKE; // malformed: converting it reports what is wrong
  }
  const firstData = rows.findIndex((row) => row.some(isAmount));
  if (firstData < 0) return { disclosure: false, reason: 'a delimited file without amounts' };
  const header = rows.slice(0, firstData).flat();
  const named = header.some(
    (cell) =>
      cell.length <= signals.maxHeaderChars && signals.headerWords.some((word) => cell.includes(word)),
  );
  if (!named)
    return {
      disclosure: false,
      reason: `a delimited file whose header names no budget column (${header.slice(0, 4).join(', ') || 'no header'} …)`,
    };
  return TAKE;
}

/**
 * Decide whether a text file found in a folder is a disclosure to convert (see `DISCLOSURE_SIGNALS`);
 * `.pdf` files and files that cannot be read or decoded are always taken.
 */
export function looksLikeDisclosure(path: string): DisclosureVerdict {
  const ext = extname(path).toLowerCase();
  if (ext === '.pdf') return TAKE;
  let text: string;
  try {
    text = decodeText(sample(path, DISCLOSURE_SIGNALS.sampleBytes), path).text;
  } catch {
    return TAKE;
  }
  if (ext === '.tsv' || ext === '.tab') return delimitedVerdict(text, '\t');
  if (ext === '.csv') return delimitedVerdict(text, text.includes('\t') ? '\t' : ',');
  return textVerdict(text);
}
