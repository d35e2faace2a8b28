import { parseFile } from '../src/index.js';
const [file, kind, n = '8'] = process.argv.slice(2);
const { document } = await parseFile(file!);
for (const t of document.tables.filter((t) => !kind || t.kind === kind || t.id === kind)) {
  console.log(`${t.id} ${t.kind} ${t.title} p${t.pages} unit=${t.unit} cols=${t.columns.map((c) => c.id).join(',')}`);
  for (const r of t.rows.slice(0, Number(n)))
    console.log(`   ${r.side ?? ''} [${r.key ?? ''}] ${r.code ?? ''} ${r.label} ${JSON.stringify(r.values)}`);
}
