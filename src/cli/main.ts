/**
 * The budget-ingest command line: a thin shell over the library.
 *
 * Exit codes: 0 success; 1 some inputs failed (or, with `--fail-on`, some document has errors / warnings;
 * for `check`, some document has an error); 2 usage error; 3 an output could not be written (disk full,
 * read-only, permission); 130 stopped by a signal (Ctrl-C, SIGTERM, SIGHUP).
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import { convertMany } from '../batch/convert-many.js';
import { OutputError } from '../batch/files.js';
import { findInputs } from '../batch/inputs.js';
import { EXIT, type FailOn, PACKAGE_VERSION, type RunReport, runBatch, UsageError } from '../batch/run.js';
import { parseShard, type Shard } from '../batch/shard.js';
import { formatDiagnostics } from '../check/format.js';
import { DEFAULT_LIMITS, isBudgetIngestError } from '../errors.js';
import { loadGrammars } from '../grammar/load.js';
import { documentJsonSchema } from '../model/json-schema.js';
import { TABLE_KINDS, type TableKind } from '../model/schema.js';
import { type InputFormat, type ParseOptions, safeParseFile } from '../parse.js';
import { readStreamBounded } from '../read-input.js';
import { renderTables } from './inspect.js';
import { addMergeCommand } from './merge-command.js';
import { Progress } from './progress.js';
import { escapeControls, escapeJson, escapeLine } from './terminal.js';
import { addViewCommand } from './view.js';

export { outputName, writeFileAtomic } from '../batch/files.js';
export { EXIT } from '../batch/run.js';

const FORMATS = ['markdown', 'tsv', 'csv', 'html', 'pdf'] as const;

/** Options shared by `convert` and `check`: how inputs are parsed, on how many workers, within which limits. */
interface ParseCliOptions {
  kind?: TableKind;
  format?: InputFormat;
  grammar?: string[];
  jobs: number;
  timeout: number;
  maxMemory?: number;
  maxInput?: number;
}

interface ConvertOptions extends ParseCliOptions {
  out: string;
  pretty: boolean;
  jsonl: boolean;
  resume: boolean;
  overwrite: boolean;
  failOn: FailOn;
  csvRaw: boolean;
  quiet: boolean;
  parquet: boolean;
  csvBom: boolean;
  shard?: Shard;
}

/** Default heap cap per worker, MiB. */
export const DEFAULT_MAX_MEMORY_MB = 2048;

/** A message on stderr, control characters escaped (file names and labels come from the inputs). */
function say(text: string): void {
  process.stderr.write(`${escapeControls(text)}\n`);
}

/**
 * stdout that ends quietly when its reader goes away (`| head`): EPIPE marks it closed and calls `onClose`
 * instead of crashing with a stack trace.
 */
class Stdout {
  closed = false;
  private readonly listeners: (() => void)[] = [];

  constructor() {
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
      if (this.closed) return;
      this.closed = true;
      for (const listener of this.listeners.splice(0)) listener();
    });
  }

  /** Call `listener` once stdout is closed by its reader. */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.listeners.push(listener);
  }

  write(text: string): void {
    if (!this.closed) process.stdout.write(text);
  }
}

let stdoutInstance: Stdout | undefined;
const stdout = (): Stdout => {
  stdoutInstance ??= new Stdout();
  return stdoutInstance;
};

/** Check option values once, before any work: grammar files must exist and be valid. */
function validateGrammars(files: readonly string[] | undefined): void {
  for (const file of files ?? []) {
    if (!existsSync(file) || !statSync(file).isFile())
      throw new UsageError(`--grammar ${file}: no such file`);
    try {
      loadGrammars([file]);
    } catch (error) {
      throw new UsageError(`--grammar ${file}: ${(error as Error).message}`);
    }
  }
}

function parseOptions(
  options: Omit<ParseCliOptions, 'jobs' | 'timeout' | 'maxMemory'>,
): Omit<ParseOptions, 'filename'> {
  validateGrammars(options.grammar);
  const parse: Omit<ParseOptions, 'filename'> = {};
  if (options.maxInput !== undefined) parse.maxFileBytes = options.maxInput * 1024 * 1024;
  if (options.kind) parse.kind = options.kind;
  if (options.format) parse.format = options.format;
  if (options.grammar?.length) parse.grammars = options.grammar;
  return parse;
}

