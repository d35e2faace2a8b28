/**
 * A minimal PDF writer for generated bench documents: pages of Chinese text and stroked ruling lines. Text is
 * set as most real disclosures set it (Identity-H codes numbered in order of first use, as a subset font
 * numbers its glyphs, with a /ToUnicode CMap and /W widths), but without embedding a font program. No
 * compression, no images: enough to lay out disclosures of any length without LibreOffice.
 */

/** PDF user-space page size (A4 portrait). */
export const PAGE = { width: 595, height: 842 } as const;

/** One page's content stream under construction. */
export class PageBuilder {
  private readonly ops: (string | { x: number; y: number; size: number; text: string })[] = [];

  /** Text with its baseline starting at (x, y) (PDF coordinates, origin bottom-left), font size `size`. */
  text(x: number, y: number, size: number, text: string): this {
    if (text === '') return this;
    this.ops.push({ x, y, size, text });
    return this;
  }

  /** A stroked line from (x1, y1) to (x2, y2). */
  line(x1: number, y1: number, x2: number, y2: number): this {
    this.ops.push(`${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S`);
    return this;
  }

  /** The content stream, its text encoded by `font`. */
  content(font: CodeFont): string {
    const ops = this.ops.map((op) =>
      typeof op === 'string'
        ? op
        : `BT /F1 ${num(op.size)} Tf 1 0 0 1 ${num(op.x)} ${num(op.y)} Tm <${font.encode(op.text)}> Tj ET`,
    );
    return `0.5 w\n${ops.join('\n')}\n`;
  }
}

/**
 * The document's one font: two-byte codes (CIDs under Identity-H) given to characters in order of first use,
 * the /ToUnicode CMap that maps them back and the /W widths of the half-width ones.
 */
class CodeFont {
  private readonly codes = new Map<string, number>();

  /** Hex string of the codes of `text`, giving new characters the next code. */
  encode(text: string): string {
    let out = '';
    for (const ch of text) {
      let code = this.codes.get(ch);
      if (code === undefined) {
        code = this.codes.size + 1;
        this.codes.set(ch, code);
      }
      out += hex4(code);
    }
    return out;
  }

  /** The /W array: every ASCII character half an em (the default width is 1 em). */
  widths(): string {
    const half = [...this.codes].filter(([ch]) => ch.charCodeAt(0) < 0x80).map(([, code]) => code);
    return `[${half.map((code) => `${code} [500]`).join(' ')}]`;
  }

  /** The /ToUnicode CMap, in blocks of at most 100 bfchar entries as the CMap format requires. */
  toUnicode(): string {
    const entries = [...this.codes].map(([ch, code]) => `<${hex4(code)}> <${utf16Hex(ch)}>`);
    const blocks: string[] = [];
    for (let i = 0; i < entries.length; i += 100) {
      const block = entries.slice(i, i + 100);
      blocks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`);
    }
    return [
      '/CIDInit /ProcSet findresource begin',
      '12 dict begin',
      'begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Adobe-Identity-UCS def',
      '/CMapType 2 def',
      '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange',
      ...blocks,
      'endcmap',
      'CMapName currentdict /CMap defineresource pop',
      'end',
      'end',
      '',
    ].join('\n');
  }
}

function hex4(code: number): string {
  return code.toString(16).padStart(4, '0');
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

/** UTF-16BE hex of a string. */
function utf16Hex(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += hex4(text.charCodeAt(i));
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
  const toUnicode = add('');
  const codes = new CodeFont();
  const kids: number[] = [];
  for (const page of pages) {
    const content = page.content(codes);
    const stream = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${tree} 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`,
      ),
    );
  }
  objects[font - 1] =
    `<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`;
  objects[cidFont - 1] =
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /W ${codes.widths()} /CIDToGIDMap /Identity >>`;
  objects[descriptor - 1] =
    '<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>';
  const cmap = codes.toUnicode();
  objects[toUnicode - 1] = `<< /Length ${Buffer.byteLength(cmap, 'latin1')} >>\nstream\n${cmap}endstream`;
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
