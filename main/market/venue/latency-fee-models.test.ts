import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import { BpsFees, PerShareFees, ZeroFees } from './fee-models.js';
import { ConstantLatency, LoadDependentLatency, LognormalLatency, MessageRateMeter, PerKindLatency, skipDraws } from './latency-models.js';

describe('latency models', () => {
  it('ConstantLatency returns its delay for every kind', () => {
    const m = new ConstantLatency(250_000.4);
    expect(['entry', 'ack', 'marketData', 'cancel'].map((k) => m.delayNs(k as 'entry', new Rng(1), 0))).toEqual([250_000, 250_000, 250_000, 250_000]);
    expect(() => new ConstantLatency(-1)).toThrow('ConstantLatency: delayNs must be a finite number >= 0, got -1');
  });

  it('LognormalLatency: median and log-spread as configured, clamped, reproducible', () => {
    const m = new LognormalLatency({ medianNs: 1e6, sigma: 0.5, maxNs: 5e6 });
    const r = new Rng(11);
    const xs = Array.from({ length: 20_001 }, () => m.delayNs('entry', r, 0)).sort((a, b) => a - b);
    expect(xs[10_000]! / 1e6).toBeCloseTo(1, 1);
    const logs = xs.map((x) => Math.log(x / 1e6));
    const sd = Math.sqrt(logs.reduce((s, x) => s + x * x, 0) / logs.length);
    expect(sd).toBeCloseTo(0.5, 1);
    expect(xs.at(-1)!).toBeLessThanOrEqual(5e6);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    const a = new Rng(5);
    const b = new Rng(5);
    expect(m.delayNs('ack', a, 0)).toBe(m.delayNs('ack', b, 0));
  });

  it('PerKindLatency routes each kind to its model (cancel defaults to entry)', () => {
    const m = new PerKindLatency({ entry: new ConstantLatency(1), ack: new ConstantLatency(2), marketData: new ConstantLatency(3) });
    const r = new Rng(1);
    expect([m.delayNs('entry', r, 0), m.delayNs('ack', r, 0), m.delayNs('marketData', r, 0), m.delayNs('cancel', r, 0)]).toEqual([1, 2, 3, 1]);
  });

  it('LoadDependentLatency: base × min(cap, (1 + load/capacity)^k)', () => {
    const m = new LoadDependentLatency({ base: new ConstantLatency(1000), capacityPerSec: 100, exponent: 2, maxFactor: 5 });
    const r = new Rng(1);
    expect(m.delayNs('entry', r, 0)).toBe(1000);
    expect(m.delayNs('entry', r, 100)).toBe(4000); // (1 + 1)^2
    expect(m.delayNs('entry', r, 50)).toBe(2250); // 1.5^2
    expect(m.delayNs('entry', r, 10_000)).toBe(5000); // capped
  });

  it('MessageRateMeter reads a steady flow as its rate and decays when it stops', () => {
    const meter = new MessageRateMeter(1e9);
    for (let t = 0; t <= 10e9; t += 1e7) meter.add(t, 1); // 100 messages per second for 10 s
    const r10 = meter.rate(10e9);
    expect(r10).toBeGreaterThan(95);
    expect(r10).toBeLessThan(105);
    // 3 s of silence: e^-3 of it is left.
    expect(meter.rate(13e9)).toBeCloseTo(r10 * Math.exp(-3), 9);
    // Earlier times read as the latest one (the meter never goes back).
    expect(meter.rate(12e9)).toBeCloseTo(r10 * Math.exp(-3), 9);
  });
});

describe('fee models', () => {
  it('PerShareFees: size × maker or taker rate, rebates negative', () => {
    const f = new PerShareFees({ makerPerShareUnits: -20, takerPerShareUnits: 30 });
    expect(f.fee(1, 2_241_700, 100, true)).toBe(3_000);
    expect(f.fee(-1, 2_241_700, 100, false)).toBe(-2_000);
  });

  it('BpsFees: notional × bps / 10,000', () => {
    const f = new BpsFees({ makerBps: -1, takerBps: 4.5 });
    expect(f.fee(1, 2_000_000, 300, true)).toBe((2_000_000 * 300 * 4.5) / 10_000);
    expect(f.fee(1, 2_000_000, 300, false)).toBe(-60_000);
    expect(new ZeroFees().fee(1, 2_000_000, 300, true)).toBe(0);
    expect(() => new BpsFees({ makerBps: NaN, takerBps: 1 })).toThrow('makerBps');
  });
});

describe('skipDraws', () => {
  it('advances the generator exactly as n real delays would, for every latency model', () => {
    const logn = new LognormalLatency({ medianNs: 200_000, sigma: 0.5, minNs: 50_000, maxNs: 5_000_000 });
    const models = [
      new ConstantLatency(1000),
      logn,
      new PerKindLatency({ entry: new ConstantLatency(5), ack: new ConstantLatency(7), marketData: logn }),
      new LoadDependentLatency({ base: logn, capacityPerSec: 100 }),
    ];
    for (const m of models) {
      for (const n of [0, 1, 2, 7, 1000]) {
        const a = new Rng(42), b = new Rng(42);
        for (let i = 0; i < n; i++) m.delayNs('marketData', a, 50);
        skipDraws(m, 'marketData', b, n);
        // The next delays (odd n leaves a spare normal: it must be the same one) and raw numbers agree.
        expect([m.delayNs('marketData', b, 0), b.nextU32(), b.normal()]).toEqual([m.delayNs('marketData', a, 0), a.nextU32(), a.normal()]);
      }
    }
  });
});
