import { describe, expect, it } from 'vitest';
import { formatClockMs, formatIsoNs } from './time.js';

const base = BigInt(Date.UTC(2012, 5, 21)) * 1_000_000n;

describe('time formatting', () => {
  it('prints nanoseconds exactly, with a zone only for UTC clocks', () => {
    expect(formatIsoNs(base, 34_200_017_459_617, 'exchange-local')).toBe('2012-06-21T09:30:00.017459617');
    expect(formatIsoNs(base, 5, 'utc')).toBe('2012-06-21T00:00:00.000000005Z');
    expect(formatIsoNs(base, NaN, 'utc')).toBe('');
  });
  it('prints HH:MM:SS.mmm', () => {
    expect(formatClockMs(base, 57_599_999_999_999)).toBe('15:59:59.999');
    expect(formatClockMs(base, NaN)).toBe('--:--:--.---');
  });
});
