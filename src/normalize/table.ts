/**
 * Building model tables: data lines → rows with serials, joined codes, cleaned labels, decimal values and the
 * printed cell behind each value.
 */
import type { CompactRows, GridCell, Provenance } from '../ast/layout.js';
import type { CellSource, Column, Diagnostic, Place, Row, RowFlag } from '../model/schema.js';
import type { AnalyzedColumn, DataLine } from '../recognize/header.js';
import { parseAmount, plainAmountValue } from './amount.js';
import { codeLevel, parentCode } from './code-dictionary.js';
import { cleanText, stripEnumeration } from './text.js';

/** A data line together with the page its fragment sits on. */
export interface PlacedLine extends DataLine {
  /** Page of the fragment, where known. */
  page: number | undefined;
  /** Grid columns whose cell is a merged cell of the page before, going on over the page break. */
  carried?: readonly number[];
}

/** Convert a layout provenance into a model place. */
export function toPlace(prov: Provenance | undefined, page?: number): Place | undefined {
  const p = prov?.page ?? page;
  const position = prov?.position;
  if (p === undefined && !prov?.bbox) {
    // Text inputs: a line and column (one literal: this runs for every cell of every row).
    if (!position) return undefined;
    const start = position.start;
    const place: Place = { line: start.line, column: start.column };
    if (position.end.line !== start.line) place.endLine = position.end.line;
    return place;
  }
  const place: Place = {};
  if (p !== undefined) place.page = p;
  if (prov?.bbox) place.bbox = prov.bbox;
  if (position) {
    place.line = position.start.line;
    place.column = position.start.column;
    if (position.end.line !== position.start.line) place.endLine = position.end.line;
  }
  return place;
}

function cellSource(
  cell: GridCell | undefined,
  text: string,
  gridColumn: number,
  page: number | undefined,
  gridRow: number,
  carried: boolean,
): CellSource {
  const place = toPlace(cell?.prov, page);
  if (cell && (cell.row < gridRow || carried)) {
    const spanned: CellSource = { printed: text, gridColumn, spanned: true };
    if (place) spanned.place = place;
    return spanned;
  }
  return place ? { printed: text, gridColumn, place } : { printed: text, gridColumn };
}

/** The printed cell of a line in a column (made only where a row keeps it: not for blank labels and codes). */
function sourceAt(line: PlacedLine, column: AnalyzedColumn, printed: string): CellSource {
  return line.rows
    ? compactSource(line.rows, line, column.index, printed)
    : cellSource(
        line.cells[column.index],
        printed,
        column.index,
        line.page,
        line.gridRow,
        line.carried?.includes(column.index) ?? false,
      );
}

/** cellSource of a cell of compact rows (one line, never spanned), without making the cell. */
function compactSource(rows: CompactRows, line: PlacedLine, gridColumn: number, printed: string): CellSource {
  if (gridColumn >= (rows.texts[line.gridRow]?.length ?? 0)) {
    const place = toPlace(undefined, line.page);
    return place ? { printed, gridColumn, place } : { printed, gridColumn };
  }
  const at = rows.start(line.gridRow, gridColumn);
  const place: Place = line.page === undefined ? at : { page: line.page, line: at.line, column: at.column };
  return { printed, gridColumn, place };
}

/** Model columns from analyzed columns. */
export function toModelColumns(columns: readonly AnalyzedColumn[]): Column[] {
  return columns.map((column) => {
    const out: Column = { id: column.id, header: column.header, role: column.role };
    if (column.side) out.side = column.side;
    if (column.number) out.number = column.number;
    return out;
  });
}

const EMBEDDED_CODE = /^\[?(\d{3}(?:\d{2}){0,2})\]?\s*(?=[\u4e00-\u9fff])(.+)$/;

/** Context for building rows: where diagnostics go and which table they concern. */
export interface RowBuildContext {
  /** Table id for diagnostics. */
  tableId: string;
  /** Table title for messages. */
  title: string;
  /** Collected diagnostics. */
  diagnostics: Diagnostic[];
  /**
   * The table is a form (绩效目标表) that prints words anywhere: words under an amount column are kept in
   * `text` instead of being reported as unreadable amounts.
   */
  form?: boolean;
}

