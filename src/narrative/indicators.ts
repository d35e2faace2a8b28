/**
 * Performance targets (绩效目标表): the target of each indicator parsed into operator, value and unit
 * ("≥100天", "≤400 万元", "100%", split 符号 | 值 | 单位 columns); text targets kept as text; malformed
 * numeric targets ("≥≥10", "10%%", "约100") kept as text with an `indicator-unparsed` diagnostic.
 */
import { Decimal } from 'decimal.js';
import type { Diagnostic, Indicator, Narrative, Table } from '../model/schema.js';

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

const OPERATORS: readonly [RegExp, NonNullable<Indicator['operator']>][] = [
  [/^(≥|>=|＞=|≧|大于等于|大于或等于|不低于|不少于|不小于|至少|达到|高于等于)/, '≥'],
  [/^(≤|<=|＜=|≦|小于等于|小于或等于|不高于|不超过|不多于|不大于|控制在|低于等于|最多)/, '≤'],
  [/^(>|＞|大于|高于|超过|多于)/, '>'],
  [/^(<|＜|小于|低于|少于)/, '<'],
  [/^(=|＝|等于)/, '='],
  [/^(≈|约为|约|大约|左右)/, '≈'],
];

const SUFFIX_OPERATORS: readonly [RegExp, NonNullable<Indicator['operator']>][] = [
  [/(及以上|以上)$/, '≥'],
  [/(及以下|以下|以内|之内)$/, '≤'],
];

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
  let t = normalize(text);
  let operator: Indicator['operator'] = null;
  for (const [re, op] of OPERATORS) {
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
  for (const [re, op] of SUFFIX_OPERATORS) {
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
  if (/文字|定性/.test(op)) {
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
 * Parse the target of every row of the performance-targets tables: sets `row.indicator` and returns an
 * `indicator-unparsed` diagnostic (info) for each numeric-looking target that could not be read.
 */
export function annotateIndicators(tables: readonly Table[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const table of tables) {
    if (table.kind !== 'performance-targets') continue;
    table.rows.forEach((row, index) => {
      const text = row.text ?? {};
      const level3 = text.level3 ?? null;
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
        level1: text.level1 ?? null,
        level2: text.level2 ?? null,
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

const GOAL_KEYS = /^(绩效目标|总体目标|年度绩效目标|年度总体目标|整体绩效目标|项目绩效目标|年度目标)$/;
const PROJECT_KEYS = /^(项目名称|项目)$/;
const BUDGET_KEYS = /(项目资金|资金总额|预算金额|年度资金|预算资金|项目预算|资金总额|年度预算|金额)/;

/** Project name, budget (元) and overall goal of each performance-targets table, from its meta and title. */
export function performanceSummaries(tables: readonly Table[]): Narrative['performance'] {
  const out: Narrative['performance'] = [];
  for (const table of tables) {
    if (table.kind !== 'performance-targets') continue;
    const entries = Object.entries(table.meta);
    const goal = entries.find(([k]) => GOAL_KEYS.test(k.replace(/\s+/g, '')))?.[1] ?? null;
    let project = entries.find(([k]) => PROJECT_KEYS.test(k.replace(/\s+/g, '')))?.[1] ?? null;
    if (!project) {
      const fromTitle = table.title
        .replace(/^[\s\d.．、（）()一二三四五六七八九十]+/, '')
        .replace(/(项目)?(支出)?绩效目标(申报)?表$/, '')
        .trim();
      project = fromTitle && !/部门整体|整体支出|绩效指标/.test(fromTitle) ? fromTitle : null;
    }
    let budgetYuan: string | null = null;
    const budget = entries.find(([k]) => BUDGET_KEYS.test(k));
    if (budget) {
      const m = normalize(budget[1]).match(/(\d+(?:,\d{3})*(?:\.\d+)?)(亿元|万元|千元|元)?/);
      const unit = m?.[2] ?? (/(万元)/.test(budget[0]) ? '万元' : (table.unit ?? null));
      const factor =
        unit === '亿元' ? 1e8 : unit === '万元' ? 1e4 : unit === '千元' ? 1e3 : unit === '元' ? 1 : null;
      if (m && factor !== null) budgetYuan = new Decimal(m[1]!.replace(/,/g, '')).times(factor).toFixed();
    }
    out.push({ table: table.id, project, budgetYuan, goal });
  }
  return out;
}
