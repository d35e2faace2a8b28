/**
 * Make the sample PDFs under samples/pdf/ from the seed's 公开表 tables.
 *
 *   npx tsx scripts/make-sample-pdfs.ts            # writes .fods, .pdf and the expected JSON
 *   npx tsx scripts/make-sample-pdfs.ts --no-pdf   # .fods and expected JSON only (no LibreOffice needed)
 *
 * The seed markdown (samples/seed/langfang-anci-xinfang-2022.md) prints each 公开表 table as a heading, its
 * metadata lines and a TSV block; a table split over two pages appears twice with the same title. This script
 * reads those pieces as printed (its own small reader, not the project's parser) and lays them out as a flat
 * ODS workbook the way a real disclosure looks: one sheet per table, the title merged and centred, the
 * metadata lines, the multi-row header with merged cells, the 栏次 row, thin borders, amounts right-aligned
 * (two-decimal amounts as numbers formatted `#,##0.00`, anything else as the printed text) and a manual
 * page break exactly where the seed splits a table. Two variants:
 *
 * - seed-tables.fods / .pdf: the continuation page repeats the title, metadata and header (as in the seed);
 * - seed-tables-no-repeat.fods / .pdf: the continuation page starts with bare data rows.
 *
 * LibreOffice (`soffice --headless --convert-to pdf`, packages libreoffice-calc and fonts-wqy-microhei) turns
 * each workbook into a PDF. Last, the markdown path's tables (parseFile on the seed) are written with the page
 * numbers this layout gives them to seed-tables.expected.json, which test/sample-pdf.test.ts compares against.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFile } from '../src/index.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SEED = join(ROOT, 'samples/seed/langfang-anci-xinfang-2022.md');
const OUT = join(ROOT, 'samples/pdf');
const FONT = 'WenQuanYi Micro Hei';

/** First and last headings of the 公开表 part of the seed. */
const SECTION_START = '廊坊市安次区信访局2022年部门预算公开表';
const SECTION_END = '廊坊市安次区信访局 2022 年部门预算信息公开情况说明';

/** One printed piece of a table: a heading, its metadata lines, a TSV block and notes. */
interface Piece {
  title: string;
  meta: string[];
  rows: string[][];
  notes: string[];
}

/** A table: its pieces in order (more than one when the seed splits it over pages). */
interface SeedTable {
  title: string;
  pieces: Piece[];
}

/** Read the 公开表 tables of the seed as printed. */
export function readSeedTables(markdown: string): SeedTable[] {
  const lines = markdown.split(/\r?\n/);
  const pieces: Piece[] = [];
  let inSection = false;
  let current: Piece | null = null;
  for (const line of lines) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      const title = heading[1]!.trim();
      if (title === SECTION_START) {
        inSection = true;
        continue;
      }
      if (title === SECTION_END) break;
      if (!inSection) continue;
      current = { title, meta: [], rows: [], notes: [] };
      pieces.push(current);
      continue;
    }
    if (!inSection || !current || !line.trim()) continue;
    if (line.includes('\t')) current.rows.push(line.split('\t'));
    else if (current.rows.length === 0) current.meta.push(line.trim());
    else current.notes.push(line.trim());
  }
  const tables: SeedTable[] = [];
  for (const piece of pieces.filter((p) => p.rows.length > 0)) {
    const width = Math.max(...piece.rows.map((r) => r.length));
    piece.rows = piece.rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')]);
    const last = tables.at(-1);
    if (last && last.title === piece.title) last.pieces.push(piece);
    else tables.push({ title: piece.title, pieces: [piece] });
  }
  return tables;
}

/** Number of header rows (序号 row, rows under it, the 栏次 row) at the top of a piece. */
function headerCount(rows: string[][]): number {
  let n = 0;
  while (n < rows.length) {
    const first = rows[n]![0]!.trim();
    if (n === 0 ? first === '序号' : first === '') n++;
    else if (first === '栏次') return n + 1;
    else return n;
  }
  return n;
}

