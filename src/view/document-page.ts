/**
 * The review page of one document (`index.html`): an overview (meta, summary facts with their sources,
 * check coverage, tables by kind, document-level diagnostics), then one view per table with its pages (cell
 * boxes drawn over the image) or its source lines beside the table as the model reads it, and its
 * diagnostics. The page's script (assets/view/review.js) links cells, boxes and diagnostics.
 */
import type { Column, Diagnostic, Place, Row } from '../model/schema.js';
import { attrs, esc, htmlPage } from './html.js';
import type { FactSource, Target, ViewDocument, ViewTable } from './model.js';
import { rowKey } from './model.js';
import type { PageImage } from './page-images.js';
import { lineHtml, linesHtml, splitLines } from './source-lines.js';

/** What the page shows beside each table: page images (PDF) or source lines (text inputs). */
export type ReviewSource =
  | {
      kind: 'pages';
      pages: PageImage[];
      /** Set when the pages have no images (no canvas package, or `--no-images`), with the reason. */
      textOnly?: string;
    }
  | { kind: 'lines'; text: string };

/** Options of {@link renderDocumentPage}. */
export interface DocumentPageOptions {
  /** Name of the review (the output folder name). */
  name: string;
  /** Input path as given. */
  input: string;
  source: ReviewSource;
  /** Link back to the list of documents (`../index.html`). Default: none. */
  indexHref?: string;
}

const SEVERITIES: Diagnostic['severity'][] = ['error', 'warning', 'info'];
const round = (n: number) => Math.round(n * 1000) / 1000;

/** The pages of a table's view, written as `x–y` ranges. */
export function pageRanges(pages: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < pages.length) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j]! + 1) j++;
    parts.push(i === j ? `${pages[i]}` : `${pages[i]}–${pages[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

function placeText(place: Place | undefined): string {
  if (!place) return '';
  if (place.page !== undefined) return `p${place.page}`;
  if (place.line !== undefined) return `L${place.line}${place.endLine ? `–${place.endLine}` : ''}`;
  return '';
}

/** The location hash a target opens: a cell of a table, a table, a page box, or a source line. */
export function targetHref(target: Target, textInput: boolean): string | undefined {
  if (target.table && target.cells.length > 0) return `#${target.table}:${target.cells[0]}`;
  const place = target.place;
  if (place?.page !== undefined && !textInput)
    return `#page:${place.page}${place.bbox ? `:${place.bbox.map((v) => round(v)).join(',')}` : ''}`;
  if (place?.line !== undefined && textInput) return `#line:${place.line}`;
  if (target.table) return `#${target.table}`;
  return undefined;
}

function counts(c: { error: number; warning: number; info: number }): string {
  return SEVERITIES.filter((s) => c[s] > 0)
    .map((s) => `<span class="badge sev-${s}" title="${s}">${c[s]}</span>`)
    .join('');
}

function tableName(view: ViewTable): string {
  const t = view.table;
  return `${view.label ? `<span class="label">${esc(view.label)}</span> ` : ''}${esc(t.title || '（无标题）')}`;
}

function nav(view: ViewDocument): string {
  const items = view.tables.map(
    (t) =>
      `<li><a href="#${esc(t.table.id)}" data-table="${esc(t.table.id)}"><span class="tid">${esc(t.table.id)}</span> ${tableName(t)}<span class="meta">${esc(t.table.kind)}${t.pages.length ? ` · p${pageRanges(t.pages)}` : ''}</span>${counts(t.counts)}</a></li>`,
  );
  return `<nav class="side"><a href="#overview" class="nav-overview">概览 Overview</a>${counts(view.counts)}<ol class="tables">${items.join('')}</ol></nav>`;
}

function sourceLink(source: FactSource, href: string | undefined): string {
  const what = [
    source.table,
    source.kind,
    source.row,
    source.column,
    `${source.printed}${source.unit ? ` ${source.unit}` : ''}`,
    source.prose ? '（情况说明）' : undefined,
    placeText(source.place),
  ]
    .filter(Boolean)
    .map((s) => esc(s))
    .join(' · ');
  return href ? `<a class="src" href="${esc(href)}">${what}</a>` : `<span class="src">${what}</span>`;
}

