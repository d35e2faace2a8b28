/** Command line and input discovery of `npm run bench`. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_RUNS, type PhaseName } from './protocol.js';

/** Repository root (bench/ is one level below it). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Folder of the named corpora (`--corpus NAME`). */
export const CORPORA = resolve(ROOT, '../shared/corpus');
/** Default corpus folder, relative to the repository root. */
export const DEFAULT_CORPUS = resolve(CORPORA, 'dev');
export const SAMPLES_DIR = resolve(ROOT, 'samples/pdf');

/** The timed phases, in run and column order. */
export const TIMED_PHASES: readonly PhaseName[] = ['raw', 'full', 'pdftotext'];

export interface BenchOptions {
  /** Folders (or single PDFs) given on the command line; empty: the default corpus. */
  inputs: string[];
  samples: boolean;
  only?: string;
  runs: number;
  /** Keep timing a file past `runs` until its runs add up to this many ms (see PhaseRequest.minMs). */
  minMs: number;
  /** Untimed runs of each file in each phase right before its timed runs. */
  settle: number;
  warmup: number;
  phases: PhaseName[];
  json?: string;
  /** Batch mode: worker counts to measure (`--jobs 1,2`); absent: the phase timings. */
  jobs?: number[];
  /** Files shown in the per-stage table (highest full/raw first). */
  stageRows: number;
  /** Scaling mode: generated documents of these page counts and form counts. */
  scaling?: { pages: number[]; forms: number[] };
  /** Throughput mode: MB/s of the text formats on generated inputs of about this many MB each. */
  throughput?: number;
  /** Force a full GC before every timed run (the protocol of earlier figures; see PhaseRequest.gcEachRun). */
  gcEachRun: boolean;
  help: boolean;
}

export const USAGE = `usage: npm run bench -- [FOLDER|FILE.pdf ...] [options]

Times, for the same PDFs in one run: raw pdfjs getTextContent, the full parseFile pipeline and
\`pdftotext -layout\` (when on PATH); each phase in its own child process for a per-phase peak RSS.

  FOLDER|FILE.pdf     PDFs to time (a folder: its *.pdf, not recursive).
                      Default: ../shared/corpus/dev (from the repo root) if present.
                      samples/pdf/*.pdf is always added unless --no-samples.
  --corpus NAME|DIR   time ../shared/corpus/NAME (e.g. wild) or the folder DIR; implies --no-samples
  --only SUBSTRING    keep only files whose name contains SUBSTRING
  --runs N            timed runs per file and phase (default 3); the report shows the median
  --min-ms N          and more runs (at most ${MAX_RUNS}) until a file's runs add up to N ms per phase
                      (default 100: a file of a few ms gets the median of many runs; 0: exactly --runs)
  --settle N          untimed runs of each file in each phase right before its timed runs (default 1: the
                      garbage the previous file left is collected there, not in this file's timed runs)
  --warmup N          untimed passes over all files before timing, per phase (default 1)
  --no-warmup         same as --warmup 0
  --phases LIST       comma-separated subset of ${TIMED_PHASES.join(',')} (default: all)
  --no-pdftotext      drop the pdftotext phase
  --no-samples        do not add samples/pdf
  --gc-each-run       force a full GC (untimed) before every timed run; by default files are timed in the
                      steady state of a batch (a forced GC makes V8 recompile regular expressions and cold
                      code on the next run, which no batch pays)
  --json FILE         also write every figure (all samples, memory) as JSON to FILE
  --stages N          files in the per-stage table, highest full/raw first (default 12; 0: none)
  --jobs LIST         batch mode instead: documents/s and pages/s of \`budget-ingest convert\` with each
                      worker count in LIST (e.g. 1,2), pages per CPU-second, peak RSS and each worker's
                      peak heap; --warmup N untimed whole runs first (default 1)
  --scaling [P;F]     scaling mode instead: generated disclosures of P pages (default 50,200,800) and of F
                      per-project forms (default 10,100,1000), raw and full time per page side by side
                      (e.g. --scaling 50,200;10,100)
  --throughput [MB]   throughput mode instead: MB/s of parse() on generated markdown, TSV and HTML inputs of
                      about MB megabytes each (default 8)
  -h, --help          this text`;

function wholeNumber(flag: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min) {
    throw new Error(`${flag} needs a whole number >= ${min}`);
  }
  return n;
}

