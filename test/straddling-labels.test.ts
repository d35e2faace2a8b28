import { describe, expect, it } from 'vitest';
import type { Diagnostic, Row, Table } from '../src/model/schema.js';
import { loadCodeDictionary } from '../src/normalize/code-dictionary.js';
import { joinStraddlingLabels } from '../src/normalize/straddling-labels.js';

/** A row read on `page`: its label, texts and amounts as printed (blank amounts are null). */
function row(
  page: number,
  label: string,
  amounts: Record<string, string | null>,
  texts: Record<string, string> = {},
): Row {
  const cells: Row['cells'] = { label: { printed: label, gridColumn: 0, place: { page } } };
  let column = 1;
  for (const [id, text] of Object.entries(texts))
    cells[id] = { printed: text, gridColumn: column++, place: { page } };
  for (const [id, value] of Object.entries(amounts))
    cells[id] = { printed: value ?? '', gridColumn: column++, place: { page } };
  return {
    serial: null,
    code: null,
    level: null,
    parentCode: null,
    label,
    labelPrinted: null,
    values: amounts,
    ...(Object.keys(texts).length ? { text: { ...texts } } : {}),
    cells,
    flags: [],
    gridLine: 0,
  } as Row;
}

function table(rows: Row[], kind: Table['kind'] = 'project-expenditure'): Table {
  return { id: 't1', kind, title: '项目支出预算表', rows } as unknown as Table;
}

function join(t: Table, diagnostics: Diagnostic[] = []): Diagnostic[] {
  joinStraddlingLabels([t], loadCodeDictionary(), diagnostics);
  return diagnostics;
}

describe('labels cut by a page break', () => {
  it('joins the rest of a name whose bracket it closes, and reports it', () => {
    const t = table([
      row(32, '杭州市公安局交通治安分局（水上', { total: '356.88' }),
      row(33, '治安分局）', { total: null }),
      row(33, '杭州市公安局交通治安分局（水上治安分局）', { total: '18.59' }),
    ]);
    const diagnostics = join(t, [
      { ruleId: 'x', severity: 'info', source: 'budget-ingest', message: '', table: 't1', row: 2 },
    ]);
    expect(t.rows.map((r) => r.label)).toEqual([
      '杭州市公安局交通治安分局（水上治安分局）',
      '杭州市公安局交通治安分局（水上治安分局）',
    ]);
    expect(t.rows[0]?.flags).toContain('label-wrapped');
    expect(t.rows[0]?.cells.label?.printed).toBe('杭州市公安局交通治安分局（水上治安分局）');
    expect(t.rows[0]?.values.total).toBe('356.88');
    // A diagnostic of a later row follows it up.
    expect(diagnostics[0]?.row).toBe(1);
    expect(diagnostics.at(-1)).toMatchObject({ ruleId: 'label-wrapped', row: 0, place: { page: 32 } });
  });

  it('joins every cut column when the joined label is a name the code dictionary knows', () => {
    const t = table([
      row(
        42,
        '公务用车运行',
        { total: '0.10' },
        { col_2: '商品和服务支出(定额非', item: '车辆维修和保养服务' },
      ),
      row(43, '维护费', { total: null }, { col_2: '三保)' }),
    ]);
    join(t);
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]?.label).toBe('公务用车运行维护费');
    expect(t.rows[0]?.text?.col_2).toBe('商品和服务支出(定额非三保)');
    expect(t.rows[0]?.text?.item).toBe('车辆维修和保养服务');
  });

  it('keeps a row of its own: a name alone, amounts printed, the same page, or a form', () => {
    const rows = () => [
      row(5, '住房保障支出', { total: '10.00' }),
      row(6, '粮油物资储备支出', { total: null }),
      row(6, '一般公共服务支出（', { total: '5.00' }),
      row(6, '其他）', { total: null }),
      row(6, '行政运行（', { total: '1.00' }),
      row(7, '续）', { total: '2.00' }),
    ];
    const t = table(rows());
    join(t);
    expect(t.rows).toHaveLength(6);
    const form = table(rows().slice(4), 'performance-targets');
    form.rows[1]!.values.total = null;
    join(form);
    expect(form.rows).toHaveLength(2);
  });
});
