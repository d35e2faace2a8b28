/** A text run to draw: `y` is the baseline, measured from the page's top edge. */
export interface PdfTextSpec {
  x: number;
  y: number;
  text: string;
  /** Font size (default 10). */
  size?: number;
}

/** A straight line to stroke, in top-left coordinates. */
export interface PdfLineSpec {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One page of a test PDF. */
export interface PdfPageSpec {
  /** Page width (default 595). */
  width?: number;
  /** Page height (default 842). */
  height?: number;
  texts: PdfTextSpec[];
  lines?: PdfLineSpec[];
}

/** Escape a string for a PDF literal string (ASCII only). */
function pdfString(text: string): string {
  return `(${text.replace(/[\\()]/g, (ch) => `\\${ch}`)})`;
}

/** Options of {@link makePdf}. */
export interface MakePdfOptions {
  /** Add a standard-security /Encrypt dictionary whose password checks fail (an encrypted PDF). */
  encrypted?: boolean;
  /** Document information Title (any Unicode; written as UTF-16BE with a byte order mark). */
  title?: string;
}

/** A PDF text string of any Unicode text: <FEFF…> in UTF-16BE. */
function pdfUnicode(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/** Write a minimal valid PDF (Helvetica text at given positions, optional stroked lines). */
export function makePdf(pages: readonly PdfPageSpec[], options: MakePdfOptions = {}): Uint8Array {
  const objects: string[] = [];
  const pageIds: number[] = [];
  // 1: catalog, 2: pages, 3: font; then page + content per page.
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  let next = 4;
  for (const page of pages) {
    const width = page.width ?? 595;
    const height = page.height ?? 842;
    const ops: string[] = [];
    for (const line of page.lines ?? []) {
      ops.push(`0.5 w ${line.x0} ${height - line.y0} m ${line.x1} ${height - line.y1} l S`);
    }
    for (const t of page.texts) {
      ops.push(`BT /F1 ${t.size ?? 10} Tf ${t.x} ${height - t.y} Td ${pdfString(t.text)} Tj ET`);
    }
    const content = ops.join('\n');
    const pageId = next++;
    const contentId = next++;
    pageIds.push(pageId);
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] ` +
      `/Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`;
    objects[contentId] =
      `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
  }
  let encryptRef = '';
  if (options.encrypted) {
    const junk = `<${'ab'.repeat(32)}>`;
    objects[next] = `<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O ${junk} /U ${junk} >>`;
    encryptRef = ` /Encrypt ${next} 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]`;
    next++;
  }
  let infoRef = '';
  if (options.title !== undefined) {
    objects[next] = `<< /Title ${pdfUnicode(options.title)} >>`;
    infoRef = ` /Info ${next} 0 R`;
    next++;
  }
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < next; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${next}\n0000000000 65535 f \n`;
  for (let id = 1; id < next; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${next} /Root 1 0 R${encryptRef}${infoRef} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** Lines of a ruled grid: horizontal lines at `ys` spanning xs, vertical lines at `xs` spanning ys. */
export function gridLines(xs: readonly number[], ys: readonly number[]): PdfLineSpec[] {
  const x0 = xs[0] ?? 0;
  const x1 = xs.at(-1) ?? 0;
  const y0 = ys[0] ?? 0;
  const y1 = ys.at(-1) ?? 0;
  return [...ys.map((y) => ({ x0, y0: y, x1, y1: y })), ...xs.map((x) => ({ x0: x, y0, x1: x, y1 }))];
}
