/**
 * Running the CLI in tests: in this process (`main`, no start-up cost: the modules are loaded already) with
 * stdout and stderr captured, or as a child process where a test needs one (signals, stdin, kill).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ROOT } from './paths.js';

/** The CLI entry and the tsx binary that runs it from source. */
export const CLI = join(ROOT, 'src/cli/bin.ts');
export const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** What a CLI run gave: its exit code and what it wrote. */
export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in this process with stdout and stderr captured. */
export async function cli(args: string[]): Promise<CliResult> {
  const stderr: string[] = [];
  const stdout: string[] = [];
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  try {
    const status = await main(['node', 'budget-ingest', ...args]);
    return { status, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    err.mockRestore();
    out.mockRestore();
    process.exitCode = undefined;
  }
}

/** Run the CLI as a child process (the built CLI when the suite set one up, else tsx), optionally with stdin. */
export function spawnCli(args: string[], input?: string): CliResult {
  const built = process.env.BUDGET_INGEST_CLI;
  const [command, first] = built ? [process.execPath, built] : [TSX, CLI];
  const result = spawnSync(command, [first, ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    ...(input !== undefined ? { input } : {}),
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Every file below `dir` (relative paths, hidden ones included), sorted. */
export function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

/** A fresh temporary folder. */
export const tmp = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));
/** A JSON file, parsed. */
export const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
/** The lines of a CSV file (no trailing empty line). */
export const csvLines = (path: string): string[] => readFileSync(path, 'utf8').trimEnd().split('\n');
