/** Helpers for the corpus tests about summary facts. */
import type { BudgetDocument } from '../../src/index.js';

/**
 * True when the document carries an error or warning diagnostic naming a summary fact (`fact`: fact-conflict,
 * fact-identity, fact-implausible, prose-vs-table).
 */
export function isLoudAbout(doc: BudgetDocument, fact: string): boolean {
  return doc.diagnostics.some((d) => d.fact === fact && (d.severity === 'error' || d.severity === 'warning'));
}
