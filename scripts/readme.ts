/**
 * Keeps the README's generated parts true: the snippets included verbatim from docs/snippets/, the DuckDB
 * column maps inside docs/snippets/duckdb-csv.sql and the output schema tables, all from src/emit/columns.ts.
 *
 *   npx tsx scripts/readme.ts          rewrite README.md and the snippets
 *   npx tsx scripts/readme.ts --check  exit 1 when they are stale (test/landing.test.ts does the same)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { duckdbColumns, OUTPUT_TABLES, type OutputTableName } from '../src/emit/columns.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CSV_SNIPPET = 'docs/snippets/duckdb-csv.sql';

/** The schema table (column | type | meaning) of an output table, as README markdown. */
function schemaTable(name: OutputTableName): string {
  const rows = OUTPUT_TABLES[name].map((column) => `| \`${column.name}\` | ${column.type} | ${column.doc} |`);
  return ['| column | type | meaning |', '|---|---|---|', ...rows].join('\n');
}

const LANGUAGE: Record<string, string> = { sql: 'sql', py: 'python', ts: 'ts' };

/** README.md and the snippet files as they must be: path (relative to the root) → content. */
export function expectedDocs(root = ROOT): Map<string, string> {
  const files = new Map<string, string>();
  const csvSnippet = readFileSync(join(root, CSV_SNIPPET), 'utf8').replace(
    /read_csv\('out\/(summary|tables)\.csv', header = true, columns = \{[^}]*\}\)/g,
    (_, name: OutputTableName) =>
      `read_csv('out/${name}.csv', header = true, columns = ${duckdbColumns(name)})`,
  );
  files.set(CSV_SNIPPET, csvSnippet);
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
    .replace(
      /(<!-- include: (\S+) -->\n)[\s\S]*?(<!-- \/include -->)/g,
      (_, open: string, path: string, close: string) => {
        const text = files.get(path) ?? readFileSync(join(root, path), 'utf8');
        const language = LANGUAGE[path.split('.').pop()!] ?? '';
        return `${open}\`\`\`${language}\n${text.trimEnd()}\n\`\`\`\n${close}`;
      },
    )
    .replace(
      /(<!-- schema: (summary|tables) -->\n)[\s\S]*?(<!-- \/schema -->)/g,
      (_, open: string, name: OutputTableName, close: string) => `${open}${schemaTable(name)}\n${close}`,
    );
  files.set('README.md', readme);
  return files;
}

/** Paths whose content differs from what `expectedDocs` makes. */
export function staleDocs(root = ROOT): string[] {
  return [...expectedDocs(root)]
    .filter(([path, text]) => readFileSync(join(root, path), 'utf8') !== text)
    .map(([p]) => p);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const stale = staleDocs();
    if (stale.length) {
      console.error(`stale: ${stale.join(', ')} (run npx tsx scripts/readme.ts)`);
      process.exit(1);
    }
  } else for (const [path, text] of expectedDocs()) writeFileSync(join(ROOT, path), text);
}
