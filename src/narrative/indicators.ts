/**
 * Performance targets (绩效目标表): the target of each indicator parsed into operator, value and unit
 * ("≥100天", "≤400 万元", "100%", split 符号 | 值 | 单位 columns); text targets kept as text; malformed
 * numeric targets ("≥≥10", "10%%", "约100") kept as text with an `indicator-unparsed` diagnostic.
 */
import { Decimal } from 'decimal.js';
import { loadDocumentGrammar } from '../grammar/data.js';
import {
  type CellSource,
  type Diagnostic,
  type Indicator,
  type Narrative,
  type Row,
  type Table,
  UNITS,
  type Unit,
} from '../model/schema.js';
import { parseAmount, toYuan } from '../normalize/amount.js';
import { stripEnumeration } from '../normalize/text.js';
import { findUnit, UNIT_FACTORS } from '../normalize/units.js';

/** A parsed target. */
export interface ParsedTarget {
  operator: Indicator['operator'];
  value: string | null;
  unit: string | null;
  text: string | null;
  /** True for a well-formed number (with optional operator and unit) or a plain text target. */
  valid: boolean;
  /** True when the target is text (no number to read). */
  textual: boolean;
}

/** An operator's words, compiled into one pattern anchored where the operator is printed. */
type OperatorPatterns = readonly [RegExp, NonNullable<Indicator['operator']>][];

/** The target vocabulary of the document grammar (`indicatorTargets`), compiled. */
interface TargetWords {
  prefix: OperatorPatterns;
  suffix: OperatorPatterns;
  textual: RegExp;
}

const escapeRegExp = (word: string) => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** One pattern per operator, its words tried in the grammar's order (`^(…)` before, `(…)$` after the value). */
function operatorPatterns(
  words: Partial<Record<NonNullable<Indicator['operator']>, string[]>>,
  at: 'start' | 'end',
): OperatorPatterns {
  return Object.entries(words).flatMap(([op, list]) => {
    if (!list?.length) return [];
    const alternation = list.map(escapeRegExp).join('|');
    const re = new RegExp(at === 'start' ? `^(${alternation})` : `(${alternation})$`, 'u');
    return [[re, op as NonNullable<Indicator['operator']>]];
  });
}

/** The category names of indicators, longest first (经济成本指标 before 成本指标). */
interface LevelWords {
  level1: readonly string[];
  level2: readonly string[];
}

/** What the forms' words of the shipped document grammar compile to (made once, on first use). */
interface FormWords {
  targets: TargetWords;
  levels: LevelWords;
  summary: SummaryKeys;
}

let formWords: FormWords | undefined;

/** The shipped document grammar's form vocabulary (`indicatorTargets`, `indicatorLevels`, `performanceSummary`). */
function shippedFormWords(): FormWords {
  if (formWords) return formWords;
  const grammar = loadDocumentGrammar();
  const { prefix, suffix, textual } = grammar.indicatorTargets;
  const longestFirst = (words: readonly string[]) => [...words].sort((a, b) => b.length - a.length);
  const compile = (patterns: readonly string[]) => patterns.map((p) => new RegExp(p, 'u'));
  const summary = grammar.performanceSummary;
  formWords = {
    targets: {
      prefix: operatorPatterns(prefix, 'start'),
      suffix: operatorPatterns(suffix, 'end'),
      // No word at all: no operator column reads as a text target.
      textual: textual.length ? new RegExp(textual.map(escapeRegExp).join('|'), 'u') : /(?!)/,
    },
    levels: {
      level1: longestFirst(grammar.indicatorLevels.level1),
      level2: longestFirst(grammar.indicatorLevels.level2),
    },
    summary: {
      project: compile(summary.project),
      goal: compile(summary.goal),
      budget: compile(summary.budget),
      budgetTotal: compile(summary.budgetTotal),
      titleSuffix: compile(summary.titleSuffix),
      notProject: compile(summary.notProject),
    },
  };
  return formWords;
}

const NUMBER = /^(\d+(?:,\d{3})*(?:\.\d+)?)/;
/** A unit: short, no digits, no operators, at most one % / ‰. */
const UNIT = /^(?:%|‰|[\u4e00-\u9fa5A-Za-z²³/（）()·]{1,8}|[\u4e00-\u9fa5A-Za-z/（）()]{1,6}%?)$/;

