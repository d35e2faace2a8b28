/**
 * Seeded damage to real PDFs, the ways scraped files get damaged: a page's content stream truncated or
 * garbled (bytes overwritten in the compressed data), one digit glyph changed into another, a font's
 * ToUnicode map lost, pages dropped or put out of order. Built on pdf-lib; every mutant is a valid file
 * structure (xref rebuilt on save) with damaged content, as a reader sees it.
 */

import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFName,
  type PDFPage,
  PDFRawStream,
  type PDFRef,
  PDFStream,
} from 'pdf-lib';
import { random } from '../../bench/generate.js';

/** The kinds of damage. */
export const DAMAGE_KINDS = [
  'truncate-stream',
  'garble-stream',
  'digit-glyph',
  'drop-tounicode',
  'drop-page',
  'move-page',
] as const;
/** One kind of damage. */
export type DamageKind = (typeof DAMAGE_KINDS)[number];

/** A small seeded generator (mulberry32, shared with the bench's generated documents). */
export const randomFrom: (seed: number) => () => number = random;

/** An integer in [0, n). */
function pick(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/** The content streams of a page (Contents is one stream or an array of them). */
function contentStreams(doc: PDFDocument, page: PDFPage): PDFRawStream[] {
  const contents = page.node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  return refs
    .map((ref) => doc.context.lookup(ref as PDFRef))
    .filter((s): s is PDFRawStream => s instanceof PDFRawStream);
}

/** Decoded bytes of a stream, or undefined when pdf-lib cannot decode its filter. */
function decoded(stream: PDFRawStream): Uint8Array | undefined {
  try {
    return decodePDFRawStream(stream).decode();
  } catch {
    return undefined;
  }
}

/** Replace a page's content stream `index` by new decoded content (Flate-encoded again). */
function setContent(doc: PDFDocument, page: PDFPage, stream: PDFRawStream, content: Uint8Array): void {
  const fresh = doc.context.flateStream(content);
  const ref = doc.context.getObjectRef(stream);
  if (ref) doc.context.assign(ref, fresh);
  else page.node.set(PDFName.of('Contents'), doc.context.register(fresh));
}

/** The page's fonts by resource name. */
function pageFonts(page: PDFPage): Map<string, PDFDict> {
  const out = new Map<string, PDFDict>();
  const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
  if (!fonts) return out;
  for (const [name, value] of fonts.entries()) {
    const font = page.doc.context.lookup(value);
    if (font instanceof PDFDict) out.set(name.asString().slice(1), font);
  }
  return out;
}

/** Glyph codes (hex, as written in the content) of the digits 0–9 in a font's ToUnicode map. */
function digitCodes(font: PDFDict): Map<string, string> {
  const out = new Map<string, string>();
  const map = font.lookupMaybe(PDFName.of('ToUnicode'), PDFStream);
  if (!(map instanceof PDFRawStream)) return out;
  const bytes = decoded(map);
  if (!bytes) return out;
  const text = Buffer.from(bytes).toString('latin1');
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const m of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const cp = Number.parseInt(m[2] ?? '', 16);
      if (cp >= 0x30 && cp <= 0x39) out.set((m[1] ?? '').toUpperCase(), String(cp - 0x30));
    }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const m of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const lo = Number.parseInt(m[1] ?? '', 16);
      const hi = Number.parseInt(m[2] ?? '', 16);
      const first = Number.parseInt(m[3] ?? '', 16);
      const width = (m[1] ?? '').length;
      for (let code = lo; code <= hi && code - lo < 256; code++) {
        const cp = first + (code - lo);
        if (cp >= 0x30 && cp <= 0x39)
          out.set(code.toString(16).toUpperCase().padStart(width, '0'), String(cp - 0x30));
      }
    }
  return out;
}

