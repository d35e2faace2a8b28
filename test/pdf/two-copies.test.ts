/**
 * Two copies of this library in one process (two versions of the package, one pdf.js): the copy loaded
 * second shares the lean worker the first installed (src/extract/pdf/lean-worker.ts) instead of reading
 * complete operator lists at about twice the time. Needs fresh module graphs: runs in the isolated project.
 */
import { describe, expect, it, vi } from 'vitest';
import { ROOT } from '../helpers/paths.js';

const PDF = `${ROOT}samples/pdf/seed-tables.pdf`;

/** What the lean worker keeps for other copies (see SHARED in lean-worker.ts). */
type Shared = { documents: Map<string, { reduce(...args: unknown[]): unknown }> };

describe('a second copy of the library in the process', async () => {
  const first = await import('../../src/index.js');
  const firstResult = await first.parseFile(PDF);
  vi.resetModules();
  const second = await import('../../src/index.js');
  const secondLean = await import('../../src/extract/pdf/lean-worker.js');

  const worker = (globalThis as { pdfjsWorker?: Record<symbol, Shared | undefined> }).pdfjsWorker;
  const shared = worker?.[Symbol.for('budget-ingest.leanWorker')];
  // Count the documents the second copy registers and the chunks the installed worker trims for them.
  const registered: string[] = [];
  let reduced = 0;
  if (shared) {
    const set = shared.documents.set.bind(shared.documents);
    shared.documents.set = (name, plan) => {
      registered.push(name);
      return set(name, {
        reduce: (...args: unknown[]) => {
          reduced++;
          return plan.reduce(...args);
        },
      });
    };
  }
  const secondResult = await second.parseFile(PDF);

  it('is a separate module graph over the same pdf.js', () => {
    expect(second).not.toBe(first);
    expect(shared?.documents).toBeInstanceOf(Map);
  });

  it('uses the lean worker the first copy installed: its documents are trimmed', async () => {
    expect(await secondLean.installLeanWorker()).toBe(true);
    expect(registered).toHaveLength(1);
    expect(reduced).toBeGreaterThan(0);
    expect(shared!.documents.size).toBe(0); // released when the document closed
  });

  it('reads the document as the first copy does', () => {
    expect(secondResult.document.tables.length).toBeGreaterThan(0);
    expect(JSON.stringify(secondResult.document)).toBe(JSON.stringify(firstResult.document));
  });
});
