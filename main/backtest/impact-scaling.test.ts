import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { normalizeConfig } from './backtest-config.js';
import { buildJobs } from './backtest-runner.js';
import { runJobSync, type JobResult } from './job-run.js';
import { runBacktest } from './backtest-runner.js';
import { calibratePropagator } from '../market/impact/calibrate-impact.js';
import { metaorderShiftUnits } from '../market/impact/propagator.js';
import { recorded } from '../market/venue/test-support.js';

// Issue #8.2 on the real AMZN day: impact acts on the flow of our trades, not on their count.
const AMZN = fileURLToPath(new URL('../../../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));

/** TWAP on the AMZN day from `startSec`; the mids with and without our orders. */
function twap(quantity: number, horizonSec: number, slices: number, startSec = 30): { run: JobResult; without: JobResult } {
  const config = normalizeConfig({ strategies: ['twap'], sources: [{ kind: 'data', files: [AMZN] }], seeds: [1], side: 'buy', quantity, horizonSec, startSec, params: { slices } });
  const [u, r] = buildJobs(config);
  return { without: runJobSync(u!), run: runJobSync(r!) };
}

/** Our impact (bps of the arrival mid) on the grid point at or after `t`. */
function impactAt(x: { run: JobResult; without: JobResult }, t: number): number {
  const i = x.run.midTs.findIndex((ts) => ts >= t);
  return ((x.run.mid[i]! - x.without.mid[i]!) / x.without.mid[0]!) * 1e4;
}

describe('propagator impact on the AMZN day', () => {
  it('TWAP of 2,000 shares over 1,800 s: impact no longer grows with the number of slices (was 1.3, 17.7, 32.2 bps at 2, 10, 50)', () => {
    const bps = [2, 10, 50].map((n) => {
      const x = twap(2000, 1800, n);
      expect(x.run.filledUnits).toBe(2000);
      return impactAt(x, x.run.measureNs);
    });
    // Model value of a uniform 2,000 over 1,800 s (what 50 slices approximate): ≈ 4 bps.
    const { tape, info } = recorded(AMZN);
    const kernel = calibratePropagator(tape, info).impact.kernel;
    const x50 = twap(2000, 1800, 50);
    const uniformBps = (metaorderShiftUnits(kernel, 2000 / 1800e9, 1800e9) / (x50.without.mid[0]! * 1e4)) * 1e4;
    expect(bps[2]!).toBeGreaterThan(0.6 * uniformBps);
    expect(bps[2]!).toBeLessThan(1.4 * uniformBps);
    // More slices do not cost more by themselves (fewer slices finish early and decay: a little less).
    expect(bps[2]! / bps[1]!).toBeLessThan(1.3);
    expect(Math.max(...bps) / Math.min(...bps)).toBeLessThan(2);
  }, 60_000);

  it('square-root law at fixed participation: impact ∝ Q^δ with δ in [0.4, 0.6], decaying after the order', () => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const q of [500, 1000, 2000, 4000]) {
      const horizon = q * 0.9; // 1.1 shares a second (≈ 3 % of the day's volume rate), one slice every 36 s
      const x = twap(q, horizon, Math.round(horizon / 36), 600);
      const peak = impactAt(x, x.run.measureNs);
      expect(peak).toBeGreaterThan(0);
      xs.push(Math.log(q));
      ys.push(Math.log(peak));
      // Decays after the order ends (the reversion window of the path: 60 s).
      expect(impactAt(x, x.run.measureNs + 59e9)).toBeLessThan(peak);
    }
    const n = xs.length;
    const mx = xs.reduce((a, b) => a + b) / n;
    const my = ys.reduce((a, b) => a + b) / n;
    const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    expect(slope).toBeGreaterThanOrEqual(0.4);
    expect(slope).toBeLessThanOrEqual(0.6);
  }, 120_000);

  it('the AC model prices the day\'s impact into η: its modelled mean impact is of the order of the impact the order then has', async () => {
    const r = await runBacktest({ strategies: ['ac'], sources: [{ kind: 'data', files: [AMZN] }], seeds: [1], side: 'buy', quantity: 2000, horizonSec: 300, startSec: 600, bootstrapResamples: 100 }, { workers: 0 });
    const o = r.outcomes[0]!;
    const parts = o.model!.etaParts!;
    const bps = (units: number) => (units / (o.tca.arrivalPrice * 1e4)) * 1e4;
    // Half the spread alone (the old η) leaves out most of the cost.
    expect(parts.halfSpread + parts.depthWalk + parts.dayImpact).toBeGreaterThan(1.5 * parts.halfSpread);
    // Mean shift during the order vs the shift at its end (a peak, so ≈ 1.5× the mean).
    const ratio = bps(parts.dayImpact) / o.marketImpactBps!;
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(1.1);
  }, 60_000);
});
