import { parseFile } from '../src/index.js';

const { document } = await parseFile(process.argv[2]!);
const kind = process.argv[3];
for (const t of document.tables.filter((t) => !kind || t.kind === kind || t.id === kind)) {
  console.log(
    t.id,
    t.kind,
    t.title,
    t.unit,
    t.pages,
    JSON.stringify(t.columns.map((c) => `${c.id}:${c.header.join('/')}`)),
  );
  for (const r of t.rows.slice(0, Number(process.argv[4] ?? 40)))
    console.log(
      '  ',
      r.side ?? '',
      r.serial,
      r.code,
      r.label,
      JSON.stringify(r.values),
      r.text ? JSON.stringify(r.text) : '',
    );
}
