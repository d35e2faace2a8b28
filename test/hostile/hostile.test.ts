/**
 * Hostile and broken inputs (issue #7): every case of cases.ts fails with its stable error code or gives a
 * result whose diagnostics say what is wrong; nothing is written to stdout; errors are BudgetIngestErrors
 * with a documented code, naming the file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BudgetIngestError, ERROR_CODES } from '../../src/errors.js';
import { asBudgetIngestError, type ParseResult, parseFile } from '../../src/parse.js';
import { ROOT } from '../helpers/paths.js';
import { CASES, type Expectation, type HostileCase } from './cases.js';
import { writeFixtures } from './make-fixtures.js';

let dir = '';
const outcomes: { case: HostileCase; actual: string; ms: number }[] = [];
const stdout: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'budget-ingest-hostile-'));
  writeFixtures(dir);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  // HOSTILE_REPORT=path writes the case / input / expected / actual table (markdown) for the record.
  const report = process.env.HOSTILE_REPORT;
  if (report) {
    const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
    const lines = [
      '| case | input | expected | actual | ms |',
      '|---|---|---|---|---|',
      ...outcomes.map(
        (o) =>
          `| ${o.case.id} | ${cell(o.case.input)} | ${cell(o.case.expected)} | ${cell(o.actual)} | ${o.ms} |`,
      ),
    ];
    writeFileSync(report, `${lines.join('\n')}\n`);
  }
});

function pathOf(c: HostileCase): string {
  if (c.file === '<dir>') return dir;
  if (c.file === '<missing>') return join(dir, 'does-not-exist.pdf');
  return join(dir, c.file);
}

/** A one-line description of a result: error code and message, or diagnostics by rule. */
function describeOutcome(result: { ok: true; value: ParseResult } | { ok: false; error: unknown }): string {
  if (!result.ok) {
    const error = result.error as BudgetIngestError;
    return `error \`${error.code}\`: ${error.message.replace(dir, '…')}`;
  }
  const { document, partial } = result.value;
  const counts = new Map<string, number>();
  for (const d of document.diagnostics)
    if (d.severity !== 'info' || d.ruleId === 'encoding-detected')
      counts.set(`${d.ruleId} (${d.severity})`, (counts.get(`${d.ruleId} (${d.severity})`) ?? 0) + 1);
  const diagnostics =
    [...counts].map(([id, n]) => (n > 1 ? `${id} ×${n}` : id)).join(', ') || 'no diagnostics';
  const tables = document.tables.length
    ? `${document.tables.length} table(s), ${document.tables.reduce((n, t) => n + t.rows.length, 0)} rows`
    : 'no tables';
  return `ok${partial ? ', **partial**' : ''}: ${tables}; ${diagnostics}`;
}

const SEVERITY = { info: 0, warning: 1, error: 2 } as const;

/** Why a result does not meet an expectation (undefined when it does). */
function mismatch(
  expectation: Expectation,
  result: { ok: true; value: ParseResult } | { ok: false; error: unknown },
  c: HostileCase,
): string | undefined {
  if (expectation.error !== undefined) {
    if (result.ok) return `expected error ${expectation.error}, got a result`;
    const error = result.error;
    if (!(error instanceof BudgetIngestError)) return `not a BudgetIngestError: ${String(error)}`;
    if (error.code !== expectation.error)
      return `expected ${expectation.error}, got ${error.code}: ${error.message}`;
    if (expectation.message && !expectation.message.test(error.message))
      return `message ${JSON.stringify(error.message)} does not match ${expectation.message}`;
    if (!c.file.startsWith('<') && !error.message.includes(c.file)) return `message does not name ${c.file}`;
    return undefined;
  }
  if (!result.ok) {
    const error = result.error as Error;
    return `expected a result, got ${(error as BudgetIngestError).code ?? error.name}: ${error.message}`;
  }
  const value = result.value;
  for (const want of expectation.diagnostics ?? []) {
    const found = value.diagnostics.filter(
      (d) => d.ruleId === want.ruleId && SEVERITY[d.severity] >= SEVERITY[want.severity ?? 'info'],
    );
    if (!found.length) return `no ${want.ruleId} diagnostic (at least ${want.severity ?? 'info'})`;
  }
  for (const ruleId of expectation.without ?? [])
    if (value.diagnostics.some((d) => d.ruleId === ruleId)) return `unexpected ${ruleId}`;
  if ((value.partial ?? false) !== (expectation.partial ?? false))
    return `partial is ${value.partial ?? false}, expected ${expectation.partial ?? false}`;
  if (expectation.partial && !value.diagnostics.some((d) => d.ruleId === 'limit-reached'))
    return 'partial without a limit-reached diagnostic';
  if (expectation.noAmounts) {
    const amounts = value.document.tables.flatMap((t) =>
      t.rows.flatMap((r) => Object.values(r.values).filter((v) => v !== null)),
    );
    if (amounts.length) return `amounts invented: ${amounts.join(', ')}`;
  }
  try {
    expectation.check?.(value);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

describe('hostile inputs', () => {
  it('has at least 30 cases with unique ids', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
  });

  for (const c of CASES) {
    it(`${c.id}: ${c.expected}`, async () => {
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      const info = vi.spyOn(console, 'info').mockImplementation(() => {});
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
      const write = vi.spyOn(process.stdout, 'write');
      const started = performance.now();
      let result: { ok: true; value: ParseResult } | { ok: false; error: unknown };
      try {
        result = { ok: true, value: await parseFile(pathOf(c), c.options ?? {}) };
      } catch (error) {
        result = { ok: false, error };
      }
      const ms = Math.round(performance.now() - started);
      const printed = [log, info, warn, debug].flatMap((spy) => spy.mock.calls.map((call) => call.join(' ')));
      printed.push(...write.mock.calls.map((call) => String(call[0])));
      vi.restoreAllMocks();
      stdout.push(...printed);
      outcomes.push({ case: c, actual: describeOutcome(result), ms });
      expect(printed, 'nothing written to stdout / console').toEqual([]);
      if (!result.ok) {
        expect(result.error).toBeInstanceOf(BudgetIngestError);
        expect(ERROR_CODES).toContain((result.error as BudgetIngestError).code);
      }
      const wrong = mismatch(c.expect, result, c);
      const alternative = c.alternative && mismatch(c.alternative, result, c);
      if (wrong !== undefined && (c.alternative === undefined || alternative !== undefined))
        expect.fail(`${c.id}: ${wrong}${c.alternative ? ` (alternative: ${alternative})` : ''}`);
    });
  }

  it('keeps the cause of an unexpected failure (parse-failed)', () => {
    const cause = new RangeError('Maximum call stack size exceeded');
    const error = asBudgetIngestError(cause, 'deep.md');
    expect(error.code).toBe('parse-failed');
    expect(error.cause).toBe(cause);
    expect(error.file).toBe('deep.md');
    expect(error.message).toBe('deep.md: Maximum call stack size exceeded');
  });

  it('documents every error code in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const code of ERROR_CODES) expect(readme, code).toContain(`\`${code}\``);
    expect(readme).toContain('`limit-reached`');
  });
});
