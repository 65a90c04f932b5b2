import type { Side } from '../../domain/side.js';
import type { Rng } from '../../kernel/rng.js';
import type { Task } from '../../kernel/scheduler.js';
import type { Exchange, OrderOwner } from './exchange.js';
import type { LifeMixture, NoiseConfig } from './market-config.js';
import { createMarketCascade, type MarketCascade } from './market-cascade.js';
import { AliasTable, drawSizeDirect, exponentialDelayNs } from './samplers.js';
import { sizeTable, type SizeTable } from './size-table.js';

/**
 * Zero-intelligence (noise) traders as ONE superposed Poisson stream: nothing per agent but its
 * index (positions live at the exchange), one `Rng` for the population, one pending wake-up.
 *
 * Rule (exactly `NoiseConfig`'s law): each of the `count` agents acts at Poisson times of rate
 * ratePerSec × `rateMultiplier` × `activity`. The population therefore acts at Poisson times of
 * rate count × ratePerSec × rateMultiplier × activity, each act by a uniformly drawn agent —
 * equal in distribution to independent per-agent clocks (superposition of independent Poisson
 * processes; the acting agent is uniform and independent of the past), and a rate change acts
 * at once: `rearm()` redraws the wait, exact for a memoryless clock. Each act: side = fair coin;
 * with probability marketFraction a market order of size ~ marketSize, otherwise a limit order
 * of size ~ limitSize at d ticks from the opposite best, d ~ distanceWeights scaled by
 * `distanceMultiplier` × `activityDistance` (rounded, ≥ 1), with an exponential lifetime of
 * rate cancelRatePerSec (or, with `placementLife`, of a rate drawn by where it was placed: inside
 * the spread or at / behind its own side's best). Anchor when the opposite side is empty: own best ± 1 tick, else the
 * last trade price ± 1 tick. Prices never go below one tick. An order the distance puts inside the
 * spread is re-set, with `insideImprovementWeights`, to its own best improved by k ticks from the
 * day's table, or, with `insideImprovementBySpread`, from the table of the spread it finds (one
 * draw from the `noise-improve` stream either way, so the flow's own draws do not move). With
 * `marketFractionBySpread` the act's coin is compared with the share of the spread's bucket.
 *
 * Draws per act (why they are cheap): the agent (one 32-bit word), side and market/limit (one
 * word: bit 0 and the other 31 bits against marketFraction, resolution 2^-31), the distance (one
 * word into the alias table), the size (one uniform into the size's `SizeTable`, the exact law
 * of the rounded lognormal), then exponentials for the lifetime and the next act.
 */
export class NoiseTraders implements OrderOwner {
  readonly base: number;
  /** Acts so far (limit + market): the Poisson arrival count. */
  arrivals = 0;
  limitOrders = 0;
  marketOrders = 0;
  rateMultiplier = 1;
  distanceMultiplier = 1;
  /** Arrival rate × activity, placement distance × activityDistance (the activity process sets them). */
  activity = 1;
  activityDistance = 1;
  /** Market orders sent as cascade children (`NoiseConfig.marketCascade`; counted in `marketOrders`, not in `arrivals`). */
  cascadeOrders = 0;
  private readonly cascade: MarketCascade | null;
  /** `NoiseConfig.placementLife`: the class coin's own stream (null: one pooled life). */
  private readonly lifeRng: Rng | null;
  /** `NoiseConfig.insideImprovementWeights`: the improvement table and its own stream (null: none). */
  private readonly improve: AliasTable | null;
  /** `NoiseConfig.insideImprovementBySpread`: one table per spread bucket, and the buckets' edges (null: the pooled table). */
  private readonly improveBySpread: readonly AliasTable[] | null;
  private readonly improveEdges: readonly number[];
  /** `InsideImprovementBySpread.insideShare`: the inside coin's probability per bucket (null: the distance decides). */
  private readonly improveShare: readonly number[] | null;
  /** `NoiseConfig.marketFractionBySpread`: each bucket's share in units of 2^-31, and the edges (null: `market31` always). */
  private readonly market31BySpread: readonly number[] | null;
  private readonly marketEdges: readonly number[];
  /** `MarketFractionBySpread.rateMultiplier`: each bucket's multiplier ÷ the largest, the clock's factor, and the thinning coin's stream (null: no thinning). */
  private readonly acceptBySpread: readonly number[] | null;
  private readonly clockFactor: number;
  private readonly thinRng: Rng | null;
  private readonly improveRng: Rng | null;
  private started = false;
  private readonly clock: PooledClock;
  private readonly rng: Rng;
  private readonly dist: AliasTable;
  private readonly limitSize: SizeTable;
  private readonly marketSize: SizeTable;
  /** marketFraction in units of 2^-31 (compared with 31 random bits). */
  private readonly market31: number;
  private readonly tick: number;