/** Stop signals: the first stops the run cleanly, a second one exits at once (the lock is released on exit). */
function onStopSignals(stop: () => void): () => void {
  let received = 0;
  const handler = () => {
    received++;
    if (received === 1) stop();
    else process.exit(EXIT.interrupted);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The `--fail-on` explanation: which documents tripped it, with their rules (at most 10 listed). */
function reportFailOn(report: RunReport): void {
  if (!report.failOn) return;
  const { level, documents } = report.failOn;
  say(
    `budget-ingest: --fail-on ${level}: ${plural(documents.length, 'document')} ${documents.length === 1 ? 'has' : 'have'} ${level === 'error' ? 'errors' : 'errors or warnings'}:`,
  );
  for (const d of documents.slice(0, 10)) {
    const rules = Object.entries(d.rules)
      .sort((a, b) => b[1] - a[1])
      .map(([rule, n]) => (n > 1 ? `${rule} ×${n}` : rule))
      .join(', ');
    say(`  ${d.file}: ${rules}`);
  }
  if (documents.length > 10)
    say(`  … and ${documents.length - 10} more (run.json "failOn", diagnostics.jsonl)`);
}

async function convert(inputs: string[], options: ConvertOptions): Promise<number> {
  const parse = parseOptions(options);
  const toStdout = options.out === '-';
  const progress = new Progress(process.stderr, { quiet: options.quiet });
  const controller = new AbortController();
  const release = onStopSignals(() => {
    progress.message('budget-ingest: stopping; finished documents are kept (run again with --resume)');
    controller.abort();
  });
  let pipeClosed = false;
  if (toStdout)
    stdout().onClose(() => {
      pipeClosed = true;
      controller.abort();
    });
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
      overwrite: options.overwrite,
      failOn: options.failOn,
      parquet: options.parquet,
      csvBom: options.csvBom,
      ...(options.shard ? { shard: options.shard } : {}),
      csv: { raw: options.csvRaw },
      parse,
      readStdin: (limits) =>
        readStreamBounded(process.stdin, {
          maxBytes: limits.maxBytes,
          deadline: limits.timeoutMs > 0 ? Date.now() + limits.timeoutMs : Number.POSITIVE_INFINITY,
          ...(limits.signal ? { signal: limits.signal } : {}),
          name: 'stdin',
        }),
      writeStdout: (text) => stdout().write(escapeJson(text)),
      signal: controller.signal,
      onEvent: (event) => {
        if (pipeClosed) return;
        if (event.type === 'start') progress.start(event.total);
        else if (event.type === 'stopping')
          progress.message(
            `budget-ingest: stopping: [${event.error.code}] ${escapeLine(event.error.message)}`,
          );
        else if (event.type === 'document') {
          if (event.status === 'failed' && event.error)
            progress.message(
              `budget-ingest: failed ${escapeLine(event.input)}: [${event.error.code}] ${escapeLine(event.error.message)}`,
            );
          progress.update(event.counts);
        }
      },
    });
  } catch (error) {
    if (error instanceof UsageError) {
      say(`budget-ingest: ${error.message}`);
      return EXIT.usage;
    }
    if (error instanceof OutputError) {
      say(`budget-ingest: [${error.code}] ${error.message}; nothing was written`);
      return EXIT.output;
    }
    throw error;
  } finally {
    release();
  }
  if (pipeClosed) {
    progress.finish();
    return EXIT.ok;
  }
  const c = report.counts;
  const d = report.diagnostics;
  const where = toStdout ? 'stdout' : options.out;
  const parts = [`${c.converted} converted`, `${c.skipped} skipped`, `${c.failed} failed`];
  if (c.kept) parts.push(`${c.kept} kept`);
  if (c.ignored) parts.push(`${c.ignored} ignored`);
  if (report.interrupted || report.error) parts.push(`${c.interrupted} not done (stopped)`);
  progress.finish();
  reportFailOn(report);
  if (report.error)
    say(
      `budget-ingest: stopped: [${report.error.code}] ${report.error.message}; finished documents are kept: make room, then run again with --resume`,
    );
  if (!options.quiet)
    say(
      `budget-ingest: ${parts.join(', ')}; ${plural(d.errors, 'error')} (${plural(d.documentsWithErrors, 'document')}), ${plural(d.warnings, 'warning')} (${plural(d.documentsWithWarnings, 'document')}) in ${(report.ms / 1000).toFixed(1)} s → ${where} (exit ${report.exitCode})`,
    );
  return report.exitCode;
}

