/**
 * Narrative units: the narrative layout blocks flattened into headings and paragraphs (list items become
 * paragraphs), with PDF first lines mistaken for headings put back into their paragraph and paragraphs
 * rejoined across line wraps and page breaks.
 */
import type { LayoutBlock, Provenance } from '../ast/layout.js';
import type { Place } from '../model/schema.js';
import { toPlace } from '../normalize/table.js';
import { endsSentence, joinWrapped, readMarker, tidySpaces } from './text.js';

/** A piece of a unit's text and where it was printed. */
export interface UnitPart {
  /** Offset of the piece in the unit text. */
  start: number;
  place?: Place;
}

/** A heading or a paragraph of the narrative. */
export interface NarrativeUnit {
  type: 'heading' | 'paragraph';
  /** Markdown heading depth (1–6), 0 when inferred (PDF), absent for paragraphs. */
  depth?: number;
  text: string;
  /** Where each joined piece starts in `text` and was printed. */
  parts: UnitPart[];
  /** True when the unit came from a list item. */
  listItem?: boolean;
}

function placeOf(prov: Provenance | undefined): Place | undefined {
  return toPlace(prov);
}

function unit(type: NarrativeUnit['type'], text: string, prov: Provenance | undefined): NarrativeUnit {
  const place = placeOf(prov);
  return { type, text, parts: [place ? { start: 0, place } : { start: 0 }] };
}

/** Append `next` to `into` as a continuation of the same paragraph. */
function append(into: NarrativeUnit, next: NarrativeUnit): void {
  const joined = joinWrapped(into.text, next.text);
  const offset = joined.length - next.text.trimStart().length;
  for (const part of next.parts) into.parts.push({ ...part, start: part.start + offset });
  into.text = joined;
}

/** Place of the character at `offset` of a unit. */
export function placeAt(u: NarrativeUnit, offset: number): Place | undefined {
  let place: Place | undefined;
  for (const part of u.parts) if (part.start <= offset && part.place) place = part.place;
  return place ?? u.parts.find((p) => p.place)?.place;
}

/** Starts like a new paragraph: an enumeration marker (including 一是 / 第一，) or a figure caption. */
function startsNew(text: string): boolean {
  return readMarker(text) !== null || /^(图|表|注|附件)\s*\d*[：:、]/.test(text);
}

/** Looks like a full first line of a PDF paragraph rather than a heading. */
function wrappedFirstLine(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  if (endsSentence(t)) return false;
  return t.length >= 16 || /[，,；]/.test(t) || /\d\s*(万元|元|%)/.test(t);
}

/** A short line with no trailing comma: a title printed as a paragraph, not a wrapped line. */
function shortTitle(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  return t.length < 20 && !/[，,、（(“]$/.test(t);
}

/** Flatten narrative blocks into units; rejoin wrapped lines and paragraphs broken over pages. */
export function narrativeUnits(blocks: readonly LayoutBlock[]): NarrativeUnit[] {
  const raw: NarrativeUnit[] = [];
  for (const block of blocks) {
    if (block.type === 'heading') {
      const u = unit('heading', tidySpaces(block.text), block.prov[0]);
      u.depth = block.depth;
      if (u.text) raw.push(u);
    } else if (block.type === 'paragraph') {
      const u = unit('paragraph', tidySpaces(block.text), block.prov[0]);
      if (u.text) raw.push(u);
    } else if (block.type === 'list') {
      for (const item of block.items) {
        const u = unit('paragraph', tidySpaces(item), block.prov[0]);
        u.listItem = true;
        if (u.text) raw.push(u);
      }
    }
  }
  const out: NarrativeUnit[] = [];
  for (const u of raw) {
    const prev = out.at(-1);
    if (prev && u.type === 'paragraph' && !startsNew(u.text)) {
      // A PDF first line taken for a heading, followed by the rest of its paragraph.
      if (prev.type === 'heading' && prev.depth === 0 && wrappedFirstLine(prev.text)) {
        prev.type = 'paragraph';
        delete prev.depth;
        append(prev, u);
        continue;
      }
      // A paragraph cut by a line wrap or a page break: it ends without terminal punctuation.
      if (
        prev.type === 'paragraph' &&
        !endsSentence(prev.text) &&
        !prev.listItem &&
        !u.listItem &&
        !shortTitle(prev.text)
      ) {
        append(prev, u);
        continue;
      }
    }
    out.push(u);
  }
  return out;
}