  constructor(
    readonly cfg: NoiseConfig,
    private readonly ex: Exchange,
    rng: Rng,
  ) {
    this.base = ex.addOwner(this, cfg.count);
    this.dist = new AliasTable(cfg.distanceWeights);
    this.limitSize = sizeTable(cfg.limitSize);
    this.marketSize = sizeTable(cfg.marketSize);
    this.market31 = Math.round(cfg.marketFraction * 2 ** 31);
    this.tick = ex.tickUnits;
    this.rng = rng.fork('noise-flow');
    this.clock = new PooledClock(this, rng.fork('noise-clock'));
    // Own stream: the base flow's draws are the same with or without the cascade.
    this.cascade = createMarketCascade(cfg.marketCascade, rng);
    // Own stream for the mixture's coin: the flow draws one exponential per order either way.
    this.lifeRng = cfg.placementLife ? rng.fork('noise-life') : null;
    const iw = cfg.insideImprovementWeights;
    const bs = cfg.insideImprovementBySpread;
    this.improveBySpread = bs ? bs.weights.map((row) => new AliasTable(row)) : null;
    this.improveEdges = bs ? [...bs.spreadEdgesTicks] : [];
    this.improveShare = bs?.insideShare ? [...bs.insideShare] : null;
    const mb = cfg.marketFractionBySpread;
    this.market31BySpread = mb ? mb.marketFraction.map((f) => Math.round(f * 2 ** 31)) : null;
    this.marketEdges = mb ? [...mb.spreadEdgesTicks] : [];
    const rm = mb?.rateMultiplier;
    const rmMax = rm ? Math.max(...rm) : 1;
    this.acceptBySpread = rm ? rm.map((m) => m / rmMax) : null;
    // Armed at the largest multiplier and thinned per act (Lewis-Shedler): exact for a rate set by the state at each candidate time.
    this.clockFactor = rmMax;
    this.thinRng = rm ? rng.fork('noise-thin') : null;
    // With the by-spread tables `improve` only marks that inside orders are re-set (its table is not drawn).
    this.improve = this.improveBySpread ? this.improveBySpread[0]! : iw && iw.some((w) => w > 0) ? new AliasTable(iw) : null;
    this.improveRng = this.improve ? rng.fork('noise-improve') : null;
  }

  get count(): number {
    return this.cfg.count;
  }

  /** Arms the population's first act (call once, at the session start). */
  start(): void {
    this.started = true;
    this.rearm();
  }

  /** Redraws the population's next act at the current rate (after a rate change). */
  rearm(): void {
    if (this.started && this.cfg.count > 0) this.clock.arm(this.ex.scheduler, this.cfg.count * this.cfg.ratePerSec * this.rateMultiplier * this.activity * this.clockFactor);
  }

  /** Total acts per second now. */
  get ratePerSec(): number {
    return this.cfg.count * this.cfg.ratePerSec * this.rateMultiplier * this.activity;
  }

  /** Agent `i` acts now. */
  act(i: number): void {
    const rng = this.rng;
    const cfg = this.cfg;
    const ex = this.ex;
    this.arrivals++;
    const coin = rng.nextU32();
    const side: Side = (coin & 1) === 0 ? 1 : -1;
    // The same coin either way: a share by spread moves no other draw.
    if (coin >>> 1 < (this.market31BySpread === null ? this.market31 : this.market31Now())) {
      this.marketOrders++;
      ex.market(this.base + i, side, sizeFrom(this.marketSize, rng));
      if (this.cascade !== null) this.cascade.spawn(this, i, side);
    } else {
      this.limitOrders++;
      const tick = this.tick;
      let d = this.dist.sample(rng.nextU32() * U32) + 1;
      const dm = this.distanceMultiplier * this.activityDistance;
      if (dm !== 1) d = Math.max(1, Math.round(d * dm));
      const book = ex.book;
      let price: number;
      if (side === 1) {
        let anchor = book.bestAsk();
        if (anchor !== anchor) {
          const b = book.bestBid();
          anchor = (b === b ? b : ex.lastPriceUnits) + tick;
        }
        price = anchor - d * tick;
        if (price < tick) price = tick;
      } else {
        let anchor = book.bestBid();
        if (anchor !== anchor) {
          const a = book.bestAsk();
          anchor = (a === a ? a : ex.lastPriceUnits) - tick;
        }
        price = anchor + d * tick;
        if (price < tick) price = tick;
      }
      const size = sizeFrom(this.limitSize, rng);
      const pl = cfg.placementLife;
      let rate = cfg.cancelRatePerSec;
      if (pl !== undefined || this.improve !== null) {
        // Inside = improves its own side's best (which must exist); measured before the order lands.
        const own = side === 1 ? book.bestBid() : book.bestAsk();
        let inside = own === own && (side === 1 ? price > own : price < own);
        if (this.improveShare !== null) {
          const opp = side === 1 ? book.bestAsk() : book.bestBid();
          if (own === own && opp === opp) {
            // Whether it goes inside is the day's share at this spread, not the distance (a one-tick spread has no inside).
            const s = Math.round(Math.abs(opp - own) / tick);
            const goIn = s >= 2 && this.improveRng!.float() < this.improveShare[bucketOf(this.improveEdges, s)]!;
            if (inside && !goIn) price = this.atOrBehindOwn(side, opp, s, dm);
            inside = goIn;
          }
        }
        if (inside && this.improve !== null) {
          const opp = side === 1 ? book.bestAsk() : book.bestBid();
          // Inside implies both bests exist (with no opposite best the anchor puts it at or behind its own).
          const table = this.improveBySpread === null ? this.improve : this.improveBySpread[bucketOf(this.improveEdges, Math.round(Math.abs(opp - own) / tick))]!;
          const k = table.sample(this.improveRng!.nextU32() * U32) + 1;
          price = own + side * k * tick;
          // Never at or through the opposite best (the distance put it inside, so one tick fits).
          if (opp === opp && (side === 1 ? price >= opp : price <= opp)) price = opp - side * tick;
        }
        if (pl) rate = lifeRate(inside ? pl.inside : pl.touch, this.lifeRng!);
      }
      ex.limit(this.base + i, side, price, size, exponentialDelayNs(rng, rate));
    }
  }

