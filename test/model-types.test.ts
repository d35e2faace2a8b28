/**
 * The model's interfaces (src/model/types.ts) and the zod schemas' inferred types (src/model/schema.ts) are the
 * same types, both ways: `npm run typecheck` fails on any field added, removed or changed in one and not the
 * other. (The checks are types; the test below only keeps vitest from calling the file empty.)
 */
import { expect, it } from 'vitest';
import type { z } from 'zod';
import type * as coverage from '../src/check/coverage.js';
import type * as schema from '../src/model/schema.js';
import type * as types from '../src/model/types.js';

/** True only when A and B are the same type (mutually assignable and identical in optionality). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only for `true`. */
function same<_T extends true>(): void {}

same<Equals<types.Place, z.infer<typeof schema.Place>>>();
same<Equals<types.CellSource, z.infer<typeof schema.CellSource>>>();
same<Equals<types.Indicator, z.infer<typeof schema.Indicator>>>();
same<Equals<types.Row, z.infer<typeof schema.Row>>>();
same<Equals<types.Column, z.infer<typeof schema.Column>>>();
same<Equals<types.Fragment, z.infer<typeof schema.Fragment>>>();
same<Equals<types.Table, z.infer<typeof schema.Table>>>();
same<Equals<types.Diagnostic, z.infer<typeof schema.Diagnostic>>>();
same<Equals<types.SectionMarker, z.infer<typeof schema.SectionMarker>>>();
same<Equals<types.SectionItem, z.infer<typeof schema.SectionItem>>>();
same<Equals<types.SectionTopic, z.infer<typeof schema.SectionTopic>>>();
same<Equals<types.Section, z.infer<typeof schema.Section>>>();
same<Equals<types.StatedChange, z.infer<typeof schema.StatedChange>>>();
same<Equals<types.StatedFact, z.infer<typeof schema.StatedFact>>>();
same<Equals<types.StatedFactId, z.infer<typeof schema.StatedFactId>>>();
same<Equals<types.OrganisationUnit, z.infer<typeof schema.OrganisationUnit>>>();
same<Equals<types.Narrative, z.infer<typeof schema.Narrative>>>();
same<Equals<types.FactSource, z.infer<typeof schema.FactSource>>>();
same<Equals<types.Fact, z.infer<typeof schema.Fact>>>();
same<Equals<types.Summary, z.infer<typeof schema.Summary>>>();
same<Equals<types.Meta, z.infer<typeof schema.Meta>>>();
same<Equals<types.TableKind, z.infer<typeof schema.TableKind>>>();
same<Equals<types.Unit, z.infer<typeof schema.Unit>>>();
same<Equals<types.ColumnRole, z.infer<typeof schema.ColumnRole>>>();
same<Equals<types.CodeLevel, z.infer<typeof schema.CodeLevel>>>();
same<Equals<types.RowFlag, z.infer<typeof schema.RowFlag>>>();
same<Equals<types.SummaryFactId, (typeof schema.SUMMARY_FACT_IDS)[number]>>();
same<Equals<types.CheckCoverage, z.infer<typeof coverage.CheckCoverage>>>();
same<Equals<types.RuleCoverage, z.infer<typeof coverage.RuleCoverage>>>();
same<Equals<types.Coverage, z.infer<typeof coverage.Coverage>>>();
same<Equals<types.BudgetDocument, z.infer<typeof schema.BudgetDocument>>>();

// The check itself can fail: a missing field, an extra optional one, or `?: T` without `| undefined` differ.
// @ts-expect-error a field less is another type
same<Equals<Omit<types.Row, 'gridLine'>, z.infer<typeof schema.Row>>>();
// @ts-expect-error an optional field more is another type
same<Equals<types.Row & { key?: string | undefined }, z.infer<typeof schema.Row>>>();
// @ts-expect-error a nullable field made optional is another type
same<Equals<Omit<types.Meta, 'year'> & { year?: number | null }, z.infer<typeof schema.Meta>>>();

it('is checked by the type checker (npm run typecheck)', () => {
  expect(same).toBeTypeOf('function');
});
