/**
 * Bounded fuzzing: parse() over random bytes and mutated real inputs never throws anything but a
 * BudgetIngestError and never hangs. Fixed seed in CI; FUZZ_RUNS=10000 (and FUZZ_SEED) for longer local runs.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BudgetIngestError, ERROR_CODES } from '../../src/errors.js';
import { type InputFormat, parse, parsePdfBytes } from '../../src/parse.js';
import { SEED_SAMPLE } from '../helpers/paths.js';
import { expenditureTsv, tablePage } from '../hostile/make-fixtures.js';
import { makePdf } from '../pdf/make-pdf.js';
import { fuzzRuns, SEED } from './seed.js';

/** Longest a single parse may take before it counts as a hang. */
const HANG_MS = 10_000;

/** Run one parse: it returns, or throws a BudgetIngestError with a documented code; never slowly. */
function survives(run: () => unknown): void {
  const started = performance.now();
  try {
    run();
  } catch (error) {
    if (!(error instanceof BudgetIngestError))
      throw new Error(`raw error escaped: ${String(error)}`, { cause: error });
    expect(ERROR_CODES).toContain(error.code);
  }
  expect(performance.now() - started).toBeLessThan(HANG_MS);
}

async function survivesAsync(run: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  try {
    await run();
  } catch (error) {
    if (!(error instanceof BudgetIngestError))
      throw new Error(`raw error escaped: ${String(error)}`, { cause: error });
    expect(ERROR_CODES).toContain(error.code);
  }
  expect(performance.now() - started).toBeLessThan(HANG_MS);
}

const SEED_TEXT = readFileSync(SEED_SAMPLE, 'utf8').slice(0, 6000);
const SEEDS = [
  SEED_TEXT,
  expenditureTsv(),
  expenditureTsv().replace(/\t/g, ','),
  '<table><tr><td>合计</td><td>1.00</td></tr></table>',
];
const FORMATS: (Exclude<InputFormat, 'pdf'> | undefined)[] = [undefined, 'markdown', 'tsv', 'csv', 'html'];
const SPICE = [
  '\t',
  '\n',
  '\r',
  '\f',
  '|',
  '<',
  '>',
  '"',
  ',',
  '合计',
  '（',
  '）',
  '-',
  '.',
  '１',
  '\u0000',
  '\ufffd',
  '#',
  '<!-- page 3 -->',
];

/** A text edit: insert, delete or replace a run at a position. */
const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 20 }),
  insert: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...SPICE)),
});

function mutate(text: string, edits: { at: number; remove: number; insert: string }[]): string {
  let out = text;
  for (const e of edits) {
    const at = out.length ? e.at % out.length : 0;
    out = out.slice(0, at) + e.insert + out.slice(at + e.remove);
  }
  return out;
}

describe('fuzzing parse() (property)', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom(...FORMATS), (bytes, format) => {
        survives(() => parse(bytes, { filename: 'fuzz.bin', ...(format ? { format } : {}) }));
      }),
      { seed: SEED, numRuns: fuzzRuns(300) },
    );
  });

  it('mutated seed texts (markdown, TSV, CSV, HTML), as strings and as bytes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS),
        fc.array(edit, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(...FORMATS),
        fc.boolean(),
        (seed, edits, format, asBytes) => {
          const text = mutate(seed, edits);
          const input = asBytes ? new TextEncoder().encode(text) : text;
          survives(() => parse(input, { filename: 'fuzz.md', ...(format ? { format } : {}) }));
        },
      ),
      { seed: SEED, numRuns: fuzzRuns(150) },
    );
  });

  it('mutated PDF bytes', async () => {
    const pdf = makePdf([tablePage(1), tablePage(4)]);
    const byteEdit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 40 }),
      insert: fc.uint8Array({ maxLength: 16 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(byteEdit, { minLength: 1, maxLength: 6 }), async (edits) => {
        let bytes = pdf;
        for (const e of edits) {
          const at = e.at % bytes.length;
          bytes = new Uint8Array([...bytes.subarray(0, at), ...e.insert, ...bytes.subarray(at + e.remove)]);
        }
        await survivesAsync(() => parsePdfBytes(bytes, { filename: 'fuzz.pdf' }));
      }),
      { seed: SEED, numRuns: fuzzRuns(40) },
    );
  });
});
