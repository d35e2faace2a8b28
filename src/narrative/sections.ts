/**
 * The section tree of the narrative (情况说明), built from headings and Chinese enumerations whether the input
 * marks them as headings or not: 第一部分 / 一、 / （一） / 1、 1. / (1) / ①. The nesting follows the order in
 * which enumeration styles appear (the first style seen is the outermost), a style seen again closes the deeper
 * ones, and a list restarting at 1 under an item of the same style nests below it. The table of contents
 * (目录) is kept as one section of kind `contents`.
 */
import type { LayoutBlock } from '../ast/layout.js';
import type { Section, SectionItem, SectionMarker, SectionTopic } from '../model/schema.js';
import { type NarrativeUnit, narrativeUnits, placeAt } from './blocks.js';
import { compactTitle, endsSentence, readMarker } from './text.js';

/** Document-level titles: parts of the disclosure rather than sections of the narrative. */
const DOC_TITLE =
  /(情况说明|公开表|预算表|决算表|报表|部门预算|部门决算|信息公开|预算公开|决算公开|公开目录|单位预算|单位决算)$|^附件\s*\d*[：:]?/;
const CONTENTS = /^目\s*录$|目录$/;
const CAPTION = /^(图|表)\s*\d+\s*[：:、]/;

const TOPICS: readonly [SectionTopic, RegExp][] = [
  ['contents' as SectionTopic, /^$/],
  ['glossary', /名词解释|名称解释|术语解释/],
  ['other-matters', /其他(需要|需|有关|相关)?(说明|情况)|其他重要事项/],
  ['duties', /职责|职能|主要任务/],
  ['organisation', /机构设置|机构情况|单位构成|所属单位|人员构成|编制/],
  ['three-public', /三公/],
  ['operating-costs', /机关运行经费|运行经费/],
  ['procurement', /政府采购/],
  ['assets', /国有资产|资产占用|固定资产/],
  ['performance', /绩效/],
  ['change', /增减|比上年|较上年|变化/],
  ['revenue', /收入/],
  ['expenditure', /支出/],
  ['budget-summary', /总体情况|收支|预算安排|预算情况/],
  ['overview', /概况|基本情况|部门情况/],
  ['tables', /公开表|报表/],
].filter(([topic]) => (topic as string) !== 'contents') as [SectionTopic, RegExp][];

/** The topic of a section title. */
export function sectionTopic(title: string): SectionTopic | undefined {
  const t = compactTitle(title);
  return TOPICS.find(([, re]) => re.test(t))?.[0];
}

type Role =
  | { role: 'contents' }
  | { role: 'part' }
  | { role: 'label' }
  | { role: 'enumerated'; marker: SectionMarker; title: string; body?: string }
  | { role: 'item'; marker: SectionMarker; rest: string }
  | { role: 'paragraph' };

function isTitleText(text: string, heading: boolean): boolean {
  const t = text.replace(/\s+/g, '');
  if (!t) return false;
  if (endsSentence(t) && !/[：:]$/.test(t)) return false;
  if (heading) return t.length <= 50 && !/。./.test(t);
  return t.length <= 30 && !/[，,；;。]/.test(t.replace(/[：:]$/, ''));
}

function classify(u: NarrativeUnit): Role {
  const text = u.text;
  if (CAPTION.test(text)) return { role: 'paragraph' };
  const heading = u.type === 'heading';
  const read = readMarker(text);
  if (read && read.marker.style !== 'cn-ordinal') {
    if (isTitleText(read.rest, heading)) return { role: 'enumerated', marker: read.marker, title: text };
    // （一）基本支出。基本支出预算 28016.26 万元… : a run-in title.
    const runIn = read.rest.match(/^([^，,；;。：:]{1,14})[。：:]\s*(.{4,})$/s);
    if (runIn && !/\d/.test(runIn[1]!) && !/^(是指|指|即|系)/.test(runIn[2]!)) {
      const title = text.slice(0, text.length - read.rest.length) + runIn[1]!;
      return { role: 'enumerated', marker: read.marker, title, body: runIn[2]! };
    }
    return { role: 'item', marker: read.marker, rest: read.rest };
  }
  if (read) return { role: 'item', marker: read.marker, rest: read.rest };
  const t = compactTitle(text);
  if (CONTENTS.test(t) && t.length <= 24) return { role: 'contents' };
  if (heading && isTitleText(text, true)) {
    if (DOC_TITLE.test(t) || u.depth === 1) return { role: 'part' };
    return { role: 'label' };
  }
  return { role: 'paragraph' };
}

interface Frame {
  style: string;
  section: Section;
  last: number;
  depth?: number;
}

function newSection(title: string, kind: NonNullable<Section['kind']>, u: NarrativeUnit): Section {
  const section: Section = { title, depth: 1, paragraphs: [], children: [], kind };
  const place = placeAt(u, 0);
  if (place) section.place = place;
  const topic = sectionTopic(title.replace(/^\S*?[、．.）)]/, ''));
  if (topic && kind !== 'contents') section.topic = topic;
  return section;
}