function normalize(text: string): string {
  return text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/％/g, '%')
    .replace(/＞/g, '>')
    .replace(/＜/g, '<')
    .replace(/＝/g, '=')
    .replace(/\s+/g, '')
    .trim();
}

/** Parse one indicator target as printed. */
export function parseIndicatorTarget(printed: string | null | undefined): ParsedTarget {
  const text = printed?.trim() ? printed.trim() : null;
  if (text === null)
    return { operator: null, value: null, unit: null, text: null, valid: false, textual: true };
  const words = shippedFormWords().targets;
  let t = normalize(text);
  let operator: Indicator['operator'] = null;
  for (const [re, op] of words.prefix) {
    const m = t.match(re);
    if (m) {
      operator = op;
      t = t.slice(m[0].length);
      break;
    }
  }
  const fail = (): ParsedTarget => {
    const numeric = /\d/.test(text) || /[≥≤><=＞＜＝]/.test(text);
    return { operator: null, value: null, unit: null, text, valid: !numeric, textual: true };
  };
  // An approximate value (约100) is not a target one can check.
  if (operator === '≈') return fail();
  for (const [re, op] of words.suffix) {
    const m = t.match(re);
    if (m && operator === null) {
      operator = op;
      t = t.slice(0, t.length - m[0].length);
    }
  }
  const n = t.match(NUMBER);
  if (!n) return fail();
  const unit = t.slice(n[0].length);
  if (unit && !UNIT.test(unit)) return fail();
  const value = new Decimal(n[1]!.replace(/,/g, '')).toFixed();
  return { operator, value, unit: unit || null, text, valid: true, textual: false };
}

/** A row's target as printed, and the unit its own column prints (read as the unit whatever its wording). */
interface RowTarget {
  printed: string | null;
  textual: boolean;
  /** The unit column's text when it was added to `printed`: the rest is parsed without it. */
  unit?: string;
}

/**
 * The target text of a row: the `target` column, or the split 符号 | 值 | 单位 columns (the value printed under
 * 指标值/值 or under a plain 指标值 between 指标性质 and 计量单位); an operator or unit the value prints itself is
 * not added again.
 */
function rowTarget(text: Record<string, string | null>): RowTarget {
  if (text.target !== undefined && text.operator === undefined && text.target_unit === undefined)
    return { printed: text.target, textual: false };
  const op = text.operator?.trim() ?? '';
  const value = (text.target_value ?? text.target)?.trim() ?? '';
  const unit = text.target_unit?.trim() ?? '';
  if (shippedFormWords().targets.textual.test(op)) {
    // 文字描述: the text target is printed in the value or unit column.
    const printed = [value, unit].filter(Boolean).join('') || null;
    return { printed, textual: true };
  }
  // A value without a digit (优, 达标) is a text target, whatever operator or unit stands beside it.
  if (value && !/\d/.test(value)) return { printed: value, textual: true };
  const opPart = op && !parseIndicatorTarget(value).operator ? op : '';
  const unitPart = unit && !normalize(value).endsWith(normalize(unit)) ? unit : '';
  const printed = `${opPart}${value}${unitPart}`.trim();
  if (!printed) return { printed: text.target ?? null, textual: false };
  return unitPart && value ? { printed, textual: false, unit: unitPart } : { printed, textual: false };
}

/** Parse a row's target; a unit printed in its own column is taken as it is (元/人*月, 个（台、套、件、辆）). */
function parseRowTarget(target: RowTarget): ParsedTarget {
  const { printed, unit } = target;
  if (printed !== null && unit !== undefined) {
    const parsed = parseIndicatorTarget(printed.slice(0, printed.length - unit.length));
    if (parsed.valid && !parsed.textual && parsed.unit === null) return { ...parsed, unit, text: printed };
  }
  return parseIndicatorTarget(printed);
}

/**
 * A row's indicator levels; a name printed with both category names in front of it where the form has no
 * column for them (产出指标数量指标办件量) gives them as level1 and level2.
 */
