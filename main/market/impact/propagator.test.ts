import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../domain/order-events.js';
import { TapePlayer } from '../replay/tape-player.js';
import type { ImpactModel } from '../venue/venue.js';
import { AMZN, at, recorded, venueFor } from '../venue/test-support.js';
import { calibratePropagator, dayStatsFromTape, DEFAULT_KERNEL_SHAPE, fitG0SquareRoot } from './calibrate-impact.js';
import { kernelAt, metaorderShiftUnits, PropagatorImpact } from './propagator.js';

function olsSlope(x: readonly number[], y: readonly number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxy / sxx;
}

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

  it('shift = Σ G(t − t_i)·sign_i·v_i: superposition, signs, nothing before the first trade', () => {
    for (const kind of ['power-law', 'exponential'] as const) {
      const kernel = kind === 'power-law' ? { kind, g0: 3, tau0Ns: 1e9, beta: 0.7 } : { kind, g0: 3, tau0Ns: 1e9 };
      const m = new PropagatorImpact({ kernel });
      expect(m.shiftUnits(5)).toBe(0);
      m.onOwnTrade(1e9, 1, 400, 0);
      m.onOwnTrade(3e9, -1, 100, 0);
      const expected = (t: number) => kernelAt(kernel, t - 1e9) * 400 - (t >= 3e9 ? kernelAt(kernel, t - 3e9) * 100 : 0);
      for (const t of [1e9, 2e9, 3e9, 4e9, 10e9, 100e9]) expect(m.shiftUnits(t)).toBeCloseTo(expected(t), 9);
      // Out-of-order queries are exact too (summed directly).
      expect(m.shiftUnits(2e9)).toBeCloseTo(expected(2e9), 9);
      expect(m.shiftUnits(0)).toBe(0);
    }
  });

  it('acts on the flow, not on the number of fills: the same quantity in 1 or 50 pieces moves prices the same', () => {
    // The per-fill concave model (v^δ per fill) charged √n more for n pieces of the same trade.
    const kernel = { kind: 'power-law', g0: 2, tau0Ns: 5e9, beta: 0.5 } as const;
    const one = new PropagatorImpact({ kernel });
    one.onOwnTrade(0, 1, 5000, 0);
    for (const n of [2, 10, 50]) {
      const many = new PropagatorImpact({ kernel });
      for (let i = 0; i < n; i++) many.onOwnTrade(i * 1e6, 1, 5000 / n, 0); // within 50 ms
      for (const t of [10e9, 100e9, 1000e9]) expect(many.shiftUnits(t) / one.shiftUnits(t)).toBeCloseTo(1, 2);
    }
  });

  it('the same quantity traded faster costs more; uniform slicing converges to the continuous metaorder', () => {
    const kernel = { kind: 'power-law', g0: 2, tau0Ns: 5e9, beta: 0.5 } as const;
    const peak = (q: number, durSec: number, slices: number) => {
      const m = new PropagatorImpact({ kernel });
      for (let i = 0; i < slices; i++) m.onOwnTrade(((i + 0.5) * durSec * 1e9) / slices, 1, q / slices, 0);
      return m.shiftUnits(durSec * 1e9);
    };
    const slow = peak(2000, 1800, 1800);
    const fast = peak(2000, 450, 1800);
    expect(fast / slow).toBeGreaterThan(1.8); // 4× faster: ≈ √4 = 2 times the peak
    expect(fast / slow).toBeLessThan(2.3);
    const continuous = metaorderShiftUnits(kernel, 2000 / 1800e9, 1800e9);
    expect(peak(2000, 1800, 50) / continuous).toBeCloseTo(1, 1);
    expect(peak(2000, 1800, 1800) / continuous).toBeCloseTo(1, 2);
  });

  it('square-root law: at fixed participation the peak grows like Q^δ, δ in [0.4, 0.6], and decays after the order ends', () => {
    const kernel = { kind: 'power-law', g0: 2, tau0Ns: 5e9, beta: 0.5 } as const;
    const rate = 1; // one share a second, traded every second
    const xs: number[] = [];
    const ys: number[] = [];
    for (const q of [100, 200, 400, 800, 1600, 3200]) {
      const m = new PropagatorImpact({ kernel });
      for (let t = 0; t < q / rate; t++) m.onOwnTrade(t * 1e9, 1, rate, 0);
      const end = (q / rate) * 1e9;
      const p = m.shiftUnits(end);
      xs.push(Math.log(q));
      ys.push(Math.log(p));
      // Decay: lower at every later time, half gone (or more) one order-length after the end.
      let prev = p;
      for (const after of [1, 10, 60, 600, 6000].map((s) => s * 1e9)) {
        const v = m.shiftUnits(end + after);
        expect(v).toBeLessThan(prev);
        prev = v;
      }
      expect(m.shiftUnits(2 * end)).toBeLessThan(0.6 * p); // (√(1+2T/τ0) − √(1+T/τ0)) / (√(1+T/τ0) − 1) ≤ 0.51
    }
    const slope = olsSlope(xs, ys);
    expect(slope).toBeGreaterThanOrEqual(0.4);
    expect(slope).toBeLessThanOrEqual(0.6);
  });

  it('fits G0 so that the reference metaorder (π of the volume over 600 s) has impact Y·σ·√(Q/V)', () => {
    const p = { sigmaUnits: 30_000, dailyVolume: 1_000_000, sessionNs: 23_400e9, y: 0.8 };
    const g0 = fitG0SquareRoot(p);
    const kernel = { ...DEFAULT_KERNEL_SHAPE, g0 } as const;
    const rate = (0.1 * p.dailyVolume) / p.sessionNs;
    const q = rate * 600e9;
    expect(metaorderShiftUnits(kernel, rate, 600e9)).toBeCloseTo(0.8 * 30_000 * Math.sqrt(q / 1_000_000), 6);
    // At the same participation over 4× the time: ≈ 2× the impact (√4), within the τ0 correction.
    const longer = metaorderShiftUnits(kernel, rate, 2400e9) / metaorderShiftUnits(kernel, rate, 600e9);
    expect(longer).toBeGreaterThan(1.9);
    expect(longer).toBeLessThan(2.15);
    expect(() => fitG0SquareRoot({ ...p, dailyVolume: 0 })).toThrow('dailyVolume must be > 0');
    expect(() => fitG0SquareRoot({ ...p, participation: 0 })).toThrow('participation must be in (0, 1]');
  });

  it('measures the AMZN day: realised volatility from 1-minute mids and the executed volume', () => {
    const { tape, info } = recorded(AMZN);
    const s = dayStatsFromTape(tape, info);
    const p = new TapePlayer(tape, info);
    p.advanceTo(p.total);
    expect(s.dailyVolume).toBe(p.counters.volume); // no auction crosses in this file
    expect(s.intervals).toBe(390); // 09:30 to 16:00
    expect(s.sessionNs / 1e9).toBeGreaterThan(23_000);
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
    // One second after: ≈ G(1 s)·1000, whole ticks (≥ 8 ticks for a 1,000-share buy on this day).
    expect(pl[0]).toBeGreaterThanOrEqual(800);
    expect(ex[0]).toBeGreaterThanOrEqual(800);
    for (const p of [pl, ex]) for (let i = 1; i < p.length; i++) expect(p[i]!).toBeLessThanOrEqual(p[i - 1]!);
    // After 15 minutes the exponential kernel has forgotten the trade; the power law has not.
    expect(ex.at(-1)).toBe(0);
    expect(pl.at(-1)!).toBeGreaterThan(0);
    // Relative to their first value (the two kernels are fitted to the same 600 s metaorder, so their G0 differ).
    expect(pl[2]! / pl[0]!).toBeGreaterThan(ex[2]! / ex[0]!);
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
