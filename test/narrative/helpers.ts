/**
 * Test wiring of the narrative reader: markdown → layout → recognized tables → buildNarrative, the same
 * steps buildDocument takes (without the summary and the checks).
 */
import { readFileSync } from 'node:fs';
import { extractMarkdownLayout } from '../../src/extract/markdown/index.js';
import { loadGrammars } from '../../src/grammar/load.js';
import type { Table } from '../../src/model/schema.js';
import { buildNarrative, type NarrativeResult } from '../../src/narrative/index.js';
import { recognizeTables } from '../../src/recognize/tables.js';

/** Read a markdown text's narrative. */
export function readNarrative(
  markdown: string,
  year: number | null = null,
): NarrativeResult & { tables: Table[] } {
  const layout = extractMarkdownLayout(markdown);
  const recognition = recognizeTables(layout, loadGrammars([]), {});
  const result = buildNarrative(recognition.segmentation.narrative, recognition.tables, { year });
  return { ...result, tables: recognition.tables };
}

/** Read a markdown file's narrative. */
export function readNarrativeFile(path: string, year: number | null = null) {
  return readNarrative(readFileSync(path, 'utf8'), year);
}
