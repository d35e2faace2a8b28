/**
 * Regenerate schema/budget-document.schema.json from the zod schemas (run: npm run schema).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { documentJsonSchema } from '../src/model/json-schema.js';

mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../schema/budget-document.schema.json', import.meta.url),
  `${JSON.stringify(documentJsonSchema(), null, 2)}\n`,
);