async function check(inputs: string[], options: ParseCliOptions & { json: boolean }): Promise<number> {
  const parse = parseOptions(options);
  const found = findInputs(inputs);
  if (found.files.length === 0 && found.missing.length === 0) throw new UsageError('no input to check');
  let status: number = EXIT.ok;
  let errors = 0;
  let warnings = 0;
  for (const missing of found.missing) {
    status = EXIT.someFailed;
    say(`budget-ingest: failed ${missing}: [input-unreadable] no such file, folder or matching pattern`);
  }
  const controller = new AbortController();
  const release = onStopSignals(() => controller.abort());
  stdout().onClose(() => controller.abort());
  try {
    const list: ({ name: string; bytes: Uint8Array } | string)[] = [];
    for (const file of found.files) {
      if (file.key !== '-') {
        list.push(file.path);
        continue;
      }
      try {
        const bytes = await readStreamBounded(process.stdin, {
          maxBytes: parse.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes,
          deadline: options.timeout > 0 ? Date.now() + options.timeout * 1000 : Number.POSITIVE_INFINITY,
          signal: controller.signal,
          name: 'stdin',
        });
        list.push({ name: 'stdin', bytes });
      } catch (error) {
        if (controller.signal.aborted) return EXIT.interrupted;
        status = EXIT.someFailed;
        say(`budget-ingest: failed stdin: ${(error as Error).message}`);
      }
    }
    for await (const result of convertMany(list, {
      ...parse,
      concurrency: options.jobs,
      timeout: options.timeout,
      maxMemoryMb: options.maxMemory ?? DEFAULT_MAX_MEMORY_MB,
      ordered: true,
    })) {
      if (controller.signal.aborted) break;
      if (!result.ok || !result.document) {
        status = EXIT.someFailed;
        say(`budget-ingest: failed ${result.input}: [${result.error?.code}] ${result.error?.message}`);
        continue;
      }
      const { document } = result;
      errors += result.stats?.errors ?? 0;
      warnings += result.stats?.warnings ?? 0;
      if (document.diagnostics.some((d) => d.severity === 'error')) status = EXIT.someFailed;
      if (options.json)
        stdout().write(
          escapeJson(
            `${JSON.stringify({ file: result.input, diagnostics: document.diagnostics, checks: document.checks })}\n`,
          ),
        );
      else
        stdout().write(
          escapeControls(
            `# ${result.input}\n${formatDiagnostics(document, { diagnostics: document.diagnostics, coverage: document.checks })}\n`,
          ),
        );
    }
  } finally {
    release();
  }
  if (stdout().closed) return EXIT.ok;
  if (controller.signal.aborted) return EXIT.interrupted;
  say(
    `budget-ingest: checked ${plural(found.files.length, 'input')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`,
  );
  return status;
}

const TABLE_ID = /^t\d+$/;