function overview(view: ViewDocument, options: DocumentPageOptions): string {
  const d = view.document;
  const textInput = options.source.kind === 'lines';
  const meta: Array<[string, string]> = [
    ['部门 department', d.meta.department ?? '—'],
    ['年度 year', String(d.meta.year ?? '—')],
    ['类型 kind', d.meta.kind ?? '—'],
    ['范围 scope', d.meta.scope ?? '—'],
    ['文件 file', d.origin.filename ?? options.input],
    ['media type', d.origin.mediaType],
    ['sha256', d.origin.sha256],
    ['model', `${d.schema} ${d.version}${d.partial ? ' (partial: a limit cut extraction short)' : ''}`],
    ['tables', String(d.tables.length)],
  ];
  if (options.source.kind === 'pages')
    meta.push([
      'pages shown',
      `${options.source.pages.length}${options.source.textOnly ? ` (text-only: ${options.source.textOnly})` : ''}`,
    ]);
  const facts = view.facts.map(
    (f) =>
      `<tr data-fact="${esc(f.id)}"><th><code>${esc(f.id)}</code></th><td class="num">${esc(f.yuan)}</td><td>${f.sources
        .map((s) => sourceLink(s.source, targetHref(s.target, textInput)))
        .join('<br>')}</td></tr>`,
  );
  const totals = d.checks.totals;
  const rules = Object.entries(d.checks.rules).map(
    ([id, r]) =>
      `<tr${attrs({ class: r.failed > 0 ? 'failed' : undefined })}><th><code>${esc(id)}</code></th><td>${esc(r.description)}</td><td class="num">${r.enabled ? r.run : 'off'}</td><td class="num">${r.passed}</td><td class="num">${r.failed}</td><td class="num"${attrs({ title: r.skipReasons.join('\n') || undefined })}>${r.skipped}</td></tr>`,
  );
  const kinds = new Map<string, ViewTable[]>();
  for (const t of view.tables) kinds.set(t.table.kind, [...(kinds.get(t.table.kind) ?? []), t]);
  const byKind = [...kinds].map(
    ([kind, tables]) =>
      `<tr><th><code>${esc(kind)}</code></th><td>${tables
        .map(
          (t) =>
            `<a href="#${esc(t.table.id)}">${esc(t.table.id)}</a> ${tableName(t)} <span class="meta">${t.pages.length ? `p${pageRanges(t.pages)}` : ''} · ${t.table.rows.length} rows</span>${counts(t.counts)}`,
        )
        .join('<br>')}</td></tr>`,
  );
  return `<section id="overview" class="view overview">
<h2>概览 Overview</h2>
<dl class="props">${meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
<h3>汇总 Summary facts (元)</h3>
${facts.length ? `<table class="facts"><thead><tr><th>fact</th><th>元</th><th>source (click: the cell on its page)</th></tr></thead><tbody>${facts.join('')}</tbody></table>` : '<p class="none">No summary fact was read.</p>'}
<h3>核对 Checks</h3>
<p class="totals">run ${totals.run} · passed ${totals.passed} · failed ${totals.failed} · skipped ${totals.skipped} · ${counts({ error: totals.errors, warning: totals.warnings, info: totals.infos }) || 'no diagnostics'}</p>
<table class="checks"><thead><tr><th>rule</th><th>checks</th><th>run</th><th>passed</th><th>failed</th><th>skipped</th></tr></thead><tbody>${rules.join('')}</tbody></table>
<h3>表 Tables by kind</h3>
${byKind.length ? `<table class="kinds"><tbody>${byKind.join('')}</tbody></table>` : '<p class="none">No table was found.</p>'}
<h3>文件级诊断 Document diagnostics</h3>
${diagnosticList(view.documentDiagnostics, textInput)}
</section>`;
}

