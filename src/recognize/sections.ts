/**
 * Narrative sections: a tree from the headings that are not table titles, with their paragraphs.
 */
import type { LayoutBlock } from '../ast/layout.js';
import type { Section } from '../model/schema.js';
import { toPlace } from '../normalize/table.js';

/** Build the section tree from narrative blocks; list items count as paragraphs. */
export function buildSections(narrative: readonly LayoutBlock[]): Section[] {
  const roots: Section[] = [];
  const stack: { depth: number; section: Section }[] = [];
  const preamble: Section = { title: '', depth: 1, paragraphs: [], children: [] };
  for (const block of narrative) {
    if (block.type === 'heading') {
      const depth = block.depth || 6;
      const section: Section = { title: block.text, depth, paragraphs: [], children: [] };
      const place = toPlace(block.prov[0]);
      if (place) section.place = place;
      while (stack.length && stack.at(-1)!.depth >= depth) stack.pop();
      const parent = stack.at(-1)?.section;
      if (parent) parent.children.push(section);
      else roots.push(section);
      stack.push({ depth, section });
      continue;
    }
    const target = stack.at(-1)?.section ?? preamble;
    if (block.type === 'paragraph') target.paragraphs.push(block.text);
    else if (block.type === 'list') target.paragraphs.push(...block.items);
  }
  const renumber = (sections: Section[], depth: number) => {
    for (const section of sections) {
      section.depth = depth;
      renumber(section.children, depth + 1);
    }
  };
  renumber(roots, 1);
  return preamble.paragraphs.length ? [preamble, ...roots] : roots;
}