function indicatorLevels(text: Record<string, string | null>): {
  level1: string | null;
  level2: string | null;
  level3: string | null;
} {
  const printed = {
    level1: text.level1 ?? null,
    level2: text.level2 ?? null,
    level3: text.level3?.trim() || null,
  };
  const name = printed.level3;
  if (text.level1?.trim() || text.level2?.trim() || !name) return printed;
  const words = shippedFormWords().levels;
  const first = words.level1.find((word) => name.startsWith(word));
  const rest = first ? name.slice(first.length) : '';
  const second = words.level2.find((word) => rest.startsWith(word));
  const own = second ? rest.slice(second.length).trim() : '';
  return first && second && own ? { level1: first, level2: second, level3: own } : printed;
}

/** A column id's twin: the same header over a further grid column (level3_2 beside level3). */
const TWIN = /^(.+)_(\d+)$/;

/**
 * A row's texts where an empty column takes the text of its twin (a header cell spanning two grid columns
 * gives level3 and level3_2; the row prints its text under either).
 */
function withTwins(text: Record<string, string | null>): Record<string, string | null> {
  let out = text;
  for (const [id, value] of Object.entries(text)) {
    const base = TWIN.exec(id)?.[1];
    if (!base || !value?.trim() || !(base in text) || text[base]?.trim()) continue;
    if (out === text) out = { ...text };
    if (!out[base]?.trim()) out[base] = value;
  }
  return out;
}

/**
 * Parse the target of every row of the performance-targets tables: sets `row.indicator` and returns an
 * `indicator-unparsed` diagnostic (info) for each numeric-looking target that could not be read.
 */
export function annotateIndicators(tables: readonly Table[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const table of tables) {
    if (table.kind !== 'performance-targets') continue;
    table.rows.forEach((row, index) => {
      const text = withTwins(row.text ?? {});
      const { level1, level2, level3 } = indicatorLevels(text);
      const target = rowTarget(text);
      const { printed, textual } = target;
      if (!level3 && !printed) return;
      const parsed = textual
        ? ({
            operator: null,
            value: null,
            unit: null,
            text: printed,
            valid: printed !== null,
            textual: true,
          } as const)
        : parseRowTarget(target);
      row.indicator = {
        level1,
        level2,
        level3,
        operator: parsed.operator,
        value: parsed.value,
        unit: parsed.unit,
        text: parsed.text,
        valid: parsed.valid,
      };
      if (!parsed.valid && printed) {
        const cell = row.cells.target ?? row.cells.target_value ?? row.cells.operator;
        const diagnostic: Diagnostic = {
          ruleId: 'indicator-unparsed',
          severity: 'info',
          source: 'budget-ingest',
          message: `「${table.title}」指标「${level3 ?? ''}」的指标值“${printed}”无法解析为数值目标，按文字保留。`,
          table: table.id,
          row: index,
          column: row.cells.target ? 'target' : 'target_value',
          actual: printed,
        };
        if (cell?.place) diagnostic.place = cell.place;
        diagnostics.push(diagnostic);
      }
    });
  }
  return diagnostics;
}

/** The performance-summary keys of the document grammar (`performanceSummary`), compiled. */
interface SummaryKeys {
  project: RegExp[];
  goal: RegExp[];
  budget: RegExp[];
  budgetTotal: RegExp[];
  /** What a form's title ends with after its project's name (…项目支出绩效目标表). */
  titleSuffix: RegExp[];
  /** Words of a title that names no project (部门整体, 绩效指标). */
  notProject: RegExp[];
}

/** A key as the patterns read it: no spaces, no trailing colon, no note in brackets at its end (（万元）). */
function keyText(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/[（(][^（()）]*[）)]$/, '')
    .replace(/[:：]$/, '');
}

const matches = (patterns: readonly RegExp[], text: string) => {
  const key = keyText(text);
  return patterns.some((p) => p.test(key));
};

/** A printed amount in 元, with where it came from; null when it reads as no number or its unit is unknown. */
function budgetOf(
  printed: string,
  unit: Unit | null,
  at: Omit<NonNullable<PerformanceSummary['budgetSource']>, 'printed' | 'unit'>,
): Pick<PerformanceSummary, 'budgetYuan' | 'budgetSource'> | null {
  const cell = parseAmount(printed);
  if (cell.kind !== 'number' || unit === null) return null;
  return { budgetYuan: toYuan(cell.value, UNIT_FACTORS[unit]), budgetSource: { printed, unit, ...at } };
}

