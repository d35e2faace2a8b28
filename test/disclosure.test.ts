/**
 * Files that are not budget disclosures are reported once for what they are; HTML saved as .pdf is read as HTML;
 * department, year and kind fall back to the PDF's Title and the file name, saying so.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseFile } from '../src/index.js';
import { makePdf } from './pdf/make-pdf.js';

const dir = mkdtempSync(join(tmpdir(), 'disclosure-'));
const rules = (diagnostics: { ruleId: string }[]) => diagnostics.map((d) => d.ruleId);

const PORTAL = `<!DOCTYPE html>
<html lang="zh"><head><meta charset="UTF-8" /><title>示例市财政局2026年部门预算公开_示例市财政局</title>
<script>var tracker = "合计 100.00";</script></head>
<body><div class="nav"><a href="http://www.gov.cn">中国政府网</a> | <a href="../../">预算/决算</a></div>
<h1>示例市财政局2026年部门预算公开</h1><p>发布时间：2026-03-02</p>
<a style="cursor: pointer;" onclick="downloadFj('示例市财政局2026年部门预算.pdf','./W0202603.pdf')">示例市财政局2026年部门预算.pdf</a>
<a href="./附件2.xlsx">附件2：部门预算公开表</a>
</body></html>`;

describe('documents that are not disclosures', () => {
  it('reads an HTML page saved as .pdf as HTML and lists the attachments a portal page links to', async () => {
    const file = join(dir, '示例市财政局_2026年部门预算.pdf');
    writeFileSync(file, PORTAL);
    const { document } = await parseFile(file);
    expect(rules(document.diagnostics)).toEqual(expect.arrayContaining(['format-detected', 'portal-page']));
    expect(document.origin.mediaType).toBe('text/html');
    expect(document.tables).toEqual([]);
    const portal = document.diagnostics.find((d) => d.ruleId === 'portal-page')!;
    expect(portal.severity).toBe('warning');
    expect(portal.message).toContain('示例市财政局2026年部门预算公开_示例市财政局');
    expect(portal.message).toContain('「示例市财政局2026年部门预算.pdf」（./W0202603.pdf）');
    expect(portal.message).toContain('「附件2：部门预算公开表」（./附件2.xlsx）');
    expect(portal.message).not.toContain('中国政府网');
  });

  it('reports a notice with a table of counts as not a disclosure, and emits no other tables', () => {
    const notice = [
      '# 关于开展2025年度政府网站检查的通知',
      '',
      '各单位：现将检查情况通报如下。',
      '',
      '网站名称\t检查次数\t整改数',
      '示例市民政局网站\t12\t3',
      '',
    ].join('\n');
    const { document } = parse(notice, { filename: '通知.md' });
    const verdict = document.diagnostics.find((d) => d.ruleId === 'not-a-disclosure');
    expect(verdict?.severity).toBe('warning');
    expect(verdict?.message).toContain('关于开展2025年度政府网站检查的通知');
    expect(verdict?.message).toContain('1 个表格不是预算表');
    expect(document.tables).toEqual([]);
    // Nothing is said of the tables it does not emit (the unit-less table of counts gave unit-missing).
    expect(document.diagnostics.filter((d) => d.table !== undefined)).toEqual([]);
  });

  it('is not fooled by a budget file name: the content decides', () => {
    const flowchart = '# 依申请信息公开流程图\n\n申请人提出申请，受理机关登记后在二十个工作日内答复。\n';
    const { document } = parse(flowchart, { filename: '2026年示例市应急管理局部门预算.md' });
    expect(document.meta.kind).toBe('budget'); // from the file name, said so
    expect(rules(document.diagnostics)).toEqual(
      expect.arrayContaining(['meta-fallback', 'not-a-disclosure']),
    );
  });

  it('keeps an untitled table under a narrative that names itself a budget', () => {
    const md =
      '# 第七部分 重点项目预算绩效情况说明\n\n本单位重点项目的绩效目标已全部公开。\n\n' +
      '二级预算单位名称\t一级项目名称\t预算数（万元）\t绩效目标\n某局\t甲项目\t18,808.16\t完成甲项目\n';
    const { document } = parse(md);
    expect(document.tables).toHaveLength(1);
    expect(rules(document.diagnostics)).not.toContain('not-a-disclosure');
  });

  it('keeps a disclosure that states amounts only in prose', () => {
    const prose =
      '# 2026年示例局部门预算情况说明\n\n2026年收入预算总额1,234.56万元，支出预算总额1,234.56万元。\n';
    const { document } = parse(prose, { filename: 'prose.md' });
    expect(rules(document.diagnostics)).not.toContain('not-a-disclosure');
    expect(document.summary.revenue_total?.yuan).toBe('12345600');
  });
});

describe('department, year and kind from the names a file carries', () => {
  const tables =
    '收支总表\n单位：万元\n\n项目\t预算数\t项目\t预算数\n一般公共预算拨款收入\t10.00\t一般公共服务支出\t10.00\n收入总计\t10.00\t支出总计\t10.00\n';

  it('falls back to the file name and says so', () => {
    const { document } = parse(tables, {
      filename: '政府办公厅_附件2：2026年示例市信访局部门预算.tsv',
      format: 'tsv',
    });
    expect(document.meta).toMatchObject({ department: '示例市信访局', year: 2026, kind: 'budget' });
    const fallback = document.diagnostics.filter((d) => d.ruleId === 'meta-fallback');
    expect(fallback.map((d) => d.actual)).toEqual(['file-name', 'file-name', 'file-name']);
    expect(fallback[0]?.message).toContain('取自文件名');
  });

  it('prefers what the document prints over its name', () => {
    const printed = `# 2025年示例市民政局部门预算\n\n${tables}`;
    const { document } = parse(printed, { filename: '2026年别的局部门预算.md' });
    expect(document.meta).toMatchObject({ department: '示例市民政局', year: 2025 });
    expect(rules(document.diagnostics)).not.toContain('meta-fallback');
  });

  it('reads the PDF document information Title before the file name', async () => {
    const file = join(dir, 'scan-0001.pdf');
    writeFileSync(
      file,
      makePdf([{ texts: [{ x: 72, y: 72, text: '2026' }] }], { title: '2026年示例市统计局部门预算' }),
    );
    const { document } = await parseFile(file);
    expect(document.meta).toMatchObject({ department: '示例市统计局', year: 2026, kind: 'budget' });
    expect(document.diagnostics.find((d) => d.ruleId === 'meta-fallback')?.actual).toBe('pdf-title');
  });
});
