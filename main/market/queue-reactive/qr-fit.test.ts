import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { calibrate } from '../calibration/calibrate.js';
import { computeStylizedFacts } from '../calibration/stylized-facts.js';
import { qrFactRows, simulateQrSeries } from './qr-facts.js';
import { fitQueueReactive } from './qr-fit.js';

const data = (p: string) => fileURLToPath(new URL(`../../../../shared/data/${p}`, import.meta.url));
const AMZN = [data('lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv')];

describe('fitQueueReactive on a real day (LOBSTER AMZN 2012-06-21)', () => {
  const p = fitQueueReactive(AMZN);

  it('fits intensities per queue state from the day', () => {
    expect(p.instrument.tickSizeUnits).toBe(100);
    expect(p.aesUnits).toBeGreaterThan(20);
    expect(p.aesUnits).toBeLessThan(500);
    expect(p.sessionSec).toBeGreaterThan(23_000);
    for (let n = 1; n <= p.buckets; n++) {
      expect(p.limitRate[n]).toBeGreaterThan(0);
      expect(p.cancelRate[n]).toBeGreaterThan(0);
      expect(p.marketRate[n]).toBeGreaterThan(0);
    }
    // Queue-reactive, not constant: small queues are cancelled faster than they grow.
    expect(p.cancelRate[1]! + p.marketRate[1]!).toBeGreaterThan(p.limitRate[1]!);
    // Intraday seasonality: 30 min bins over the 6.5 h day, time-weighted mean 1, busier at the close than at midday.
    expect(p.seasonBinSec).toBe(1_800);
    expect(p.seasonality).toHaveLength(13);
    expect(p.seasonality!.at(-1)!).toBeGreaterThan(p.seasonality![6]!);
    expect(fitQueueReactive(AMZN, { seasonBinSec: 0 }).seasonality).toBeUndefined();
    expect(fitQueueReactive(AMZN)).toEqual(p);
  });

  it('the fitted market has the day\'s spread and volatility to within a factor (shown in full by qrFactRows)', () => {
    const real = calibrate(AMZN).series;
    const sim = simulateQrSeries(p, 1);
    const fr = computeStylizedFacts(real), fs = computeStylizedFacts(sim);
    const ratio = (a: number | null, b: number | null) => (a !== null && b !== null ? a / b : NaN);
    // Measured: spread mean 8.5 vs 12.8 ticks, 1 min std 5.7 vs 7.3 bps (model I has no volatility clustering).
    expect(ratio(fs.spreadMeanTicks, fr.spreadMeanTicks)).toBeGreaterThan(0.5);
    expect(ratio(fs.spreadMeanTicks, fr.spreadMeanTicks)).toBeLessThan(1.5);
    expect(ratio(fs.ret1mStdBps, fr.ret1mStdBps)).toBeGreaterThan(0.5);
    expect(ratio(fs.ret1mStdBps, fr.ret1mStdBps)).toBeLessThan(1.5);
    const rows = qrFactRows(real, sim);
    const spread = rows.find((r) => r.key === 'spreadMeanTicks')!;
    expect(spread.real).toBe(fr.spreadMeanTicks);
    expect(spread.queueReactive).toBe(fs.spreadMeanTicks);
    expect(spread.agentBased).toBeNull();
  });

  it('fits a window of the day only: its own session length, seasonality and rates; a bad window is refused', () => {
    const am = fitQueueReactive(AMZN, { window: [34_200, 45_900] });
    // 09:30-12:45: 3 h 15 min of touch changes, 7 bins of 30 min (the last one 15 min long).
    expect(am.sessionSec).toBeGreaterThan(11_600);
    expect(am.sessionSec).toBeLessThanOrEqual(11_700);
    expect(am.seasonality).toHaveLength(7);
    expect(am.source).toMatch(/34200-45900 s$/);
    // Morning bins are the whole day's first bins up to a constant (each set is renormalised to mean 1).
    const r = (x: number[]) => x.map((v) => v / x[0]!);
    expect(r(am.seasonality!.slice(0, 6))).toEqual(r(p.seasonality!.slice(0, 6)).map((v) => expect.closeTo(v, 5)));
    const pm = fitQueueReactive(AMZN, { window: [45_900, 57_600] });
    expect(pm.limitRate).not.toEqual(am.limitRate);
    expect(pm.initialMidUnits).not.toBe(am.initialMidUnits);
    expect(fitQueueReactive(AMZN, { window: [34_200, 45_900] })).toEqual(am);
    expect(() => fitQueueReactive(AMZN, { window: [45_900, 34_200] })).toThrow(/window \[45900, 34200\] must be seconds after midnight with 0 ≤ start < end/);
    expect(() => fitQueueReactive(AMZN, { window: [0, 60] })).toThrow(/AMZN_2012-06-21.*window 0-60 s.*too few to fit/);
  });

  it('refuses data without a book, naming the file', () => {
    const bars = data('bars/btc-perp-20211231-20220201_1m.csv');
    expect(() => fitQueueReactive([bars])).toThrow(/btc-perp-20211231-20220201_1m\.csv/);
  });
});