/** Build model rows from placed data lines. Two-sided grids give up to two rows per line. */
export function buildRows(
  columns: readonly AnalyzedColumn[],
  lines: readonly PlacedLine[],
  ctx: RowBuildContext,
): Row[] {
  const layouts = new Map<readonly AnalyzedColumn[], ReturnType<typeof lineLayout>>();
  const rows: Row[] = [];
  const lastCodes = { class: '', kuan: '' };
  let gridLine = 0;
  for (const line of lines) {
    // A form continued over pages may name its columns differently on each page.
    const own = line.columns ?? columns;
    let layout = layouts.get(own);
    if (!layout) {
      layout = lineLayout(own);
      layouts.set(own, layout);
    }
    const { serialColumn, groups, ids: groupIds } = layout;
    const serialText = serialColumn ? (line.texts[serialColumn.index] ?? '').trim() : '';
    for (const [blockIndex, group] of groups.entries()) {
      const row = buildRow(
        group.columns,
        groupIds[blockIndex]!,
        line,
        serialText,
        serialColumn,
        lastCodes,
        ctx,
        rows.length,
      );
      if (!row) continue;
      if (group.side) row.side = group.side;
      row.gridLine = gridLine;
      const previous = rows.at(-1);
      if (previous && continuesLabel(previous, row)) {
        // A label merged across blocks (当年支出小计 over 功能分类 and 支出用途): one row, the values of both.
        Object.assign(previous.values, row.values);
        Object.assign(previous.cells, row.cells);
        continue;
      }
      rows.push(row);
    }
    gridLine++;
  }
  return rows;
}

/**
 * Column blocks of a grid printed as several tables side by side (收入 | 支出 | 支出用途, or 工资福利 | 商品和
 * 服务 in a 基本支出表): a new block starts wherever a label column appears again. Each block gives its own rows.
 */
function labelBlocks(
  columns: readonly AnalyzedColumn[],
): { side: 'income' | 'expenditure' | undefined; columns: AnalyzedColumn[] }[] {
  const blocks: { side: 'income' | 'expenditure' | undefined; columns: AnalyzedColumn[] }[] = [];
  for (const column of columns) {
    if (column.role === 'serial') continue;
    const current = blocks.at(-1);
    const startsBlock =
      !current ||
      (column.side !== undefined && current.side !== undefined && current.side !== column.side) ||
      (column.role === 'label' &&
        current.columns.some((c) => c.role === 'label') &&
        current.columns.some((c) => c.role === 'amount'));
    if (startsBlock) {
      // The code columns printed right before the label open its block (科目编码 | 科目名称 | 决算数 twice).
      const codes: AnalyzedColumn[] = [];
      while (current && current.columns.length > 1 && current.columns.at(-1)!.role.startsWith('code'))
        codes.unshift(current.columns.pop()!);
      blocks.push({ side: column.side, columns: [...codes, column] });
    } else current.columns.push(column);
  }
  return blocks;
}

/**
 * Serial column, side-by-side blocks and, per block, the row id of each of its columns (`total_2` reads as
 * `total` when a block before it has that id): worked out once per set of columns, not per cell.
 */
function lineLayout(columns: readonly AnalyzedColumn[]) {
  const groups = labelBlocks(columns);
  return {
    serialColumn: columns.find((column) => column.role === 'serial'),
    groups,
    ids: groups.map((group, blockIndex) => {
      const shared = new Set(
        groups.slice(0, blockIndex).flatMap((g) => g.columns.map((column) => column.id)),
      );
      return group.columns.map((column) => blockId(column, shared));
    }),
  };
}

/** True when `row` is an unlabelled block of the same grid line and side as `previous`, which has no values. */
function continuesLabel(previous: Row, row: Row): boolean {
  return (
    row.label === null &&
    row.code === null &&
    previous.label !== null &&
    previous.gridLine === row.gridLine &&
    previous.side === row.side &&
    Object.values(previous.values).every((value) => value === null)
  );
}

const DIGITS = /^\d+$/;

/** Text with every blank removed (most codes print none). */
function withoutBlanks(text: string): string {
  return /\s/.test(text) ? text.replace(/\s+/g, '') : text;
}

/** Id a repeated block's column shares with the first block (`total_2` → `total`), when that id exists. */
function blockId(column: AnalyzedColumn, ids: ReadonlySet<string>): string {
  const base = column.id.replace(/_\d+$/, '');
  return base !== column.id && ids.has(base) ? base : column.id;
}

