import { describe, expect, it } from 'vitest';
import { DEFAULT_OBS_SCALES, OBS, OBS_DIM, OBS_NAMES, SIGNAL_SLOTS, realisedVolBps, writeObservation, type ObservationState } from './observation.js';
import { FixedBook } from './test-book.js';

const book = new FixedBook([[1000, 30], [990, 10]], [[1020, 10], [1030, 50]]);
const state = (side: 1 | -1, over: Partial<ObservationState> = {}): ObservationState => ({
  side, timeLeft: 0.5, inventoryLeft: 0.25, book, tickUnits: 10, volatilityBps: 5, volumeRatio: 9, buyVolume: 30, sellVolume: 10, totalVolume: 50, queuePosition: 0.4, ...over,
});

describe('observation layout', () => {
  it('has 10 features then the reserved signal slots, named in order', () => {
    expect(OBS_DIM).toBe(18);
    expect(SIGNAL_SLOTS).toBe(8);
    expect(OBS_NAMES).toHaveLength(OBS_DIM);
    expect(OBS_NAMES[OBS.queuePosition]).toBe('queuePosition');
    expect(OBS_NAMES[OBS.signal0]).toBe('signal0');
  });

  it('writes the documented values at an offset, side-signed so positive is adverse', () => {
    const out = new Float32Array(2 * OBS_DIM).fill(7);
    writeObservation(out, OBS_DIM, state(1), DEFAULT_OBS_SCALES);
    const o = out.subarray(OBS_DIM);
    expect(out[0]).toBe(7);
    expect(o[OBS.timeLeft]).toBe(0.5);
    expect(o[OBS.inventoryLeft]).toBe(0.25);
    expect(o[OBS.spread]).toBeCloseTo(0.2, 6); // 2 ticks / 10
    expect(o[OBS.imbalance1]).toBeCloseTo(0.5, 6); // (30 − 10) / 40
    expect(o[OBS.imbalance5]).toBeCloseTo(-0.2, 6); // (40 − 60) / 100
    // microprice = (1000 × 10 + 1020 × 30) / 40 = 1015; mid 1010 ⇒ +49.5 bp / 5 ⇒ clipped at 5.
    expect(o[OBS.microprice]).toBe(5);
    expect(o[OBS.volatility]).toBeCloseTo(0.5, 6);
    expect(o[OBS.volume]).toBeCloseTo(1, 6); // log10(1 + 9)
    expect(o[OBS.signedFlow]).toBeCloseTo(0.4, 6); // (30 − 10) / 50
    expect(o[OBS.queuePosition]).toBeCloseTo(0.4, 6);
    expect(Array.from(o.subarray(OBS.signal0))).toEqual(new Array(SIGNAL_SLOTS).fill(0));

    const s = new Float32Array(OBS_DIM);
    writeObservation(s, 0, state(-1), DEFAULT_OBS_SCALES);
    expect(s[OBS.imbalance1]).toBeCloseTo(-0.5, 6);
    expect(s[OBS.microprice]).toBe(-5);
    expect(s[OBS.signedFlow]).toBeCloseTo(-0.4, 6);
    expect(s[OBS.spread]).toBe(o[OBS.spread]);
  });

  it('never writes NaN: empty book sides and no volume give 0', () => {
    const s = new Float32Array(OBS_DIM);
    writeObservation(s, 0, state(1, { book: new FixedBook([], [[1020, 1]]), totalVolume: 0, buyVolume: 0, sellVolume: 0, volumeRatio: 0 }), DEFAULT_OBS_SCALES);
    expect(s.every((x) => Number.isFinite(x))).toBe(true);
    expect(s[OBS.spread]).toBe(0);
    expect(s[OBS.signedFlow]).toBe(0);
    expect(s[OBS.volume]).toBe(0);
  });

  it('realised volatility is the RMS of the last k mid returns in bps, skipping NaN mids', () => {
    expect(realisedVolBps([100], 5)).toBe(0);
    expect(realisedVolBps([100, 101, 100], 5)).toBeCloseTo(Math.sqrt(((0.01) ** 2 + (1 / 101) ** 2) / 2) * 1e4, 9);
    expect(realisedVolBps([50, 100, 101], 1)).toBeCloseTo(100, 9);
    expect(realisedVolBps([100, NaN, 101], 5)).toBe(0);
  });
});
