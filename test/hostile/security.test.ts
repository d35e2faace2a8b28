/**
 * Security (issue #7): no prototype pollution from grammar or JSON-looking inputs, pdfjs without eval and
 * without network, no network modules in src/, no console output from library code.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGrammarFile } from '../../src/grammar/load.js';
import { parse } from '../../src/parse.js';
import { ROOT } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'budget-ingest-security-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Source text without comments (so documentation examples do not count). */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const POLLUTION = ['polluted', 'isAdmin', 'kind'];

function prototypeIsClean(): void {
  const probe: Record<string, unknown> = {};
  for (const key of POLLUTION) expect(probe[key], `Object.prototype.${key}`).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
  expect(Object.keys(Object.prototype)).toEqual([]);
}

describe('security', () => {
  it('a grammar file with __proto__ keys loads without touching Object.prototype', () => {
    const shipped = JSON.parse(
      readFileSync(join(ROOT, 'grammars/tables/three-public-expenses.json'), 'utf8'),
    );
    const hostile = JSON.stringify({ ...shipped, id: 'hostile', priority: 1 })
      .replace(/^\{/, '{"__proto__":{"polluted":"yes","isAdmin":true},')
      .replace('"columns":[{', '"columns":[{"__proto__":{"kind":"x"},');
    expect(hostile).toContain('"__proto__"');
    const file = join(dir, 'hostile-grammar.json');
    writeFileSync(file, hostile);
    const grammar = loadGrammarFile(file);
    expect(Object.getPrototypeOf(grammar)).toBe(Object.prototype);
    expect((grammar as unknown as Record<string, unknown>).polluted).toBeUndefined();
    prototypeIsClean();
    const result = parse('三公经费表\n合计\t1.00\n', { format: 'tsv', grammars: [file] });
    expect(result.document).toBeDefined();
    prototypeIsClean();
  });

  it('a grammar file with a constructor.prototype key is rejected (grammar-invalid), prototype untouched', () => {
    const shipped = JSON.parse(
      readFileSync(join(ROOT, 'grammars/tables/three-public-expenses.json'), 'utf8'),
    );
    const file = join(dir, 'constructor-grammar.json');
    writeFileSync(
      file,
      JSON.stringify({ ...shipped, id: 'ctor' }).replace(
        /^\{/,
        '{"constructor":{"prototype":{"polluted":"yes"}},',
      ),
    );
    expect(() => loadGrammarFile(file)).toThrow(expect.objectContaining({ code: 'grammar-invalid' }));
    prototypeIsClean();
  });

  it('a JSON-looking input with __proto__ / constructor keys is text, not objects', () => {
    const json =
      '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"isAdmin": true}}, "tables": [{"__proto__": {"kind": "x"}}]}';
    for (const format of [undefined, 'markdown', 'csv', 'tsv', 'html'] as const) {
      const result = parse(json, { filename: 'input.json', ...(format ? { format } : {}) });
      expect(Object.getPrototypeOf(result.document)).toBe(Object.prototype);
      prototypeIsClean();
    }
    const tsv = '科目编码\t__proto__\tconstructor\n\t合计\t1.00\n';
    parse(tsv, { format: 'tsv', kind: 'expenditure-summary' });
    prototypeIsClean();
  });

  it('pdfjs is opened with eval disabled, wasm off and local CMap / standard font folders', () => {
    const open = code(join(ROOT, 'src/extract/pdf/open-document.ts'));
    expect(open).toMatch(/isEvalSupported:\s*false/);
    expect(open).toMatch(/useWasm:\s*false/);
    expect(open).toMatch(/cMapUrl,/);
    expect(open).toMatch(/standardFontDataUrl,/);
    expect(open).toMatch(/verbosity:\s*pdfjs\.VerbosityLevel\.ERRORS/);
    // The folders are file-system paths inside the installed pdfjs-dist, not URLs.
    expect(open).toMatch(/createRequire\(import\.meta\.url\)\.resolve\('pdfjs-dist\/package\.json'\)/);
  });

  it('src/ imports no network module and calls no fetch', () => {
    const offenders = sourceFiles(join(ROOT, 'src')).filter((path) =>
      /\bfrom\s+['"](?:node:)?(?:https?|http2|net|tls|dgram|dns)['"]|\bfetch\s*\(|\bXMLHttpRequest\b|\bWebSocket\b/.test(
        code(path),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('library code writes nothing to the console or stdout (src/cli and the batch runner on purpose)', () => {
    // src/cli prints on purpose; runBatch (src/batch/run.ts) streams documents to stdout for `--out -`;
    // the batch worker sends its own stdout to stderr, so that nothing it prints mixes with documents.
    const onPurpose = [join('src', 'cli'), join('src', 'batch', 'run.ts'), join('src', 'batch', 'worker.ts')];
    const offenders = sourceFiles(join(ROOT, 'src'))
      .filter((path) => !onPurpose.some((allowed) => path.includes(allowed)))
      .filter((path) =>
        /\bconsole\.(?:log|info|warn|error|debug|trace)\s*\(|process\.stdout\.write/.test(code(path)),
      );
    expect(offenders).toEqual([]);
  });
});
