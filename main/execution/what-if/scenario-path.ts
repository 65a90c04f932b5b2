import { EventLog } from '../../kernel/event-log.js';
import { Rng } from '../../kernel/rng.js';
import { GenerativeVenue } from '../../market/abm/generative-venue.js';
import { MarketSession } from '../../market/abm/market-session.js';
import { loadScenario } from '../../market/scenarios/index.js';
import { ConstantLatency } from '../../market/venue/latency-models.js';
import { ZeroFees } from '../../market/venue/fee-models.js';
import type { VolumeCurve } from '../algorithms/volume-curve.js';
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

/**
 * The scenario's OWN expected intraday volume curve on the path's clock (ns from the session
 * open): the noise-flow arrival-rate multiplier over time, from its `regime-change` events
 * (scaled to `durationSec` as `scenarioPath` scales them, applied in the order the session
 * schedules them: a start sets the multiplier, an end puts it back to 1). Null when it is flat
 * (no event changes the arrival rate) — VWAP then has nothing to follow. A calibrated scenario
 * carries the real day's profile this way (`market/calibration`).
 */
export function scenarioVolumeCurve(name: string, durationSec: number): VolumeCurve | null {
  const base = loadScenario(name);
  const f = durationSec / base.durationSec;
  const changes: Array<{ t: number; seq: number; mult: number }> = [];
  base.timeline.forEach((e, k) => {
    if (e.type !== 'regime-change' || e.arrivalRateMultiplier === 1) return;
    const at = e.atSec * f * 1e9;
    changes.push({ t: at, seq: 2 * k, mult: e.arrivalRateMultiplier });
    if (e.durationSec !== undefined) changes.push({ t: at + e.durationSec * f * 1e9, seq: 2 * k + 1, mult: 1 });
  });
  if (changes.length === 0) return null;
  changes.sort((a, b) => a.t - b.t || a.seq - b.seq);
  const end = durationSec * 1e9;
  const edgesNs: number[] = [0];
  const volumes: number[] = [];
  let mult = 1;
  let from = 0;
  for (const c of changes) {
    const t = Math.min(end, Math.max(0, c.t));
    if (t > from) {
      volumes.push(mult * (t - from) / 1e9);
      edgesNs.push(t);
      from = t;
    }
    mult = c.mult;
  }
  if (end > from) {
    volumes.push(mult * (end - from) / 1e9);
    edgesNs.push(end);
  }
  return { edgesNs, volumes };
}