/** Build the section tree from narrative units. */
export function sectionTree(
  units: readonly NarrativeUnit[],
  owners?: Map<NarrativeUnit, Section>,
): Section[] {
  const roots: Section[] = [];
  const stack: Frame[] = [];
  let preamble: Section | undefined;
  let contents: { section: Section; depth: number; first?: string } | undefined;

  const attach = (section: Section, under: number) => {
    const parent = under >= 0 ? stack[under]?.section : undefined;
    if (parent) parent.children.push(section);
    else roots.push(section);
  };
  const current = (u: NarrativeUnit): Section => {
    const top = stack.at(-1)?.section;
    if (top) return top;
    preamble ??= newSection('', 'preamble', u);
    if (!roots.includes(preamble)) roots.push(preamble);
    return preamble;
  };
  const addText = (u: NarrativeUnit, text: string, item?: SectionItem) => {
    const target = current(u);
    target.paragraphs.push(text);
    if (item) {
      target.items ??= [];
      target.items.push(item);
    }
  };

  for (const u of units) {
    if (contents) {
      const t = compactTitle(u.text);
      const ends =
        (contents.first !== undefined && t === contents.first) ||
        (u.type === 'heading' && (u.depth ?? 0) > 0 && (u.depth ?? 0) <= contents.depth) ||
        (u.type === 'paragraph' && !u.listItem && u.text.replace(/\s+/g, '').length > 40);
      if (!ends) {
        contents.first ??= t;
        contents.section.paragraphs.push(u.text);
        owners?.set(u, contents.section);
        continue;
      }
      contents = undefined;
    }
    const role = classify(u);
    const before = stack.at(-1)?.section;
    switch (role.role) {
      case 'contents': {
        const section = newSection(u.text, 'contents', u);
        stack.length = 0;
        roots.push(section);
        contents = { section, depth: u.depth || 0 };
        if (!contents.depth) contents.depth = 0;
        break;
      }
      case 'part': {
        const section = newSection(u.text, 'part', u);
        stack.length = 0;
        roots.push(section);
        stack.push({ style: 'title', section, last: 0 });
        break;
      }
      case 'label': {
        const section = newSection(u.text, 'heading', u);
        const depth = u.depth ?? 0;
        let at = stack.length;
        for (let i = stack.length - 1; i >= 0; i--) {
          const f = stack[i]!;
          if (f.style !== 'label') break;
          if ((f.depth ?? 0) >= depth) at = i;
        }
        stack.length = at;
        attach(section, at - 1);
        stack.push({ style: 'label', section, last: 0, depth });
        break;
      }
      case 'enumerated': {
        const { marker } = role;
        // In a glossary, "8、“三公”经费：纳入…" is an entry, not a heading with a run-in title.
        if (role.body && stack.at(-1)?.section.topic === 'glossary') {
          const item: SectionItem = { marker, text: readMarker(u.text)?.rest ?? u.text };
          const place = placeAt(u, 0);
          if (place) item.place = place;
          addText(u, u.text, item);
          break;
        }
        const section = newSection(role.title, 'enumerated', u);
        section.marker = marker;
        const same = stack.map((f, i) => (f.style === marker.style ? i : -1)).filter((i) => i >= 0);
        // A style already open continues there (the outermost one whose last ordinal precedes this one);
        // a list restarting at 1 under an item of the same style nests below it.
        let at = stack.length;
        if (same.length > 0 && marker.ordinal !== 1) {
          const exact = same.find((i) => stack[i]!.last === marker.ordinal - 1);
          at = exact ?? same.at(-1)!;
        }
        stack.length = at;
        attach(section, at - 1);
        stack.push({ style: marker.style, section, last: marker.ordinal });
        if (role.body) {
          const offset = u.text.length - role.body.length;
          section.paragraphs.push(role.body);
          if (offset > 0) {
            // keep the body's place (it may start on the next line)
            const place = placeAt(u, offset);
            if (place && !section.place) section.place = place;
          }
        }
        break;
      }
      case 'item': {
        const item: SectionItem = { marker: role.marker, text: role.rest };
        const place = placeAt(u, 0);
        if (place) item.place = place;
        addText(u, u.text, item);
        break;
      }
      default:
        addText(u, u.text);
    }
    const after = stack.at(-1)?.section;
    owners?.set(u, after !== before && after ? after : (before ?? after ?? preamble ?? roots[0]!));
  }
  const renumber = (sections: Section[], depth: number) => {
    for (const section of sections) {
      section.depth = depth;
      if (section.items?.length === 0) delete section.items;
      renumber(section.children, depth + 1);
    }
  };
  renumber(roots, 1);
  return roots;
}

/** Build the section tree from narrative blocks; enumerated paragraphs are also listed as `items`. */
export function buildSections(narrative: readonly LayoutBlock[]): Section[] {
  return sectionTree(narrativeUnits(narrative));
}
