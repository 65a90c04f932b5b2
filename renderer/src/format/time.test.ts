import { describe, expect, it } from 'vitest';
import { chartMs, formatChartMs, formatSessionDate, formatSessionTime, formatTimeOfDayNs, nsSinceMidnight } from './time.js';

// 2012-06-21 00:00 in New York (EDT, UTC−4) = 2012-06-21T04:00:00Z.
const NY_MIDNIGHT = { baseEpochNs: '1340251200000000000', clock: 'exchange-local' as const };
const UTC_MIDNIGHT = { baseEpochNs: '1340236800000000000', clock: 'utc' as const };

describe('time of day', () => {
  it('formats HH:MM:SS.mmm and truncates below the millisecond', () => {
    expect(formatTimeOfDayNs(0)).toBe('00:00:00.000');
    expect(formatTimeOfDayNs(34_200_017_459_617)).toBe('09:30:00.017');
    expect(formatTimeOfDayNs(57_599_999_999_999)).toBe('15:59:59.999');
    expect(formatTimeOfDayNs(86_400_000_000_000 + 1_000_000)).toBe('00:00:00.001');
  });

  it('uses tsNs directly for an exchange-local base (LOBSTER)', () => {
    expect(nsSinceMidnight(34_200_017_459_617, NY_MIDNIGHT)).toBe(34_200_017_459_617);
    expect(formatSessionTime(34_200_017_459_617, NY_MIDNIGHT)).toBe('09:30:00.017');
  });

  it('adds the base remainder for a UTC clock', () => {
    const base = { baseEpochNs: '1340236800000000000', clock: 'utc' as const };
    expect(formatSessionTime(3_600_000_000_000, base)).toBe('01:00:00.000');
    // A base that is not a UTC midnight still shows wall time.
    const offset = { baseEpochNs: '1340240400000000000', clock: 'utc' as const };
    expect(formatSessionTime(0, offset)).toBe('01:00:00.000');
  });

  it('shows a dash without a time', () => {
    expect(formatSessionTime(null, NY_MIDNIGHT)).toBe('—');
  });
});

describe('session date', () => {
  it('recovers the exchange-local date from the base', () => {
    expect(formatSessionDate(34_200_000_000_000, NY_MIDNIGHT)).toBe('2012-06-21');
    // Tokyo midnight 2012-06-21 = 2012-06-20T15:00Z.
    expect(formatSessionDate(0, { baseEpochNs: '1340204400000000000', clock: 'exchange-local' })).toBe('2012-06-21');
    expect(formatSessionDate(0, UTC_MIDNIGHT)).toBe('2012-06-21');
    expect(formatSessionDate(90_000_000_000_000, UTC_MIDNIGHT)).toBe('2012-06-22');
  });
});

describe('chart x values', () => {
  it('are milliseconds since the session midnight', () => {
    expect(chartMs(34_200_017_459_617, NY_MIDNIGHT)).toBeCloseTo(34_200_017.459617, 6);
    expect(formatChartMs(34_200_017.459617)).toBe('09:30:00.017');
  });
});
