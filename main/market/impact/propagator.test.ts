import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../domain/order-events.js';
import { TapePlayer } from '../replay/tape-player.js';
import type { ImpactModel } from '../venue/venue.js';
import { AMZN, at, recorded, venueFor } from '../venue/test-support.js';
import { calibratePropagator, dayStatsFromTape, fitG0SquareRoot } from './calibrate-impact.js';
import { kernelAt, PropagatorImpact } from './propagator.js';

const SEC = 1e9;

describe('PropagatorImpact', () => {
  it('kernels: power law g0(1 + τ/τ0)^−β and exponential g0·e^(−τ/τ0)', () => {
    const pl = { kind: 'power-law', g0: 10, tau0Ns: 2e9, beta: 0.5 } as const;
    const ex = { kind: 'exponential', g0: 10, tau0Ns: 2e9 } as const;
    expect(kernelAt(pl, 0)).toBe(10);
    expect(kernelAt(pl, 6e9)).toBeCloseTo(10 / 2, 12);
    expect(kernelAt(ex, 2e9)).toBeCloseTo(10 / Math.E, 12);
    expect(kernelAt(ex, -1)).toBe(0);
  });

  it('shift = Σ G(t − t_i)·sign_i·v_i^δ: superposition, signs, nothing before the first trade', () => {
    for (const kind of ['power-law', 'exponential'] as const) {
      const kernel = kind === 'power-law' ? { kind, g0: 3, tau0Ns: 1e9, beta: 0.7 } : { kind, g0: 3, tau0Ns: 1e9 };
      const m = new PropagatorImpact({ kernel, delta: 0.5 });
      expect(m.shiftUnits(5)).toBe(0);
      m.onOwnTrade(1e9, 1, 400, 0);
      m.onOwnTrade(3e9, -1, 100, 0);
      const expected = (t: number) => kernelAt(kernel, t - 1e9) * 20 - (t >= 3e9 ? kernelAt(kernel, t - 3e9) * 10 : 0);
      for (const t of [1e9, 2e9, 3e9, 4e9, 10e9, 100e9]) expect(m.shiftUnits(t)).toBeCloseTo(expected(t), 9);
      // Out-of-order queries are exact too (summed directly).
      expect(m.shiftUnits(2e9)).toBeCloseTo(expected(2e9), 9);
      expect(m.shiftUnits(0)).toBe(0);
    }
  });

  it('fits G0 from the square-root law: G0 = Y·σ/V^δ, so one trade of Q has impact Y·σ·sqrt(Q/V)', () => {
    const g0 = fitG0SquareRoot({ sigmaUnits: 30_000, dailyVolume: 1_000_000, y: 0.8 });
    expect(g0).toBeCloseTo((0.8 * 30_000) / 1000, 12);
    const m = new PropagatorImpact({ kernel: { kind: 'exponential', g0, tau0Ns: 1e9 } });
    m.onOwnTrade(0, 1, 10_000, 0);
    expect(m.shiftUnits(0)).toBeCloseTo(0.8 * 30_000 * Math.sqrt(10_000 / 1_000_000), 9);
    expect(() => fitG0SquareRoot({ sigmaUnits: 1, dailyVolume: 0 })).toThrow('dailyVolume must be > 0');
  });

  it('measures the AMZN day: realised volatility from 1-minute mids and the executed volume', () => {
    const { tape, info } = recorded(AMZN);
    const s = dayStatsFromTape(tape, info);
    const p = new TapePlayer(tape, info);
    p.advanceTo(p.total);
    expect(s.dailyVolume).toBe(p.counters.volume); // no auction crosses in this file
    expect(s.intervals).toBe(390); // 09:30 to 16:00
    expect(s.sigmaUnits).toBeGreaterThan(10_000); // more than $1 over the day
    expect(s.sigmaUnits).toBeLessThan(100_000);
  });
});

describe('replay with reaction on the AMZN day', () => {
  const T = 45_000 * SEC;

  /** Our 1,000-share market buy at T (and optionally 200 more at T + 10 s); the shifted mid the strategy sees. */
  function run(impact: ImpactModel | undefined, second = false): { mid: Map<number, number>; events: OrderEvent[] } {
    const { venue, scheduler, events } = venueFor(AMZN, { startTsNs: T, impact });
    const view = venue.marketView(1);
    at(scheduler, T, () => venue.submit({ kind: 'new', clientOrderId: 'big', side: 1, type: 'market', tif: 'ioc', size: 1000 }));
    if (second) at(scheduler, T + 10 * SEC, () => venue.submit({ kind: 'new', clientOrderId: 'next', side: 1, type: 'market', tif: 'ioc', size: 200 }));
    const mid = new Map<number, number>();
    for (const dt of [1, 10, 60, 300, 900]) at(scheduler, T + dt * SEC + 1, () => mid.set(dt, view.book.mid()));
    scheduler.run(T + 1000 * SEC);
    return { mid, events };
  }

  it('a large buy raises the replayed price path, which then decays (power law slower than exponential)', () => {
    const { tape, info } = recorded(AMZN);
    const base = run(undefined).mid;
    const paths: Record<string, number[]> = {};
    for (const kernel of ['power-law', 'exponential'] as const) {
      const { impact, g0 } = calibratePropagator(tape, info, { kernel, tau0Ns: 30 * SEC });
      expect(g0).toBeGreaterThan(0);
      const m = run(impact).mid;
      paths[kernel] = [...m.keys()].map((dt) => m.get(dt)! - base.get(dt)!);
    }
    const pl = paths['power-law']!;
    const ex = paths['exponential']!;
    // Immediately after: ≈ G0·sqrt(1000) = Y·σ·sqrt(1000/V) ≈ 11 ticks up in both.
    expect(pl[0]).toBeGreaterThanOrEqual(800);
    expect(ex[0]).toBeGreaterThanOrEqual(800);
    for (const p of [pl, ex]) for (let i = 1; i < p.length; i++) expect(p[i]!).toBeLessThanOrEqual(p[i - 1]!);
    // After 15 minutes the exponential kernel has forgotten the trade; the power law has not.
    expect(ex.at(-1)).toBe(0);
    expect(pl.at(-1)!).toBeGreaterThan(0);
    expect(pl[2]!).toBeGreaterThan(ex[2]!);
  });

  it('a what-if on the real day charges for impact: a second buy pays more than without reaction', () => {
    const { tape, info } = recorded(AMZN);
    const avg = (events: OrderEvent[]) => {
      const f = events.filter((e): e is Extract<OrderEvent, { type: 'OrderFilled' }> => e.type === 'OrderFilled' && e.clientOrderId === 'next');
      return f.reduce((s, e) => s + e.priceUnits * e.size, 0) / f.reduce((s, e) => s + e.size, 0);
    };
    const without = avg(run(undefined, true).events);
    const withImpact = avg(run(calibratePropagator(tape, info, { tau0Ns: 30 * SEC }).impact, true).events);
    expect(withImpact - without).toBeGreaterThanOrEqual(500);
  });
});
