/**
 * Amount parsing: printed cell text → exact decimal string, keeping blank, dash and zero apart.
 */
import { Decimal } from 'decimal.js';

/** What a printed amount cell holds. */
export type AmountCell =
  | { kind: 'blank'; printed: string }
  | { kind: 'dash'; printed: string }
  | { kind: 'number'; printed: string; value: string; negative: boolean }
  | { kind: 'invalid'; printed: string; reason: string }
  | { kind: 'text'; printed: string };

const DASH = /^[-－—–‐‑―─一]+$|^[/／]$|^…+$|^\.{2,}$/;
const PLAIN = /^\d+(\.\d+)?$/;
const GROUPED = /^\d{1,3}(,\d{3})+(\.\d+)?$/;

/** What foldNumber replaces in a number, and with what: full-width digits, signs, separators, blanks. */
const FOLDS: readonly (readonly [RegExp, string | ((ch: string) => string)])[] = [
  [/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)],
  [/[．。]/g, '.'],
  [/[，､]/g, ','],
  [/[－−—–‐]/g, '-'],
  [/[（]/g, '('],
  [/[）]/g, ')'],
  [/[\s\u3000]+/g, ''],
];

/** Any character foldNumber changes (most cells that reach it, names and text, have none). */
const FOLDABLE = new RegExp(FOLDS.map(([pattern]) => pattern.source).join('|'));

/** Fold full-width digits, signs and separators to ASCII and drop spaces inside a number. */
function foldNumber(text: string): string {
  if (!FOLDABLE.test(text)) return text;
  let out = text;
  for (const [pattern, to] of FOLDS)
    out = typeof to === 'string' ? out.replace(pattern, to) : out.replace(pattern, to);
  return out;
}

/** Parse a printed amount cell. Never guesses: anything ambiguous is `invalid` with a reason. */
export function parseAmount(printed: string): AmountCell {
  const trimmed = printed.trim();
  if (trimmed === '') return { kind: 'blank', printed };
  // Most cells print plain ASCII digits (or one minus sign before them): nothing to fold, no Decimal to make.
  const ascii = ASCII_NUMBER.exec(trimmed);
  if (ascii) {
    if (!ascii[1]) return { kind: 'number', printed, value: trimmed, negative: false };
    const digits = trimmed.slice(1);
    return { kind: 'number', printed, value: NONZERO.test(digits) ? trimmed : digits, negative: true };
  }
  return parseFolded(printed, trimmed);
}

/**
 * The value parseAmount gives a trimmed cell that prints a plain ASCII number without a sign (its `value`, the
 * text itself), without making the cell object; undefined for any other cell.
 */
export function plainAmountValue(trimmed: string): string | undefined {
  return UNSIGNED.test(trimmed) ? trimmed : undefined;
}

const UNSIGNED = /^\d+(?:\.\d+)?$/;

/** A plain ASCII number, with a leading minus sign or not: what parseAmount reads without folding. */
const ASCII_NUMBER = /^(-?)\d+(?:\.\d+)?$/;
const NONZERO = /[1-9]/;

/** parseAmount of a non-blank cell by the general path: fold, then read (exported for the differential test). */
export function parseFolded(printed: string, trimmed = printed.trim()): AmountCell {
  if (DASH.test(trimmed)) return { kind: 'dash', printed };
  let text = foldNumber(trimmed);
  let negative = false;
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) {
    text = paren[1] ?? '';
    negative = true;
  }
  if (text.startsWith('-')) {
    if (negative) return { kind: 'invalid', printed, reason: 'double negative sign' };
    negative = true;
    text = text.slice(1);
  }
  if (/^\d[\d,.]*-$/.test(text)) return { kind: 'invalid', printed, reason: 'trailing minus sign' };
  let digits: string;
  if (PLAIN.test(text)) digits = text;
  else if (GROUPED.test(text)) digits = text.replace(/,/g, '');
  else if (/^[-\d,.]+$/.test(text)) return { kind: 'invalid', printed, reason: 'malformed number' };
  else return { kind: 'text', printed };
  const value = negative && new Decimal(digits).isZero() ? digits : (negative ? '-' : '') + digits;
  return { kind: 'number', printed, value, negative };
}

/** True when a printed cell reads as a number (used to tell data rows from header rows). */
export function looksLikeAmount(printed: string): boolean {
  const cell = parseAmount(printed);
  return cell.kind === 'number' && /[.,]/.test(foldNumber(printed));
}

/** Multiply a decimal string by a unit factor, exactly: whole 元 as an integer, else at least two decimals. */
export function toYuan(value: string, factor: string): string {
  const yuan = new Decimal(value).times(factor);
  return yuan.isInteger() ? yuan.toFixed(0) : yuan.toFixed(Math.max(2, yuan.decimalPlaces()));
}
