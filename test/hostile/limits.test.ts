/**
 * Every input is bounded (issue #13.4): FIFOs, devices, stdin and long names finish within their limits with
 * a stable code; huge markdown tables are cut before remark builds them; `timeoutMs` stops markdown parsing.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_NAME_BYTES } from '../../src/batch/files.js';
import { runBatch } from '../../src/batch/run.js';
import { parse, parseFile } from '../../src/parse.js';
import { readStreamBounded } from '../../src/read-input.js';
import { SEED_SAMPLE } from '../helpers/paths.js';

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const linux = process.platform === 'linux';

function mkfifo(path: string): Promise<void> {
  return new Promise((resolve, reject) =>
    spawn('mkfifo', [path]).on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`mkfifo ${code}`)),
    ),
  );
}

describe.skipIf(!linux)('FIFOs and devices', () => {
  it('a FIFO nobody writes to fails with input-timeout at timeoutMs (and the process is free to exit)', async () => {
    const fifo = join(tmp('fifo-'), 'pipe.md');
    await mkfifo(fifo);
    await expect(parseFile(fifo, { timeoutMs: 300 })).rejects.toMatchObject({ code: 'input-timeout' });
  });

  it('a FIFO with a writer is read to its end', async () => {
    const fifo = join(tmp('fifo-'), 'pipe.tsv');
    await mkfifo(fifo);
    const writer = spawn('sh', ['-c', `printf '科目名称\\t合计\\n合计\\t12.50\\n' > '${fifo}'`]);
    const written = new Promise((resolve) => writer.on('exit', resolve));
    const result = await parseFile(fifo, { timeoutMs: 60_000, kind: 'expenditure-summary' });
    expect(result.document.tables[0]?.rows.at(-1)?.values.total).toBe('12.50');
    expect(await written).toBe(0);
  });

  it('/dev/zero stops at maxFileBytes with input-too-large, not at the end of memory', async () => {
    await expect(parseFile('/dev/zero', { maxFileBytes: 1024 * 1024 })).rejects.toMatchObject({
      code: 'input-too-large',
      message: expect.stringContaining('more than 1048576 bytes'),
    });
  });
});

describe('stdin', () => {
  const limits = (extra: Partial<Parameters<typeof readStreamBounded>[1]> = {}) => ({
    maxBytes: 1000,
    deadline: Number.POSITIVE_INFINITY,
    name: 'stdin',
    ...extra,
  });

  it('is read whole within the limits', async () => {
    const stream = new PassThrough();
    const read = readStreamBounded(stream, limits());
    stream.end('合计\t1.00\n');
    expect(Buffer.from(await read).toString('utf8')).toBe('合计\t1.00\n');
  });

  it('stops at the size limit as bytes arrive (input-too-large)', async () => {
    const stream = new PassThrough();
    const read = readStreamBounded(stream, limits());
    stream.write(Buffer.alloc(600));
    stream.write(Buffer.alloc(600));
    await expect(read).rejects.toMatchObject({ code: 'input-too-large' });
  });

  it('stops at the time limit when nothing more comes (input-timeout)', async () => {
    const stream = new PassThrough();
    const read = readStreamBounded(stream, limits({ deadline: Date.now() + 200 }));
    stream.write('部分');
    await expect(read).rejects.toMatchObject({ code: 'input-timeout' });
  });

  it('stops on Ctrl-C (an abort signal)', async () => {
    const stream = new PassThrough();
    const controller = new AbortController();
    const read = readStreamBounded(stream, limits({ signal: controller.signal }));
    controller.abort(new Error('stopped by SIGINT'));
    await expect(read).rejects.toThrow('stopped by SIGINT');
  });
});

describe('long names', () => {
  it('an input named with 80 Chinese characters converts; its outputs and temporaries fit in 255 bytes', async () => {
    const dir = tmp('long-');
    const name = `${'预算公开'.repeat(20)}.md`; // 240 bytes of name + 3
    copyFileSync(SEED_SAMPLE, join(dir, name));
    copyFileSync(SEED_SAMPLE, join(dir, `${'预算公开'.repeat(20)}.txt`));
    const out = tmp('long-out-');
    const report = await runBatch({ inputs: [dir], out, jobs: 1 });
    expect(report.exitCode).toBe(0);
    expect(report.counts.converted).toBe(2);
    for (const document of report.documents)
      expect(Buffer.byteLength(document.output)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(new Set(report.documents.map((d) => d.output)).size).toBe(2);
    for (const file of readdirSync(out)) expect(Buffer.byteLength(file)).toBeLessThanOrEqual(255);
  });
});

describe('pathological markdown', () => {
  // The cap is lowered to keep the test quick; the cut happens in the source either way.
  it('a table of 300,000 cells is cut before remark builds it, with limit-reached naming the line', () => {
    const row = `|${' 1 |'.repeat(10)}\n`;
    const text = `# 支出总表\n\n|${' 合计 |'.repeat(10)}\n|${' --- |'.repeat(10)}\n${row.repeat(30_000)}`;
    const result = parse(text, { filename: 'huge-table.md', maxCellsPerTable: 2000 });
    expect(result.partial).toBe(true);
    const hit = result.diagnostics.find((d) => d.ruleId === 'limit-reached');
    expect(hit?.actual).toBe('maxCellsPerTable');
    expect(hit?.message).toMatch(/第 3 行起的表格超过 2000 个单元格的上限，只读取了前 \d+ 行/);
    const cells = result.layout.children
      .filter((b) => b.type === 'grid')
      .reduce((n, b) => n + (b.type === 'grid' ? b.rowCount * b.colCount : 0), 0);
    expect(cells).toBeLessThanOrEqual(2000);
  });

  it('an HTML table over the cell limit is cut before hast builds it', () => {
    const text = `<table>${'<tr><td>1</td><td>2</td></tr>'.repeat(150_000)}</table>\n`;
    const result = parse(text, { filename: 'huge.html', format: 'html', maxCellsPerTable: 2000 });
    expect(result.partial).toBe(true);
    expect(result.diagnostics.find((d) => d.ruleId === 'limit-reached')?.message).toContain('HTML 表格超过');
  });

  it('timeoutMs is honoured inside markdown parsing: a long input stops between chunks, partial', () => {
    const text = Array.from({ length: 40_000 }, (_, i) => `第${i}段，支出预算说明。\n`).join('\n');
    expect(text.length).toBeGreaterThan(600_000);
    const result = parse(text, { filename: 'long.md', timeoutMs: 1 });
    expect(result.partial).toBe(true);
    const hit = result.diagnostics.find((d) => d.ruleId === 'limit-reached' && d.actual === 'timeoutMs');
    expect(hit?.message).toMatch(/读到第 \d+ 行时超过时间上限/);
  });
});

describe('timeoutMs in the delimited readers', () => {
  it.each(['tsv', 'csv'] as const)('a long %s stops reading at the deadline, partial', (format) => {
    const sep = format === 'tsv' ? '\t' : ',';
    const rows = Array.from({ length: 60_000 }, (_, i) => `2010${i}${sep}事务${i}${sep}1.00`);
    const text = `科目编码${sep}科目名称${sep}合计\n${rows.join('\n')}\n`;
    const result = parse(text, { filename: `long.${format}`, format, timeoutMs: 1 });
    expect(result.partial).toBe(true);
    expect(result.diagnostics.some((d) => d.ruleId === 'limit-reached' && d.actual === 'timeoutMs')).toBe(
      true,
    );
  });
});

describe('script and style', () => {
  it('never enter the model, inline, as blocks, in HTML tables or unclosed', () => {
    const text = [
      '# 2024年部门预算<script>alert("title")</script>',
      '',
      '<style>td { color: red } .secret { content: "style-text" }</style>',
      '',
      '正文<script>document.cookie="inline"</script>说明。',
      '',
      '<table><tr><td>科目<script>steal()</script></td><td>合计</td></tr><tr><td>支出</td><td>1.00</td></tr></table>',
      '',
      '<script>',
      'var unclosed = "block-script";',
    ].join('\n');
    const result = parse(text, { filename: 'scripts.md' });
    const json = JSON.stringify(result.document);
    for (const word of ['alert', 'style-text', 'color: red', 'cookie', 'steal', 'block-script'])
      expect(json, word).not.toContain(word);
    expect(json).toContain('正文');
    expect(json).toContain('说明。');
  });
});

describe('nothing is left behind', () => {
  it('a batch over a FIFO and /dev/zero finishes, reports both, and leaves no lock', async () => {
    if (!linux) return;
    const dir = tmp('special-');
    const fifo = join(dir, 'pipe.md');
    await mkfifo(fifo);
    const out = tmp('special-out-');
    const report = await runBatch({
      inputs: [fifo, '/dev/zero'],
      out,
      jobs: 2,
      timeout: 3,
      parse: { maxFileBytes: 1024 * 1024 },
    });
    const codes = Object.fromEntries(report.failures.map((f) => [f.file, f.code]));
    expect(codes['pipe.md']).toMatch(/^(timeout|input-timeout)$/);
    expect(codes.zero).toBe('input-too-large');
    expect(existsSync(join(out, '.budget-ingest.lock'))).toBe(false);
  });
});
