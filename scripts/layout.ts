/**
 * Development aid: print the layout blocks of a document (optionally only some pages).
 * Usage: npx tsx scripts/layout.ts FILE [FIRST_PAGE] [LAST_PAGE]
 */
import { gridToMatrix } from '../src/ast/layout.js';
import { parseFile } from '../src/index.js';

const [file, first = '1', last = first] = process.argv.slice(2);
if (!file) throw new Error('usage: layout.ts FILE [FIRST_PAGE] [LAST_PAGE]');
const { layout } = await parseFile(file);
let page = 1;
for (const block of layout.children) {
  if (block.type === 'pageBreak') page = block.page;
  if (page < Number(first) || page > Number(last)) continue;
  if (block.type === 'grid')
    console.log(
      `[p${page} grid ${block.rowCount}x${block.colCount}]\n${gridToMatrix(block)
        .map((r) => `  | ${r.join(' | ')}`)
        .join('\n')}`,
    );
  else if (block.type === 'pageBreak') console.log(`---- page ${block.page}`);
  else if (block.type === 'list') console.log(`[p${page} list] ${block.items.join(' / ')}`);
  else console.log(`[p${page} ${block.type}${block.type === 'heading' ? block.depth : ''}] ${block.text}`);
}