function diagnosticList(items: ViewTable['diagnostics'], textInput: boolean): string {
  if (items.length === 0) return '<p class="none">None.</p>';
  const order = (s: Diagnostic['severity']) => SEVERITIES.indexOf(s);
  const sorted = items
    .map((item, index) => ({ ...item, index }))
    .sort((a, b) => order(a.diagnostic.severity) - order(b.diagnostic.severity) || a.index - b.index);
  const li = sorted.map(({ diagnostic: d, target, index }) => {
    const href = target.cells.length === 0 ? targetHref(target, textInput) : undefined;
    const ae =
      d.actual !== undefined || d.expected !== undefined
        ? ` <span class="ae">实际 ${esc(d.actual ?? '—')} · 应为 ${esc(d.expected ?? '—')}</span>`
        : '';
    return `<li${attrs({ class: `diag sev-${d.severity}`, 'data-diag': index, 'data-targets': target.cells.join(' ') || undefined, tabindex: 0 })}><span class="sev">${d.severity}</span> <code>${esc(d.ruleId)}</code> ${esc(d.message)}${ae} ${href ? `<a href="${esc(href)}">${esc(placeText(d.place))}</a>` : `<span class="where">${esc(placeText(d.place))}</span>`}</li>`;
  });
  return `<ul class="diags">${li.join('')}</ul>`;
}

const LEAD_ROLES = new Set(['serial', 'code', 'code-class', 'code-kuan', 'code-xiang', 'label']);

function cellValue(row: Row, column: Column): { text: string; cls: string; title?: string } {
  const cell = row.cells[column.id];
  switch (column.role) {
    case 'serial':
      return { text: row.serial ?? '', cls: 'serial' };
    case 'code':
      return {
        text: row.code ?? cell?.printed ?? '',
        cls: 'code',
        ...(row.level ? { title: `${row.level}${row.parentCode ? ` · parent ${row.parentCode}` : ''}` } : {}),
      };
    case 'label': {
      const indent = row.level === '款' ? 1 : row.level === '项' ? 2 : 0;
      return {
        text: `${'\u3000'.repeat(indent)}${row.label ?? ''}`,
        cls: 'label',
        ...(row.labelPrinted ? { title: `printed: ${row.labelPrinted}` } : {}),
      };
    }
    case 'amount':
    case 'count': {
      if (!(column.id in row.values)) return { text: cell?.printed ?? '', cls: 'num' };
      const value = row.values[column.id];
      const title = cell && cell.printed !== value ? `printed: ${cell.printed || '(blank)'}` : undefined;
      if (value === null || value === undefined)
        return {
          text: cell?.printed.trim() ? cell.printed : '',
          cls: 'num null',
          ...(title ? { title } : {}),
        };
      return { text: value, cls: 'num', ...(title ? { title } : {}) };
    }
    default:
      return { text: row.text?.[column.id] ?? cell?.printed ?? '', cls: column.role };
  }
}

function modelTable(view: ViewTable): string {
  const { table } = view;
  const hasKey = table.rows.some((r) => rowKey(r));
  const hasSide = table.rows.some((r) => r.side);
  const splitCode =
    table.columns.some((c) => c.role.startsWith('code-')) && !table.columns.some((c) => c.role === 'code');
  const lead = [
    '#',
    ...(hasKey ? ['key'] : []),
    ...(hasSide ? ['side'] : []),
    ...(splitCode ? ['code'] : []),
  ];
  const head = `<tr>${lead.map((h) => `<th class="lead">${h}</th>`).join('')}${table.columns
    .map(
      (c) =>
        `<th${attrs({ 'data-col': c.id, class: LEAD_ROLES.has(c.role) ? 'lead-col' : undefined })}><code>${esc(c.id)}</code><div class="hdr">${esc(c.header.filter(Boolean).join(' / '))}</div><div class="role">${esc(c.role)}${c.side ? ` · ${c.side}` : ''}${c.number ? ` · 栏${esc(c.number)}` : ''}</div></th>`,
    )
    .join('')}</tr>`;
  const body = table.rows.map((row, i) => {
    const key = rowKey(row);
    const leadCells = [
      `<th class="rn" title="${esc([`gridLine ${row.gridLine}`, ...row.flags].join(' · '))}">${i}</th>`,
      ...(hasKey ? [`<td class="key">${esc(key ?? '')}</td>`] : []),
      ...(hasSide
        ? [`<td class="side">${row.side === 'income' ? '收' : row.side === 'expenditure' ? '支' : ''}</td>`]
        : []),
      ...(splitCode
        ? [`<td class="code"${attrs({ title: row.level ?? undefined })}>${esc(row.code ?? '')}</td>`]
        : []),
    ];
    const cells = table.columns.map((column) => {
      const v = cellValue(row, column);
      const cell = row.cells[column.id];
      const ckey = `${i}:${column.id}`;
      const severity = view.cellSeverity.get(ckey);
      const cls = [v.cls, severity ? `d-${severity}` : undefined, cell?.spanned ? 'spanned' : undefined]
        .filter(Boolean)
        .join(' ');
      return `<td${attrs({ 'data-cell': cell ? ckey : undefined, class: cls || undefined, title: v.title })}>${esc(v.text)}</td>`;
    });
    const flags = row.flags.filter((f) => f === 'total' || f === 'subtotal' || f === 'heading');
    return `<tr${attrs({ 'data-row': i, class: flags.join(' ') || undefined })}>${leadCells.join('')}${cells.join('')}</tr>`;
  });
  return `<table class="model"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>`;
}

