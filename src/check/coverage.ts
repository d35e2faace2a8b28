/**
 * Check coverage: how many checks each rule ran, passed, failed and skipped (with why), so that "no errors"
 * is never confused with "nothing checked".
 */
import { z } from 'zod';

const Count = z.number().int().nonnegative();

/** Counts for one identity (check) of a rule. `run` = `passed` + `failed`; skipped checks did not run. */
export const CheckCoverage = z
  .object({
    run: Count,
    passed: Count,
    failed: Count,
    skipped: Count,
    skipReasons: z.array(z.string()).describe('Distinct reasons a check was skipped, with counts'),
  })
  .strict();

/** Counts for one rule, with its identities (checks) broken out. */
export const RuleCoverage = CheckCoverage.extend({
  enabled: z.boolean().describe('False when switched off through options.rules'),
  description: z.string().describe('What the rule checks (Chinese)'),
  checks: z.record(z.string(), CheckCoverage).describe('Identity id → counts'),
}).strict();

/** Coverage of a whole check run. */
export const Coverage = z
  .object({
    rules: z.record(z.string(), RuleCoverage),
    totals: z
      .object({
        run: Count,
        passed: Count,
        failed: Count,
        skipped: Count,
        errors: Count,
        warnings: Count,
        infos: Count,
      })
      .strict(),
  })
  .strict();

/** Counts for one identity of a rule. */
export type CheckCoverage = z.infer<typeof CheckCoverage>;
/** Counts for one rule. */
export type RuleCoverage = z.infer<typeof RuleCoverage>;
/** Coverage of a whole check run. */
export type Coverage = z.infer<typeof Coverage>;

/** An empty identity counter. */
export function emptyCheckCoverage(): CheckCoverage {
  return { run: 0, passed: 0, failed: 0, skipped: 0, skipReasons: [] };
}
