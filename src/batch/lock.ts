/**
 * The output folder's lock: proper-lockfile (an atomic `mkdir` of `DIR/.budget-ingest.lock`, its mtime kept
 * fresh while the run lasts, released on exit and on signals through signal-exit), plus an owner file naming
 * the pid and host, so that a lock left by a process that died on this machine (SIGKILL, power loss) is taken
 * over at once instead of after the stale time.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type ProperLockfile from 'proper-lockfile';

/** proper-lockfile (CommonJS), required on first use so bundles of the parse API never load it. */
const lockfileModule = (): typeof ProperLockfile =>
  createRequire(import.meta.url)('proper-lockfile') as typeof ProperLockfile;

/** Folder proper-lockfile creates inside the output folder. */
export const LOCK_NAME = '.budget-ingest.lock';
/** Who holds the lock: `{pid, host}`. */
export const LOCK_OWNER_NAME = '.budget-ingest.lock.owner';
/** A lock whose mtime is older than this is stale (its owner stopped refreshing it: hung or gone). */
const STALE_MS = 30_000;

/** The folder is in use by another live run. */
export class LockedError extends Error {
  constructor(
    readonly folder: string,
    readonly pid: number | undefined,
  ) {
    super(`${folder} is in use by another budget-ingest run${pid ? ` (pid ${pid})` : ''}`);
    this.name = 'LockedError';
  }
}

interface Owner {
  pid: number;
  host: string;
}

function readOwner(out: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(join(out, LOCK_OWNER_NAME), 'utf8')) as Partial<Owner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string'
      ? { pid: owner.pid, host: owner.host }
      : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A held lock: `release()` frees it (idempotent); `compromised` is set when the lock was lost meanwhile. */
export interface FolderLock {
  release(): void;
  compromised: Error | undefined;
}

/**
 * Lock the output folder. Throws `LockedError` when a live run holds it; a lock whose owner died on this
 * host is taken over. File-system errors (read-only, permission) are thrown as they are.
 */
export async function lockFolder(out: string, onCompromised?: (error: Error) => void): Promise<FolderLock> {
  const path = join(out, LOCK_NAME);
  const held: FolderLock = { release: () => {}, compromised: undefined };
  const options = {
    lockfilePath: path,
    realpath: false,
    stale: STALE_MS,
    onCompromised: (error: Error) => {
      held.compromised = error;
      onCompromised?.(error);
    },
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const release = await lockfileModule().lock(out, options);
      try {
        writeFileSync(
          join(out, LOCK_OWNER_NAME),
          `${JSON.stringify({ pid: process.pid, host: hostname() })}\n`,
        );
      } catch (error) {
        await release().catch(() => undefined);
        throw error;
      }
      let released = false;
      // A process that exits without releasing (a second Ctrl-C, process.exit) still removes both files.
      const onExit = () => held.release();
      process.once('exit', onExit);
      held.release = () => {
        if (released) return;
        released = true;
        process.off('exit', onExit);
        rmSync(join(out, LOCK_OWNER_NAME), { force: true });
        try {
          lockfileModule().unlockSync(out, { lockfilePath: path, realpath: false });
        } catch {
          // already gone (compromised or removed by hand)
        }
      };
      return held;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      const owner = readOwner(out);
      const deadHere =
        owner && owner.host === hostname() && owner.pid !== process.pid && !processAlive(owner.pid);
      if (!deadHere || attempt > 0) throw new LockedError(out, owner?.pid);
      // The owner died on this machine: take the lock over.
      rmSync(path, { recursive: true, force: true });
      rmSync(join(out, LOCK_OWNER_NAME), { force: true });
    }
  }
}
