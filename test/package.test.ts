/**
 * The package as users get it: what `npm pack` ships, its exports under attw and publint, require() of the ESM
 * package on Node ≥ 20.19, a one-line TypeScript consumer, and an esbuild bundle that parses a PDF with its
 * grammars built in (nothing read next to import.meta.url).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_MODULE, shippedModuleText } from '../scripts/shipped-grammars.js';
import { parseFile } from '../src/parse.js';
import { ROOT } from './helpers/paths.js';

const BIN = join(ROOT, 'node_modules/.bin');
const SAMPLE_PDF = join(ROOT, 'samples/pdf/seed-tables.pdf');

/** Newest modification time below `dir` (files only). */
function newest(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((max, entry) => Math.max(max, statSync(join(entry.parentPath, entry.name)).mtimeMs), 0);
}

let work: string;
let tarball: string;
let installed: string;

beforeAll(() => {
  // dist/ is built by `npm ci` (prepare); rebuild it when a source is newer, so the checks see this source.
  const built = join(ROOT, 'dist/index.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newest(join(ROOT, 'src')))
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
  work = mkdtempSync(join(tmpdir(), 'package-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, packed[0]!.filename);
  // An app folder with the packed package installed; its dependencies are the repository's.
  installed = join(work, 'app');
  const modules = join(installed, 'node_modules');
  mkdirSync(join(modules, 'budget-ingest'), { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', join(modules, 'budget-ingest'), '--strip-components', '1']);
  for (const name of readdirSync(join(ROOT, 'node_modules')))
    if (name !== 'budget-ingest' && !name.startsWith('.'))
      symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  writeFileSync(join(installed, 'package.json'), '{"type":"module","private":true}\n');
}, 240_000);

describe('the packed package', () => {
  it('ships the license, the built code with declarations, no source maps and no sources', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((path) => path.replace(/^package\//, ''));
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('grammars/tables/common.json');
    expect(files.filter((path) => path.endsWith('.map'))).toEqual([]);
    expect(files.filter((path) => path.startsWith('src/'))).toEqual([]);
    for (const js of files.filter((path) => path.startsWith('dist/') && path.endsWith('.js')))
      expect(files, js).toContain(js.replace(/\.js$/, '.d.ts'));
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('is clean under attw (node16 ESM and bundler; esm-only profile) and publint', () => {
    const attw = spawnSync(join(BIN, 'attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii'], {
      encoding: 'utf8',
    });
    expect(attw.status, attw.stdout + attw.stderr).toBe(0);
    expect(attw.stdout).toMatch(/node16 \(from ESM\): 🟢/);
    const publint = spawnSync(join(BIN, 'publint'), ['run', tarball, '--strict'], { encoding: 'utf8' });
    expect(publint.status, publint.stdout + publint.stderr).toBe(0);
    expect(publint.stdout).toMatch(/All good/);
  });

  it('can be require()d from CommonJS on Node ≥ 20.19', () => {
    writeFileSync(
      join(installed, 'require.cjs'),
      "const api = require('budget-ingest'); console.log(typeof api.parseFile, api.TABLE_KINDS.length);\n",
    );
    const result = spawnSync(process.execPath, ['require.cjs'], { cwd: installed, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(/^function \d+$/);
  });

  it('type-checks a one-line TypeScript consumer against the model interfaces', () => {
    writeFileSync(
      join(installed, 'consumer.ts'),
      "import { parseFile, type Row } from 'budget-ingest';\nexport const rows: Row[] = (await parseFile('a.pdf')).document.tables.flatMap((t) => t.rows);\n",
    );
    writeFileSync(
      join(installed, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          target: 'es2022',
          strict: true,
          exactOptionalPropertyTypes: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    const check = spawnSync(join(BIN, 'tsc'), ['-p', installed], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    // The model types a consumer sees are the interfaces, not zod's inferred types.
    const declarations = readFileSync(
      join(installed, 'node_modules/budget-ingest/dist/model/schema.d.ts'),
      'utf8',
    );
    expect(declarations).toMatch(/export type Row = types\.Row;/);
  });
});

describe('bundling', () => {
  it('keeps the shipped grammars in src/grammar/shipped.ts up to date (npm run grammars)', () => {
    expect(
      readFileSync(join(ROOT, SHIPPED_MODULE), 'utf8') === shippedModuleText(),
      'stale: npm run grammars',
    ).toBe(true);
  });

  it('parses a PDF from an esbuild bundle placed away from the package (pdfjs-dist kept external)', async () => {
    writeFileSync(
      join(installed, 'main.mjs'),
      [
        "import { parseFile } from 'budget-ingest';",
        'const { document } = await parseFile(process.argv[2]);',
        'console.log(JSON.stringify({ kinds: document.tables.map((t) => t.kind), summary: document.summary }));',
      ].join('\n'),
    );
    // The bundle lives two folders below `work`: grammars/ next to import.meta.url would be <work>/../grammars.
    const out = join(work, 'bundle', 'bin');
    const build = spawnSync(
      join(BIN, 'esbuild'),
      [
        'main.mjs',
        '--bundle',
        '--platform=node',
        '--format=esm',
        '--target=node20',
        '--external:pdfjs-dist',
        `--outfile=${join(out, 'parse.mjs')}`,
      ],
      { cwd: installed, encoding: 'utf8' },
    );
    expect(build.status, build.stderr).toBe(0);
    symlinkSync(join(installed, 'node_modules'), join(out, 'node_modules')); // pdfjs-dist beside the bundle
    expect(existsSync(join(out, '../grammars')) || existsSync(join(out, '../../grammars'))).toBe(false);
    const run = spawnSync(process.execPath, [join(out, 'parse.mjs'), SAMPLE_PDF], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const bundled = JSON.parse(run.stdout) as { kinds: string[]; summary: unknown };
    const { document } = await parseFile(SAMPLE_PDF);
    expect(bundled.kinds).toEqual(document.tables.map((table) => table.kind));
    expect(bundled.kinds).toContain('general-budget-expenditure');
    expect(bundled.summary).toEqual(JSON.parse(JSON.stringify(document.summary)));
  });
});
