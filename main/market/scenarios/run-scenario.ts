import { EventLog } from '../../kernel/event-log.js';
import type { EventSink, QuoteListener, TradeListener } from '../abm/exchange.js';
import { MarketSession } from '../abm/market-session.js';
import { computeStylizedFacts, type StylizedFacts } from '../calibration/stylized-facts.js';
import type { Scenario } from './scenario-schema.js';

/** How to run a scenario. Only `seed` is required. */
export interface RunScenarioOptions {
  readonly seed: number | string;
  /** Session length (default: the scenario's `durationSec`). */
  readonly durationSec?: number;
  /** Total background agents: every population's count is scaled by agents / (scenario total). */
  readonly agents?: number;
  readonly onTrade?: TradeListener;
  readonly onQuote?: QuoteListener;
  /**
   * Where exchange events go. Default: a fresh hash-only `EventLog`. An `EventLog` passed here is
   * closed by the run (its `hash()` is taken; `text()` still works). `false`: no log, no hash (fastest).
   */
  readonly eventLog?: EventLog | EventSink | false;
  /** Keep every trade in `series` (default true). */
  readonly recordTrades?: boolean;
  /** Scale timeline `atSec` by durationSec / scenario.durationSec (short runs of a preset's story). */
  readonly scaleTimeline?: boolean;
  /** Called with the built session before it runs (attach a `GenerativeVenue`, a strategy, listeners). */
  readonly setup?: (session: MarketSession) => void;
}

/** Result of `runScenario`. Prices in integer price units (see `tickUnits`, `priceDecimals`). */
export interface ScenarioRun {
  readonly scenario: string;
  readonly seed: number | string;
  readonly durationSec: number;
  readonly agents: number;
  readonly events: number;
  readonly trades: number;
  readonly volume: number;
  readonly newOrders: number;
  readonly cancels: number;
  readonly replaces: number;
  /** SHA-256 of the event log (null when run with `eventLog: false` or a non-EventLog sink). */
  readonly eventLogHash: string | null;
  /** Wall time of the run and simulated exchange events per wall second (measurement only). */
  readonly elapsedMs: number;
  readonly eventsPerSec: number;
  readonly tickUnits: number;
  readonly priceDecimals: number;
  readonly series: {
    readonly midPerSec: Float64Array;
    readonly spreadPerSec: Float64Array;
    readonly tradeTimeNs: Float64Array;
    readonly tradePrice: Float64Array;
    readonly tradeSize: Float64Array;
    readonly tradeSide: Float64Array;
  };
  readonly session: MarketSession;
}

/** Total background agents of a scenario. */
export function agentTotal(s: Scenario): number {
  const a = s.agents;
  return a.noise.count + a.marketMakers.count + a.momentum.count + a.meanReversion.count + a.value.count + a.latent.count;
}

/**
 * The scenario with every population scaled to `total` agents in all: count × total / current,
 * rounded, and at least 1 for a population that had any (per-agent rates unchanged, so the
 * message rate scales with the agents). The latent book's depth (a total, shared by its agents)
 * scales by the same factor, so it stays in proportion to the volume it is sized for.
 */
export function scaleAgents(s: Scenario, total: number): Scenario {
  const f = total / Math.max(1, agentTotal(s));
  const sc = (c: number) => (c === 0 ? 0 : Math.max(1, Math.round(c * f)));
  const a = s.agents;
  return {
    ...s,
    agents: {
      noise: { ...a.noise, count: sc(a.noise.count) },
      marketMakers: { ...a.marketMakers, count: sc(a.marketMakers.count) },
      momentum: { ...a.momentum, count: sc(a.momentum.count) },
      meanReversion: { ...a.meanReversion, count: sc(a.meanReversion.count) },
      value: { ...a.value, count: sc(a.value.count) },
      latent: { ...a.latent, count: sc(a.latent.count), depthPerTick: a.latent.depthPerTick * f },
    },
  };
}

/**
 * Runs one session of `scenario` from `seed` and returns counts, the event-log hash and the
 * sampled series. Same scenario + options (seed, duration, agents, scaleTimeline) ⇒ the same
 * event log, bit for bit.
 */
export function runScenario(scenario: Scenario, opts: RunScenarioOptions): ScenarioRun {
  const durationSec = opts.durationSec ?? scenario.durationSec;
  let s: Scenario = { ...scenario, durationSec };
  if (opts.agents !== undefined) s = scaleAgents(s, opts.agents);
  if (opts.scaleTimeline) {
    const f = durationSec / scenario.durationSec;
    s = { ...s, timeline: s.timeline.map((e) => ({ ...e, atSec: e.atSec * f })) };
  }
  const log = opts.eventLog === false ? null : (opts.eventLog ?? new EventLog());
  const session = new MarketSession(s, { seed: opts.seed, eventLog: log, recordTrades: opts.recordTrades ?? true });
  if (opts.onTrade) session.exchange.onTrade(opts.onTrade);
  if (opts.onQuote) session.exchange.onQuote(opts.onQuote);
  opts.setup?.(session);
  const t0 = performance.now();
  session.runUntilSec(durationSec);
  const elapsedMs = performance.now() - t0;
  const ex = session.exchange;
  const sr = session.series;
  return {
    scenario: s.name,
    seed: opts.seed,
    durationSec,
    agents: agentTotal(s),
    events: ex.events,
    trades: ex.trades,
    volume: ex.volume,
    newOrders: ex.newOrders,
    cancels: ex.cancels,
    replaces: ex.replaces,
    eventLogHash: log instanceof EventLog ? log.hash() : null,
    elapsedMs,
    eventsPerSec: elapsedMs > 0 ? Math.round(ex.events / (elapsedMs / 1000)) : 0,
    tickUnits: session.tickUnits,
    priceDecimals: s.instrument.priceDecimals,
    series: {
      midPerSec: sr.midPerSec,
      spreadPerSec: sr.spreadPerSec,
      tradeTimeNs: sr.tradeTimeNs.view(),
      tradePrice: sr.tradePrice.view(),
      tradeSize: sr.tradeSize.view(),
      tradeSide: sr.tradeSide.view(),
    },
    session,
  };
}

/**
 * Stylized facts of a run (main/market/calibration's definitions) from its 1-s mid and spread
 * samples and its trades. The mid is sampled once a second, so facts are at ≥ 1 s resolution
 * and the spread is time-weighted over the 1-s samples.
 */
export function runStylizedFacts(run: ScenarioRun): StylizedFacts {
  const mid = run.series.midPerSec;
  const spr = run.series.spreadPerSec;
  const ts: number[] = [];
  const m: number[] = [];
  const sp: number[] = [];
  for (let k = 0; k < mid.length; k++) {
    if (!(mid[k]! > 0)) continue;
    ts.push(k * 1e9);
    m.push(mid[k]!);
    sp.push(spr[k]! / run.tickUnits);
  }
  return computeStylizedFacts({
    midTsNs: Float64Array.from(ts),
    mid: Float64Array.from(m),
    spreadTicks: Float64Array.from(sp),
    tradeTsNs: run.series.tradeTimeNs,
    tradeSize: run.series.tradeSize,
    tradeSide: run.series.tradeSide,
    sessionStartNs: 0,
    sessionEndNs: run.durationSec * 1e9,
    resolutionSec: 1,
  });
}