async function inspect(
  input: string,
  options: { table?: string; format?: InputFormat; kind?: TableKind; grammar?: string[] },
): Promise<number> {
  if (
    options.table &&
    !TABLE_ID.test(options.table) &&
    !(TABLE_KINDS as readonly string[]).includes(options.table)
  )
    throw new UsageError(
      `--table ${options.table}: not a table kind or id; expected a table id (t3) or one of: ${TABLE_KINDS.join(', ')}`,
    );
  const parse = parseOptions(options);
  const result = await safeParseFile(input, parse);
  if (!result.ok) {
    say(`budget-ingest: failed ${input}: [${result.error.code}] ${result.error.message}`);
    return EXIT.someFailed;
  }
  const { document } = result;
  if (options.table && TABLE_ID.test(options.table) && !document.tables.some((t) => t.id === options.table)) {
    say(
      `budget-ingest: ${input} has no table ${options.table}${document.tables.length ? ` (its tables are t1–t${document.tables.length})` : ' (no tables)'}`,
    );
    return EXIT.someFailed;
  }
  stdout().write(renderTables(document, options.table));
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
const kindOption = () =>
  new Option('--kind <kind>', 'table kind for grids without a title (bare TSV fragments)').choices([
    ...TABLE_KINDS,
  ]);

/** The options `convert` and `check` share: parsing, workers and limits. */
function addParseOptions(command: Command): Command {
  return command
    .addOption(kindOption())
    .addOption(formatOption())
    .option('--grammar <file>', 'extra table grammar file (repeatable)', collect)
    .option(
      '-j, --jobs <n>',
      `documents converted in parallel, one worker thread each (default ${availableParallelism()}: the cores)`,
      wholeNumber(1),
      availableParallelism(),
    )
    .option(
      '--timeout <seconds>',
      'time limit per document (stdin: for reading it too); 0: none',
      seconds,
      120,
    )
    .option(
      '--max-input <mb>',
      `largest input read, MiB, for files, pipes, devices and stdin alike (default ${DEFAULT_LIMITS.maxFileBytes / 1024 / 1024})`,
      wholeNumber(1),
    )
    .option(
      '--max-memory <mb>',
      `heap cap per worker in MiB (default ${DEFAULT_MAX_MEMORY_MB})`,
      wholeNumber(16),
    );
}

const examples = (...lines: string[]) => `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;

/** Build the commander program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command('budget-ingest')
    .description('Turn Chinese government budget disclosures into a typed, validated JSON model')
    .version(PACKAGE_VERSION, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => stdout().write(text),
      writeErr: (text) => process.stderr.write(text),
    })
    .addHelpText(
      'after',
      examples('budget-ingest convert scraped/ --out out/', 'budget-ingest <command> --help'),
    );
  addParseOptions(
    program
      .command('convert')
      .description(
        'convert files, folders (recursive) and glob patterns (PDF, markdown, TSV/CSV, HTML; - for stdin) into DIR: <name>.json, summary.csv, tables.csv, diagnostics.jsonl, run.json',
      )
      .argument('<input...>', 'input files, folders, glob patterns or - (stdin)')
      .requiredOption(
        '-o, --out <dir>',
        'output folder (- : documents as JSON Lines on stdout, nothing else)',
      ),
  )
    .option(
      '--pretty',
      'indent the JSON files (finished documents are re-indented, not converted again)',
      false,
    )
    .option('--jsonl', 'write all documents to DIR/documents.jsonl instead of one JSON file each', false)
    .option(
      '--resume',
      'continue the run in DIR: skip inputs converted before with the same content and options',
      false,
    )
    .option('--overwrite', 'replace the outputs of another run found in DIR', false)
    .addOption(
      new Option('--fail-on <level>', 'also exit 1 when a document has a diagnostic of this level')
        .choices(['error', 'warning', 'never'])
        .default('never'),
    )
    .option(
      '--csv-raw',
      'write CSV text as read: no neutralizing of fields that start a spreadsheet formula',
      false,
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
    .addHelpText(
      'after',
      examples(
        "budget-ingest convert scraped/ 'more/**/*.pdf' --out out/ --jobs 4",
        'budget-ingest convert scraped/ --out out/ --resume',
        'budget-ingest convert report.pdf --out - | jq .summary',
      ),
    )
    .action(async (inputs: string[], options: ConvertOptions) => {
      process.exitCode = await convert(inputs, options);
    });
  program
    .command('inspect')
    .description('print every table found in a document as an aligned text grid, to compare with the source')
    .argument('<input>', 'input file')
    .option('--table <kind>', 'only tables of this kind (or with this id, e.g. t3)')
    .addOption(kindOption())
    .addOption(formatOption())
    .option('--grammar <file>', 'extra table grammar file (repeatable)', collect)
    .addHelpText(
      'after',
      examples('budget-ingest inspect report.pdf --table general-budget-basic-expenditure | less -S'),
    )
    .action(async (input: string, options: { table?: string; format?: InputFormat }) => {
      process.exitCode = await inspect(input, options);
    });
  addParseOptions(
    program
      .command('check')
      .description(
        'check inputs (files, folders, glob patterns, - for stdin) for arithmetic, code hierarchy, cross-table and prose-vs-table consistency',
      )
      .argument('<input...>', 'input files, folders, glob patterns or - (stdin)'),
  )
    .option('--json', 'print one JSON object per input (diagnostics and coverage) instead of text', false)
    .addHelpText('after', examples('budget-ingest check scraped/ --json > checks.jsonl'))
    .action(async (inputs: string[], options: ParseCliOptions & { json: boolean }) => {
      process.exitCode = await check(inputs, options);
    });
  addMergeCommand(program);
  addViewCommand(program);
  program
    .command('schema')
    .description('print the JSON Schema of the document model')
    .addHelpText('after', examples('budget-ingest schema > budget-document.schema.json'))
    .action(() => {
      stdout().write(`${JSON.stringify(documentJsonSchema(), null, 2)}\n`);
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
    if (error instanceof UsageError) {
      say(`budget-ingest: ${error.message}`);
      return EXIT.usage;
    }
    if (isBudgetIngestError(error)) {
      say(`budget-ingest: [${error.code}] ${error.message}`);
      return EXIT.someFailed;
    }
    throw error;
  }
}
