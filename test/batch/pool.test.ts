import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/batch/pool.js';
import type { WorkerReply } from '../../src/batch/protocol.js';

const workerUrl = new URL('./fixtures/test-worker.ts', import.meta.url);
const task = (filename: string) => ({ filename, file: filename, options: {}, wantDocument: false });

describe('WorkerPool', () => {
  it('fails a hanging task with timeout, a crashing one with worker-crashed, and goes on', async () => {
    const pool = new WorkerPool({ size: 2, timeoutMs: 8000, workerUrl });
    try {
      const names = ['ok1', 'hang', 'ok2', 'crash', 'throw', 'ok3', 'ok4'];
      const replies = await Promise.all(names.map((name) => pool.run(task(name))));
      const byName = Object.fromEntries(names.map((name, i) => [name, replies[i]!])) as Record<
        string,
        WorkerReply
      >;
      for (const ok of ['ok1', 'ok2', 'ok3', 'ok4']) expect(byName[ok]!.ok).toBe(true);
      expect(byName.hang).toMatchObject({ ok: false, error: { code: 'timeout' } });
      expect(byName.crash).toMatchObject({ ok: false, error: { code: 'worker-crashed' } });
      expect(byName.throw).toMatchObject({ ok: false, error: { code: 'worker-crashed' } });
      if (!byName.throw!.ok) expect(byName.throw!.error.message).toContain('boom');
      const stats = pool.stats();
      expect(stats.reduce((n, s) => n + s.tasks, 0)).toBe(4);
      // Workers are replaced lazily, only when work remains: the two first threads plus at least the one that
      // replaced the first thread lost (how many more depends on which tasks were left when the hang timed out).
      expect(stats.reduce((n, s) => n + s.started, 0)).toBeGreaterThanOrEqual(3);
    } finally {
      await pool.close();
    }
  });

  it('fails a task that exceeds the heap cap with out-of-memory', async () => {
    const pool = new WorkerPool({ size: 1, maxMemoryMb: 32, workerUrl });
    try {
      const [oom, after] = await Promise.all([pool.run(task('oom')), pool.run(task('fine'))]);
      expect(oom).toMatchObject({ ok: false, error: { code: 'out-of-memory' } });
      expect(after!.ok).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('resolves queued tasks as interrupted when closed', async () => {
    const pool = new WorkerPool({ size: 1, workerUrl });
    const running = pool.run(task('hang'));
    const queued = pool.run(task('ok'));
    await new Promise((r) => setTimeout(r, 200));
    await pool.close();
    expect(await running).toMatchObject({ ok: false, error: { code: 'interrupted' } });
    expect(await queued).toMatchObject({ ok: false, error: { code: 'interrupted' } });
    expect(await pool.run(task('ok'))).toMatchObject({ ok: false, error: { code: 'interrupted' } });
  });
});
