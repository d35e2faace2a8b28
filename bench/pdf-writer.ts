/**
 * A minimal PDF writer for generated bench documents: pages of Chinese text in the non-embedded Adobe-GB1 font
 * STSong-Light (UniGB-UCS2-H, which pdf.js reads with its bundled CMaps) and stroked ruling lines. No
 * compression, no images: enough to lay out disclosures of any length without LibreOffice.
 */

/** PDF user-space page size (A4 portrait). */
export const PAGE = { width: 595, height: 842 } as const;

/** One page's content stream under construction. */
export class PageBuilder {
  private readonly ops: string[] = [];

  /** Text with its baseline starting at (x, y) (PDF coordinates, origin bottom-left), font size `size`. */
  text(x: number, y: number, size: number, text: string): this {
    if (text === '') return this;
    this.ops.push(`BT /F1 ${num(size)} Tf 1 0 0 1 ${num(x)} ${num(y)} Tm <${utf16Hex(text)}> Tj ET`);
    return this;
  }

  /** A stroked line from (x1, y1) to (x2, y2). */
  line(x1: number, y1: number, x2: number, y2: number): this {
    this.ops.push(`${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S`);
    return this;
  }

  /** The content stream. */
  content(): string {
    return `0.5 w\n${this.ops.join('\n')}\n`;
  }
}

/** Width of `text` at `size` as the writer's font metrics give it (CJK 1 em, ASCII half an em). */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += ch.charCodeAt(0) < 0x80 ? 0.5 : 1;
  return em * size;
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** UTF-16BE hex of a BMP string (UniGB-UCS2-H codes are UCS-2). */
function utf16Hex(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += text.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
}

/** Serialize pages into a complete PDF file (catalog, page tree, one shared font, xref table). */
export function writePdf(pages: readonly PageBuilder[], title?: string): Uint8Array {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const catalog = add('');
  const tree = add('');
  const font = add('');
  const cidFont = add('');
  const descriptor = add('');
  objects[font - 1] =
    `<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [${cidFont} 0 R] >>`;
  objects[cidFont - 1] =
    `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /W [1 95 500] >>`;
  objects[descriptor - 1] =
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>';
  const kids: number[] = [];
  for (const page of pages) {
    const content = page.content();
    const stream = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${tree} 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${tree} 0 R >>`;
  objects[tree - 1] =
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const info = title === undefined ? undefined : add(`<< /Title <feff${utf16Hex(title)}> >>`);
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${info === undefined ? '' : ` /Info ${info} 0 R`} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
