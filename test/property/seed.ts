/** Fixed fast-check seed (reproducible in CI); FUZZ_SEED overrides it, FUZZ_RUNS lengthens the fuzz runs. */
export const SEED = Number(process.env.FUZZ_SEED ?? 20260707);

/** Runs of the fuzz properties: FUZZ_RUNS, else `fallback`. */
export function fuzzRuns(fallback: number): number {
  const runs = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(runs) && runs > 0 ? runs : fallback;
}
