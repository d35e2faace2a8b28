/**
 * Stage timing of one parse (`ParseOptions.timings`): a few `performance.now()` calls per page, grid and
 * stage, kept off the document model.
 */
import { performance } from 'node:perf_hooks';

/** The pipeline stages, in run order. */
export const STAGES = ['extract', 'recognize', 'merge', 'normalize', 'narrative', 'checks', 'emit'] as const;

/** One pipeline stage. */
export type Stage = (typeof STAGES)[number];

/**
 * Milliseconds of wall time on the parsing thread per stage of one parse (`ParseResult.timings`), from the
 * input bytes to the model (reading a file from disk is not counted).
 */
export type StageTimings = Record<Stage, number> & {
  /**
   * Part of `extract` spent in this library's own PDF layout code (text runs from operator lists, grids,
   * lines, blocks); the rest of `extract` is pdf.js. Absent for text inputs.
   */
  extractLayout?: number;
  /** Wall time of the whole parse, ms (the sum of the stages, give or take the clock's own reads). */
  total: number;
};

/** Accumulates stage times: every `lap(stage)` bills the time since the previous lap to `stage`. */
export class StageClock {
  private readonly ms: Record<Stage, number> = {
    extract: 0,
    recognize: 0,
    merge: 0,
    normalize: 0,
    narrative: 0,
    checks: 0,
    emit: 0,
  };
  private layoutMs: number | undefined;
  private readonly started = performance.now();
  private last = this.started;

  /** Bill the time since the previous lap (or the start) to `stage`. */
  lap(stage: Stage): void {
    const now = performance.now();
    this.ms[stage] += now - this.last;
    this.last = now;
  }

  /** Add `ms` to the own-layout part of `extract` (measured by the caller around synchronous work). */
  addLayout(ms: number): void {
    this.layoutMs = (this.layoutMs ?? 0) + ms;
  }

  /** The times so far. */
  read(): StageTimings {
    return {
      ...this.ms,
      ...(this.layoutMs === undefined ? {} : { extractLayout: this.layoutMs }),
      total: performance.now() - this.started,
    };
  }
}

/** Run `work` and add its duration to the clock's layout part (when there is a clock). */
export function timeLayout<T>(clock: StageClock | undefined, work: () => T): T {
  if (!clock) return work();
  const t0 = performance.now();
  try {
    return work();
  } finally {
    clock.addLayout(performance.now() - t0);
  }
}
