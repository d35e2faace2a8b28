/**
 * Structured content of the narrative: 部门职责 items, 机构设置 (units from the 机构设置 table, counts from
 * prose), 名词解释 glossary entries and 其他需要说明的事项.
 */
import type { Narrative, Section, SectionItem, Table } from '../model/schema.js';
import { type NarrativeUnit, placeAt } from './blocks.js';
import { loadFactsGrammar } from './facts-grammar.js';
import { foldWithMap, readMarker } from './text.js';

function* walk(sections: readonly Section[]): Generator<Section> {
  for (const s of sections) {
    yield s;
    yield* walk(s.children);
  }
}

function allParagraphs(section: Section): string[] {
  return [...section.paragraphs, ...section.children.flatMap((c) => [c.title, ...allParagraphs(c)])];
}

/** The 部门职责 items: the items of the (deepest) duties section that has some. */
function duties(sections: readonly Section[]): SectionItem[] {
  const candidates = [...walk(sections)].filter((s) => s.kind !== 'contents' && s.topic === 'duties');
  const withItems = candidates.filter((s) => (s.items?.length ?? 0) > 0);
  const best = withItems.sort((a, b) => (b.items?.length ?? 0) - (a.items?.length ?? 0))[0];
  if (best) return best.items!;
  // Duties printed as enumerated headings (one section per duty).
  for (const s of candidates) {
    const kids = s.children.filter((c) => c.marker);
    if (kids.length >= 2)
      return kids.map((c) => {
        const read = readMarker(c.title);
        const item: SectionItem = { text: [read?.rest ?? c.title, ...c.paragraphs].join('') };
        if (c.marker) item.marker = c.marker;
        if (c.place) item.place = c.place;
        return item;
      });
  }
  return [];
}

const NAME = /单位名称|机构名称|名称/;
const NATURE = /单位性质|性质|类型/;
const LEVEL = /规格|级别/;
const FUNDING = /经费(保障)?形式|经费来源|经费/;

/** Units of a 机构设置 table (a table whose headers name 单位名称 and 性质 / 规格 / 经费形式). */
function organisationUnits(tables: readonly Table[]): Narrative['organisation']['units'] {
  const units: Narrative['organisation']['units'] = [];
  for (const table of tables) {
    const header = (id: string) => table.columns.find((c) => c.id === id)?.header.join('') ?? '';
    const find = (re: RegExp) => table.columns.find((c) => re.test(c.header.join('')));
    const name = find(NAME);
    const nature = find(NATURE);
    const level = find(LEVEL);
    const funding = find(FUNDING);
    if (!name || (!nature && !level && !funding)) continue;
    if (!/机构|单位/.test(table.title + header(name.id))) continue;
    for (const row of table.rows) {
      const cell = (id: string | undefined) =>
        id === undefined ? null : id === 'label' ? row.label : (row.text?.[id] ?? row.label ?? null);
      const unitName = name.id === 'label' ? row.label : (row.text?.[name.id] ?? row.label);
      if (!unitName || /^(合计|总计)$/.test(unitName)) continue;
      units.push({
        name: unitName,
        nature: cell(nature?.id),
        level: cell(level?.id),
        funding: cell(funding?.id),
        table: table.id,
      });
    }
  }
  return units;
}

/** Counts stated in the 机构设置 / 概况 prose: 行政单位1家, 内设机构32个, 编制20名. */
function organisationCounts(
  units: readonly { unit: NarrativeUnit; section: Section | undefined }[],
): Narrative['organisation']['counts'] {
  const g = loadFactsGrammar();
  const out: Narrative['organisation']['counts'] = [];
  for (const { unit, section } of units) {
    if (!section || section.kind === 'contents') continue;
    if (section.topic !== 'organisation' && section.topic !== 'overview' && section.topic !== 'duties')
      continue;
    const { folded, map } = foldWithMap(unit.text);
    for (const m of folded.matchAll(g.organisationCounts)) {
      const count = {
        label: m.groups!.label!,
        count: Number(m.groups!.n),
        unit: m.groups!.unit!,
      } as Narrative['organisation']['counts'][number];
      const place = placeAt(unit, map[m.index ?? 0] ?? 0);
      if (place) count.place = place;
      out.push(count);
    }
  }
  return out;
}

/** Split a glossary entry into term and definition: "1、一般公共预算拨款：指…", "基本支出：指…". */
export function glossaryEntry(text: string): { term: string; definition: string } | null {
  const read = readMarker(text);
  const t = (read ? read.rest : text).replace(/\*+/g, '').trim();
  const m =
    t.match(/^([^：:。，,]{1,40}?)\s*[：:]\s*(.+)$/s) ??
    t.match(/^([^：:。，,]{1,40}?)\s*[。.，,]\s*((?:是指|指|即|系).+)$/s) ??
    t.match(/^([^：:。，,]{1,30}?)\s*((?:是指|系指).+)$/s);
  if (!m) return null;
  return { term: m[1]!.trim(), definition: m[2]!.trim() };
}

function glossary(sections: readonly Section[]): Narrative['glossary'] {
  const out: Narrative['glossary'] = [];
  for (const section of walk(sections)) {
    if (section.kind === 'contents' || section.topic !== 'glossary') continue;
    const seen = new Set<string>();
    const add = (text: string, place: Section['place']) => {
      const entry = glossaryEntry(text);
      if (!entry || seen.has(entry.term)) return;
      seen.add(entry.term);
      out.push(place ? { ...entry, place } : entry);
    };
    for (const p of section.paragraphs) add(p, section.items?.find((i) => p.endsWith(i.text))?.place);
    for (const child of section.children) add([child.title, ...child.paragraphs].join(''), child.place);
  }
  return out;
}

function otherMatters(sections: readonly Section[]): string[] {
  const out: string[] = [];
  for (const section of walk(sections)) {
    if (section.kind === 'contents' || section.topic !== 'other-matters') continue;
    out.push(...allParagraphs(section));
  }
  return out;
}

function organisationText(sections: readonly Section[]): string[] {
  const out: string[] = [];
  for (const section of walk(sections)) {
    if (section.kind === 'contents' || section.topic !== 'organisation') continue;
    out.push(...allParagraphs(section));
  }
  return out;
}

/** Structured content of the narrative (performance summaries are filled by the caller). */
export function narrativeContent(
  sections: readonly Section[],
  units: readonly { unit: NarrativeUnit; section: Section | undefined }[],
  tables: readonly Table[],
): Omit<Narrative, 'performance'> {
  return {
    duties: duties(sections),
    organisation: {
      units: organisationUnits(tables),
      counts: organisationCounts(units),
      text: organisationText(sections),
    },
    glossary: glossary(sections),
    otherMatters: otherMatters(sections),
  };
}
