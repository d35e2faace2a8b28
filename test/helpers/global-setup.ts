/**
 * Once before the suite: make sure dist/ is built from the current sources (rebuilt when any file under src/
 * is newer), then point worker threads and spawned CLIs at it (`BUDGET_INGEST_WORKER`, `BUDGET_INGEST_CLI`),
 * so each worker thread and child process does not compile the TypeScript sources again. `npm ci` builds
 * dist/ (prepare), so on a fresh clone this only checks. Every temporary folder the tests make lands in one
 * folder for the run (`TMPDIR`, inherited by workers and child processes), removed at teardown.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths.js';

/** Newest modification time of the files below `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  return latest;
}

export default function setup(): () => void {
  const worker = join(ROOT, 'dist/batch/worker.js');
  const cli = join(ROOT, 'dist/cli/bin.js');
  const stale =
    !existsSync(worker) || !existsSync(cli) || statSync(worker).mtimeMs < newest(join(ROOT, 'src'));
  if (stale)
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      { cwd: ROOT, stdio: 'inherit' },
    );
  process.env.BUDGET_INGEST_WORKER = worker;
  process.env.BUDGET_INGEST_CLI = cli;
  // Once for the run, though each vitest project runs this setup; a short name keeps socket paths (Chromium's
  // SingletonSocket, 108 bytes at most) short.
  if (process.env.BUDGET_INGEST_TEST_TMP) return () => {};
  const temp = mkdtempSync(join(tmpdir(), 'bi-test-'));
  process.env.BUDGET_INGEST_TEST_TMP = temp;
  process.env.TMPDIR = temp;
  return () => rmSync(temp, { recursive: true, force: true });
}
