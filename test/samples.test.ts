/**
 * Every sample in samples/ beside its expected JSON (samples/expected/NAME.json), reviewed by hand in the
 * diff. The expected files are re-created only when UPDATE=1 is set; guard assertions sit beside each.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type BudgetDocument, parseFile } from '../src/index.js';
import { ROOT } from './helpers/paths.js';

const SAMPLES: [string, (document: BudgetDocument) => void][] = [
  [
    'seed/langfang-anci-xinfang-2022.md',
    (d) => {
      expect(d.tables).toHaveLength(16);
      expect(d.summary.revenue_total?.yuan).toBe('11863500');
    },
  ],
  [
    'fragments/expenditure-summary-split-codes.tsv',
    (d) => {
      expect(d.tables[0]?.kind).toBe('expenditure-summary');
      expect(d.tables[0]?.rows.map((r) => r.code)).toEqual([null, '204', '20406', '2040601', '2040699']);
      expect(d.summary.basic_expenditure?.yuan).toBe('12726700');
    },
  ],
  [
    'fragments/income-summary.csv',
    (d) => {
      expect(d.tables[0]?.unit).toBe('元');
      expect(d.tables[0]?.rows[0]?.values.total).toBe('96282213.44');
      expect(d.tables[0]?.rows[2]?.label).toBe('示例市财政局信息中心');
    },
  ],
  [
    'fragments/three-public-gb18030.tsv',
    (d) => {
      expect(d.summary.three_public_total?.yuan).toBe('96282.50');
      expect(d.tables[0]?.rows[0]?.values.vehicle_purchase).toBeNull();
      expect(d.tables[0]?.rows[0]?.cells.vehicle_purchase?.printed).toBe('—');
    },
  ],
];

describe('samples match their reviewed expected JSON', () => {
  for (const [sample, guard] of SAMPLES) {
    it(sample, async () => {
      const { document } = await parseFile(`${ROOT}samples/${sample}`);
      guard(document);
      const name = sample
        .split('/')
        .pop()!
        .replace(/\.[^.]+$/, '');
      const expectedFile = `${ROOT}samples/expected/${name}.json`;
      const actual = `${JSON.stringify(document, null, 2)}\n`;
      if (process.env.UPDATE) writeFileSync(expectedFile, actual);
      expect(existsSync(expectedFile), `${expectedFile} missing: run with UPDATE=1 and review it`).toBe(true);
      expect(actual).toBe(readFileSync(expectedFile, 'utf8'));
    });
  }
});
