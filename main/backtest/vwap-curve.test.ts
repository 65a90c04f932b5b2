import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { volumeFraction } from '../execution/algorithms/index.js';
import { scenarioVolumeCurve } from '../execution/what-if/scenario-path.js';
import { runBacktest } from './backtest-runner.js';
import { vwapScheduleNote } from './outcomes.js';
import { intradayCurve, SAME_SCHEDULE_FRACTION, scheduleDeviationFromTwap, smoothIntradayCurve, vwapBinNs } from './strategies.js';

// Issue #8.4: VWAP was TWAP on any horizon under 30 minutes (its curve was flat inside each half hour).
const AMZN = fileURLToPath(new URL('../../../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
const OPEN = 34_200e9;

describe('VWAP volume curve at the horizon resolution', () => {
  it('a 10-minute order at 09:35 front-loads with the smooth curve; the half-hour curve was uniform there', () => {
    const start = OPEN + 300e9;
    const end = start + 600e9;
    const mid = start + 300e9;
    expect(volumeFraction(intradayCurve(OPEN), start, end, mid)).toBeCloseTo(0.5, 12); // the old curve: TWAP
    const smooth = smoothIntradayCurve(OPEN, start, end, vwapBinNs(600, 10));
    expect(smooth.volumes).toHaveLength(40);
    expect(volumeFraction(smooth, start, end, mid)).toBeGreaterThan(0.5); // the open's volume falls off: trade more early
    // Near the close the density rises: back-loaded. At midday (flat bins) it is ≈ uniform.
    const late = OPEN + 23_400e9 - 900e9;
    expect(volumeFraction(smoothIntradayCurve(OPEN, late, late + 600e9, 15e9), late, late + 600e9, late + 300e9)).toBeLessThan(0.5);
    const noon = OPEN + 3.25 * 3_600e9;
    expect(volumeFraction(smoothIntradayCurve(OPEN, noon, noon + 600e9, 15e9), noon, noon + 600e9, noon + 300e9)).toBeCloseTo(0.5, 2);
    expect(() => smoothIntradayCurve(OPEN, 5, 5, 1e9)).toThrow('need toNs > fromNs');
  });

  it('a scenario follows its own arrival-rate profile (scaled to the path), flat scenarios have none', () => {
    expect(scenarioVolumeCurve('calm', 600)).toBeNull();
    const dir = mkdtempSync(join(tmpdir(), 'slip-vwap-'));
    const file = join(dir, 'profile.json');
    writeFileSync(file, JSON.stringify({
      name: 'profile', instrument: { initialPrice: 100 }, durationSec: 1000,
      timeline: [
        { type: 'regime-change', atSec: 0, durationSec: 500, arrivalRateMultiplier: 3 },
        { type: 'regime-change', atSec: 500, durationSec: 500, arrivalRateMultiplier: 1.5 },
      ],
    }));
    const c = scenarioVolumeCurve(file, 100)!; // scaled from 1,000 s to 100 s
    expect(c.edgesNs).toEqual([0, 50e9, 100e9]);
    expect(c.volumes[0]! / c.volumes[1]!).toBeCloseTo(2, 12);
  });

  it('on the AMZN day near the open VWAP no longer equals TWAP; on a flat scenario the output says they coincide', async () => {
    const common = { strategies: ['twap', 'vwap'], seeds: [1], side: 'buy' as const, quantity: 2000, horizonSec: 600, bootstrapResamples: 100 };
    const day = await runBacktest({ ...common, sources: [{ kind: 'data', files: [AMZN] }], startSec: 300 }, { workers: 0 });
    const v = day.outcomes.find((o) => o.strategy === 'vwap')!;
    expect(v.scheduleVsTwap!).toBeGreaterThan(SAME_SCHEDULE_FRACTION); // ≈ 1.2 %: the open's volume falls off over 10 minutes
    expect(vwapScheduleNote(day.outcomes)).toBeNull();
    const calm = await runBacktest({ ...common, sources: [{ kind: 'scenario', name: 'calm' }], horizonSec: 30, startSec: 10 }, { workers: 0 });
    expect(calm.outcomes.find((o) => o.strategy === 'vwap')!.scheduleVsTwap).toBe(0);
    expect(vwapScheduleNote(calm.outcomes)).toMatch(/^vwap's schedule coincides with twap's on 1 of 1 paths/);
    expect(scheduleDeviationFromTwap([110, 200], 200)).toBeCloseTo(0.05, 12);
  }, 60_000);
});
