import { describe, expect, it } from 'vitest';
import { fmt, vsTwapText } from './run-compare.js';

describe('stored runs table', () => {
  it('never shows -0: a value that rounds to zero shows 0 (an evaluation return of -0.003 was shown "-0")', () => {
    expect(fmt(-0.003, 1)).toBe('0');
    expect(fmt(-0.003, 2)).toBe('0');
    expect(fmt(-0.006, 2)).toBe('-0.01');
    expect(fmt(1234.56, 1)).toBe('1,234.6');
    expect(fmt(null)).toBe('—');
    expect(fmt(Number.NaN)).toBe('—');
  });
  it('agent − TWAP with its interval, or the difference alone, or a dash', () => {
    expect(vsTwapText({ validationDiffBps: -1.254, validationCiLowBps: -2.5, validationCiHighBps: 0.1 })).toBe('-1.25 [-2.50, +0.10]');
    expect(vsTwapText({ validationDiffBps: 0.3, validationCiLowBps: null, validationCiHighBps: null })).toBe('+0.30');
    expect(vsTwapText({ evalMeanReturn: 3 })).toBe('—');
    expect(vsTwapText(null)).toBe('—');
  });
});
