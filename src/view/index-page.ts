/**
 * The list of reviewed documents (`DIR/index.html`): one row per input with its counts of tables, errors
 * and warnings, sortable by any column, so a batch can be triaged from the worst document down.
 */
import { attrs, esc, htmlPage } from './html.js';

/** One reviewed (or failed) input, as listed on the index page and returned by `buildReviews`. */
export interface ReviewEntry {
  /** Input path as found. */
  input: string;
  /** Name shown (the path below a walked folder, or the base name). */
  file: string;
  /** Review folder name inside DIR (`<name>/index.html`), when built. */
  name?: string;
  status: 'ok' | 'failed';
  /** Error code and message of a failed input. */
  error?: { code: string; message: string };
  department?: string | null;
  year?: number | null;
  kind?: string | null;
  tables?: number;
  errors?: number;
  warnings?: number;
  infos?: number;
  /** Pages shown in the review (page images or page outlines). */
  pages?: number;
  /** Page images written. */
  images?: number;
  /** Bytes written for this review (HTML and images). */
  bytes?: number;
  /** Build time in milliseconds. */
  ms: number;
}

function cell(value: string | number | null | undefined, numeric = false): string {
  const text = value === null || value === undefined ? '' : String(value);
  return `<td${attrs({ class: numeric ? 'num' : undefined, 'data-v': text })}>${esc(text)}</td>`;
}

/** Write the index page of a review folder. */
export function renderIndexPage(entries: readonly ReviewEntry[]): string {
  const columns: Array<[string, boolean]> = [
    ['document', false],
    ['department', false],
    ['year', true],
    ['kind', false],
    ['tables', true],
    ['errors', true],
    ['warnings', true],
    ['infos', true],
    ['pages', true],
    ['status', false],
  ];
  const head = columns
    .map(
      ([name, numeric]) => `<th${attrs({ 'data-type': numeric ? 'num' : 'text', tabindex: 0 })}>${name}</th>`,
    )
    .join('');
  const rows = entries.map((e) => {
    const link = e.name
      ? `<a href="${esc(encodeURIComponent(e.name))}/index.html">${esc(e.file)}</a>`
      : esc(e.file);
    const status = e.status === 'ok' ? 'ok' : `failed: [${e.error?.code ?? '?'}] ${e.error?.message ?? ''}`;
    return `<tr${attrs({ class: e.status === 'failed' ? 'failed' : (e.errors ?? 0) > 0 ? 'has-errors' : undefined })}><td data-v="${esc(e.file)}">${link}</td>${cell(e.department)}${cell(e.year, true)}${cell(e.kind)}${cell(e.tables, true)}${cell(e.errors, true)}${cell(e.warnings, true)}${cell(e.infos, true)}${cell(e.pages, true)}${cell(status)}</tr>`;
  });
  const ok = entries.filter((e) => e.status === 'ok').length;
  const body = `<header class="top"><h1>budget-ingest review <small>${ok} of ${entries.length} documents</small></h1></header>
<main class="index">
<p class="meta">Click a column heading to sort (again to reverse). Each document opens its own review.</p>
<table class="docs sortable"><thead><tr>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
</main>`;
  return htmlPage({ title: 'budget-ingest review', bodyClass: 'review list', body });
}