function pct(value: number, whole: number): string {
  return `${round((value / whole) * 100)}%`;
}

function boxStyle(box: readonly number[], page: PageImage): string {
  const [x0, y0, x1, y1] = box as [number, number, number, number];
  return `left:${pct(x0, page.width)};top:${pct(y0, page.height)};width:${pct(x1 - x0, page.width)};height:${pct(y1 - y0, page.height)}`;
}

function pageFigure(page: PageImage, inner: string, textOnly: string | undefined): string {
  const img = page.file
    ? `<img src="${esc(page.file)}" alt="page ${page.page}" width="${page.pixelWidth}" height="${page.pixelHeight}" loading="lazy" decoding="async">`
    : `<div class="noimg">${esc(page.error ? `page ${page.page} could not be rendered: ${page.error}` : (textOnly ?? 'no image'))}</div>`;
  return `<figure class="page" data-page="${page.page}" data-w="${round(page.width)}" data-h="${round(page.height)}" style="aspect-ratio:${round(page.width)}/${round(page.height)}"><figcaption>p${page.page}</figcaption>${img}${inner}</figure>`;
}

function pagesPane(view: ViewTable, pages: Map<number, PageImage>, textOnly: string | undefined): string {
  const figures = view.pages.map((n) => {
    const page = pages.get(n);
    if (!page) return `<p class="none">p${n}: not in the document</p>`;
    const frags = view.table.fragments
      .filter((f) => f.place.page === n && f.place.bbox)
      .map(
        (f) =>
          `<div class="frag" title="fragment: ${esc(f.join)}, ${f.rows} rows" style="${boxStyle(f.place.bbox!, page)}"></div>`,
      );
    const boxes = view.cells
      .filter((c) => c.page === n && c.box)
      .map((c) => {
        const severity = view.cellSeverity.get(c.key);
        const cls = ['box', severity ? `d-${severity}` : '', c.printed.trim() ? '' : 'blank']
          .filter(Boolean)
          .join(' ');
        return `<div class="${cls}" data-cell="${c.key}" style="${boxStyle(c.box!, page)}"></div>`;
      });
    const dboxes = view.diagnostics
      .map(({ diagnostic, target }, i) => ({ diagnostic, target, i }))
      .filter(
        ({ diagnostic, target }) =>
          target.cells.length === 0 && diagnostic.place?.page === n && diagnostic.place.bbox,
      )
      .map(
        ({ diagnostic, i }) =>
          `<div class="dbox sev-${diagnostic.severity}" data-diag="${i}" style="${boxStyle(diagnostic.place!.bbox!, page)}"></div>`,
      );
    return pageFigure(page, [...frags, ...boxes, ...dboxes].join(''), textOnly);
  });
  return `<div class="pane pages">${figures.join('\n')}</div>`;
}

function linesPane(view: ViewTable, lines: readonly string[]): string {
  const numbers = [
    ...view.cells.flatMap((c) => (c.line === undefined ? [] : [c.line])),
    ...view.table.fragments.flatMap((f) =>
      [f.place.line, f.place.endLine].filter((n): n is number => n !== undefined),
    ),
  ];
  if (numbers.length === 0)
    return '<div class="pane lines"><p class="none">No source line recorded.</p></div>';
  const from = Math.min(...numbers) - 3;
  const to = Math.max(...numbers) + 1;
  return `<div class="pane lines"><div class="source">${linesHtml(lines, from, to, view.cells)}</div></div>`;
}