function buildRow(
  columns: readonly AnalyzedColumn[],
  ids: readonly string[],
  line: PlacedLine,
  serialText: string,
  serialColumn: AnalyzedColumn | undefined,
  lastCodes: { class: string; kuan: string },
  ctx: RowBuildContext,
  rowIndex: number,
): Row | null {
  const values: Record<string, string | null> = {};
  let text: Record<string, string | null> | undefined;
  const cells: Record<string, CellSource> = {};
  const flags: RowFlag[] = [];
  let label: string | null = null;
  let code: string | null = null;
  let split: Partial<Record<'class' | 'kuan' | 'xiang', string>> | undefined;
  let hasContent = false;
  for (let k = 0; k < columns.length; k++) {
    const column = columns[k]!;
    const id = ids[k]!;
    const printed = (line.texts[column.index] ?? '').trim();
    if (printed) hasContent = true;
    switch (column.role) {
      case 'label':
        if (printed) cells[id] = sourceAt(line, column, printed);
        if (printed && label === null) label = printed;
        break;
      case 'code': {
        if (printed) cells[id] = sourceAt(line, column, printed);
        const digits = withoutBlanks(printed);
        if (DIGITS.test(digits) && code === null) code = digits;
        else if (printed && label === null) label = printed;
        break;
      }
      case 'code-class':
      case 'code-kuan':
      case 'code-xiang': {
        if (printed) cells[id] = sourceAt(line, column, printed);
        const digits = withoutBlanks(printed);
        if (DIGITS.test(digits)) {
          split ??= {};
          // A second 类 | 款 | 项 group (政府经济分类 beside 部门经济分类) keeps its cells, not the row's code.
          const part =
            column.role === 'code-class' ? 'class' : column.role === 'code-kuan' ? 'kuan' : 'xiang';
          split[part] ??= digits;
        }
        break;
      }
      case 'amount':
      case 'count': {
        const cell = sourceAt(line, column, printed);
        cells[id] = cell;
        const plain = plainAmountValue(printed);
        if (plain !== undefined) {
          values[id] = plain;
          break;
        }
        const amount = parseAmount(printed);
        if (amount.kind === 'number') values[id] = amount.value;
        else if (ctx.form && amount.kind === 'text') {
          values[id] = null;
          text ??= {};
          text[id] = printed;
        } else {
          values[id] = null;
          if (
            amount.kind === 'invalid' ||
            (amount.kind === 'text' && column.role === 'amount' && !/^无$/.test(printed))
          ) {
            const place = cell.place;
            ctx.diagnostics.push({
              ruleId: 'amount-unreadable',
              severity: 'warning',
              source: 'budget-ingest',
              message: `表「${ctx.title}」第 ${rowIndex + 1} 行「${column.header.join('/')}」列的金额「${printed}」无法读取${amount.kind === 'invalid' ? `（${amount.reason}）` : ''}；已记为空值。`,
              table: ctx.tableId,
              row: rowIndex,
              column: id,
              actual: printed,
              ...(place ? { place } : {}),
            });
          }
        }
        break;
      }
      default:
        if (printed) cells[id] = sourceAt(line, column, printed);
        text ??= {};
        text[id] = printed || null;
        break;
    }
  }
  if (!hasContent) return null;
  if (split && (split.class || split.kuan || split.xiang)) {
    code = joinSplitCode(split, lastCodes, flags);
  }
  if (code === null && label !== null) {
    const embedded = EMBEDDED_CODE.exec(label);
    if (embedded) {
      code = embedded[1]!;
      label = embedded[2]!.trim();
    }
  }
  const printedLabel = label;
  const cleaned = label === null ? null : stripEnumeration(cleanText(label)) || cleanText(label);
  if (serialColumn && serialText) {
    cells[serialColumn.id] = sourceAt(line, serialColumn, serialText);
  }
  const level = code && /^[235]/.test(code) ? codeLevel(code) : null;
  const row: Row = {
    serial: serialText || null,
    code,
    level,
    parentCode: level && level !== '类' && code ? parentCode(code) : null,
    label: cleaned,
    labelPrinted: printedLabel !== null && printedLabel !== cleaned ? printedLabel : null,
    values,
    cells,
    flags,
    gridLine: 0,
  };
  if (text) row.text = text;
  return row;
}

/** Join split 类/款/项 cells ("204 | 06 | 01" → 2040601), inheriting a class or 款 printed only once above. */
function joinSplitCode(
  split: Partial<Record<'class' | 'kuan' | 'xiang', string>>,
  last: { class: string; kuan: string },
  flags: RowFlag[],
): string | null {
  let cls = split.class ?? '';
  let kuan = split.kuan ?? '';
  const xiang = split.xiang ?? '';
  if (cls.length === 3) {
    last.class = cls;
    last.kuan = '';
  }
  if (!cls && (kuan || xiang) && last.class) {
    cls = last.class;
    flags.push('code-inherited');
  }
  if (kuan.length >= 5) kuan = kuan.slice(-2);
  if (kuan) last.kuan = kuan;
  else if (xiang && last.kuan) {
    kuan = last.kuan;
    if (!flags.includes('code-inherited')) flags.push('code-inherited');
  }
  const xiangPart = xiang.length >= 7 ? xiang.slice(-2) : xiang;
  if (!cls) return null;
  if (!kuan) return cls;
  return cls + kuan.padStart(2, '0') + (xiangPart ? xiangPart.padStart(2, '0') : '');
}
