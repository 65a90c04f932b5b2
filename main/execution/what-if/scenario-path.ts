import { EventLog } from '../../kernel/event-log.js';
import { Rng } from '../../kernel/rng.js';
import { GenerativeVenue } from '../../market/abm/generative-venue.js';
import { MarketSession } from '../../market/abm/market-session.js';
import { loadScenario } from '../../market/scenarios/index.js';
import { ConstantLatency } from '../../market/venue/latency-models.js';
import { ZeroFees } from '../../market/venue/fee-models.js';
import type { PathSim } from './path-sim.js';

/** Generated sessions open at 09:30 exchange time (shown on a nominal day), like the US equity session. */
const SESSION_OPEN_NS = 34_200n * 1_000_000_000n;

/** Entry/ack latency of our orders at the agent-based venue: 200 µs each way. */
const LATENCY_NS = 200_000;

/**
 * A generated path: a scenario of the agent-based market from a seed, with our orders entering
 * the same exchange through a `GenerativeVenue` (so the agents react to them). The preset's
 * timeline is scaled to the chosen duration. Time 0 is the session open, shown as 09:30.
 * `hashEvents: false` skips the event log (faster; `finish()` then returns '').
 */
export function scenarioPath(name: string, durationSec: number, seed: number, hashEvents = true): PathSim {
  const base = loadScenario(name);
  const f = durationSec / base.durationSec;
  const scenario = { ...base, durationSec, timeline: base.timeline.map((e) => ({ ...e, atSec: e.atSec * f })) };
  const log = hashEvents ? new EventLog() : null;
  const session = new MarketSession(scenario, { seed, eventLog: log, recordTrades: false });
  const venue = new GenerativeVenue(session.exchange, {
    rng: new Rng(seed).fork('our-venue'),
    latency: new ConstantLatency(LATENCY_NS),
    fees: new ZeroFees(),
  });
  session.start();
  return {
    label: `scenario ${name} (${durationSec} s, seed ${seed})`,
    instrument: session.instrument,
    // Exchange-local bases must be a midnight (the time contract), so a synthetic session whose
    // time 0 is 09:30 is described as a UTC-scale base at 09:30.
    baseEpochNs: SESSION_OPEN_NS,
    clock: 'utc',
    scheduler: session.scheduler,
    venue,
    trades: session.exchange,
    startNs: 0,
    endNs: durationSec * 1e9,
    advanceTo: (t) => {
      session.scheduler.run(t);
    },
    events: () => session.exchange.events,
    finish: () => {
      venue.endSession();
      return log === null ? '' : log.hash();
    },
  };
}
