import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syncInflateForPdfjs } from '../../src/extract/pdf/sync-inflate.js';
import { parseFile } from '../../src/index.js';
import { ROOT } from '../helpers/paths.js';

const KEY = 'DecompressionStream';
const global = globalThis as Record<string, unknown>;
const before = Object.getOwnPropertyDescriptor(globalThis, KEY);

afterEach(() => {
  if (before) Object.defineProperty(globalThis, KEY, before);
});

/** Read the global as pdf.js's stream decoder does (same method name). */
function asPdfjsDecoderSees(): unknown {
  return {
    asyncGetBytesFromDecompressionStream: () => global[KEY],
  }.asyncGetBytesFromDecompressionStream();
}

/** True when what pdf.js's decoder is given cannot be constructed (pdf.js then inflates the stream itself). */
function hiddenFromPdfjs(): boolean {
  const seen = asPdfjsDecoderSees() as new (format: string) => object;
  if (seen === global[KEY]) return false;
  expect(() => new seen('deflate')).toThrow();
  return true;
}

describe('pdf.js decodes streams without DecompressionStream while a document is open', () => {
  it('reads a Flate-compressed PDF without constructing a DecompressionStream, and the same tables', async () => {
    const Native = global[KEY] as new (format: string) => object;
    let constructed = 0;
    global[KEY] = class Counting extends Native {
      constructor(format: string) {
        super(format);
        constructed++;
      }
    };
    const result = await parseFile(join(ROOT, 'samples/pdf/seed-tables.pdf'));
    expect(constructed).toBe(0);
    expect(result.document.tables.length).toBeGreaterThan(0);
    // The counting class is what the global holds again, and it works for everyone else.
    expect((global[KEY] as { name: string }).name).toBe('Counting');
    new (global[KEY] as new (format: string) => object)('deflate');
    expect(constructed).toBe(1);
  });

  it('hides the class from pdf.js’s decoder only, and puts the property back when the last document closes', () => {
    const Native = global[KEY];
    const releaseA = syncInflateForPdfjs();
    const releaseB = syncInflateForPdfjs();
    expect(global[KEY]).toBe(Native);
    expect(hiddenFromPdfjs()).toBe(true);
    releaseA();
    releaseA(); // a second call is a no-op: B still holds it
    expect(hiddenFromPdfjs()).toBe(true);
    releaseB();
    expect(asPdfjsDecoderSees()).toBe(Native);
    expect(Object.getOwnPropertyDescriptor(globalThis, KEY)).toEqual(before);
  });

  it('keeps a value other code assigns while a document is open', () => {
    const release = syncInflateForPdfjs();
    const mine = class Mine {};
    global[KEY] = mine;
    expect(global[KEY]).toBe(mine);
    expect(hiddenFromPdfjs()).toBe(true);
    release();
    expect(global[KEY]).toBe(mine);
    expect(Object.getOwnPropertyDescriptor(globalThis, KEY)?.writable).toBe(true);
  });
});
