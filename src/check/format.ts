/**
 * Human-readable report of a check run for the CLI (`budget-ingest check FILE`): diagnostics grouped by
 * table, then the coverage per rule.
 */
import type { BudgetDocument, Diagnostic } from '../model/schema.js';
import { placeText } from './context.js';
import type { Coverage } from './coverage.js';

const MARK: Record<Diagnostic['severity'], string> = { error: '错误', warning: '警告', info: '提示' };

/** Format diagnostics grouped by table, followed by coverage; plain text, one diagnostic per paragraph. */
export function formatDiagnostics(
  document: BudgetDocument,
  result: { diagnostics: readonly Diagnostic[]; coverage: Coverage },
): string {
  const lines: string[] = [];
  const name = document.origin.filename ?? document.meta.department ?? '（未命名文件）';
  const { totals } = result.coverage;
  lines.push(
    `${name}：${totals.errors} 个错误，${totals.warnings} 个警告；共核对 ${totals.run} 项（通过 ${totals.passed}，不符 ${totals.failed}，跳过 ${totals.skipped}）`,
  );
  const groups = new Map<string, Diagnostic[]>();
  for (const d of result.diagnostics) {
    const key = d.table ?? '';
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const order = [...groups.keys()].sort((a, b) => tableOrder(document, a) - tableOrder(document, b));
  for (const key of order) {
    const table = document.tables.find((t) => t.id === key);
    lines.push('');
    lines.push(
      table
        ? `表 ${table.id}「${table.title}」${table.pages.length > 0 ? `（第${pagesText(table.pages)}页）` : ''}`
        : '情况说明及其他',
    );
    for (const d of groups.get(key)!) {
      const where = placeText(d.place);
      lines.push(`  ${MARK[d.severity]} [${d.ruleId}]${where ? ` ${where}` : ''}`);
      lines.push(`    ${d.message}`);
      if (d.actual !== undefined || d.expected !== undefined)
        lines.push(`    实际 ${d.actual ?? '—'}，应为 ${d.expected ?? '—'}`);
    }
  }
  lines.push('');
  lines.push('核对范围：');
  for (const [id, r] of Object.entries(result.coverage.rules)) {
    if (!r.enabled) {
      lines.push(`  ${id}：已关闭`);
      continue;
    }
    lines.push(`  ${id}：核对 ${r.run}，通过 ${r.passed}，不符 ${r.failed}，跳过 ${r.skipped}`);
    for (const reason of r.skipReasons.slice(0, 5)) lines.push(`    跳过：${reason}`);
    if (r.skipReasons.length > 5) lines.push(`    ……另有 ${r.skipReasons.length - 5} 类跳过原因`);
  }
  return `${lines.join('\n')}\n`;
}

function tableOrder(document: BudgetDocument, id: string): number {
  const index = document.tables.findIndex((t) => t.id === id);
  return index < 0 ? Number.MAX_SAFE_INTEGER : index;
}

function pagesText(pages: readonly number[]): string {
  const first = pages[0];
  const last = pages[pages.length - 1];
  return first === last ? `${first}` : `${first}–${last}`;
}
