import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LayoutBlock } from '../../src/ast/layout.js';
import { extractPdfLayout } from '../../src/extract/pdf/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(repoRoot, '../shared');
const corpus = path.join(shared, 'corpus/dev');
const present = existsSync(path.join(corpus, 'truth/tables.tsv'));

const DOCS = [
  '06-shpt-sfj-2026-dept.pdf',
  '23-sz-czj-2026.pdf',
  '01-shpt-czj-2024-final.pdf',
  '34-hz-sfj-2026.pdf',
];

/** Rows of a truth TSV file (header dropped). */
function tsv(name: string): string[][] {
  return readFileSync(path.join(corpus, 'truth', name), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'));
}

/** Compare titles loosely: NFKC, no spaces, straight quotes. */
function norm(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[“”„"]/g, '"');
}

/** Blocks of each page (page breaks removed). */
function blocksByPage(children: readonly LayoutBlock[]): Map<number, LayoutBlock[]> {
  const pages = new Map<number, LayoutBlock[]>([[1, []]]);
  let page = 1;
  for (const block of children) {
    if (block.type === 'pageBreak') {
      page = block.page;
      pages.set(page, []);
    } else pages.get(page)?.push(block);
  }
  return pages;
}

describe.skipIf(!present)('extractPdfLayout on corpus PDFs', () => {
  const tables = present ? tsv('tables.tsv') : [];
  const facts = present ? tsv('facts.tsv') : [];
  for (const doc of DOCS) {
    it(`${doc}: every table title is a heading followed by a grid; known amounts are cells`, async () => {
      const root = await extractPdfLayout(new Uint8Array(readFileSync(path.join(corpus, doc))), {
        filename: doc,
      });
      const pages = blocksByPage(root.children);
      expect(root.pageCount).toBe(pages.size);
      const missing: string[] = [];
      for (const [, , title = '', range = ''] of tables.filter((t) => t[0] === doc)) {
        const first = Number(range.split('-')[0]);
        const want = norm(title.replace(/\s*\(text-part table\)$/, ''));
        const blocks = pages.get(first) ?? [];
        const at = blocks.findIndex((b) => b.type === 'heading' && norm(b.text).includes(want));
        if (at < 0 || !blocks.slice(at + 1).some((b) => b.type === 'grid'))
          missing.push(`${title} (p${first})`);
      }
      expect(missing).toEqual([]);
      const amounts = facts.filter((f) => f[0] === doc && f[3] && f[5] && !/narrative/.test(f[6] ?? ''));
      expect(amounts.length).toBeGreaterThan(5);
      const absent: string[] = [];
      for (const [, fact, , printed = '', , page = ''] of amounts) {
        const cells = (pages.get(Number(page)) ?? []).flatMap((b) =>
          b.type === 'grid' ? b.cells.map((c) => c.text) : [],
        );
        if (!cells.includes(printed)) absent.push(`${fact}=${printed} (p${page})`);
      }
      expect(absent).toEqual([]);
      for (const b of root.children) {
        if (b.type !== 'grid') continue;
        expect(b.syntax).toBe('pdf');
        for (const c of b.cells) expect(c.prov?.bbox).toHaveLength(4);
      }
    });
  }
});
