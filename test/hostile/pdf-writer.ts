/**
 * Hostile PDFs that test/pdf/make-pdf.ts cannot write: real RC4 encryption (standard security handler,
 * revision 2, with user and owner passwords) and fonts whose glyphs map to no usable Unicode.
 */
import { createHash } from 'node:crypto';
import type { PdfPageSpec } from '../pdf/make-pdf.js';

/** Password padding string of the standard security handler (PDF 32000-1, 7.6.3.3). */
const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
const FILE_ID = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
/** Permissions: everything allowed (bits 1-2 and 7-8, 13-32 set as revision 2 requires). */
const PERMISSIONS = -4;

function md5(...parts: Uint8Array[]): Buffer {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** RC4 (symmetric: encrypts and decrypts). */
export function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  let i = 0;
  j = 0;
  for (let k = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

function padded(password: string): Buffer {
  return Buffer.concat([Buffer.from(password, 'latin1'), PAD]).subarray(0, 32);
}

/** /O, /U and the 40-bit file key for revision 2. */
function securityValues(user: string, owner: string): { o: Buffer; u: Buffer; key: Buffer } {
  const ownerKey = md5(padded(owner || user)).subarray(0, 5);
  const o = rc4(ownerKey, padded(user));
  const p = Buffer.alloc(4);
  p.writeInt32LE(PERMISSIONS);
  const key = md5(padded(user), o, p, FILE_ID).subarray(0, 5);
  return { o, u: rc4(key, PAD), key };
}

function objectKey(key: Buffer, id: number): Buffer {
  const suffix = Buffer.from([id & 0xff, (id >> 8) & 0xff, (id >> 16) & 0xff, 0, 0]);
  return md5(key, suffix).subarray(0, Math.min(key.length + 5, 16));
}

/** A PDF object: a dictionary (or any value), optionally with a stream. */
export interface PdfObject {
  value: string;
  stream?: string;
}

/** Options of {@link writePdf}. */
export interface WritePdfOptions {
  /** Encrypt streams with RC4 40-bit (revision 2): the user password opens, the owner password too. */
  encrypt?: { user: string; owner: string };
  /** Id of the catalog (default 1). */
  root?: number;
}

/** Write objects 1..n (index 0 unused) as a PDF with a cross-reference table. */
export function writePdf(
  objects: readonly (PdfObject | undefined)[],
  options: WritePdfOptions = {},
): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let size = parts[0]!.length;
  const offsets: number[] = [];
  const security = options.encrypt ? securityValues(options.encrypt.user, options.encrypt.owner) : undefined;
  const all = [...objects];
  let encryptId: number | undefined;
  if (security) {
    encryptId = all.length;
    all.push({
      value: `<< /Filter /Standard /V 1 /R 2 /Length 40 /P ${PERMISSIONS} /O <${security.o.toString('hex')}> /U <${security.u.toString('hex')}> >>`,
    });
  }
  for (let id = 1; id < all.length; id++) {
    const object = all[id];
    if (!object) continue;
    offsets[id] = size;
    let body: Buffer;
    if (object.stream === undefined) body = Buffer.from(`${id} 0 obj\n${object.value}\nendobj\n`, 'latin1');
    else {
      let data: Buffer = Buffer.from(object.stream, 'latin1');
      if (security && id !== encryptId) data = rc4(objectKey(security.key, id), data);
      const dict = object.value.replace(/>>\s*$/, ` /Length ${data.length} >>`);
      body = Buffer.concat([
        Buffer.from(`${id} 0 obj\n${dict}\nstream\n`, 'latin1'),
        data,
        Buffer.from('\nendstream\nendobj\n', 'latin1'),
      ]);
    }
    parts.push(body);
    size += body.length;
  }
  const xref = size;
  let tail = `xref\n0 ${all.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < all.length; id++)
    tail +=
      offsets[id] === undefined
        ? '0000000000 65535 f \n'
        : `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  const id = FILE_ID.toString('hex');
  const encrypt = encryptId === undefined ? '' : ` /Encrypt ${encryptId} 0 R`;
  tail += `trailer\n<< /Size ${all.length} /Root ${options.root ?? 1} 0 R${encrypt} /ID [<${id}> <${id}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  parts.push(Buffer.from(tail, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

/** Escape a string for a PDF literal string (ASCII only). */
function pdfString(text: string): string {
  return `(${text.replace(/[\\()]/g, (ch) => `\\${ch}`)})`;
}

/** A ToUnicode CMap sending every printable ASCII code except space to `target` + (code − 0x21). */
function toUnicodeCMap(target: number, same: boolean): string {
  const hex = target.toString(16).toUpperCase().padStart(4, '0');
  const ranges = same
    ? Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => {
        const code = (0x21 + i).toString(16).toUpperCase();
        return `<${code}> <${code}> <${hex}>`;
      })
    : [`<21> <7E> <${hex}>`];
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Hostile-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<00> <FF>',
    'endcodespacerange',
    `${ranges.length} beginbfrange`,
    ...ranges,
    'endbfrange',
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** Options of {@link pagesPdf}. */
export interface PagesPdfOptions {
  encrypt?: { user: string; owner: string };
  /**
   * Give the font a ToUnicode map that sends glyphs to the private use area (`private-use`) or all to U+FFFD
   * (`replacement`): the page looks right when rendered, but its text layer is unusable.
   */
  unmapped?: 'private-use' | 'replacement';
  /** Page count to claim in /Count instead of the real one (a lying page tree). */
  claimedCount?: number;
}

/** Pages of Helvetica text and stroked lines (same spec as make-pdf.ts), with the hostile options above. */
export function pagesPdf(pages: readonly PdfPageSpec[], options: PagesPdfOptions = {}): Uint8Array {
  const objects: (PdfObject | undefined)[] = [];
  const kids: number[] = [];
  let next = 4;
  let toUnicode = '';
  if (options.unmapped) {
    const id = next++;
    objects[id] = {
      value: '<< >>',
      stream: toUnicodeCMap(
        options.unmapped === 'private-use' ? 0xe021 : 0xfffd,
        options.unmapped === 'replacement',
      ),
    };
    toUnicode = ` /ToUnicode ${id} 0 R`;
  }
  objects[3] = {
    value: `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding${toUnicode} >>`,
  };
  for (const page of pages) {
    const width = page.width ?? 595;
    const height = page.height ?? 842;
    const ops: string[] = [];
    for (const line of page.lines ?? [])
      ops.push(`0.5 w ${line.x0} ${height - line.y0} m ${line.x1} ${height - line.y1} l S`);
    for (const t of page.texts)
      ops.push(`BT /F1 ${t.size ?? 10} Tf ${t.x} ${height - t.y} Td ${pdfString(t.text)} Tj ET`);
    const pageId = next++;
    const contentId = next++;
    kids.push(pageId);
    objects[pageId] = {
      value: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`,
    };
    objects[contentId] = { value: '<< >>', stream: ops.join('\n') };
  }
  objects[1] = { value: '<< /Type /Catalog /Pages 2 0 R >>' };
  objects[2] = {
    value: `<< /Type /Pages /Kids [${kids.map((id) => `${id} 0 R`).join(' ')}] /Count ${options.claimedCount ?? kids.length} >>`,
  };
  return writePdf(objects, options.encrypt ? { encrypt: options.encrypt } : {});
}