type PerformanceSummary = Narrative['performance'][number];

/** An amount and the money unit printed after it (the units of the model, longest first: 万元 before 元). */
const AMOUNT_WITH_UNIT = new RegExp(
  `(\\d+(?:,\\d{3})*(?:\\.\\d+)?)(${[...UNITS].sort((a, b) => b.length - a.length).join('|')})?`,
);

/** The distinct printed texts of a row, left to right (a merged cell counted once), with their cells. */
function rowTexts(row: Row): { text: string; column: string; cell: CellSource }[] {
  const out: { text: string; column: string; cell: CellSource }[] = [];
  const cells = Object.entries(row.cells).sort(([, a], [, b]) => a.gridColumn - b.gridColumn);
  for (const [column, cell] of cells) {
    const text = cell.printed.trim();
    if (text && out.at(-1)?.text !== text) out.push({ text, column, cell });
  }
  return out;
}

/**
 * Project, budget and goal printed in a form's own rows above its indicators (项目名称 | …, 专项资金情况（万元） |
 * 资金总额 | 25.89, 年度目标 | …): the first of each, a goal key alone on its row taking the next row's text.
 */
function fromFormRows(table: Table, keys: SummaryKeys): Partial<PerformanceSummary> {
  const found: Partial<PerformanceSummary> = {};
  let goalNext = false;
  for (const [index, row] of table.rows.entries()) {
    if (row.indicator) break;
    const texts = rowTexts(row);
    const first = texts[0]?.text;
    if (!first) continue;
    if (goalNext) {
      goalNext = false;
      if (texts.length === 1 && !isKey(first, keys)) found.goal ??= first;
    }
    const second = texts[1]?.text;
    if (matches(keys.project, first) && second && !isKey(second, keys)) found.project ??= second;
    if (matches(keys.goal, first)) {
      if (second && !isKey(second, keys)) found.goal ??= second;
      else if (!second) goalNext = true;
    }
    if (found.budgetYuan === undefined) {
      const at = texts.findIndex((t) => matches(keys.budgetTotal, t.text));
      const amount =
        at < 0 ? undefined : texts.slice(at + 1).find((t) => parseAmount(t.text).kind === 'number');
      if (amount) {
        const unit =
          texts
            .slice(0, at + 1)
            .map((t) => findUnit(t.text))
            .find(Boolean) ?? table.unit;
        const place = amount.cell.place;
        const budget = budgetOf(amount.text, unit, {
          row: index,
          column: amount.column,
          ...(place ? { place } : {}),
        });
        if (budget) Object.assign(found, budget);
      }
    }
  }
  return found;
}

/** True when a text is one of the summary keys (the key cleaned once). */
function isKey(text: string, keys: SummaryKeys): boolean {
  const key = keyText(text);
  return [keys.project, keys.goal, keys.budgetTotal, keys.budget].some((patterns) =>
    patterns.some((p) => p.test(key)),
  );
}

/** Row keys of totals: never a project. */
const TOTAL_KEYS = new Set(['grand_total', 'current_year_total', 'subtotal']);

/**
 * One summary per project of a table that lists several (项目名称 | 项目总额 | … | 绩效目标, the project's cells
 * repeated on each of its indicator rows; 项目 | 预算数（单位：万元） | 绩效目标): the project column (one the keys
 * name, else the label), the first amount under a budget-total column, the first text under a goal column. A
 * project is listed when it prints a goal or an indicator (not a total, nor a unit's subtotal line) and, under a
 * budget column, an amount (not the wrapped end of the name above); the same name printed with another amount is
 * another project. Undefined when the table has no such columns.
 */
