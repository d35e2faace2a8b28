import { parseFile } from './src/index.ts';
for (const f of process.argv.slice(2)) {
  const { document } = await parseFile(f);
  const t = document.tables.find((t) => t.kind === 'general-budget-expenditure')!;
  console.log(t.pages, t.columns.map((c) => `${c.id}=${c.header.join('/')}`).join(' ; '));
  console.log(t.rows.length, document.diagnostics.filter((d) => d.table === t.id).map((d) => `${d.ruleId}:${d.severity}`));
  console.log(JSON.stringify(document.checks.rules['row-arithmetic']?.checks));
}
