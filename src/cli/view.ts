/**
 * `budget-ingest view FILE... --out DIR`: a static review of every table beside its page (src/view/).
 * Kept apart from the other commands: main.ts only calls {@link addViewCommand}.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { TableKind } from '../model/schema.js';
import { TABLE_KINDS } from '../model/schema.js';
import type { InputFormat, ParseOptions } from '../parse.js';
import { buildReviews } from '../view/build.js';

interface ViewOptions {
  out: string;
  jobs?: number;
  images: boolean;
  width: number;
  format?: InputFormat;
  kind?: TableKind;
  grammar?: string[];
  quiet: boolean;
}

const FORMATS = ['markdown', 'tsv', 'csv', 'html', 'pdf'] as const;

function pixels(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 200 || n > 4000)
    throw new InvalidArgumentError('expected a width in pixels (200–4000)');
  return n;
}

function jobs(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new InvalidArgumentError('expected a whole number 1–64');
  return n;
}

/** Run `view`; resolves to the exit code (0 all built, 1 some failed, 2 nothing to review). */
export async function runView(inputs: string[], options: ViewOptions): Promise<number> {
  const parse: Omit<ParseOptions, 'filename'> = {};
  if (options.format) parse.format = options.format;
  if (options.kind) parse.kind = options.kind;
  if (options.grammar?.length) parse.grammars = options.grammar;
  const say = (line: string) => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  const report = await buildReviews({
    inputs,
    out: options.out,
    parse,
    images: options.images,
    width: options.width,
    ...(options.jobs ? { jobs: options.jobs } : {}),
    onDocument: (e) => {
      if (e.status === 'failed')
        process.stderr.write(`budget-ingest: failed ${e.input}: [${e.error?.code}] ${e.error?.message}\n`);
      else
        say(
          `budget-ingest: ${e.file}: ${e.tables} tables, ${e.errors} errors, ${e.warnings} warnings, ${e.images} page images, ${((e.bytes ?? 0) / 1e6).toFixed(1)} MB in ${(e.ms / 1000).toFixed(1)} s → ${e.name}/index.html`,
        );
    },
  });
  if (report.textOnly && options.images)
    process.stderr.write(`budget-ingest: text-only review: ${report.textOnly}\n`);
  if (report.entries.length === 0) {
    process.stderr.write('budget-ingest: no input found\n');
    return 2;
  }
  const failed = report.entries.filter((e) => e.status === 'failed').length;
  const bytes = report.entries.reduce((sum, e) => sum + (e.bytes ?? 0), 0);
  say(
    `budget-ingest: ${report.entries.length - failed} reviews, ${failed} failed, ${(bytes / 1e6).toFixed(1)} MB in ${(report.ms / 1000).toFixed(1)} s → ${report.index}`,
  );
  return failed > 0 ? 1 : 0;
}

/** Add the `view` command to the program. */
export function addViewCommand(program: Command): void {
  program
    .command('view')
    .description(
      'write a static review per document into DIR: every table beside its page image (or source lines), cell boxes, diagnostics, summary sources; DIR/index.html lists them',
    )
    .argument('<input...>', 'input files, folders or glob patterns')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option('--no-images', 'no page images: page outlines with the cell boxes only')
    .option('--width <px>', 'page image width in pixels', pixels, 1200)
    .option('-j, --jobs <n>', 'threads rendering page images (default: the cores)', jobs)
    .addOption(new Option('--format <format>', 'force the input format').choices([...FORMATS]))
    .addOption(
      new Option('--kind <kind>', 'table kind for grids without a title (bare TSV fragments)').choices([
        ...TABLE_KINDS,
      ]),
    )
    .option('--grammar <file>', 'extra table grammar file (repeatable)', (v: string, p: string[] = []) => [
      ...p,
      v,
    ])
    .option('-q, --quiet', 'no progress lines (failures are still reported)', false)
    .action(async (inputs: string[], options: ViewOptions) => {
      process.exitCode = await runView(inputs, options);
    });
}
