/**
 * `npm run bench -- --scaling`: generated disclosures of growing length (pages) and growing numbers of
 * per-project forms, timed raw and full side by side; the report shows the time per page, which stays flat
 * when no stage is superlinear.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formPages, generateDisclosurePdf } from './generate.js';
import type { BenchOptions } from './options.js';
import type { PhaseName, PhaseResponse } from './protocol.js';
import { alignTable, buildRows, type OwnStages, STAGE_COLUMNS } from './report.js';

/** One generated document of the scaling bench. */
export interface ScalingDocument {
  file: string;
  /** Which series it belongs to: growing pages (forms a fixed share) or growing forms. */
  series: 'pages' | 'forms';
  pages: number;
  forms: number;
}

/** The page series puts forms on a fifth of the pages (two per page). */
export function formsForPages(pages: number): number {
  return Math.round(pages * 0.4);
}

/** The form series gives every document a cover, narrative and table pages besides the form pages. */
export function pagesForForms(forms: number): number {
  return Math.ceil(formPages(forms) * 1.25) + 8;
}

/** Generate the documents of both series into `folder`. */
export function writeScalingDocuments(
  folder: string,
  spec: NonNullable<BenchOptions['scaling']>,
): ScalingDocument[] {
  const docs: ScalingDocument[] = [
    ...spec.pages.map((pages) => ({ series: 'pages' as const, pages, forms: formsForPages(pages) })),
    ...spec.forms.map((forms) => ({ series: 'forms' as const, pages: pagesForForms(forms), forms })),
  ].map((doc) => ({ ...doc, file: join(folder, `${doc.series}-${doc.pages}p-${doc.forms}f.pdf`) }));
  for (const doc of docs) {
    process.stderr.write(`bench: generating ${doc.pages} pages, ${doc.forms} forms …\n`);
    writeFileSync(doc.file, generateDisclosurePdf({ pages: doc.pages, forms: doc.forms }));
  }
  return docs;
}

const perPage = (ms: number | undefined, pages: number): string =>
  ms === undefined ? '-' : (ms / pages).toFixed(2);

/** A row of the bench table, as buildRows gives it. */
type BenchRow = ReturnType<typeof buildRows>['rows'][number];

/**
 * The per-page figures whose spread along a series is reported: the full pipeline (the goal), this library's
 * own stages (everything but pdf.js) and raw pdf.js beside it, whose per-page time varies by itself.
 */
const SPREAD_MEASURES: { label: string; goal: boolean; value(row: BenchRow): number | undefined }[] = [
  { label: 'full wall', goal: true, value: (row) => row.phases.full?.ms },
  { label: 'full CPU', goal: true, value: (row) => row.phases.full?.cpuMs },
  {
    label: 'own stages (all but pdf.js)',
    goal: true,
    value: (row) => {
      const stages: OwnStages | undefined = row.phases.full?.stages;
      return stages && STAGE_COLUMNS.reduce((sum, k) => (k === 'pdf.js' ? sum : sum + (stages[k] ?? 0)), 0);
    },
  },
  { label: 'raw pdfjs wall', goal: false, value: (row) => row.phases.raw?.ms },
];

/** The scaling report: per document ms per page (raw, full, each stage) and the spread along each series. */
export function scalingReport(
  docs: ScalingDocument[],
  responses: Partial<Record<PhaseName, PhaseResponse>>,
  options: BenchOptions,
): string[] {
  const { rows } = buildRows(
    docs.map((d) => d.file),
    responses,
    ['raw', 'full'],
  );
  const header = [
    'series',
    'pages',
    'forms',
    'raw ms/p',
    'full ms/p',
    'full CPU ms/p',
    'full/raw',
    ...STAGE_COLUMNS.map((k) => `${k} ms/p`),
  ];
  const body: string[][] = [header];
  const spread: string[] = [];
  for (const series of ['pages', 'forms'] as const) {
    const inSeries = docs
      .map((doc, i) => ({ doc, row: rows[i]! }))
      .filter(({ doc }) => doc.series === series);
    for (const { doc, row } of inSeries) {
      const stages: OwnStages | undefined = row.phases.full?.stages;
      body.push([
        series,
        String(doc.pages),
        String(doc.forms),
        perPage(row.phases.raw?.ms, doc.pages),
        perPage(row.phases.full?.ms, doc.pages),
        perPage(row.phases.full?.cpuMs, doc.pages),
        row.ratio === undefined ? '-' : `${row.ratio.toFixed(2)}x`,
        ...STAGE_COLUMNS.map((k) => perPage(stages?.[k], doc.pages)),
      ]);
    }
    for (const measure of SPREAD_MEASURES) {
      const perPageValues = inSeries
        .map(({ doc, row }) => {
          const value = measure.value(row);
          return value === undefined ? undefined : value / doc.pages;
        })
        .filter((x): x is number => x !== undefined);
      if (perPageValues.length < 2) continue;
      const first = perPageValues[0]!;
      const worst = perPageValues.reduce((w, x) =>
        Math.abs(x / first - 1) > Math.abs(w / first - 1) ? x : w,
      );
      const from = inSeries[0]!.doc;
      spread.push(
        `${measure.label} ms/page along the ${series} series: ${perPageValues.map((x) => x.toFixed(2)).join(' → ')} ` +
          `(largest departure from the ${series === 'pages' ? `${from.pages}-page` : `${from.forms}-form`} document: ${((worst / first - 1) * 100).toFixed(0)}%${measure.goal ? '; goal within ±20%' : ''})`,
      );
    }
  }
  return [
    `budget-ingest scaling bench: generated disclosures (bench/generate.ts); median of ${options.runs} run(s) after ${options.warmup} warm-up pass(es) and ${options.settle} untimed run(s) of each document; raw and full each in its own child process, run by run in turn`,
    '',
    ...alignTable(body, 1),
    '',
    ...spread,
    '',
    'pages series: forms on a fifth of the pages (two per page), a tenth narrative, the rest expenditure tables of up to three pages;',
    'forms series: the same with the forms fixed and the pages following them. ms/p = median ms per page.',
  ];
}
