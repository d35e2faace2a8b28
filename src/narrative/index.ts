/**
 * The narrative part of a disclosure (情况说明): section tree, structured content (部门职责, 机构设置, 名词解释,
 * 其他需要说明的事项), stated facts and performance targets.
 */

import type { LayoutBlock } from '../ast/layout.js';
import { loadDocumentGrammar } from '../grammar/data.js';
import type { Diagnostic, Narrative, Section, StatedFact, Table } from '../model/schema.js';
import { type NarrativeUnit, narrativeUnits } from './blocks.js';
import { narrativeContent } from './content.js';
import { factsFromUnits, type StatedFactOptions } from './facts.js';
import { annotateIndicators, performanceSummaries } from './indicators.js';
import { sectionTree } from './sections.js';
import { unitParagraphs } from './unit-scope.js';

export { type NarrativeUnit, narrativeUnits } from './blocks.js';
export { glossaryEntry } from './content.js';
export { extractStatedFacts, factIdOf, type StatedFactOptions } from './facts.js';
export { type CompiledFactsGrammar, FactsGrammar, loadFactsGrammar } from './facts-grammar.js';
export {
  annotateIndicators,
  type ParsedTarget,
  parseIndicatorTarget,
  performanceSummaries,
} from './indicators.js';
export { sectionTopic, sectionTree } from './sections.js';
export { chineseNumber, readMarker } from './text.js';

/** Everything read from the narrative. */
export interface NarrativeResult {
  sections: Section[];
  facts: StatedFact[];
  narrative: Narrative;
  diagnostics: Diagnostic[];
}

/**
 * Read the narrative: give the segmentation's narrative blocks and the recognized tables (for the 机构设置
 * table and the performance-targets tables, whose rows get `indicator` set in place).
 */
export function buildNarrative(
  blocks: readonly LayoutBlock[],
  tables: readonly Table[],
  options: StatedFactOptions = {},
): NarrativeResult {
  const units = narrativeUnits(blocks);
  const owners = new Map<NarrativeUnit, Section>();
  const sections = sectionTree(units, owners);
  const owned = units.map((unit) => ({ unit, section: owners.get(unit) }));
  const organisation = loadDocumentGrammar().organisationName;
  const unitOf = organisation
    ? unitParagraphs(owned, tables, options.department ?? null, new RegExp(organisation))
    : undefined;
  const facts = factsFromUnits(owned, { ...options, ...(unitOf ? { unitOf } : {}) });
  const diagnostics = annotateIndicators(tables);
  const narrative: Narrative = {
    ...narrativeContent(sections, owned, tables),
    performance: performanceSummaries(tables),
  };
  return { sections, facts, narrative, diagnostics };
}
