/**
 * A PDF's bytes are let go as soon as its document is destroyed (src/extract/pdf/lean-worker.ts): pdf.js would
 * hold them until a full garbage collection, so the next file would be read into memory the process has not
 * touched yet, at a page fault per 4 KB (on small files, most of the time the pipeline adds to pdf.js's).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { parseFile, parsePdfBytes } from '../../src/index.js';
import { ROOT } from '../helpers/paths.js';

const PDF = `${ROOT}samples/pdf/seed-tables.pdf`;

describe('the bytes pdf.js was given', () => {
  it('are moved out of pdf.js’s hands once the document is done, read from a file or given as bytes', async () => {
    const bytes = readFileSync(PDF);
    const clone = globalThis.structuredClone;
    // Sizes of the buffers moved into a fresh buffer of their own (what the release does).
    const released: number[] = [];
    const spy = vi
      .spyOn(globalThis, 'structuredClone')
      .mockImplementation((value: unknown, options?: { transfer?: unknown[] }) => {
        if (value instanceof ArrayBuffer && options?.transfer?.includes(value))
          released.push(value.byteLength);
        return clone(value, options as Parameters<typeof clone>[1]);
      });
    try {
      // (pdf.js moves other buffers this way too: CMaps and fonts it loads, of other sizes.)
      const ofThisFile = () => released.filter((n) => n === bytes.length).length;
      const fromFile = await parseFile(PDF);
      expect(ofThisFile()).toBe(1);
      const given = new Uint8Array(bytes);
      const fromBytes = await parsePdfBytes(given);
      expect(ofThisFile()).toBe(2);
      expect(given.byteLength).toBe(bytes.length); // the caller's bytes are copied, never taken
      // Released after the document was read: both read the same tables.
      expect(fromFile.document.tables.length).toBeGreaterThan(0);
      expect(JSON.stringify(fromBytes.document.tables)).toBe(JSON.stringify(fromFile.document.tables));
    } finally {
      spy.mockRestore();
    }
  });
});
