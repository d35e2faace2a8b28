/**
 * The wild ratchet: per document and in total, the figures that may only improve (scripts/wild-score.ts
 * RATCHETED). Changed on purpose only (`npm run wild -- --write test/wild-ratchet.json`), its diff explained
 * in the commit.
 */
import type { WildScore } from './wild-score.js';
import { RATCHETED } from './wild-score.js';

type Ratcheted = Pick<WildScore, (typeof RATCHETED)[number]>;

/** The recorded figures. */
export interface Ratchet {
  /** Summed over documents. */
  total: Ratcheted;
  /** Files that failed to convert. */
  failed: number;
  /** Per document file name. */
  documents: Record<string, Ratcheted>;
}

/** What got worse in `now` than in `before`, one line each (empty: nothing). */
export function compareRatchet(before: Ratchet, now: Ratchet): string[] {
  const worse: string[] = [];
  for (const key of RATCHETED)
    if (now.total[key] > before.total[key])
      worse.push(`total ${key}: ${before.total[key]} → ${now.total[key]}`);
  if (now.failed > before.failed) worse.push(`failed files: ${before.failed} → ${now.failed}`);
  for (const [name, was] of Object.entries(before.documents)) {
    const is = now.documents[name];
    if (!is) {
      worse.push(`${name}: no longer converted`);
      continue;
    }
    for (const key of RATCHETED)
      if (is[key] > was[key]) worse.push(`${name} ${key}: ${was[key]} → ${is[key]}`);
  }
  return worse;
}
