import { describe, expect, it } from 'vitest';
import type { PhaseResponse } from '../bench/protocol.js';
import { buildRows, GOAL_RATIO, SUBSTANTIAL_RAW_MS } from '../bench/report.js';

/** A phase's response with one run of `ms` per file. */
function response(phase: 'raw' | 'full', ms: Record<string, number>): PhaseResponse {
  return {
    phase,
    files: Object.entries(ms).map(([file, t]) => ({ file, samplesMs: [t], cpuMs: [t], faults: [0] })),
    memory: { maxRssKb: 0, heapUsedBytes: 0 },
    wallMs: 0,
    notes: [],
  };
}

describe('bench totals: the files above the goal and the worst of the substantial ones', () => {
  it('tells files pdf.js reads in a few milliseconds from the rest', () => {
    const raw = { 'a.pdf': 3, 'b.pdf': 200, 'c.pdf': 100, 'd.pdf': 60 };
    const full = { 'a.pdf': 7, 'b.pdf': 240, 'c.pdf': 140, 'd.pdf': 100 };
    const { totals } = buildRows(
      Object.keys(raw),
      { raw: response('raw', raw), full: response('full', full) },
      ['raw', 'full'],
    );
    expect(SUBSTANTIAL_RAW_MS).toBe(50);
    expect(GOAL_RATIO).toBe(1.5);
    expect(totals.ratioWorst?.file).toBe('a.pdf');
    // a.pdf (2.33x, 3 ms) and d.pdf (1.67x, 60 ms) are above 1.5x; only a.pdf is quick.
    expect(totals.aboveGoal).toEqual({ files: 2, quick: 1 });
    expect(totals.ratioWorstSubstantial?.file).toBe('d.pdf');
    expect(totals.ratioWorstSubstantial?.files).toBe(3);
    expect(totals.ratioWorstSubstantial?.ratio).toBeCloseTo(100 / 60, 6);
  });
});
