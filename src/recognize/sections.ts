/**
 * Narrative sections: the section tree of the 情况说明 from headings and Chinese enumerations (see
 * src/narrative/sections.ts), paragraphs rejoined across line wraps and page breaks.
 */
import type { LayoutBlock } from '../ast/layout.js';
import type { Section } from '../model/schema.js';
import { narrativeUnits } from '../narrative/blocks.js';
import { sectionTree } from '../narrative/sections.js';

/** Build the section tree from narrative blocks; enumerated paragraphs are also listed as `items`. */
export function buildSections(narrative: readonly LayoutBlock[]): Section[] {
  return sectionTree(narrativeUnits(narrative));
}
