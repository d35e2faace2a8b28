/**
 * Decoding text inputs: UTF-8 (with or without BOM), UTF-16 (with BOM, or recognized by its zero bytes),
 * and GB18030/GBK detected.
 */
import { BudgetIngestError } from '../errors.js';

/** A decoded text with the encoding that was detected. */
export interface DecodedText {
  /** The text, BOM removed, line endings kept as printed. */
  text: string;
  /** Encoding detected. */
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';
}

/** Decode bytes of a text input; binary data is rejected with `input-binary`. */
export function decodeText(bytes: Uint8Array, filename = '(input)'): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    const text = new TextDecoder(utf16).decode(bytes);
    if (!text.includes('\ufffd') && !looksBinaryText(text)) return { text, encoding: utf16 };
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  if (looksBinary(body))
    throw new BudgetIngestError('input-binary', `${filename}: binary data where text was expected`, {
      file: filename,
    });
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(body),
      encoding: bom ? 'utf-8-bom' : 'utf-8',
    };
  } catch {
    const text = new TextDecoder('gb18030').decode(body);
    if (text.includes('\ufffd'))
      throw new BudgetIngestError(
        'input-unreadable',
        `${filename}: text is neither UTF-8 nor GB18030 (undecodable bytes)`,
        { file: filename },
      );
    return { text, encoding: 'gb18030' };
  }
}

/**
 * UTF-16 without a BOM: text with ASCII in it (tabs, line ends, digits) has a zero byte in half of those
 * characters' code units — at odd offsets (little-endian) or even ones (big-endian) — and almost never on
 * the other side.
 */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const length = Math.min(bytes.length, 4096) & ~1;
  if (length < 4 || bytes.length % 2 !== 0) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const units = length / 2;
  // CJK characters may have a zero low byte (一 is U+4E00): allow a few zeros on the other side.
  if (oddZeros >= units * 0.2 && evenZeros * 8 <= oddZeros) return 'utf-16le';
  if (evenZeros >= units * 0.2 && oddZeros * 8 <= evenZeros) return 'utf-16be';
  return undefined;
}

/** A decoded text with NULs or many control characters (other than tab, line ends, form feed) is binary. */
function looksBinaryText(text: string): boolean {
  const sample = text.slice(0, 4096);
  let control = 0;
  for (const ch of sample) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0) return true;
    if (cp < 9 || (cp > 13 && cp < 32)) control++;
  }
  return sample.length > 0 && control / sample.length > 0.05;
}

/** NUL bytes or a high share of control characters in the first 4 KiB mean binary. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return sample.length > 0 && control / sample.length > 0.05;
}