/** A header cell's span: rowspan when the cells under it are blank, else colspan over blanks with sub-headers. */
function headerSpans(header: string[][]): { rowSpan: number; colSpan: number }[][] {
  const spans = header.map((row) => row.map(() => ({ rowSpan: 1, colSpan: 1 })));
  const covered = header.map((row) => row.map(() => false));
  header.forEach((row, r) => {
    row.forEach((text, c) => {
      if (covered[r]![c] || text.trim() === '') return;
      const span = spans[r]![c]!;
      if (r + 1 < header.length && header[r + 1]![c]!.trim() === '') {
        while (r + span.rowSpan < header.length && header[r + span.rowSpan]![c]!.trim() === '')
          span.rowSpan++;
      } else if (r + 1 < header.length) {
        while (
          c + span.colSpan < row.length &&
          row[c + span.colSpan]!.trim() === '' &&
          header[r + 1]![c + span.colSpan]!.trim() !== ''
        )
          span.colSpan++;
      }
      for (let i = 0; i < span.rowSpan; i++)
        for (let j = 0; j < span.colSpan; j++) if (i || j) covered[r + i]![c + j] = true;
    });
  });
  return spans.map((row, r) => row.map((span, c) => (covered[r]![c] ? { rowSpan: 0, colSpan: 0 } : span)));
}

/** Width of a text in em (CJK one em, ASCII about half). */
function ems(text: string): number {
  let n = 0;
  for (const ch of text) n += ch.codePointAt(0)! > 0x2e80 ? 1 : 0.55;
  return n;
}

const EM_CM = 0.3175; // 9 pt
const PAD_CM = 0.35;
const PORTRAIT_CM = 18.0;
const LANDSCAPE_CM = 26.5;

/** Two-decimal amounts become numbers formatted #,##0.00; everything else stays printed text. */
const TWO_DECIMALS = /^-?\d+\.\d{2}$/;

/** How LibreOffice prints a cell: two-decimal amounts with thousands separators, other text as is. */
function printedText(text: string): string {
  return TWO_DECIMALS.test(text)
    ? Number(text).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    : text;
}

type Role = 'serial' | 'code' | 'label' | 'amount';

/** Column roles from the header text. */
function columnRoles(header: string[][], width: number): Role[] {
  return Array.from({ length: width }, (_, c) => {
    const texts = header.map((row) => row[c]!.replace(/\s+/g, ''));
    if (c === 0) return 'serial';
    if (texts.some((t) => t === '科目编码')) return 'code';
    if (texts.some((t) => t === '项目' || t === '科目名称')) return 'label';
    return 'amount';
  });
}

/** Plain text of a seed cell (the seed marks a few cells <b>bold</b>). */
function cellText(raw: string): { text: string; bold: boolean } {
  const bold = /<b>/i.test(raw);
  return { text: raw.replace(/<\/?b>/gi, '').trim(), bold };
}

/** Column widths in cm and the page orientation that fits them. */
function layoutColumns(table: SeedTable, roles: Role[]): { widths: number[]; landscape: boolean } {
  const first = table.pieces[0]!;
  const nHeader = headerCount(first.rows);
  const data = table.pieces.flatMap((p) => p.rows.slice(headerCount(p.rows)));
  const widths = roles.map((role, c) => {
    const natural =
      Math.max(0, ...data.map((row) => ems(printedText(cellText(row[c]!).text)))) * EM_CM + PAD_CM;
    if (role === 'serial') return Math.max(natural, 1.2);
    if (role === 'code') return Math.max(natural, 1.9);
    if (role === 'label') return Math.max(natural + 0.3, 4.5);
    const head = Math.max(0, ...first.rows.slice(0, nHeader).map((row) => Math.min(ems(row[c]!), 5)));
    return Math.max(natural + 0.5, head * EM_CM + PAD_CM, 2.1);
  });
  const total = widths.reduce((a, b) => a + b, 0);
  const landscape = total > PORTRAIT_CM;
  const room = landscape ? LANDSCAPE_CM : PORTRAIT_CM;
  // Stretch (or squeeze) the amount columns to fill the printable width, as a disclosure template does.
  const fixed = widths.reduce((a, w, c) => a + (roles[c] === 'amount' ? 0 : w), 0);
  const amounts = total - fixed;
  const factor = amounts > 0 ? Math.min((room - fixed) / amounts, 1.3) : 1;
  return {
    widths: widths.map((w, c) => Math.round((roles[c] === 'amount' ? w * factor : w) * 100) / 100),
    landscape,
  };
}

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A text paragraph inside a cell (runs of spaces kept). */
function para(text: string): string {
  const body = xml(text).replace(/ {2,}/g, (m) => ` <text:s text:c="${m.length - 1}"/>`);
  return `<text:p>${body}</text:p>`;
}

