import type { InstrumentSpec } from '../../domain/instrument.js';
import { captureState, restoreState, type StateSnapshot } from '../../kernel/object-snapshot.js';
import { Rng } from '../../kernel/rng.js';
import { Scheduler, type Task } from '../../kernel/scheduler.js';
import { Activity } from './activity.js';
import { ChartistBoost, Chartists } from './chartists.js';
import { Exchange, type EventSink } from './exchange.js';
import { Fundamental } from './fundamental.js';
import { LatentLiquidity } from './latent-liquidity.js';
import { MarketMakers } from './market-makers.js';
import type { MarketConfig, TimelineEvent } from './market-config.js';
import { NoiseTraders } from './noise-traders.js';
import { SessionSeries } from './series.js';
import { StopLossFlow } from './stop-loss-flow.js';
import { TradeResponseFlow } from './trade-response-flow.js';
import { ValueTraders } from './value-traders.js';

/**
 * A captured session state (`MarketSession.snapshot`): restorable into the SAME session (and the
 * extra components captured with it) any number of times. Invariant: restore + run gives the
 * events of the uninterrupted run from `timeNs`, bit for bit.
 */
export interface MarketSnapshot {
  /** Session time of the capture (ns). */
  readonly timeNs: number;
  readonly state: StateSnapshot;
  /** Every `Rng` in the captured graph (the ones `restore(…, reseed)` restarts). */
  readonly rngs: readonly Rng[];
}

const NO_LATENT = { count: 0, depthPerTick: 0, bandTicks: 0, levels: 1, ratePerSec: 0 } as const;

/** How a session is run (everything that is not the market's own configuration). */
export interface MarketSessionOptions {
  /** The only source of randomness: same seed + config ⇒ same event log, bit for bit. */
  readonly seed: number | string;
  /** Share a scheduler with other components (a strategy, the generative venue); default a new one. */
  readonly scheduler?: Scheduler;
  /** Every exchange event is recorded here (e.g. the kernel `EventLog`); default none. */
  readonly eventLog?: EventSink | null;
  /** Keep every trade (time, price, size, side) in `series` (default true). */
  readonly recordTrades?: boolean;
}

/** Integer price units of a decimal price. */
export function toUnits(price: number, decimals: number): number {
  return Math.round(price * 10 ** decimals);
}

/**
 * One agent-based market session: an `Exchange` over one L3 book, driven by the kernel
 * `Scheduler`, with the five background populations, the fundamental process, the scripted
 * timeline and per-second sampling.
 *
 * Determinism: the root `Rng(seed)` is forked once per population and once per agent (labels
 * `noise/noise-i`, `makers/maker-i`, …), the fundamental, the cascade flow and each timeline
 * event, so adding agents to one population never shifts another's stream; populations arm
 * their first wake-ups in a fixed order at `start()`. Time 0 is the session open; the book
 * starts empty and the makers open it around `initialPrice`.
 */
export class MarketSession {
  readonly scheduler: Scheduler;
  readonly exchange: Exchange;
  readonly instrument: InstrumentSpec;
  readonly tickUnits: number;
  readonly initialPriceUnits: number;
  readonly fundamental: Fundamental;
  readonly noise: NoiseTraders;
  readonly makers: MarketMakers;
  readonly momentum: Chartists;
  readonly meanReversion: Chartists;
  readonly value: ValueTraders;
  readonly latent: LatentLiquidity;
  /** Null when the scenario has no activity process (constant activity). */
  readonly activity: Activity | null;
  readonly stopLoss: StopLossFlow;
  /** Null unless the scenario has `agents.tradeResponse` (the book's re-quoting after trades). */
  readonly tradeResponse: TradeResponseFlow | null;
  readonly series: SessionSeries;
  private readonly rng: Rng;
  private started = false;

  constructor(
    readonly config: MarketConfig,
    opts: MarketSessionOptions,
  ) {
    const ins = config.instrument;
    this.rng = new Rng(opts.seed);
    this.scheduler = opts.scheduler ?? new Scheduler();
    this.tickUnits = toUnits(ins.tick, ins.priceDecimals);
    this.initialPriceUnits = toUnits(ins.initialPrice, ins.priceDecimals);
    this.instrument = { symbol: ins.symbol, venue: 'ABM', priceDecimals: ins.priceDecimals, sizeDecimals: ins.sizeDecimals, tickSizeUnits: this.tickUnits };
    this.exchange = new Exchange(this.scheduler, this.tickUnits, this.initialPriceUnits, opts.eventLog ?? null);
    const a = config.agents;
    this.fundamental = new Fundamental(config.fundamental, this.initialPriceUnits, this.tickUnits, this.rng.fork('fundamental'));
    this.makers = new MarketMakers(a.marketMakers, this.exchange, this.rng.fork('makers'));
    this.noise = new NoiseTraders(a.noise, this.exchange, this.rng.fork('noise'));
    this.momentum = new Chartists('momentum', a.momentum, this.exchange, this.rng.fork('momentum'));
    this.meanReversion = new Chartists('mean-reversion', a.meanReversion, this.exchange, this.rng.fork('mean-reversion'));
    this.value = new ValueTraders(a.value, this.exchange, this.fundamental, this.rng.fork('value'));
    this.stopLoss = new StopLossFlow(this.exchange, this.rng.fork('stop-loss'));
    // Registered after every older population, so their agent indices (and event logs) are unchanged.
    this.latent = new LatentLiquidity(a.latent ?? NO_LATENT, this.exchange, this.fundamental, this.rng.fork('latent'));
    // After the latent book (agent indices of the older populations unchanged); absent = no owner, no fork drawn from.
    this.tradeResponse = a.tradeResponse ? new TradeResponseFlow(a.tradeResponse, this.exchange, this.rng.fork('trade-response')) : null;
    if ((config.fundamental.learningHalfLifeSec ?? 0) > 0) {
      const book = this.exchange.book;
      this.fundamental.midSource = () => book.mid();
    }
    const act = config.activity;
    this.activity = act ? new Activity(act, this.rng.fork('activity'), (x, flow) => this.applyActivity(x, act.liquidityElasticity, flow)) : null;
    this.series = new SessionSeries(this.exchange, config.durationSec, opts.recordTrades ?? true);
  }

