import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileBounded } from '../src/read-input.js';

const NO_LIMITS = { maxBytes: 1e9, deadline: Number.POSITIVE_INFINITY, name: 'test' };

describe('readFileBounded', () => {
  it('reads a regular file into a buffer of exactly its size (handed to pdf.js without a copy)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'read-')), 'data.bin');
    const content = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    content[content.length - 1] = 42;
    writeFileSync(file, content);
    const bytes = await readFileBounded(file, NO_LIMITS);
    expect(bytes.length).toBe(content.length);
    expect(bytes.byteLength).toBe(bytes.buffer.byteLength);
    expect(bytes.at(-1)).toBe(42);
    expect(Buffer.from(bytes).equals(content)).toBe(true);
  });

  it('refuses a regular file over the limit before reading it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'read-')), 'big.bin');
    writeFileSync(file, Buffer.alloc(100));
    await expect(readFileBounded(file, { ...NO_LIMITS, maxBytes: 99 })).rejects.toMatchObject({
      code: 'input-too-large',
    });
  });

  it.runIf(existsSync('/proc/self/status'))(
    'reads a file whose stated size is 0 to its end (/proc)',
    async () => {
      expect(statSync('/proc/self/status').size).toBe(0);
      const bytes = await readFileBounded('/proc/self/status', NO_LIMITS);
      expect(Buffer.from(bytes).toString('latin1')).toMatch(/^Name:/);
      expect(bytes.length).toBeGreaterThan(100);
      expect(readFileSync('/proc/self/status').length).toBeGreaterThan(100);
    },
  );
});

describe('PDF bytes and pdf.js', () => {
  it('parsePdfBytes leaves the caller’s bytes whole; parseFile reads the same document', async () => {
    const { parseFile, parsePdfBytes } = await import('../src/index.js');
    const path = join(import.meta.dirname, '../samples/pdf/seed-tables.pdf');
    const bytes = new Uint8Array(readFileSync(path));
    const length = bytes.length;
    const fromBytes = await parsePdfBytes(bytes, { filename: 'seed-tables.pdf' });
    expect(bytes.length).toBe(length); // not detached by pdf.js
    const fromFile = await parseFile(path);
    expect(fromFile.document.tables.length).toBeGreaterThan(0);
    expect(JSON.stringify(fromFile.document)).toBe(JSON.stringify(fromBytes.document));
  });
});
