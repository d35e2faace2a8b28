#!/usr/bin/env node
/**
 * Executable entry of the `budget-ingest` command.
 */
import { main } from './main.js';
import { escapeControls } from './terminal.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `budget-ingest: ${escapeControls(error instanceof Error ? error.message : String(error))}\n`,
    );
    process.exitCode = 1;
  },
);
