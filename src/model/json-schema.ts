/**
 * JSON Schema of the document model, generated from the zod schemas (the single source of truth).
 */
import { z } from 'zod';
import { BudgetDocument } from './schema.js';

/** The JSON Schema (draft 2020-12) of a document, as shipped in schema/budget-document.schema.json. */
export function documentJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(BudgetDocument, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $id: 'https://budget-ingest.invalid/schema/budget-document.schema.json',
    title: 'budget-ingest document',
    ...schema,
  };
}