/** Sheet rows of one table: title, metadata, header, data, page breaks, notes. */
function sheetRows(table: SeedTable, roles: Role[], widths: number[], repeat: boolean): string[] {
  const width = roles.length;
  const out: string[] = [];
  const fullRow = (style: string, cellStyle: string, text: string) =>
    `<table:table-row table:style-name="${style}"><table:table-cell table:style-name="${cellStyle}" ` +
    `office:value-type="string" table:number-columns-spanned="${width}">${para(text)}</table:table-cell>` +
    `<table:covered-table-cell table:number-columns-repeated="${width - 1}"/></table:table-row>`;
  const headerHeight = (row: string[], spans: { rowSpan: number; colSpan: number }[]): number => {
    let lines = 1;
    row.forEach((text, c) => {
      const span = spans[c]!;
      if (!span.colSpan || span.rowSpan > 1 || !text.trim()) return;
      let w = 0;
      for (let j = 0; j < span.colSpan; j++) w += widths[c + j]!;
      lines = Math.max(lines, Math.ceil((ems(text) * EM_CM) / (w - 0.25)));
    });
    return 0.25 + lines * 0.45;
  };
  table.pieces.forEach((piece, index) => {
    const nHeader = headerCount(piece.rows);
    const breakBefore = index > 0;
    const showHead = index === 0 || repeat;
    let pendingBreak = breakBefore;
    const rowStyle = (base: string, height?: number) => {
      const style = height === undefined ? base : `roH${Math.round(height * 100)}`;
      const name = pendingBreak ? `${style}Break` : style;
      pendingBreak = false;
      return name;
    };
    if (showHead) {
      out.push(fullRow(rowStyle('roTitle'), 'cTitle', piece.title));
      for (const line of piece.meta) {
        out.push(fullRow(rowStyle('roMeta'), line.startsWith('金额单位') ? 'cMetaRight' : 'cMeta', line));
      }
      const header = piece.rows.slice(0, nHeader);
      const spanRows = header[header.length - 1]?.[0]?.trim() === '栏次' ? header.slice(0, -1) : header;
      const spans = headerSpans(spanRows);
      header.forEach((row, r) => {
        const isNumbers = r >= spanRows.length;
        const height = isNumbers ? 0.55 : headerHeight(row, spans[r]!);
        const cells = row.map((text, c) => {
          const span = isNumbers ? { rowSpan: 1, colSpan: 1 } : spans[r]![c]!;
          if (!span.colSpan) return '<table:covered-table-cell/>';
          const attrs =
            (span.rowSpan > 1 ? ` table:number-rows-spanned="${span.rowSpan}"` : '') +
            (span.colSpan > 1 ? ` table:number-columns-spanned="${span.colSpan}"` : '');
          if (!text.trim()) return `<table:table-cell table:style-name="cHead"${attrs}/>`;
          return `<table:table-cell table:style-name="cHead" office:value-type="string"${attrs}>${para(text)}</table:table-cell>`;
        });
        out.push(
          `<table:table-row table:style-name="${rowStyle('', height)}">${cells.join('')}</table:table-row>`,
        );
      });
    }
    for (const row of piece.rows.slice(nHeader)) {
      const cells = row.map((raw, c) => {
        const { text, bold } = cellText(raw);
        const role = roles[c]!;
        if (!text) return '<table:table-cell table:style-name="cText"/>';
        if (role === 'amount' && TWO_DECIMALS.test(text)) {
          return `<table:table-cell table:style-name="cAmount" office:value-type="float" office:value="${text}">${para(printedText(text))}</table:table-cell>`;
        }
        const style =
          role === 'serial' ? 'cCenter' : role === 'amount' ? 'cRight' : bold ? 'cTextBold' : 'cText';
        return `<table:table-cell table:style-name="${style}" office:value-type="string">${para(text)}</table:table-cell>`;
      });
      out.push(
        `<table:table-row table:style-name="${rowStyle('roData')}">${cells.join('')}</table:table-row>`,
      );
    }
    for (const note of piece.notes) out.push(fullRow(rowStyle('roMeta'), 'cNote', note));
  });
  return out;
}