function perProject(table: Table, keys: SummaryKeys): PerformanceSummary[] | undefined {
  const named = (patterns: RegExp[]) =>
    table.columns.find((c) => c.header.length > 0 && matches(patterns, c.header.at(-1)!));
  const budgetColumn = named(keys.budgetTotal);
  const goalColumn = named(keys.goal);
  // The row's label is its first label column's text (单位名称 before 项目名称: the project is the second).
  const labelColumn = table.columns.find((c) => c.role === 'label');
  const projectColumn = named(keys.project) ?? labelColumn;
  if ((!budgetColumn && !goalColumn) || !projectColumn) return undefined;
  const unit = (budgetColumn && findUnit(budgetColumn.header.join(''))) ?? table.unit;
  type Entry = PerformanceSummary & { listed: boolean; priced: boolean };
  const out: Entry[] = [];
  let current: Entry | undefined;
  for (const [index, row] of table.rows.entries()) {
    const project = (
      projectColumn === labelColumn
        ? row.label
        : (row.text?.[projectColumn.id] ?? row.cells[projectColumn.id]?.printed)
    )?.trim();
    if (!project || (row.key && TOTAL_KEYS.has(row.key))) continue;
    // The same name with another amount is another project (one per unit of a combined table).
    const printed = budgetColumn ? row.cells[budgetColumn.id]?.printed.trim() : undefined;
    const other = printed && current?.budgetSource && current.budgetSource.printed !== printed;
    if (current?.project !== project || other) {
      current = {
        table: table.id,
        project,
        budgetYuan: null,
        goal: null,
        listed: false,
        priced: !budgetColumn,
      };
      out.push(current);
    }
    if (row.indicator) current.listed = true;
    if (budgetColumn && current.budgetYuan === null) {
      const cell = row.cells[budgetColumn.id];
      if (cell && parseAmount(cell.printed).kind === 'number') current.priced = true;
      const place = cell?.place;
      const budget =
        cell &&
        budgetOf(cell.printed.trim(), unit, {
          row: index,
          column: budgetColumn.id,
          ...(place ? { place } : {}),
        });
      if (budget) Object.assign(current, budget);
    }
    if (goalColumn && current.goal === null) {
      const goal = row.cells[goalColumn.id]?.printed.trim();
      if (goal) {
        current.goal = goal;
        current.listed = true;
      }
    }
  }
  const listed = out
    .filter((entry) => entry.listed && entry.priced)
    .map(({ listed: _, priced: __, ...summary }) => summary);
  return listed.length ? listed : undefined;
}

/**
 * Project name, budget (元, with the cell it was read from) and overall goal of each performance-targets table:
 * from its meta lines, else from the form's own rows above its indicators, else (project) from its title; a
 * table listing several projects gives one summary per project.
 */
export function performanceSummaries(tables: readonly Table[]): Narrative['performance'] {
  const keys = shippedFormWords().summary;
  const out: Narrative['performance'] = [];
  for (const table of tables) {
    if (table.kind !== 'performance-targets') continue;
    const projects = perProject(table, keys);
    if (projects) {
      out.push(...projects);
      continue;
    }
    const entries = Object.entries(table.meta);
    const rows = fromFormRows(table, keys);
    const goal = entries.find(([k]) => matches(keys.goal, k))?.[1] || rows.goal || null;
    let project = entries.find(([k]) => matches(keys.project, k))?.[1] || rows.project || null;
    if (!project) {
      // Only a title ending as a project's form does (…项目绩效目标表) names the project.
      const title = stripEnumeration(table.title);
      const suffix = keys.titleSuffix.find((p) => p.test(title));
      const fromTitle = suffix ? title.replace(suffix, '').trim() : '';
      project = fromTitle && !keys.notProject.some((p) => p.test(fromTitle)) ? fromTitle : null;
    }
    const summary: PerformanceSummary = { table: table.id, project, budgetYuan: null, goal };
    const budget = entries.find(([k]) => keys.budget.some((p) => p.test(k)));
    const m = budget && normalize(budget[1]).match(AMOUNT_WITH_UNIT);
    const unit = budget && m ? ((m[2] as Unit | undefined) ?? findUnit(budget[0]) ?? table.unit) : null;
    const fromMeta = m && unit ? budgetOf(m[1]!, unit, {}) : null;
    const chosen = fromMeta ?? (rows.budgetYuan ? rows : null);
    if (chosen) {
      summary.budgetYuan = chosen.budgetYuan ?? null;
      if (chosen.budgetSource) summary.budgetSource = chosen.budgetSource;
    }
    out.push(summary);
  }
  return out;
}
