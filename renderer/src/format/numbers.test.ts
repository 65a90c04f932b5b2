import { describe, expect, it } from 'vitest';
import {
  formatBps,
  formatCompact,
  formatCount,
  formatDuration,
  formatJobRate,
  formatPercent,
  formatPrice,
  formatRate,
  formatSigned,
  formatSize,
  groupThousands,
  inferDecimalsFromPrices,
  tickDecimals,
} from './numbers.js';

describe('groupThousands', () => {
  it('groups the integer part only', () => {
    expect(groupThousands('0')).toBe('0');
    expect(groupThousands('999')).toBe('999');
    expect(groupThousands('1000')).toBe('1,000');
    expect(groupThousands('1234567.891')).toBe('1,234,567.891');
    expect(groupThousands('-1234567')).toBe('-1,234,567');
  });
});

describe('prices at tick precision', () => {
  it('derives display decimals from the tick', () => {
    expect(tickDecimals(4, 100)).toBe(2); // LOBSTER: $0.01 tick at 1e-4 units
    expect(tickDecimals(4, 25)).toBe(4);
    expect(tickDecimals(2, 1)).toBe(2);
    expect(tickDecimals(8, 0)).toBe(8); // unknown tick: all decimals
    expect(tickDecimals(0, 5)).toBe(0);
  });

  it('formats integer price units exactly', () => {
    expect(formatPrice(2238200, 4, 2)).toBe('223.82');
    expect(formatPrice(2238200, 4)).toBe('223.8200');
    expect(formatPrice(5, 4, 4)).toBe('0.0005');
    expect(formatPrice(6_543_210_000, 2, 2)).toBe('65,432,100.00');
    expect(formatPrice(-150, 2)).toBe('-1.50');
    expect(formatPrice(12345678, 0)).toBe('12,345,678');
  });

  it('formats fractional units (mid, microprice) with rounding', () => {
    expect(formatPrice(2238250, 4, 3)).toBe('223.825');
    expect(formatPrice(2238233.3333, 4, 4)).toBe('223.8233');
  });

  it('shows a dash for missing values', () => {
    expect(formatPrice(null, 4)).toBe('—');
    expect(formatPrice(NaN, 4)).toBe('—');
  });

  it('infers decimals from observed prices when the tick is unknown', () => {
    expect(inferDecimalsFromPrices(4, [2238200, 2238100])).toBe(2);
    expect(inferDecimalsFromPrices(4, [2238200, 2238150])).toBe(3);
    expect(inferDecimalsFromPrices(8, [3_000_000_000_000])).toBe(0);
    expect(inferDecimalsFromPrices(4, [])).toBe(0);
  });
});

describe('sizes and counts', () => {
  it('uses thousands separators', () => {
    expect(formatSize(1234567)).toBe('1,234,567');
    expect(formatSize(100)).toBe('100');
    expect(formatSize(123456789, 3)).toBe('123,456.789');
    expect(formatCount(57514)).toBe('57,514');
    expect(formatSize(undefined)).toBe('—');
  });

  it('abbreviates with k/M/B and keeps the exact value', () => {
    expect(formatCompact(9_999)).toEqual({ text: '9,999', exact: '9,999' });
    expect(formatCompact(12_345)).toEqual({ text: '12.3k', exact: '12,345' });
    expect(formatCompact(1_234_567)).toEqual({ text: '1.23M', exact: '1,234,567' });
    expect(formatCompact(250_000)).toEqual({ text: '250k', exact: '250,000' });
    expect(formatCompact(3_000_000_000)).toEqual({ text: '3B', exact: '3,000,000,000' });
    expect(formatCompact(-45_600)).toEqual({ text: '-45.6k', exact: '-45,600' });
    expect(formatCompact(1_500_000, 3)).toEqual({ text: '1,500.000', exact: '1,500.000' });
    expect(formatCompact(15_000_000, 3)).toEqual({ text: '15k', exact: '15,000.000' });
    expect(formatCompact(150_000, 0, 1_000_000).text).toBe('150,000');
  });
});

describe('other formats', () => {
  it('formats bps, rates, durations, percentages and signed ratios', () => {
    expect(formatBps(0.4467)).toBe('0.4 bp');
    expect(formatBps(2.25, true)).toBe('+2.3 bp');
    expect(formatBps(null)).toBe('—');
    expect(formatRate(123_456)).toBe('123k/s');
    expect(formatRate(950, ' events/s')).toBe('950 events/s');
    expect(formatJobRate(116_000, 'events')).toBe('116k events/s');
    expect(formatJobRate(116_000, 'events/s')).toBe('116k events/s');
    expect(formatDuration(3.21)).toBe('3.2 s');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(65)).toBe('1 m 05 s');
    expect(formatDuration(3725)).toBe('1 h 02 m');
    expect(formatDuration(null)).toBe('—');
    expect(formatPercent(0.4567)).toBe('45.7%');
    expect(formatSigned(0.25)).toBe('+0.250');
    expect(formatSigned(-0.125)).toBe('−0.125');
    expect(formatSigned(0)).toBe('0.000');
  });
});
