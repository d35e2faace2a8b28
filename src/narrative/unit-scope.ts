/**
 * Paragraphs about one unit of the department: a department that discloses its units one section each
 * (一、深圳市生态环境局（本级） … 四、深圳市生态环境监测站 …) states each unit's own 人员经费, 项目支出 … there. A unit's
 * part opens with a heading — or a paragraph whose first words are a heading run into the text — that is, after
 * its marker, an organisation name (grammars/document.json `organisationName`) the document's tables list as a
 * row; it runs until a heading or paragraph marked at the same or a higher level that opens no other unit
 * (第四部分政府采购预算情况). The department's own name opens no unit.
 */
import type { Section, Table } from '../model/schema.js';
import { compactKey } from '../normalize/text.js';
import type { NarrativeUnit } from './blocks.js';
import { readMarker } from './text.js';

/** Marker styles from the highest level down (第X部分 above 一、 above （一） …). */
const RANK = ['part', 'cn', 'cn-paren', 'arabic', 'arabic-paren', 'circled', 'cn-ordinal'] as const;

/** A paragraph with the section it belongs to (as narrative/facts.ts reads them). */
interface Owned {
  unit: NarrativeUnit;
  section: Section | undefined;
}

/** The organisations the tables list as rows (no code, no row key, an organisation name). */
function listedUnits(tables: readonly Table[], organisation: RegExp): string[] {
  const names = new Set<string>();
  for (const table of tables)
    for (const row of table.rows) {
      if (row.code || row.key || !row.label) continue;
      const name = compactKey(row.label);
      if (organisation.test(name)) names.add(name);
    }
  // Longest first: 深圳市生态环境局（本级） before 深圳市生态环境局.
  return [...names].sort((a, b) => b.length - a.length);
}

/**
 * What a heading or a paragraph's first words say: the level of its marker (part = -1), and the listed
 * unit it names, if any ('' for the department itself); undefined when unmarked.
 */
function opening(
  text: string,
  isPart: boolean,
  units: readonly string[],
  own: string,
): { rank: number; name?: string } | undefined {
  const read = readMarker(text);
  if (!read && !isPart) return undefined;
  const rank = isPart ? -1 : RANK.indexOf(read!.marker.style);
  const rest = compactKey(read ? read.rest : text);
  const name = units.find((u) => rest.startsWith(u));
  if (name === undefined) return { rank };
  return { rank, name: name === own ? '' : name };
}

/** The paragraphs that describe one unit of the department, each with the unit's name (compacted). */
export function unitParagraphs(
  owned: readonly Owned[],
  tables: readonly Table[],
  department: string | null,
  organisation: RegExp,
): Map<NarrativeUnit, string> {
  const out = new Map<NarrativeUnit, string>();
  const units = listedUnits(tables, organisation);
  if (units.length === 0) return out;
  const own = department ? compactKey(department) : '';
  let current: { name: string; rank: number } | undefined;
  const step = (open: { rank: number; name?: string } | undefined) => {
    if (!open) return;
    if (open.name) current = { name: open.name, rank: open.rank };
    else if (current && open.rank <= current.rank) current = undefined;
  };
  let section: Section | undefined;
  for (const { unit, section: owner } of owned) {
    if (owner !== section) {
      section = owner;
      if (owner) step(opening(owner.title, owner.kind === 'part', units, own));
    }
    step(opening(unit.text, false, units, own));
    if (current) out.set(unit, current.name);
  }
  return out;
}
