/**
 * Agent-based market benchmark: simulated exchange events (new / market / IOC / cancel /
 * replace messages plus one per trade fill) per wall-clock second, one core, for the `calm`
 * preset scaled to 1,000 and 5,000 background agents over a 6.5-hour session (23,400 s).
 *
 * Honesty: a run whose projected wall time exceeds `maxWallSec` is cut to a shorter slice and
 * the JSON says so (`durationSec`, `sliced`); the event count, trade count and event-log hash
 * are reported so the work cannot be optimised away. Two rates per population: the simulator
 * alone (`eventLog: false`) and with the SHA-256 event log (one text line hashed per event) on a
 * fixed slice. Also reports the kernel Scheduler on the agents' wake-up pattern: tasks per second
 * with the agents' exponential draws (`schedulerPerSec`) and with the delays drawn beforehand
 * (`schedulerQueueOnlyPerSec`: the queue and the task dispatch alone).
 * `calibratedDay`: the market calibrated to the AMZN day (`toScenario`, not refined), one full
 * session, with and without its activity process and latent liquidity, so the cost of those
 * mechanisms is a ratio measured in one run (after a warm-up of both, best of two alternated
 * runs each; the calibration itself is not timed).
 *
 * Run alone: `npx tsx bench/sim-bench.ts [--max-wall-sec S] [--logged-sec S]` (prints JSON);
 * bundled runs (`node scripts/run-bench.mjs`) measure without a TypeScript loader.
 */
import { EventLog } from '../main/kernel/event-log.js';
import { Rng } from '../main/kernel/rng.js';
import { Scheduler, type Task } from '../main/kernel/scheduler.js';
import { join } from 'node:path';
import { calibrate } from '../main/market/calibration/calibrate.js';
import { toScenario } from '../main/market/calibration/scenario-mapping.js';
import { PRESETS } from '../main/market/scenarios/presets.js';
import { runScenario } from '../main/market/scenarios/run-scenario.js';
import { parseScenario, type Scenario } from '../main/market/scenarios/scenario-schema.js';
import { sharedDataDir } from './shared-data.js';

export interface SimBenchOptions {
  /** Agent counts to measure (default [1000, 5000]). */
  agents?: readonly number[];
  /** Full session length (default 23,400 s). */
  sessionSec?: number;
  /** Longest wall time allowed for one unlogged run before it is sliced (default 60 s). */
  maxWallSec?: number;
  /** Simulated seconds of the run with the SHA-256 event log (default 1,800). */
  loggedSec?: number;
  seed?: number;
}

const PILOT_SEC = 300;

function runOnce(agents: number, durationSec: number, seed: number, logged: boolean) {
  const log = logged ? new EventLog() : false;
  const r = runScenario(PRESETS.calm, { seed, agents, durationSec, eventLog: log, recordTrades: false });
  return { durationSec, events: r.events, trades: r.trades, wallSec: +(r.elapsedMs / 1000).toFixed(3), eventsPerSec: r.eventsPerSec, eventLogHash: r.eventLogHash };
}

/**
 * The kernel Scheduler on `n` agents re-arming exponential wake-ups (tasks per second): with the
 * draws inside the tasks, and with the same delays drawn beforehand into a table (the queue and
 * dispatch alone). Both runs fire `total` tasks in the same order (one seed).
 */
