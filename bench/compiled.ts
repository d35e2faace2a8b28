/**
 * The bench's child processes run the library compiled by tsc (into `.bench-build/`), with plain node: no
 * TypeScript loader. A loader such as tsx keeps a thread of its own, the transformed sources and their source
 * maps in memory, which an installed package never pays: measured on the largest wild file it added about
 * 250 MB to a phase child's peak RSS, more than the figure being compared.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './options.js';

/** Where tsconfig.bench.json compiles `src/` and `bench/` to. */
export const BUILD_DIR = join(ROOT, '.bench-build');

/** What compiled modules find beside them as in the repository: grammars/, assets/ and package.json. */
const LINKED = ['grammars', 'assets', 'package.json'];

/** Held (a directory: made atomically) while one bench process compiles; another waits for it. */
const LOCK = `${BUILD_DIR}.lock`;

/** A lock older than this is left over from a killed bench and taken over, ms. */
const STALE_LOCK_MS = 5 * 60_000;

let built = false;

/** Sleep synchronously (the bench has nothing else to do while another process compiles). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Run `compile` holding {@link LOCK}, so that two benches started together (the tests) never write at once. */
function withLock(compile: () => void): void {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      else sleep(100);
    }
  }
  try {
    compile();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Compile (incrementally: a few seconds when nothing changed) and return the path of a bench module's
 * compiled `.js` (`name` without extension, e.g. `phase`). Throws with tsc's output when it fails.
 */
export function compiledBenchModule(name: string): string {
  if (!built) {
    withLock(() => {
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      const run = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.bench.json')], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      if (run.status !== 0) {
        throw new Error(`bench: tsc -p tsconfig.bench.json failed:\n${run.stdout}${run.stderr}`);
      }
      mkdirSync(BUILD_DIR, { recursive: true });
      for (const entry of LINKED) {
        const link = join(BUILD_DIR, entry);
        if (!lstatSync(link, { throwIfNoEntry: false })) symlinkSync(join(ROOT, entry), link);
      }
    });
    built = true;
  }
  return join(BUILD_DIR, 'bench', `${name}.js`);
}
