/**
 * The `merge` command: combine the output folders of several runs (the shards of one corpus) into one.
 */
import type { Command } from 'commander';
import { mergeRuns } from '../batch/merge-runs.js';
import { UsageError } from '../batch/run.js';

/** Add `merge OUT... --out DIR [--parquet] [--csv-bom]` to the program. */
export function addMergeCommand(program: Command): void {
  program
    .command('merge')
    .description(
      'combine the output folders of several runs (e.g. the shards of convert --shard K/N) into one folder, as one run over all inputs would have written it',
    )
    .argument('<folder...>', 'output folders of finished convert runs')
    .requiredOption('-o, --out <dir>', 'folder to write (created; must not hold a run)')
    .option('--parquet', 'write summary.parquet and tables.parquet (default: when every run did)')
    .option('--csv-bom', 'start the CSVs with a UTF-8 byte order mark (default: when every run did)')
    .action(async (folders: string[], options: { out: string; parquet?: boolean; csvBom?: boolean }) => {
      try {
        const report = await mergeRuns(folders, options.out, {
          ...(options.parquet ? { parquet: true } : {}),
          ...(options.csvBom ? { csvBom: true } : {}),
        });
        const c = report.counts;
        process.stderr.write(
          `budget-ingest: merged ${folders.length} folders: ${report.documents.length} documents (${c.converted} converted, ${c.skipped} skipped, ${c.failed} failed) → ${options.out}\n`,
        );
        process.exitCode = report.exitCode;
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        process.stderr.write(`budget-ingest: ${error.message}\n`);
        process.exitCode = 2;
      }
    });
}
