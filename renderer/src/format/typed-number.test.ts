import { describe, expect, it } from 'vitest';
import { readTypedNumber } from './typed-number.js';

const ok = (r: ReturnType<typeof readTypedNumber>) => (r.ok ? r : null);
const err = (r: ReturnType<typeof readTypedNumber>) => (r.ok ? null : r.error);

describe('readTypedNumber', () => {
  it('keeps the sign, the fraction and the exponent as typed instead of dropping characters', () => {
    expect(ok(readTypedNumber('Quantity', '-100', { integer: true }))?.value).toBe(-100);
    expect(err(readTypedNumber('Quantity', '12.5', { integer: true }))).toBe('Quantity 12.5 must be a whole number.');
    expect(err(readTypedNumber('Quantity', '1e6', { integer: true }))).toBe('Quantity "1e6": write the number in full (no exponents such as 1e6).');
    expect(err(readTypedNumber('Quantity', '12a', { integer: true }))).toBe('Quantity "12a" is not a number.');
    expect(err(readTypedNumber('Quantity', '', { integer: true }))).toBe('Quantity is required.');
  });

  it('accepts separators and k/m suffixes where allowed, and spells out the value', () => {
    expect(ok(readTypedNumber('Quantity', '1,500', { integer: true }))).toEqual({ ok: true, value: 1500, expanded: null });
    expect(ok(readTypedNumber('Quantity', '1.5k', { integer: true, suffixes: true }))).toEqual({ ok: true, value: 1500, expanded: '1,500' });
    expect(ok(readTypedNumber('Quantity', '2M', { integer: true, suffixes: true }))).toEqual({ ok: true, value: 2_000_000, expanded: '2,000,000' });
    expect(ok(readTypedNumber('Quantity', '250000', { integer: true }))).toEqual({ ok: true, value: 250_000, expanded: '250,000' });
    expect(ok(readTypedNumber('Quantity', '10 000', { integer: true }))?.expanded).toBe('10,000');
    expect(err(readTypedNumber('Seed', '5k', { integer: true }))).toBe('Seed "5k": suffixes (k, m) are not accepted here.');
    expect(err(readTypedNumber('Quantity', '1.2345k', { integer: true, suffixes: true }))).toBe('Quantity 1.2345k must be a whole number.');
    expect(err(readTypedNumber('Quantity', '1,00', { integer: true }))).toBe('Quantity "1,00" is not a number.');
  });

  it('refuses prices finer than the allowed decimals instead of rounding them', () => {
    expect(ok(readTypedNumber('Limit price', '100.25', { maxDecimals: 2 }))?.value).toBe(100.25);
    expect(ok(readTypedNumber('Limit price', '100.250', { maxDecimals: 2 }))?.value).toBe(100.25);
    expect(err(readTypedNumber('Limit price', '100.255', { maxDecimals: 2 }))).toBe('Limit price 100.255 has more than 2 decimals.');
    expect(ok(readTypedNumber('Limit price', '.5', { maxDecimals: 2 }))?.value).toBe(0.5);
  });
});