/** Parse the command line (without `node script`). Throws an Error with a message on bad usage. */
export function parseArgs(argv: string[]): BenchOptions {
  const o: BenchOptions = {
    inputs: [],
    samples: true,
    runs: 3,
    minMs: 100,
    settle: 1,
    warmup: 1,
    phases: [...TIMED_PHASES],
    stageRows: 12,
    gcEachRun: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--only':
        o.only = value();
        break;
      case '--runs':
        o.runs = wholeNumber(arg, argv[++i], 1);
        break;
      case '--min-ms':
        o.minMs = wholeNumber(arg, argv[++i], 0);
        break;
      case '--settle':
        o.settle = wholeNumber(arg, argv[++i], 0);
        break;
      case '--warmup':
        o.warmup = wholeNumber(arg, argv[++i], 0);
        break;
      case '--no-warmup':
        o.warmup = 0;
        break;
      case '--phases': {
        const names = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        for (const name of names) {
          if (!TIMED_PHASES.includes(name as PhaseName)) throw new Error(`unknown phase ${name}`);
        }
        o.phases = TIMED_PHASES.filter((p) => names.includes(p));
        break;
      }
      case '--no-pdftotext':
        o.phases = o.phases.filter((p) => p !== 'pdftotext');
        break;
      case '--no-samples':
        o.samples = false;
        break;
      case '--gc-each-run':
        o.gcEachRun = true;
        break;
      case '--corpus': {
        const name = value();
        const named = resolve(CORPORA, name);
        o.inputs.push(!/[\\/]/.test(name) && existsSync(named) ? named : resolve(name));
        o.samples = false;
        break;
      }
      case '--stages':
        o.stageRows = wholeNumber(arg, argv[++i], 0);
        break;
      case '--scaling': {
        const next = argv[i + 1];
        let spec = '';
        if (next !== undefined && /^[\d,;]+$/.test(next)) {
          spec = next;
          i++;
        }
        const [pages = '', forms = ''] = spec.split(';');
        const list = (text: string, fallback: number[]) =>
          text
            ? text
                .split(',')
                .filter(Boolean)
                .map((n) => wholeNumber('--scaling', n, 1))
            : fallback;
        o.scaling = { pages: list(pages, [50, 200, 800]), forms: list(forms, [10, 100, 1000]) };
        break;
      }
      case '--throughput': {
        const next = argv[i + 1];
        o.throughput = next !== undefined && /^\d+(\.\d+)?$/.test(next) ? Number(argv[++i]) : 8;
        break;
      }
      case '--json':
        o.json = value();
        break;
      case '--jobs':
        o.jobs = value()
          .split(',')
          .map((n) => wholeNumber('--jobs', n.trim(), 1));
        break;
      case '-h':
      case '--help':
        o.help = true;
        break;
      default:
        if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
        o.inputs.push(arg);
    }
  }
  return o;
}

function pdfsIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.toLowerCase().endsWith('.pdf'))
    .sort()
    .map((name) => join(dir, name));
}

/** The PDFs to time (absolute, de-duplicated, in order) and remarks on where they came from. */
export function collectInputs(o: BenchOptions): { files: string[]; notes: string[] } {
  const notes: string[] = [];
  const sources: string[] = [];
  if (o.inputs.length > 0) {
    sources.push(...o.inputs.map((p) => resolve(p)));
  } else if (existsSync(DEFAULT_CORPUS)) {
    sources.push(DEFAULT_CORPUS);
  } else {
    notes.push(`corpus folder ${DEFAULT_CORPUS} is absent: timing samples/pdf only`);
  }
  if (o.samples) sources.push(SAMPLES_DIR);
  const files: string[] = [];
  for (const source of sources) {
    if (!existsSync(source)) throw new Error(`no such file or folder: ${source}`);
    const found = statSync(source).isDirectory() ? pdfsIn(source) : [source];
    for (const file of found) if (!files.includes(file)) files.push(file);
  }
  const kept = o.only === undefined ? files : files.filter((f) => f.split(/[\\/]/).pop()!.includes(o.only!));
  if (o.only !== undefined)
    notes.push(`--only ${JSON.stringify(o.only)}: ${kept.length} of ${files.length} files`);
  return { files: kept, notes };
}