/** Change one digit glyph shown on the page into another digit; false when none was found. */
function changeDigit(page: PDFPage, random: () => number): boolean {
  const doc = page.doc;
  const digitsByFont = new Map([...pageFonts(page)].map(([name, font]) => [name, digitCodes(font)]));
  for (const stream of contentStreams(doc, page)) {
    const bytes = decoded(stream);
    if (!bytes) continue;
    const text = Buffer.from(bytes).toString('latin1');
    // Every hex string, with the font current where it is shown.
    const spots: { at: number; width: number; codes: Map<string, string> }[] = [];
    let font = '';
    for (const m of text.matchAll(/\/([^\s/<>[\]()]+)\s+[-\d.]+\s+Tf|<([0-9a-fA-F\s]+)>/g)) {
      if (m[1] !== undefined) {
        font = m[1];
        continue;
      }
      const codes = digitsByFont.get(font);
      if (!codes || codes.size < 2) continue;
      const width = [...codes.keys()][0]!.length;
      const hex = m[2] ?? '';
      for (let i = 0; i + width <= hex.length; i += width)
        if (codes.has(hex.slice(i, i + width).toUpperCase()))
          spots.push({ at: (m.index ?? 0) + 1 + i, width, codes });
    }
    if (spots.length === 0) continue;
    const spot = spots[pick(random, spots.length)]!;
    const old = text.slice(spot.at, spot.at + spot.width).toUpperCase();
    const others = [...spot.codes.keys()].filter((code) => spot.codes.get(code) !== spot.codes.get(old));
    if (others.length === 0) continue;
    const replacement = others[pick(random, others.length)]!;
    const out = text.slice(0, spot.at) + replacement + text.slice(spot.at + spot.width);
    setContent(doc, page, stream, Buffer.from(out, 'latin1'));
    return true;
  }
  return false;
}

/** What was done to a document. */
export interface Damage {
  kind: DamageKind;
  /** 1-based page damaged (for moves: the page moved). */
  page: number;
  /** What exactly (offsets, target page). */
  detail: string;
}

/**
 * Apply one seeded damage of `kind` to `doc` (changed in place). Returns what was done, or undefined when
 * this kind cannot be applied to the document (no stream, no digit glyph, one page).
 */
export function damage(doc: PDFDocument, kind: DamageKind, random: () => number): Damage | undefined {
  const pages = doc.getPages();
  const index = pick(random, pages.length);
  const page = pages[index]!;
  const n = index + 1;
  switch (kind) {
    case 'truncate-stream': {
      const stream = contentStreams(doc, page)[0];
      const bytes = stream && decoded(stream);
      if (!stream || !bytes || bytes.length < 100) return undefined;
      const cut = Math.floor(bytes.length * (0.1 + 0.85 * random()));
      setContent(doc, page, stream, bytes.subarray(0, cut));
      return { kind, page: n, detail: `content cut at ${cut} of ${bytes.length} bytes` };
    }
    case 'garble-stream': {
      const stream = contentStreams(doc, page)[0];
      if (!stream || stream.contents.length < 100) return undefined;
      const contents = new Uint8Array(stream.contents);
      const at = Math.floor(contents.length * (0.05 + 0.9 * random()));
      const span = 1 + pick(random, 16);
      for (let i = at; i < Math.min(contents.length, at + span); i++) contents[i] = pick(random, 256);
      const ref = doc.context.getObjectRef(stream);
      if (!ref) return undefined;
      doc.context.assign(ref, PDFRawStream.of(stream.dict, contents));
      return { kind, page: n, detail: `${span} stored bytes overwritten at ${at} of ${contents.length}` };
    }
    case 'digit-glyph':
      return changeDigit(page, random) ? { kind, page: n, detail: 'one digit glyph changed' } : undefined;
    case 'drop-tounicode': {
      const fonts = [...pageFonts(page)].filter(([, font]) => font.has(PDFName.of('ToUnicode')));
      if (fonts.length === 0) return undefined;
      const [name, font] = fonts[pick(random, fonts.length)]!;
      font.delete(PDFName.of('ToUnicode'));
      return { kind, page: n, detail: `font ${name} lost its ToUnicode map` };
    }
    case 'drop-page':
      if (pages.length < 2) return undefined;
      doc.removePage(index);
      return { kind, page: n, detail: 'page removed' };
    case 'move-page': {
      if (pages.length < 3) return undefined;
      let to = pick(random, pages.length - 1);
      if (to >= index) to++;
      doc.removePage(index);
      doc.insertPage(to, page);
      return { kind, page: n, detail: `page moved to position ${to + 1}` };
    }
  }
}