/** The whole flat ODS document. */
export function buildFods(tables: SeedTable[], repeat: boolean): string {
  const heights = new Set<number>();
  const columnStyles: string[] = [];
  const sheets = tables.map((table, t) => {
    const header = table.pieces[0]!.rows.slice(0, headerCount(table.pieces[0]!.rows));
    const roles = columnRoles(header, columnCount(table));
    const { widths, landscape } = layoutColumns(table, roles);
    const rows = sheetRows(table, roles, widths, repeat);
    for (const row of rows) {
      const m = /table:style-name="roH(\d+)/.exec(row);
      if (m) heights.add(Number(m[1]));
    }
    const cols = widths
      .map((w, c) => {
        const name = `co${t + 1}_${c + 1}`;
        columnStyles.push(
          `<style:style style:name="${name}" style:family="table-column"><style:table-column-properties fo:break-before="auto" style:column-width="${w.toFixed(2)}cm"/></style:style>`,
        );
        return `<table:table-column table:style-name="${name}" table:default-cell-style-name="Default"/>`;
      })
      .join('');
    const name = `表${t + 1}`;
    return `<table:table table:name="${name}" table:style-name="${landscape ? 'taLandscape' : 'taPortrait'}">${cols}${rows.join('\n')}</table:table>`;
  });
  const rowStyle = (name: string, height: number, brk: boolean) =>
    `<style:style style:name="${name}${brk ? 'Break' : ''}" style:family="table-row"><style:table-row-properties style:row-height="${height.toFixed(2)}cm" fo:break-before="${brk ? 'page' : 'auto'}" style:use-optimal-row-height="false"/></style:style>`;
  const rowStyles = [
    ...[
      ['roTitle', 1.2],
      ['roMeta', 0.6],
      ['roData', 0.6],
    ].flatMap(([n, h]) => [
      rowStyle(n as string, h as number, false),
      rowStyle(n as string, h as number, true),
    ]),
    ...[...heights].flatMap((h) => [rowStyle(`roH${h}`, h / 100, false), rowStyle(`roH${h}`, h / 100, true)]),
  ];
  const font = (size: string, bold = false) =>
    `<style:text-properties style:font-name="${FONT}" style:font-name-asian="${FONT}" style:font-name-complex="${FONT}" fo:font-size="${size}" style:font-size-asian="${size}" style:font-size-complex="${size}"${bold ? ' fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"' : ''}/>`;
  const border = 'fo:border="0.5pt solid #000000"';
  const cell = (
    name: string,
    opts: { align: string; size?: string; bold?: boolean; border?: boolean; wrap?: boolean; data?: string },
  ) =>
    `<style:style style:name="${name}" style:family="table-cell" style:parent-style-name="Default"${opts.data ? ` style:data-style-name="${opts.data}"` : ''}>` +
    `<style:table-cell-properties style:vertical-align="middle"${opts.border ? ` ${border}` : ''} fo:wrap-option="${opts.wrap ? 'wrap' : 'no-wrap'}" fo:padding="0.1cm"/>` +
    `<style:paragraph-properties fo:text-align="${opts.align}"/>${font(opts.size ?? '9pt', opts.bold)}</style:style>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:font-face-decls><style:font-face style:name="${FONT}" svg:font-family="'${FONT}'" style:font-pitch="variable"/></office:font-face-decls>
<office:styles>
<number:number-style style:name="N2"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
<style:style style:name="Default" style:family="table-cell">${font('9pt')}</style:style>
</office:styles>
<office:automatic-styles>
${columnStyles.join('\n')}
${rowStyles.join('\n')}
<style:style style:name="taPortrait" style:family="table" style:master-page-name="Portrait"><style:table-properties table:display="true"/></style:style>
<style:style style:name="taLandscape" style:family="table" style:master-page-name="Landscape"><style:table-properties table:display="true"/></style:style>
${cell('cTitle', { align: 'center', size: '16pt', bold: true })}
${cell('cMeta', { align: 'start' })}
${cell('cMetaRight', { align: 'end' })}
${cell('cNote', { align: 'start' })}
${cell('cHead', { align: 'center', border: true, wrap: true })}
${cell('cText', { align: 'start', border: true })}
${cell('cTextBold', { align: 'start', border: true, bold: true })}
${cell('cCenter', { align: 'center', border: true })}
${cell('cRight', { align: 'end', border: true })}
${cell('cAmount', { align: 'end', border: true, data: 'N2' })}
<style:page-layout style:name="pmPortrait"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="1.2cm" fo:margin-right="1.2cm" style:table-centering="horizontal" style:print="objects charts drawings"/></style:page-layout>
<style:page-layout style:name="pmLandscape"><style:page-layout-properties fo:page-width="29.7cm" fo:page-height="21cm" style:print-orientation="landscape" fo:margin-top="1.2cm" fo:margin-bottom="1.2cm" fo:margin-left="1.2cm" fo:margin-right="1.2cm" style:table-centering="horizontal" style:print="objects charts drawings"/></style:page-layout>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Portrait" style:page-layout-name="pmPortrait"/>
<style:master-page style:name="Landscape" style:page-layout-name="pmLandscape"/>
</office:master-styles>
<office:body><office:spreadsheet>
${sheets.join('\n')}
</office:spreadsheet></office:body></office:document>
`;
}

