/**
 * The budget-ingest command line: a thin shell over the library.
 *
 * Exit codes: 0 success; 1 some inputs failed (or, with `--fail-on`, some document has errors / warnings;
 * for `check`, some document has an error); 2 usage error; 130 stopped by Ctrl-C (convert).
 */
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type FailOn, type RunReport, runBatch, UsageError } from '../batch/run.js';
import { parseShard, type Shard } from '../batch/shard.js';
import { formatDiagnostics } from '../check/format.js';
import { documentJsonSchema } from '../model/json-schema.js';
import { TABLE_KINDS, type TableKind } from '../model/schema.js';
import { type InputFormat, type ParseOptions, safeParseFile } from '../parse.js';
import { renderTables } from './inspect.js';
import { addMergeCommand } from './merge-command.js';
import { Progress } from './progress.js';
import { addViewCommand } from './view.js';

export { outputName, writeFileAtomic } from '../batch/files.js';

/** Exit codes of the CLI (documented in the README). */
export const EXIT = { ok: 0, someFailed: 1, usage: 2, interrupted: 130 } as const;

const FORMATS = ['markdown', 'tsv', 'csv', 'html', 'pdf'] as const;

interface ConvertOptions {
  out: string;
  kind?: TableKind;
  format?: InputFormat;
  grammar?: string[];
  pretty: boolean;
  jsonl: boolean;
  jobs: number;
  timeout: number;
  maxMemory?: number;
  resume: boolean;
  failOn: FailOn;
  quiet: boolean;
  parquet: boolean;
  csvBom: boolean;
  shard?: Shard;
}

/** Default heap cap per worker, MiB. */
export const DEFAULT_MAX_MEMORY_MB = 2048;

function readStdin(): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    process.stdin.on('error', reject);
  });
}

async function convert(inputs: string[], options: ConvertOptions): Promise<number> {
  const parse: Omit<ParseOptions, 'filename'> = {};
  if (options.kind) parse.kind = options.kind;
  if (options.format) parse.format = options.format;
  if (options.grammar?.length) parse.grammars = options.grammar;
  const progress = new Progress(process.stderr, { quiet: options.quiet });
  const controller = new AbortController();
  const onSignal = () => {
    progress.message('budget-ingest: stopping; finished documents are kept (run again with --resume)');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let report: RunReport;
  try {
    report = await runBatch({
      inputs,
      out: options.out,
      jsonl: options.jsonl,
      pretty: options.pretty,
      jobs: options.jobs,
      timeout: options.timeout,
      maxMemoryMb: options.maxMemory ?? DEFAULT_MAX_MEMORY_MB,
      resume: options.resume,
      failOn: options.failOn,
      parquet: options.parquet,
      csvBom: options.csvBom,
      ...(options.shard ? { shard: options.shard } : {}),
      parse,
      readStdin,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'start') progress.start(event.total);
        else if (event.type === 'document') {
          if (event.status === 'failed' && event.error)
            progress.message(
              `budget-ingest: failed ${event.input}: [${event.error.code}] ${event.error.message}`,
            );
          progress.update(event.counts);
        }
      },
    });
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`budget-ingest: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const c = report.counts;
  const where = options.out === '-' ? 'stdout' : options.out;
  progress.finish(
    `budget-ingest: ${c.converted} converted, ${c.skipped} skipped, ${c.failed} failed${c.ignored ? `, ${c.ignored} ignored` : ''}${report.interrupted ? `, ${c.interrupted} not done (stopped)` : ''} in ${(report.ms / 1000).toFixed(1)} s → ${where} (exit ${report.exitCode})`,
  );
  return report.exitCode;
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

async function inspect(input: string, options: { table?: string; format?: InputFormat }): Promise<number> {
  const result = await safeParseFile(input, options.format ? { format: options.format } : {});
  if (!result.ok) {
    process.stderr.write(`budget-ingest: failed ${input}: [${result.error.code}] ${result.error.message}\n`);
    return EXIT.someFailed;
  }
  process.stdout.write(renderTables(result.document, options.table));
  return EXIT.ok;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function wholeNumber(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`expected a whole number >= ${min}`);
    return n;
  };
}

function seconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n))
    throw new InvalidArgumentError('expected seconds (0: no limit)');
  return n;
}

const formatOption = () => new Option('--format <format>', 'force the input format').choices([...FORMATS]);

/** Build the commander program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command('budget-ingest')
    .description('Turn Chinese government budget disclosures into a typed, validated JSON model')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  program
    .command('convert')
    .description(
      'convert files, folders (recursive) and glob patterns (PDF, markdown, TSV/CSV, HTML; - for stdin) into DIR: <name>.json, summary.csv, tables.csv, diagnostics.jsonl, run.json',
    )
    .argument('<input...>', 'input files, folders, glob patterns or - (stdin)')
    .requiredOption('-o, --out <dir>', 'output folder (- : documents as JSON Lines on stdout, nothing else)')
    .addOption(
      new Option('--kind <kind>', 'table kind for grids without a title (bare TSV fragments)').choices([
        ...TABLE_KINDS,
      ]),
    )
    .addOption(formatOption())
    .option('--grammar <file>', 'extra table grammar file (repeatable)', collect)
    .option('--pretty', 'indent the JSON output', false)
    .option('--jsonl', 'write all documents to DIR/documents.jsonl instead of one JSON file each', false)
    .option(
      '-j, --jobs <n>',
      `documents converted in parallel, one worker thread each (default ${availableParallelism()}: the cores)`,
      wholeNumber(1),
      availableParallelism(),
    )
    .option('--timeout <seconds>', 'time limit per document; 0: none', seconds, 120)
    .option(
      '--max-memory <mb>',
      `heap cap per worker in MiB (default ${DEFAULT_MAX_MEMORY_MB})`,
      wholeNumber(16),
    )
    .option('--resume', 'skip inputs converted before into DIR with the same content and options', false)
    .addOption(
      new Option('--fail-on <level>', 'also exit 1 when a document has a diagnostic of this level')
        .choices(['error', 'warning', 'never'])
        .default('never'),
    )
    .option('-q, --quiet', 'no progress (failures are still reported)', false)
    .option('--parquet', 'also write summary.parquet and tables.parquet (typed: DECIMAL amounts)', false)
    .option('--csv-bom', 'start summary.csv and tables.csv with a UTF-8 byte order mark (Excel)', false)
    .option(
      '--shard <k/n>',
      'convert only share K of N of the inputs (by path; see merge)',
      (value: string) => {
        try {
          return parseShard(value);
        } catch (error) {
          throw new InvalidArgumentError((error as Error).message);
        }
      },
    )
    .action(async (inputs: string[], options: ConvertOptions) => {
      process.exitCode = await convert(inputs, options);
    });
  program
    .command('inspect')
    .description('print every table found in a document as an aligned text grid, to compare with the source')
    .argument('<input>', 'input file')
    .option('--table <kind>', 'only tables of this kind (or with this id, e.g. t3)')
    .addOption(formatOption())
    .action(async (input: string, options: { table?: string; format?: InputFormat }) => {
      process.exitCode = await inspect(input, options);
    });
  program
    .command('check')
    .description('check inputs for arithmetic, code hierarchy, cross-table and prose-vs-table consistency')
    .argument('<input...>', 'input files')
    .option('--json', 'print one JSON object per input (diagnostics and coverage) instead of text', false)
    .addOption(formatOption())
    .action(async (inputs: string[], options: { json: boolean; format?: InputFormat }) => {
      process.exitCode = await check(inputs, options);
    });
  addMergeCommand(program);
  addViewCommand(program);
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
  process.exitCode = undefined;
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
