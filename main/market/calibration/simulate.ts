import { runScenario } from '../scenarios/run-scenario.js';
import { parseScenario, type ScenarioInput } from '../scenarios/scenario-schema.js';
import type { StylizedFactsInput } from './stylized-facts.js';

/**
 * Runs a scenario on the generative market (`runScenario`, no event log) and returns the series
 * stylized facts need. The ABM samples its mid and spread once a second (`SessionSeries`), so
 * `resolutionSec` is 1 and seconds with an empty side are skipped; trades are every execution
 * with its aggressor side. Deterministic: same scenario and seed, same series. Throws
 * `ScenarioError` naming the field when the scenario does not validate.
 */
export function simulateScenario(scenario: ScenarioInput, seed: number): StylizedFactsInput {
  const run = runScenario(parseScenario(scenario, `scenario ${scenario.name ?? ''}`.trim()), { seed, eventLog: false });
  const mid = run.series.midPerSec;
  const spr = run.series.spreadPerSec;
  const ts: number[] = [], m: number[] = [], sp: number[] = [];
  for (let k = 0; k < mid.length; k++) {
    if (!(mid[k]! > 0)) continue;
    ts.push(k * 1e9);
    m.push(mid[k]!);
    sp.push(spr[k]! / run.tickUnits);
  }
  return {
    midTsNs: Float64Array.from(ts),
    mid: Float64Array.from(m),
    spreadTicks: Float64Array.from(sp),
    tradeTsNs: Float64Array.from(run.series.tradeTimeNs),
    tradeSize: Float64Array.from(run.series.tradeSize),
    tradeSide: Float64Array.from(run.series.tradeSide),
    sessionStartNs: 0,
    sessionEndNs: run.durationSec * 1e9,
    resolutionSec: 1,
  };
}
