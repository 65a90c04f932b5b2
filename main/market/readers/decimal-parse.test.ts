import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  daysFromCivil, describeDecimalError, newDateTimeParts, parseDateTime, parseDecimal, parseInt10, parseSecondsNs, parseUint,
  type DateTimeParts,
} from './decimal-parse.js';

const enc = new TextEncoder();
const dec = (s: string, d: number, round = false): number => {
  const b = enc.encode(s);
  return parseDecimal(b, 0, b.length, d, round);
};
const uint = (s: string): number => { const b = enc.encode(s); return parseUint(b, 0, b.length); };
const int = (s: string): number => { const b = enc.encode(s); return parseInt10(b, 0, b.length); };
const secs = (s: string, base = 0): number => { const b = enc.encode(s); return parseSecondsNs(b, 0, b.length, base); };
const dt = (s: string): DateTimeParts | null => {
  const b = enc.encode(s);
  const out = newDateTimeParts();
  return parseDateTime(b, 0, b.length, out) ? out : null;
};

describe('parseUint / parseInt10', () => {
  it('parses digits exactly and rejects anything else', () => {
    expect(uint('0')).toBe(0);
    expect(uint('911400')).toBe(911400);
    expect(uint('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of ['', '-1', '+1', '1.0', '1e3', ' 1', '9007199254740992', '99999999999999999999']) {
      expect(uint(bad)).toBeNaN();
    }
    expect(int('-9999999999')).toBe(-9999999999);
    expect(int('+7')).toBe(7);
    expect(Object.is(int('-0'), 0)).toBe(true);
    expect(int('-')).toBeNaN();
  });

  it('round-trips every safe integer', () => {
    fc.assert(fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => {
      expect(int(String(n))).toBe(n);
    }));
  });
});

describe('parseDecimal', () => {
  it('scales to integer units at the configured decimals', () => {
    expect(dec('5.510000000', 4)).toBe(55100);
    expect(dec('5.51', 4)).toBe(55100);
    expect(dec('17181.6', 2)).toBe(1718160);
    expect(dec('0.001', 3)).toBe(1);
    expect(dec('-12.5', 1)).toBe(-125);
    expect(dec('7', 3)).toBe(7000);
    expect(dec('7.', 0)).toBe(7);
    expect(dec('.5', 1)).toBe(5);
  });

  it('rejects non-zero digits beyond the decimals, bad syntax and overflow', () => {
    for (const [s, d] of [['5.51234', 4], ['1e-05', 8], ['', 2], ['.', 2], ['-', 2], ['1.2.3', 4], ['1,5', 2], ['nan', 2], ['99999999999', 6]] as const) {
      expect(dec(s, d)).toBeNaN();
    }
  });

  it('rounds half away from zero only when asked', () => {
    expect(dec('218102.59507500002', 4, true)).toBe(2181025951);
    expect(dec('1.00005', 4, true)).toBe(10001);
    expect(dec('1.00004999', 4, true)).toBe(10000);
    expect(dec('-1.00005', 4, true)).toBe(-10001);
  });

  it('explains failures', () => {
    const b = enc.encode('5.51234');
    expect(describeDecimalError(b, 0, b.length, 4)).toContain('at most 4 decimal places');
    const c = enc.encode('abc');
    expect(describeDecimalError(c, 0, c.length, 4)).toBe('a decimal number');
    const o = enc.encode('99999999999');
    expect(describeDecimalError(o, 0, o.length, 6)).toContain('below');
  });

  it('agrees with an exact BigInt reference', () => {
    fc.assert(fc.property(
      fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 3 }),
      (units, written, decimals, pad) => {
        // `units` at `written` decimals, printed with `pad` trailing zeros, parsed at `decimals`.
        const neg = units < 0n;
        const abs = (neg ? -units : units).toString().padStart(written + 1, '0');
        const text = (neg ? '-' : '') + (written === 0 ? abs : `${abs.slice(0, -written)}.${abs.slice(-written)}${'0'.repeat(pad)}`);
        const got = dec(text, decimals);
        const scaledExact = decimals >= written ? units * 10n ** BigInt(decimals - written) : null;
        const exact = scaledExact ?? (units % 10n ** BigInt(written - decimals) === 0n ? units / 10n ** BigInt(written - decimals) : null);
        if (exact === null || exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < -BigInt(Number.MAX_SAFE_INTEGER)) expect(got).toBeNaN();
        else expect(got).toBe(Number(exact));
      },
    ));
  });
});

describe('parseSecondsNs', () => {
  it('parses LOBSTER times digit by digit into exact nanoseconds', () => {
    expect(secs('34200.017459617')).toBe(34_200_017_459_617);
    expect(secs('34200.18960767')).toBe(34_200_189_607_670);
    expect(secs('36023')).toBe(36_023_000_000_000);
    expect(secs('0.000000001')).toBe(1);
    expect(secs('1.1234567890')).toBe(1_123_456_789);
    expect(secs('1.1234567891')).toBeNaN();
    expect(secs('-1.5')).toBeNaN();
    expect(secs('')).toBeNaN();
    expect(secs('12a')).toBeNaN();
    expect(secs('1673302660.926', 1673222400)).toBe(80_260_926_000_000);
  });

  it('matches a BigInt reference', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 86_400 * 90 }), fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 1, max: 9 }), (s, ns, digits) => {
      const frac = String(ns).padStart(9, '0').slice(0, digits);
      const want = BigInt(s) * 1_000_000_000n + BigInt(frac.padEnd(9, '0'));
      expect(secs(`${s}.${frac}`)).toBe(Number(want));
    }));
  });
});

describe('parseDateTime', () => {
  it('parses ISO-8601 with nanoseconds, space separators and date-only values', () => {
    const a = dt('2025-07-17T08:05:03.360677248Z')!;
    expect(a.day).toBe(Date.UTC(2025, 6, 17) / 86_400_000);
    expect(a.nsOfDay).toBe(((8 * 60 + 5) * 60 + 3) * 1e9 + 360_677_248);
    expect(dt('2021-12-31 23:01:00.000000')!.nsOfDay).toBe(23 * 3600e9 + 60e9);
    expect(dt('2024-01-01 23:01:00')!.day).toBe(daysFromCivil(2024, 1, 1));
    expect(dt('2024-02-29')!.nsOfDay).toBe(0);
    for (const bad of ['2025-07-17X08:05:03', '2025-13-01T00:00:00', '2025-07-17T24:00:00', '2025-07-17T08:05:3', '2025/07/17', '2025-07-17T08:05:03.1234567891', '']) {
      expect(dt(bad)).toBeNull();
    }
  });

  it('agrees with Date for any millisecond timestamp', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: 0, max: 999_999 }), (ms, subMs) => {
      const iso = new Date(ms).toISOString().replace('Z', '') + String(subMs).padStart(6, '0') + 'Z';
      const got = dt(iso)!;
      expect(got.day).toBe(Math.floor(ms / 86_400_000));
      expect(got.nsOfDay).toBe((ms % 86_400_000) * 1e6 + subMs);
    }));
  });
});
