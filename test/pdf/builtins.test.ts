import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.js';

// In a plain Node process (vitest's own loading keeps pdf.js from replacing them, so this cannot run in-process).
// Identity, not toString: core-js makes its replacements print as [native code].
const SCRIPT = `
const native = { parse: JSON.parse, stringify: JSON.stringify, push: Array.prototype.push };
const lib = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/index.js')).href)});
await lib.parseFile(${JSON.stringify(join(ROOT, 'samples/pdf/seed-tables.pdf'))});
await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
await lib.parseFile(${JSON.stringify(join(ROOT, 'samples/pdf/seed-tables.pdf'))});
console.log(JSON.stringify({
  parse: JSON.parse === native.parse,
  stringify: JSON.stringify === native.stringify,
  push: Array.prototype.push === native.push,
}));
`;

describe('built-ins after a PDF is read', () => {
  it('JSON.parse, JSON.stringify and Array.prototype.push are the engine’s own again (core-js’s are much slower)', () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '')).toEqual({
      parse: true,
      stringify: true,
      push: true,
    });
  });
});