function wakeupOverhead(n: number, total: number): { schedulerPerSec: number; schedulerQueueOnlyPerSec: number } {
  const rng1 = new Rng(1);
  const s = new Scheduler();
  let fired = 0;
  class Agent implements Task {
    fire(now: number, sch: Scheduler): void {
      if (++fired < total) sch.at(now + Math.ceil(rng1.exponential(0.5) * 1e9), this);
    }
  }
  for (let i = 0; i < n; i++) s.at(Math.ceil(rng1.exponential(0.5) * 1e9), new Agent());
  let t0 = performance.now();
  s.run(Infinity);
  const schedulerPerSec = Math.round(fired / ((performance.now() - t0) / 1000));
  const rng2 = new Rng(1);
  const delays = new Float64Array(n + total);
  for (let i = 0; i < delays.length; i++) delays[i] = Math.ceil(rng2.exponential(0.5) * 1e9);
  const q = new Scheduler();
  let popped = 0;
  let next = n;
  class Timed implements Task {
    fire(now: number, sch: Scheduler): void {
      if (++popped < total) sch.at(now + delays[next++]!, this);
    }
  }
  for (let i = 0; i < n; i++) q.at(delays[i]!, new Timed());
  t0 = performance.now();
  q.run(Infinity);
  const schedulerQueueOnlyPerSec = Math.round(popped / ((performance.now() - t0) / 1000));
  if (popped !== fired) throw new Error(`sim bench: the two wake-up runs fired ${fired} and ${popped} tasks`);
  return { schedulerPerSec, schedulerQueueOnlyPerSec };
}

export async function runSimBench(opts: SimBenchOptions = {}): Promise<object> {
  const sessionSec = opts.sessionSec ?? 23_400;
  const maxWall = opts.maxWallSec ?? 60;
  const loggedSec = Math.min(opts.loggedSec ?? 1800, sessionSec);
  const seed = opts.seed ?? 1;
  const results = [];
  for (const agents of opts.agents ?? [1000, 5000]) {
    const pilot = runOnce(agents, PILOT_SEC, seed, false);
    const projectedWall = (pilot.wallSec * sessionSec) / PILOT_SEC;
    const durationSec = projectedWall <= maxWall ? sessionSec : Math.max(PILOT_SEC, Math.floor((sessionSec * maxWall) / projectedWall / 100) * 100);
    const sim = runOnce(agents, durationSec, seed, false);
    const logged = runOnce(agents, loggedSec, seed, true);
    results.push({
      agents,
      simulator: { ...sim, sliced: durationSec < sessionSec, projectedFullSessionWallSec: +projectedWall.toFixed(1) },
      withEventLogSha256: logged,
    });
  }
  return {
    what: 'calm preset scaled to N agents; events = exchange messages + trade fills; one core',
    calibratedDay: calibratedDayBench(seed),
    sessionSec,
    maxWallSec: maxWall,
    runs: results,
    wakeups5000Agents: wakeupOverhead(5000, 5_000_000),
  };
}

/** One full session of the AMZN-calibrated market, with and without activity + latent liquidity. */
function calibratedDayBench(seed: number): object {
  const file = join(sharedDataDir(), 'lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv');
  const cal = calibrate([file]);
  const full = parseScenario(toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis }));
  const plain: Scenario = { ...full, activity: undefined, agents: { ...full.agents, latent: { ...full.agents.latent, count: 0 } } };
  const once = (sc: Scenario) => {
    const r = runScenario(sc, { seed, eventLog: false, recordTrades: false });
    return { durationSec: r.durationSec, events: r.events, trades: r.trades, wallSec: +(r.elapsedMs / 1000).toFixed(3), eventsPerSec: r.eventsPerSec, simSecPerWallSec: Math.round(r.durationSec / (r.elapsedMs / 1000)) };
  };
  // Warm both paths up first (JIT), then time them alternately and keep each one's faster run.
  once(full);
  once(plain);
  const best = (a: ReturnType<typeof once>, b: ReturnType<typeof once>) => (a.wallSec <= b.wallSec ? a : b);
  let withMechanisms = once(full);
  let without = once(plain);
  without = best(without, once(plain));
  withMechanisms = best(withMechanisms, once(full));
  return {
    what: 'AMZN 2012-06-21 calibrated scenario (toScenario), full session; "without" drops the activity process and latent liquidity',
    withMechanisms,
    without,
    wallRatio: +(withMechanisms.wallSec / Math.max(1e-9, without.wallSec)).toFixed(2),
  };
}
