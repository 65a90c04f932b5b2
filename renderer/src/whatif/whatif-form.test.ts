import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM, argsKey, newSeed, resetForm, sourceLabel, validateWhatIf, type WhatIfFormValues } from './whatif-form.js';

const form = (over: Partial<WhatIfFormValues> = {}): WhatIfFormValues => ({ ...DEFAULT_FORM, scenario: 'calm', ...over });

describe('validateWhatIf', () => {
  it('turns a valid form into whatif.run arguments', () => {
    const v = validateWhatIf(form({ quantity: '5,000', horizonSec: '50', slices: '5' }));
    expect(v.errors).toEqual({});
    expect(v.args).toEqual({
      source: { kind: 'scenario', name: 'calm', durationSec: 60 },
      seed: 42,
      order: { side: 'buy', quantity: 5000, algorithm: 'twap', startSec: 0, horizonSec: 50, slices: 5, impact: false },
    });
  });

  it('names the field and the limit in words', () => {
    const e = validateWhatIf(form({ quantity: '2,000,000,000', seed: '-1', durationSec: '5', slices: '0' })).errors;
    expect(e.quantity).toBe('Quantity 2,000,000,000 exceeds the maximum 1,000,000,000.');
    expect(e.seed).toBe('Seed -1 is outside 0 to 2,147,483,647.');
    expect(e.durationSec).toBe('Duration 5 s is below the minimum 10 s.');
    expect(e.slices).toBe('Slices 0 is below the minimum 1.');
    expect(validateWhatIf(form({ durationSec: '30000' })).errors.durationSec).toBe('Duration 30,000 s exceeds the maximum 23,400 s (6.5 h).');
    expect(validateWhatIf(form({ quantity: '0' })).errors.quantity).toBe('Quantity 0 is below the minimum 1.');
  });

  it('rejects missing, malformed and fractional values', () => {
    expect(validateWhatIf(form({ quantity: '' })).errors.quantity).toBe('Quantity is required.');
    expect(validateWhatIf(form({ seed: 'abc' })).errors.seed).toBe('Seed "abc" is not a number.');
    expect(validateWhatIf(form({ seed: '1.5' })).errors.seed).toBe('Seed 1.5 must be a whole number.');
    expect(validateWhatIf(form({ horizonSec: '0' })).errors.horizonSec).toBe('Horizon 0 s must be above 0 s.');
    expect(validateWhatIf(form({ startSec: '-1' })).errors.startSec).toBe("Start -1 s is before the path's start (minimum 0 s).");
  });

  it('keeps the order inside the scenario', () => {
    expect(validateWhatIf(form({ startSec: '60' })).errors.startSec).toBe("Start 60 s is at or after the scenario's end (60 s).");
    expect(validateWhatIf(form({ startSec: '20', horizonSec: '50' })).errors.horizonSec).toBe("Start + horizon 70 s exceeds the scenario's duration 60 s.");
    expect(validateWhatIf(form({ slices: '6000', quantity: '5,000' })).errors.slices).toBe('Slices 6,000 exceeds the quantity 5,000 (at least 1 share per slice).');
  });

  it('checks slices only for TWAP, and the source for each kind', () => {
    expect(validateWhatIf(form({ algorithm: 'market', slices: 'x' })).args?.order).not.toHaveProperty('slices');
    expect(validateWhatIf(form({ scenario: '' })).errors.source).toBe('Scenario: choose one.');
    expect(validateWhatIf(form({ sourceKind: 'sample', sampleId: '' })).errors.source).toBe('Real day: choose a sample.');
    expect(validateWhatIf(form({ sourceKind: 'files' })).errors.source).toBe('Files: upload 1 to 4 data files.');
    const real = validateWhatIf(form({ sourceKind: 'sample', sampleId: 'amzn', startSec: '100', horizonSec: '600' }));
    expect(real.errors).toEqual({});
    expect(real.args?.source).toEqual({ kind: 'sample', id: 'amzn' });
    expect(real.args?.order.impact).toBe(true);
    const files = validateWhatIf(form({ sourceKind: 'files', files: [{ name: 'a.csv', path: '/u/a.csv' }] }));
    expect(files.args?.source).toEqual({ kind: 'files', files: ['/u/a.csv'] });
  });
});

describe('form helpers', () => {
  it('reads the quantity as typed: no dropped signs or decimals, k/m spelled out', () => {
    expect(validateWhatIf(form({ quantity: '-100' })).errors.quantity).toBe('Quantity -100 is below the minimum 1.');
    expect(validateWhatIf(form({ quantity: '12.5' })).errors.quantity).toBe('Quantity 12.5 must be a whole number.');
    expect(validateWhatIf(form({ quantity: '1e6' })).errors.quantity).toContain('no exponents');
    const k = validateWhatIf(form({ quantity: '2k', slices: '5' }));
    expect(k.args?.order.quantity).toBe(2000);
    expect(k.expanded.quantity).toBe('2,000');
  });

  it('resets the order and seed but keeps the source', () => {
    const r = resetForm(form({ sourceKind: 'sample', sampleId: 'amzn', quantity: '9', seed: '7', side: 'sell' }));
    expect(r).toMatchObject({ sourceKind: 'sample', sampleId: 'amzn', quantity: '5,000', seed: '42', side: 'buy' });
  });

  it('draws seeds in range and keys identical runs identically', () => {
    expect(newSeed(() => 0)).toBe(0);
    expect(newSeed(() => 0.999999999999)).toBeLessThanOrEqual(2 ** 31 - 1);
    const a = validateWhatIf(form()).args!;
    expect(argsKey(a)).toBe(argsKey(validateWhatIf(form()).args!));
    expect(argsKey(a)).not.toBe(argsKey(validateWhatIf(form({ seed: '43' })).args!));
    expect(sourceLabel(a.source)).toBe('calm · 60 s');
    expect(sourceLabel({ kind: 'files', files: ['a', 'b'] })).toBe('2 files');
  });
});
