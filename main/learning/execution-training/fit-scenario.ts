import { qrParamsFromFlow } from '../../market/queue-reactive/qr-fit.js';
import { TouchFlow } from '../../market/queue-reactive/qr-touch-flow.js';
import { loadScenario } from '../../market/scenarios/load-scenario.js';
import { runScenario } from '../../market/scenarios/run-scenario.js';
import type { FittedMarket } from './default-preset.js';

/** Which simulated day a scenario's training market is fitted to. Invariant: `seed` fixes the day bit for bit. */
export interface ScenarioDay {
  /** A preset name (calm, volatile, …) or a scenario file. */
  readonly scenario: string;
  readonly seed: number;
  /**
   * Session length simulated (default: the scenario's own, 6.5 h for the presets). A shorter day
   * keeps the scenario's story: its timeline (crash, jump, regime change) is scaled into it.
   */
  readonly durationSec?: number;
}

/**
 * Fits the queue-reactive training market to one seeded simulated day of an agent-based scenario:
 * the scenario runs once (an agent-based day costs about 100× a queue-reactive one, so the
 * agent trains on this fit, never on the agent-based market itself), its touch and trades feed
 * the same `TouchFlow` a replayed day does (a trade hits the side opposite its aggressor), and
 * the day's traded volume per second is the basis of the 1–10 % sizes. A `durationSec` shorter
 * than the scenario's scales its timeline into the day (the story happens, compressed in time). Deterministic in
 * (scenario, seed, duration). Throws naming the scenario when it cannot be fitted.
 */
export function fitScenarioMarket(day: ScenarioDay, name = `${day.scenario} (seed ${day.seed})`): FittedMarket {
  const scenario = loadScenario(day.scenario);
  let flow: TouchFlow | null = null;
  let bid = NaN, bidSize = 0, ask = NaN, askSize = 0;
  const run = runScenario(scenario, {
    seed: day.seed, durationSec: day.durationSec, scaleTimeline: day.durationSec !== undefined, eventLog: false, recordTrades: false,
    setup: (s) => {
      flow = new TouchFlow(s.tickUnits);
    },
    onQuote: (ts, b, bs, a, as) => {
      bid = b;
      bidSize = bs;
      ask = a;
      askSize = as;
      flow!.onTouch(ts, bid, bidSize, ask, askSize, 0);
    },
    // An aggressive buy (side 1) hits the ask (−1); the quote after it follows at the same time.
    onTrade: (ts, _p, _q, side) => flow!.onTouch(ts, bid, bidSize, ask, askSize, -side),
  });
  const f = flow as TouchFlow | null;
  if (f === null) throw new Error(`scenario ${day.scenario}: the session was not set up`);
  f.flush();
  const where = `scenario ${day.scenario} seed ${day.seed}`;
  const params = qrParamsFromFlow(f, run.session.instrument, `${scenario.name} seed ${day.seed}`, {}, where);
  if (!(run.volume > 0)) throw new RangeError(`${where}: no trades — the volume (the basis of order sizes) cannot be measured`);
  return { name, params, volumePerSec: run.volume / run.durationSec };
}
