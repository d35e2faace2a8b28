import { parseFile } from '../src/index.js';

const r = await parseFile(process.argv[2]!);
const d = r.document;
console.log(JSON.stringify(d.meta));
for (const t of d.tables)
  console.log(
    t.id,
    t.kind,
    JSON.stringify(t.title),
    t.unit,
    'rows',
    t.rows.length,
    'frags',
    t.fragments.map((f) => `${f.join}:${f.rows}`).join(','),
    t.empty ? 'EMPTY' : '',
    'cols',
    t.columns.map((c) => c.id).join(','),
  );
for (const [k, v] of Object.entries(d.summary)) console.log(k, v?.yuan, v?.source.printed);
for (const x of d.diagnostics) console.log(x.severity, x.ruleId, x.message);