  /** Whether a candidate act of the (thinned) clock happens: always without `rateMultiplier`; else with probability multiplier(spread now) ÷ the largest (multiplier 1 while a side is empty). */
  acceptsAct(): boolean {
    const acc = this.acceptBySpread;
    if (acc === null) return true;
    const book = this.ex.book;
    const b = book.bestBid(), a = book.bestAsk();
    const p = b !== b || a !== a ? 1 / this.clockFactor : acc[bucketOf(this.marketEdges, Math.round((a - b) / this.tick))]!;
    return this.thinRng!.float() < p;
  }

  /** The market-order share (units of 2^-31) at the spread now; `marketFraction`'s while a side is empty. */
  private market31Now(): number {
    const book = this.ex.book;
    const b = book.bestBid(), a = book.bestAsk();
    if (b !== b || a !== a) return this.market31;
    return this.market31BySpread![bucketOf(this.marketEdges, Math.round((a - b) / this.tick))]!;
  }

  /**
   * A price at or behind the own best (`opp` − side·d ticks, d ≥ the spread `s`), d from the
   * distance table conditional on d ≥ s: rejection on the improvement stream, at most 64 tries
   * (a spread beyond nearly all the table's mass), then d = s (joins its own best).
   */
  private atOrBehindOwn(side: Side, opp: number, s: number, dm: number): number {
    let d = s;
    for (let i = 0; i < 64; i++) {
      let x = this.dist.sample(this.improveRng!.nextU32() * U32) + 1;
      if (dm !== 1) x = Math.max(1, Math.round(x * dm));
      if (x >= s) {
        d = x;
        break;
      }
    }
    const p = opp - side * d * this.tick;
    return p < this.tick ? this.tick : p;
  }

  onRestingFill(): void {
    // Zero intelligence: fills change nothing in the agent's behaviour.
  }

  /** A cascade child of agent `i` fires: a market order of `side` (size drawn afresh), which may have its own child. */
  cascadeAct(i: number, side: Side, c: MarketCascade): void {
    this.marketOrders++;
    this.cascadeOrders++;
    this.ex.market(this.base + i, side, sizeFrom(this.marketSize, c.rng));
    c.spawn(this, i, side);
  }

  /** The scheduler the cascade arms its children on. */
  get scheduler(): Exchange['scheduler'] {
    return this.ex.scheduler;
  }
}

/** The bucket of `spreadTicks` under ascending `edges`: the number of edges ≤ it (`InsideImprovementBySpread`). */
function bucketOf(edges: readonly number[], spreadTicks: number): number {
  let i = 0;
  while (i < edges.length && spreadTicks >= edges[i]!) i++;
  return i;
}

/** The rate of one order's life under a two-exponential mixture (one coin from `rng`). */
function lifeRate(m: LifeMixture, rng: Rng): number {
  return rng.float() < m.fleetingShare ? m.fleetingRatePerSec : m.persistentRatePerSec;
}

/** 2^-32: a 32-bit word as a uniform in [0, 1). */
const U32 = 2 ** -32;

function sizeFrom(t: SizeTable, rng: Rng): number {
  return t.exact ? t.draw(rng) : drawSizeDirect(rng, t.dist);
}

/** The pooled Poisson clock of a noise population; a stale firing (superseded by `arm`) does nothing. */
class PooledClock implements Task {
  private dueNs = NaN;
  constructor(
    private readonly pop: NoiseTraders,
    private readonly rng: Rng,
  ) {}
  arm(sch: { now: number; at(t: number, task: Task): void }, ratePerSec: number): void {
    const d = exponentialDelayNs(this.rng, ratePerSec);
    this.dueNs = d < Infinity ? sch.now + d : NaN;
    if (d < Infinity) sch.at(this.dueNs, this);
  }
  fire(nowNs: number): void {
    if (nowNs !== this.dueNs) return;
    if (this.pop.acceptsAct()) this.pop.act(this.rng.int(this.pop.count));
    this.pop.rearm();
  }
}
