import { describe, expect, it } from 'vitest';
import { parseAmount, toYuan } from '../src/normalize/amount.js';

describe('parseAmount', () => {
  it.each([
    ['1186.35', '1186.35'],
    ['750.00', '750.00'],
    ['96,282,213.44', '96282213.44'],
    ['１２３．４５', '123.45'],
    ['-12.5', '-12.5'],
    ['－12.5', '-12.5'],
    ['(12.5)', '-12.5'],
    ['（12.5）', '-12.5'],
    ['0', '0'],
    ['0.00', '0.00'],
    [' 5.7 ', '5.7'],
  ])('%s → %s', (printed, value) => {
    expect(parseAmount(printed)).toMatchObject({ kind: 'number', value });
  });

  it('keeps blank, dash and zero apart', () => {
    expect(parseAmount('').kind).toBe('blank');
    expect(parseAmount('   ').kind).toBe('blank');
    for (const dash of ['—', '-', '－', '——', '/']) expect(parseAmount(dash).kind, dash).toBe('dash');
    expect(parseAmount('0').kind).toBe('number');
  });

  it('never guesses a malformed number', () => {
    for (const bad of ['1,2.3', '1.2.3', '12.5-', '1,23', '--5'])
      expect(parseAmount(bad).kind, bad).toBe('invalid');
    expect(parseAmount('无').kind).toBe('text');
    expect(parseAmount('100%').kind).toBe('text');
  });
});

describe('toYuan', () => {
  it('converts exactly, whole 元 as integers', () => {
    expect(toYuan('1186.35', '10000')).toBe('11863500');
    expect(toYuan('0.01', '10000')).toBe('100');
    expect(toYuan('96282.5', '1')).toBe('96282.50');
    expect(toYuan('0.1', '1')).toBe('0.10');
    expect(toYuan('123456789012345678.91', '10000')).toBe('1234567890123456789100');
  });
});
