import { describe, expect, it } from 'vitest';
import { newDateTimeParts } from './decimal-parse.js';
import { lastParseRounded, parseDateTimeLenient, parseDecimalLenient, parseIntLenient, parseSecondsLenient } from './lenient-parse.js';

const b = (s: string) => Buffer.from(s, 'latin1');
const dec = (s: string, d: number, round = false) => parseDecimalLenient(b(s), 0, s.length, d, round);

describe('parseDecimalLenient', () => {
  it('reads exponents, + signs and zero fractions exactly', () => {
    expect([dec('1e-05', 8), dec('1.5E-07', 8), dec('2.5e+3', 0), dec('+6421.5', 1), dec('100.0', 0), dec('-1.25e1', 2), dec('0', 3), dec('-0.0', 2)])
      .toEqual([1000, 15, 2500, 64215, 100, -1250, 0, 0]);
  });

  it('rounds float64 print noise to the nearest unit and says so', () => {
    expect(dec('91.14000000000001', 4)).toBe(911_400);
    expect(lastParseRounded()).toBe(true);
    expect(dec('0.30000000000000004', 2)).toBe(30);
    expect(dec('1.1076999999999999', 6)).toBe(1_107_700);
    expect(dec('-1.1076999999999999', 6)).toBe(-1_107_700);
    expect(dec('1.5', 1)).toBe(15);
    expect(lastParseRounded()).toBe(false);
  });

  it('refuses digits beyond the decimals that are not noise, non-numbers and overflow', () => {
    for (const s of ['91.14567', '1.1076543210987654', '1e', 'e5', '1.2.3', '--1', '', '.', '1e-05x', '9e15', '12345678901234567890']) {
      expect(dec(s, 4), s).toBeNaN();
    }
  });

  it('with round, rounds any extra digits half away from zero without reporting it', () => {
    expect([dec('2e-05', 4, true), dec('5e-05', 4, true), dec('-5e-05', 4, true), dec('218102.59507500002', 4, true)]).toEqual([0, 1, -1, 2_181_025_951]);
    expect(lastParseRounded()).toBe(false);
  });

  it('integers: unsigned refuses a minus', () => {
    expect(parseIntLenient(b('+5'), 0, 2, false)).toBe(5);
    expect(parseIntLenient(b('-5'), 0, 2, false)).toBeNaN();
    expect(parseIntLenient(b('-5.0'), 0, 4, true)).toBe(-5);
  });
});

describe('parseSecondsLenient', () => {
  it('rounds past the 9th fraction digit, half up', () => {
    const s = (t: string) => parseSecondsLenient(b(t), 0, t.length);
    expect(s('35821.088778456004')).toBe(35_821_088_778_456);
    expect(lastParseRounded()).toBe(true);
    expect(s('35821.0887784559996')).toBe(35_821_088_778_456);
    expect(s('35821.0887784565')).toBe(35_821_088_778_457);
    expect(s('35821.0887784560000')).toBe(35_821_088_778_456);
    expect(lastParseRounded()).toBe(false);
    expect([s('1.2.3'), s('-1.5'), s('x'), s('')].every(Number.isNaN)).toBe(true);
  });
});

describe('parseDateTimeLenient', () => {
  const dt = (t: string) => {
    const out = newDateTimeParts();
    return parseDateTimeLenient(b(t), 0, t.length, out) ? [out.day, out.nsOfDay] : null;
  };
  it('converts UTC offsets and epoch digits to the same instant', () => {
    const want = [19_723, (0 * 3600 + 30 * 60) * 1e9 + 5e8]; // 2024-01-01 00:30:00.5 UTC
    expect(dt('2024-01-01 00:30:00.5+00:00')).toEqual(want);
    expect(dt('2024-01-01T01:30:00.5+01:00')).toEqual(want);
    expect(dt('2023-12-31 19:30:00.5-0500')).toEqual(want);
    expect(dt('2024-01-01 02:30:00.5+02')).toEqual(want);
    expect(dt('1704069000500')).toEqual(want);
    expect(dt('1704069000500000000')).toEqual(want);
    expect(dt('1704069000')).toEqual([19_723, 30 * 60e9]);
  });
  it('refuses other shapes', () => {
    for (const t of ['2024-01-01 00:30:00+25:00', '2024-01-01 00:30:00+0a:00', '12345', '2024-13-01 00:30:00+00:00', 'now']) expect(dt(t), t).toBeNull();
  });
});
