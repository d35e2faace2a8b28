/**
 * Progress for batch conversion on stderr: on a terminal one line rewritten in place (`\r`), elsewhere a
 * plain line every 10 documents or 5 seconds. Never on stdout.
 */
import type { RunCounts } from '../batch/run.js';

/** Where progress goes and how often. */
export interface ProgressOptions {
  /** Write nothing but `message` lines. */
  quiet?: boolean;
  /** Rewrite one line (default: stream.isTTY). */
  tty?: boolean;
  /** Plain mode: a line every N documents (default 10). */
  everyDocuments?: number;
  /** Plain mode: a line at least every N ms while something changed (default 5000). */
  everyMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The progress display. */
export class Progress {
  private readonly stream: NodeJS.WritableStream & { columns?: number; isTTY?: boolean };
  private readonly quiet: boolean;
  private readonly tty: boolean;
  private readonly everyDocuments: number;
  private readonly everyMs: number;
  private readonly now: () => number;
  private started = 0;
  private total = 0;
  private counts: RunCounts | undefined;
  private lastLine = 0;
  private lastDone = 0;
  private lastRender = 0;
  private onLine = false;
  private timer: NodeJS.Timeout | undefined;
  private printed = '';

  constructor(
    stream: NodeJS.WritableStream & { columns?: number; isTTY?: boolean },
    options: ProgressOptions = {},
  ) {
    this.stream = stream;
    this.quiet = options.quiet ?? false;
    this.tty = options.tty ?? Boolean(stream.isTTY);
    this.everyDocuments = options.everyDocuments ?? 10;
    this.everyMs = options.everyMs ?? 5000;
    this.now = options.now ?? (() => Date.now());
  }

  /** The run begins with `total` inputs. */
  start(total: number): void {
    this.started = this.now();
    this.lastLine = this.started;
    this.total = total;
    if (this.quiet) return;
    if (this.tty) this.render();
    else {
      this.timer = setInterval(() => this.tick(), Math.min(this.everyMs, 1000));
      this.timer.unref();
    }
  }

  /** The current status line. */
  line(): string {
    const c = this.counts;
    if (!c) return `budget-ingest: 0/${this.total}`;
    const finished = c.converted + c.failed + c.skipped;
    const worked = c.converted + c.failed;
    const seconds = (this.now() - this.started) / 1000;
    const rate = seconds > 0 ? worked / seconds : 0;
    const remaining = this.total - finished;
    const eta = rate > 0 ? duration(remaining / rate) : '?';
    return `budget-ingest: ${finished}/${this.total} (${c.converted} converted, ${c.failed} failed, ${c.skipped} skipped) ${rate.toFixed(1)} docs/s, ETA ${eta}`;
  }

  /** New counts after a document. */
  update(counts: RunCounts): void {
    this.counts = counts;
    if (this.quiet) return;
    const finished = counts.converted + counts.failed + counts.skipped;
    if (this.tty) {
      if (this.now() - this.lastRender < 100 && finished < this.total) return;
      this.lastRender = this.now();
      this.render();
    } else if (finished - this.lastDone >= this.everyDocuments) this.plain();
  }

  private tick(): void {
    const c = this.counts;
    if (!c) return;
    const finished = c.converted + c.failed + c.skipped;
    if (finished !== this.lastDone && this.now() - this.lastLine >= this.everyMs) this.plain();
  }

  private plain(): void {
    const c = this.counts;
    this.lastDone = c ? c.converted + c.failed + c.skipped : 0;
    this.lastLine = this.now();
    this.stream.write(`${this.line()}\n`);
  }

  private render(): void {
    const columns = this.stream.columns ?? 0;
    let text = this.line();
    if (columns > 10 && text.length > columns - 1) text = `${text.slice(0, columns - 2)}…`;
    this.printed = text;
    this.stream.write(`\r\x1b[K${text}`);
    this.onLine = true;
  }

  /** Print a message line (a failure), keeping the progress line below it on a terminal. */
  message(text: string): void {
    if (this.tty && this.onLine) this.stream.write('\r\x1b[K');
    this.stream.write(`${text}\n`);
    if (this.tty && this.onLine && !this.quiet) this.stream.write(`\r\x1b[K${this.printed}`);
  }

  /** The run is over: final status line, then `summary` unless quiet. */
  finish(summary?: string): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.quiet) return;
    if (this.tty) {
      this.render();
      this.stream.write('\n');
      this.onLine = false;
    } else if (
      this.counts &&
      this.lastDone !== this.counts.converted + this.counts.failed + this.counts.skipped
    )
      this.plain();
    if (summary) this.stream.write(`${summary}\n`);
  }
}
