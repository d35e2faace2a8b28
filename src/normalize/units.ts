/**
 * Money units: 元 / 千元 / 万元 / 亿元 declarations and their factors.
 */
import type { Unit } from '../model/schema.js';

/** Yuan per unit, as decimal strings. */
export const UNIT_FACTORS: Readonly<Record<Unit, string>> = {
  元: '1',
  千元: '1000',
  万元: '10000',
  亿元: '100000000',
};

const DECLARATION = /(?:金额)?单位[:：\s]*[（(]?\s*(亿元|万元|千元|元)/;
const BRACKETED = /[（(]\s*(?:金额)?(?:单位[:：]?)?\s*(亿元|万元|千元|元)\s*[）)]/;

/** A unit stated in a sentence of a note (本表金额单位为万元, 单位均为元). */
const STATED = /单位(?:为|是|均为|均是)?[:：]?[（(]?(亿元|万元|千元|元)/;

/** The unit a note states (注：本表金额单位为万元 / 单位：元), or null. */
export function findStatedUnit(note: string): Unit | null {
  const compact = note.replace(/\s+/g, '');
  const stated = STATED.exec(compact);
  return stated ? (stated[1] as Unit) : findUnit(compact);
}

/** Find a unit declaration (金额单位：万元, 单位：元, （万元）) in a line of text. */
export function findUnit(text: string): Unit | null {
  const compact = text.replace(/\s+/g, '');
  const match = DECLARATION.exec(compact) ?? BRACKETED.exec(compact);
  return match ? (match[1] as Unit) : null;
}