  /** The book at the exchange (read-only use). */
  get book(): Exchange['book'] {
    return this.exchange.book;
  }

  /** Arms every population, the fundamental, the sampler and the timeline at the current time. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const sch = this.scheduler;
    this.series.start(sch);
    this.fundamental.start(sch);
    this.makers.start();
    this.noise.start();
    this.momentum.start();
    this.meanReversion.start();
    this.value.start();
    this.latent.start();
    this.tradeResponse?.start();
    this.activity?.start(sch);
    const t0 = sch.now;
    this.config.timeline.forEach((ev, k) => this.schedule(ev, k, t0));
  }

  /**
   * Captures the whole session state at the current time: the scheduler's queue and task table,
   * the exchange (book, order pool, positions, counters), every population's agents, the
   * fundamental, activity and sampling, and every `Rng` — plus `extra` components that share the
   * scheduler or exchange (e.g. a `GenerativeVenue` whose orders rest in the book). The market
   * configuration and the event sink are not captured (`exclude`; the sink's own state is, when
   * it is listed in `extra`). See `captureState` for the contract on components' state.
   */
  snapshot(extra: readonly object[] = [], exclude: readonly object[] = []): MarketSnapshot {
    const skip = new Set<object>([this.config, ...exclude]);
    const state = captureState([this, ...extra], skip);
    const rngs = state.objects.filter((o): o is Rng => o instanceof Rng);
    return { timeNs: this.scheduler.now, state, rngs };
  }

  /**
   * Puts the session (and the `extra` of the snapshot) back to the captured time: restore + run
   * gives exactly the events of the uninterrupted run. With `reseed`, every generator then
   * restarts from `"<its seed>#<reseed>"`: a different future per value, reproducible.
   */
  restore(snap: MarketSnapshot, reseed?: number | string): void {
    restoreState(snap.state);
    if (reseed !== undefined) for (const r of snap.rngs) r.reseed(reseed);
  }

  /** Runs (starting if needed) until `untilSec` of session time; returns the tasks fired. */
  runUntilSec(untilSec: number): number {
    this.start();
    return this.scheduler.run(Math.round(untilSec * 1e9));
  }

  /** Activity a (mean 1) drives flow, volatility and liquidity (see `ActivityConfig`). */
  private applyActivity(a: number, elasticity: number, flow: number): void {
    this.noise.activity = flow;
    this.fundamental.activityVolMultiplier = Math.sqrt(a);
    const widen = a ** (elasticity / 2);
    this.noise.activityDistance = widen;
    this.latent.bandMultiplier = widen;
    this.latent.depthMultiplier = a ** -elasticity;
    this.noise.rearm();
  }

  /** Regime: volatility and arrival-rate multipliers (see `RegimeChange`). */
  setRegime(volatilityMultiplier: number, arrivalRateMultiplier: number): void {
    this.fundamental.volatilityMultiplier = volatilityMultiplier;
    this.noise.distanceMultiplier = volatilityMultiplier;
    this.value.noiseMultiplier = volatilityMultiplier;
    this.noise.rateMultiplier = arrivalRateMultiplier;
    this.noise.rearm();
    this.momentum.rateMultiplier = arrivalRateMultiplier;
    this.meanReversion.rateMultiplier = arrivalRateMultiplier;
    this.value.rateMultiplier = arrivalRateMultiplier;
  }

  private schedule(ev: TimelineEvent, k: number, t0: number): void {
    const sch = this.scheduler;
    const at = t0 + Math.round(ev.atSec * 1e9);
    const task = (fn: () => void): Task => ({ fire: fn });
    switch (ev.type) {
      case 'liquidity-withdrawal':
        // The latent book steps back with the makers (nothing happens without latent providers).
        sch.at(at, task(() => {
          this.makers.setWithdrawal(ev.widenFactor, ev.pullFraction);
          this.latent.setWithdrawal(ev.widenFactor, ev.latentPullFraction ?? ev.pullFraction);
        }));
        sch.at(at + Math.round(ev.durationSec * 1e9), task(() => {
          this.makers.setWithdrawal(1, 0);
          this.latent.setWithdrawal(1, 0);
        }));
        break;
      case 'cascade':
        sch.at(at, task(() => {
          this.stopLoss.begin(ev.side === 'buy' ? 1 : -1, ev.durationSec, ev.orders, ev.size, sch);
          const m = this.momentum;
          const extra = (ev.momentumRateMultiplier - 1) * m.count * m.cfg.ratePerSec * m.rateMultiplier;
          if (extra > 0) new ChartistBoost(m, sch.now + Math.round(ev.durationSec * 1e9), extra, this.rng.fork(`cascade-${k}`)).start(sch);
        }));
        break;
      case 'fundamental-jump':
        sch.at(at, task(() => this.fundamental.jump(ev.jumpPct / 100)));
        break;
      case 'regime-change':
        sch.at(at, task(() => this.setRegime(ev.volatilityMultiplier, ev.arrivalRateMultiplier)));
        if (ev.durationSec !== undefined) sch.at(at + Math.round(ev.durationSec * 1e9), task(() => this.setRegime(1, 1)));
        break;
    }
  }
}
