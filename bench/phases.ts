/**
 * The measurable phases. Each one is a `runOnce(file)` the child runner (phase.ts) times; the runner,
 * not the phase, decides warm-up, repetitions and (later) concurrency, so a batch `--jobs N` mode can
 * reuse these definitions unchanged. Library modules are imported lazily (cached after the first run,
 * which the warm-up pass absorbs) so each phase child only loads what that phase needs: its peak RSS
 * is then the phase's own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { StageTimings } from '../src/timings.js';
import type { PhaseName } from './protocol.js';

/** What one run of a phase reports besides its time. */
export interface RunInfo {
  pages?: number;
  /** Stage times of the run (full phase). */
  stages?: StageTimings;
}

export interface Phase {
  name: PhaseName;
  /** Column label in the table. */
  label: string;
  /** One-line description of exactly what is timed (printed under the table). */
  describes: string;
  /** Run once on one file; throws on failure. */
  runOnce(file: string): Promise<RunInfo>;
  /** Optional per-file, untimed probe of an external process's peak RSS (KiB). */
  externalMaxRssKb?(file: string): number | undefined;
  /** Remarks for the report (tool versions …). */
  notes?(): string[];
}

/**
 * Raw pdfjs: read the file, open it through the library's own `withPdfDocument` (so the getDocument
 * options are exactly the library's: legacy build, packed CMaps, standard fonts, isEvalSupported false,
 * stopAtErrors false, ERRORS verbosity), getTextContent on every page (getPage … page.cleanup(), as the
 * extractor does), destroy.
 */
const raw: Phase = {
  name: 'raw',
  label: 'raw pdfjs',
  describes:
    'readFile + pdfjs getDocument (library options) + getPage/getTextContent/cleanup on every page + destroy',
  async runOnce(file) {
    const { withPdfDocument } = await import('../src/extract/pdf/open-document.js');
    const bytes = new Uint8Array(await readFile(file));
    const pages = await withPdfDocument(bytes, basename(file), async (doc) => {
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        try {
          await page.getTextContent();
        } finally {
          page.cleanup();
        }
      }
      return doc.numPages;
    });
    return { pages };
  },
  notes() {
    return [];
  },
};

/** Full pipeline: the public `parseFile` (read → pdfjs text + rulings → layout → grammar → validated model). */
const full: Phase = {
  name: 'full',
  label: 'full parseFile',
  describes:
    'parseFile(path, {timings: true}): readFile + PDF layout (one operator-list pass: text runs + rulings) + AST + model + checks',
  async runOnce(file) {
    const { parseFile } = await import('../src/index.js');
    const result = await parseFile(file, { timings: true });
    const pages = result.layout.pageCount;
    return {
      ...(pages === undefined ? {} : { pages }),
      ...(result.timings ? { stages: result.timings } : {}),
    };
  },
};

const TIME_BIN = '/usr/bin/time';

/** True when `pdftotext` runs (poppler-utils). */
export function pdftotextAvailable(): boolean {
  const probe = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0;
}

/** `pdftotext -layout FILE -`, output captured (not written to disk); process start-up is included. */
const pdftotext: Phase = {
  name: 'pdftotext',
  label: 'pdftotext -layout',
  describes: 'spawn `pdftotext -layout FILE -` and read its stdout (process start-up included)',
  async runOnce(file) {
    const out = spawnSync('pdftotext', ['-layout', file, '-'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (out.error) throw out.error;
    if (out.status !== 0)
      throw new Error(`pdftotext exited ${out.status}: ${out.stderr.trim().slice(0, 200)}`);
    // pdftotext ends every page with a form feed.
    const pages = out.stdout.split('\f').length - 1;
    return pages > 0 ? { pages } : {};
  },
  externalMaxRssKb(file) {
    if (!existsSync(TIME_BIN)) return undefined;
    const out = spawnSync(TIME_BIN, ['-f', '%M', 'pdftotext', '-layout', file, '-'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const last = out.stderr.trim().split('\n').pop() ?? '';
    return /^\d+$/.test(last) ? Number(last) : undefined;
  },
  notes() {
    const v = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
    const version = `${v.stderr}${v.stdout}`.split('\n')[0]?.trim();
    const notes = version ? [version] : [];
    if (!existsSync(TIME_BIN)) notes.push(`${TIME_BIN} not found: no pdftotext peak RSS`);
    return notes;
  },
};

/** Does nothing: the RSS/heap floor of a child (node + tsx loader) to read the other phases against. */
const baseline: Phase = {
  name: 'baseline',
  label: 'baseline',
  describes: 'an idle child (node + tsx loader, no PDF work): the memory floor',
  async runOnce() {
    return {};
  },
};

export const PHASES: Record<PhaseName, Phase> = { raw, full, pdftotext, baseline };
