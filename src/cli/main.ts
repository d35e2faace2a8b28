/**
 * The budget-ingest command line: a thin shell over the library.
 *
 * Exit codes: 0 every input converted (check: and no check failed with an error); 1 some inputs failed or, for
 * `check`, some document has errors; 2 usage error.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatDiagnostics } from '../check/format.js';
import { summaryCsvHeader, summaryCsvRow } from '../emit/csv.js';
import { documentJsonSchema } from '../model/json-schema.js';
import { TABLE_KINDS, type TableKind } from '../model/schema.js';
import { type InputFormat, type ParseOptions, safeParseFile } from '../parse.js';

/** Exit codes of the CLI (documented in the README). */
export const EXIT = { ok: 0, someFailed: 1, usage: 2 } as const;

/** Write a file atomically: a temporary sibling renamed into place, so a stopped run leaves no half file. */
export function writeFileAtomic(path: string, data: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/** Output base name for an input: its file name without extension, made safe and unique in the run. */
export function outputName(input: string, taken: Set<string>): string {
  const stem =
    [...basename(input, extname(input))]
      .map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
      .join('') || 'document';
  let name = stem;
  for (let n = 2; taken.has(name); n++) name = `${stem}-${n}`;
  taken.add(name);
  return name;
}

interface ConvertOptions {
  out: string;
  kind?: TableKind;
  format?: InputFormat;
  grammar?: string[];
  pretty: boolean;
}

async function convert(inputs: string[], options: ConvertOptions): Promise<number> {
  mkdirSync(options.out, { recursive: true });
  const parseOptions: ParseOptions = {};
  if (options.kind) parseOptions.kind = options.kind;
  if (options.format) parseOptions.format = options.format;
  if (options.grammar?.length) parseOptions.grammars = options.grammar;
  const taken = new Set<string>();
  const summary = [summaryCsvHeader()];
  let failed = 0;
  for (const input of inputs) {
    const result = await safeParseFile(input, parseOptions);
    if (!result.ok) {
      failed++;
      process.stderr.write(
        `budget-ingest: failed ${input}: [${result.error.code}] ${result.error.message}\n`,
      );
      continue;
    }
    const name = outputName(input, taken);
    writeFileAtomic(
      join(options.out, `${name}.json`),
      `${JSON.stringify(result.document, null, options.pretty ? 2 : undefined)}\n`,
    );
    summary.push(summaryCsvRow(result.document, basename(input)));
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
    process.stderr.write(
      `budget-ingest: ${input} → ${name}.json (${result.document.tables.length} tables, ${errors} errors, ${warnings} warnings)\n`,
    );
  }
  writeFileAtomic(join(options.out, 'summary.csv'), `${summary.join('\n')}\n`);
  return failed ? EXIT.someFailed : EXIT.ok;
}

async function check(inputs: string[], options: { json: boolean; format?: InputFormat }): Promise<number> {
  let status: number = EXIT.ok;
  for (const input of inputs) {
    const result = await safeParseFile(input, options.format ? { format: options.format } : {});
    if (!result.ok) {
      status = EXIT.someFailed;
      process.stderr.write(
        `budget-ingest: failed ${input}: [${result.error.code}] ${result.error.message}\n`,
      );
      continue;
    }
    const { document } = result;
    if (document.diagnostics.some((d) => d.severity === 'error')) status = EXIT.someFailed;
    if (options.json)
      process.stdout.write(
        `${JSON.stringify({ file: input, diagnostics: document.diagnostics, checks: document.checks })}\n`,
      );
    else
      process.stdout.write(
        `# ${input}\n${formatDiagnostics(document, { diagnostics: document.diagnostics, coverage: document.checks })}\n`,
      );
  }
  return status;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Build the commander program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command('budget-ingest')
    .description('Turn Chinese government budget disclosures into a typed, validated JSON model')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program
    .command('convert')
    .description('convert inputs (PDF, markdown, TSV/CSV, HTML) to DIR/<name>.json and DIR/summary.csv')
    .argument('<input...>', 'input files')
    .requiredOption('-o, --out <dir>', 'output folder')
    .addOption(
      new Option('--kind <kind>', 'table kind for grids without a title (bare TSV fragments)').choices([
        ...TABLE_KINDS,
      ]),
    )
    .addOption(
      new Option('--format <format>', 'force the input format').choices([
        'markdown',
        'tsv',
        'csv',
        'html',
        'pdf',
      ]),
    )
    .option('--grammar <file>', 'extra table grammar file (repeatable)', collect)
    .option('--pretty', 'indent the JSON output', false)
    .action(async (inputs: string[], options: ConvertOptions) => {
      process.exitCode = await convert(inputs, options);
    });
  program
    .command('check')
    .description('check inputs for arithmetic, code hierarchy, cross-table and prose-vs-table consistency')
    .argument('<input...>', 'input files')
    .option('--json', 'print one JSON object per input (diagnostics and coverage) instead of text', false)
    .addOption(
      new Option('--format <format>', 'force the input format').choices([
        'markdown',
        'tsv',
        'csv',
        'html',
        'pdf',
      ]),
    )
    .action(async (inputs: string[], options: { json: boolean; format?: InputFormat }) => {
      process.exitCode = await check(inputs, options);
    });
  program
    .command('schema')
    .description('print the JSON Schema of the document model')
    .action(() => {
      process.stdout.write(`${JSON.stringify(documentJsonSchema(), null, 2)}\n`);
    });
  return program;
}

/** Run the CLI with `argv` (as process.argv); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help')
      return EXIT.ok;
    if (typeof code === 'string' && code.startsWith('commander.')) return EXIT.usage;
    if (error instanceof InvalidArgumentError) return EXIT.usage;
    throw error;
  }
}