/** Column count of a table. */
function columnCount(table: SeedTable): number {
  return Math.max(...table.pieces.map((p) => p.rows[0]!.length));
}

/** Pages each table occupies: one per piece, tables in order. */
function tablePages(tables: SeedTable[]): number[][] {
  let page = 0;
  return tables.map((t) => t.pieces.map(() => ++page));
}

/** Pretty JSON with one line per row, so a diff of the expected file reads row by row. */
function formatExpected(expected: { tables: { rows: unknown[] }[] }): string {
  const rowsMarker = '\u0000rows\u0000';
  const text = JSON.stringify(
    { ...expected, tables: expected.tables.map((t) => ({ ...t, rows: rowsMarker })) },
    null,
    2,
  );
  let i = 0;
  const filled = text.replace(/"\\u0000rows\\u0000"/g, () => {
    const rows = expected.tables[i++]!.rows;
    if (!rows.length) return '[]';
    return `[\n${rows.map((r) => `        ${JSON.stringify(r)}`).join(',\n')}\n      ]`;
  });
  return `${filled}\n`;
}

async function main(): Promise<void> {
  const noPdf = process.argv.includes('--no-pdf');
  const tables = readSeedTables(readFileSync(SEED, 'utf8'));
  const variants = [
    { name: 'seed-tables', repeat: true },
    { name: 'seed-tables-no-repeat', repeat: false },
  ];
  for (const v of variants) writeFileSync(join(OUT, `${v.name}.fods`), buildFods(tables, v.repeat));
  if (!noPdf) {
    const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
    try {
      for (const v of variants) {
        execFileSync(
          'soffice',
          [
            `-env:UserInstallation=file://${profile}`,
            '--headless',
            '--convert-to',
            'pdf',
            '--outdir',
            OUT,
            join(OUT, `${v.name}.fods`),
          ],
          { stdio: 'inherit' },
        );
      }
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }
  // Expected JSON: the markdown path's rows for these tables, with the pages this layout puts them on.
  const { document } = await parseFile(SEED);
  const pages = tablePages(tables);
  const expected = {
    seed: 'samples/seed/langfang-anci-xinfang-2022.md',
    generator: 'scripts/make-sample-pdfs.ts',
    pdfs: Object.fromEntries(
      variants.map((v) => [`${v.name}.pdf`, { continuation: v.repeat ? 'title-repeated' : 'bare-rows' }]),
    ),
    tables: tables.map((t, i) => {
      const md = document.tables.find((x) => x.title === t.title);
      if (!md) throw new Error(`markdown path has no table titled ${t.title}`);
      return {
        title: t.title,
        kind: md.kind,
        unit: md.unit,
        empty: md.empty,
        notes: md.notes,
        pages: pages[i],
        fragmentRows: md.fragments.map((f) => f.rows),
        rows: md.rows.map((r) => ({
          serial: r.serial,
          code: r.code,
          label: r.label,
          ...(r.side ? { side: r.side } : {}),
          values: r.values,
        })),
      };
    }),
  };
  writeFileSync(join(OUT, 'seed-tables.expected.json'), formatExpected(expected));
  console.log(
    `wrote ${variants.length} workbooks${noPdf ? '' : ' and PDFs'} and the expected JSON to ${OUT}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
