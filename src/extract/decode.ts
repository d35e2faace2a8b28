/**
 * Decoding text inputs: UTF-8 (with or without BOM), UTF-16 with BOM, and GB18030/GBK detected.
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