function tableView(
  view: ViewTable,
  options: DocumentPageOptions,
  pages: Map<number, PageImage>,
  lines: readonly string[],
): string {
  const t = view.table;
  const textInput = options.source.kind === 'lines';
  const props: Array<[string, string]> = [
    ['kind', t.kind],
    ['grammar', t.grammar],
    ['unit', t.unit ? `${t.unit}${t.unitFactor ? ` (×${t.unitFactor} 元)` : ''}` : '(none declared)'],
    ['pages', t.pages.length ? pageRanges(t.pages) : '—'],
    ['rows · columns', `${t.rows.length} · ${t.columns.length}`],
    [
      'fragments',
      t.fragments.map((f) => `${placeText(f.place) || '?'} ${f.join} (${f.rows} rows)`).join('; ') || '—',
    ],
    ...(t.empty ? ([['empty', '空表: published with no values']] as Array<[string, string]>) : []),
    ...Object.entries(t.meta),
  ];
  const placedBy = textInput ? 'source line' : 'box on the page';
  const missing =
    view.unplaced > 0
      ? `<p class="note missing">${view.unplaced} of ${view.cells.length} printed cells have no recorded ${placedBy}: they are in the grid but not marked on the ${textInput ? 'source' : 'page'}.</p>`
      : '';
  const notes = t.notes.length
    ? `<ul class="notes">${t.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`
    : '';
  const left =
    options.source.kind === 'pages'
      ? pagesPane(view, pages, options.source.textOnly)
      : linesPane(view, lines);
  return `<section id="${esc(t.id)}" class="view table-view" data-table="${esc(t.id)}" data-cells="${view.cells.length}" hidden>
${left}
<div class="pane grid">
<h2><span class="tid">${esc(t.id)}</span> ${tableName(view)}</h2>
<dl class="props">${props.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
${missing}${notes}
<h3>诊断 Diagnostics ${counts(view.counts)}</h3>
${diagnosticList(view.diagnostics, textInput)}
<h3>表 Table as read <span class="meta">values in ${esc(t.unit ?? 'the printed unit')}; hover or click a cell to see it on the ${textInput ? 'source' : 'page'}</span></h3>
<div class="scroll">${modelTable(view)}</div>
</div>
</section>`;
}

/** Write the review page of one document. */
export function renderDocumentPage(view: ViewDocument, options: DocumentPageOptions): string {
  const d = view.document;
  const pages = new Map<number, PageImage>();
  let lines: string[] = [];
  let extra = '';
  const data: { pages: Record<string, { src?: string; w: number; h: number }> } = { pages: {} };
  if (options.source.kind === 'pages') {
    for (const page of options.source.pages) {
      pages.set(page.page, page);
      data.pages[page.page] = {
        ...(page.file ? { src: page.file } : {}),
        w: round(page.width),
        h: round(page.height),
      };
    }
    extra = '<section id="page-view" class="view page-view" hidden><div class="pane pages"></div></section>';
  } else {
    lines = splitLines(options.source.text);
    const source = lines.map((line, i) => lineHtml(i + 1, line, [], true)).join('\n');
    extra = `<section id="source-view" class="view source-view" hidden><div class="pane lines"><div class="source">${source}</div></div></section>`;
  }
  const title = [
    d.meta.department,
    d.meta.year,
    d.meta.kind === 'final' ? '决算' : d.meta.kind === 'budget' ? '预算' : null,
  ]
    .filter(Boolean)
    .join(' ');
  const header = `<header class="top">${options.indexHref ? `<a class="up" href="${esc(options.indexHref)}">← 全部 all documents</a>` : ''}<h1>${esc(title || options.name)} <small>${esc(d.origin.filename ?? options.input)}</small></h1><span class="counts">${d.tables.length} tables ${counts(view.counts)}</span>${options.source.kind === 'pages' ? '<label class="zoom">page zoom <input type="range" id="zoom" min="100" max="300" step="25" value="100"></label>' : ''}</header>`;
  const body = `${header}
<div class="layout">
${nav(view)}
<main>
${overview(view, options)}
${view.tables.map((t) => tableView(t, options, pages, lines)).join('\n')}
${extra}
</main>
</div>`;
  return htmlPage({
    title: `${title || options.name} · budget-ingest review`,
    bodyClass: 'review doc',
    body,
    data,
  });
}
