import type { Side } from '../../domain/side.js';
import type { Rng } from '../../kernel/rng.js';
import type { Task } from '../../kernel/scheduler.js';
import type { Exchange, OrderOwner } from './exchange.js';
import type { TradeResponseConfig } from './market-config.js';
import { AliasTable, drawSize, exponentialDelayNs } from './samplers.js';

/** 2^-32: a 32-bit word as a uniform in [0, 1). */
const U32 = 2 ** -32;

/**
 * The book's re-quoting after trades (#8.7), exactly `TradeResponseConfig`'s rule: at the first
 * trade of each market order (the trades of one timestamp and aggressor side), it draws
 * Poisson(submissionsPerTrade) submissions and Poisson(cancelsPerTrade) cancels, each at its own
 * delay from the lag bins and on the aggressor's side with the fitted share. At its time a
 * submission rests at d ticks from its side's best (d from that side's distance table; inside the
 * spread never at or through the opposite best; with no best on its side, from the opposite best
 * or the last trade), and a cancel removes the population's OLDEST still-resting order on its
 * side (a re-quote moves a stale quote; nothing to cancel = nothing done). One agent, one `Rng`
 * fork: the other populations' draws do not move. Its own orders are never marketable, so it
 * triggers no trade of its own. Why its own orders and not the noise flow's: the measured cancels
 * after a trade are as many as the submissions, on both sides (re-quotes), and the noise flow's
 * orders have their own lives already (counted in its pooled cancel rate).
 */
export class TradeResponseFlow implements OrderOwner {
  readonly base: number;
  submissions = 0;
  cancels = 0;
  /** Market orders seen (bursts drawn). */
  bursts = 0;
  private readonly lagSub: AliasTable;
  private readonly lagCan: AliasTable;
  private readonly dist: [AliasTable, AliasTable];
  private readonly agg31: [number, number];
  private lastTradeNs = NaN;
  private lastTradeSide = 0;
  /** Own resting order ids per side (0 bid, 1 ask), oldest first; entries already gone are skipped lazily. */
  private readonly resting: [number[], number[]] = [[], []];
  private readonly heads = [0, 0];
  /** Pending actions (recycled). */
  private readonly free: ResponseTask[] = [];

  constructor(
    readonly cfg: TradeResponseConfig,
    private readonly ex: Exchange,
    private readonly rng: Rng,
  ) {
    this.base = ex.addOwner(this, 1);
    this.lagSub = new AliasTable(cfg.submissionLagWeights);
    this.lagCan = new AliasTable(cfg.cancelLagWeights);
    this.dist = [new AliasTable(cfg.distanceWeights.aggressor), new AliasTable(cfg.distanceWeights.consumed)];
    this.agg31 = [Math.round(cfg.aggressorShare.submissions * 2 ** 31), Math.round(cfg.aggressorShare.cancels * 2 ** 31)];
  }

  /** Listens to the exchange's trades (call once, at the session start). */
  start(): void {
    this.ex.onTrade((ts, _p, _s, aggressor) => {
      if (ts === this.lastTradeNs && aggressor === this.lastTradeSide) return;
      this.lastTradeNs = ts;
      this.lastTradeSide = aggressor;
      this.burst(aggressor);
    });
  }

  onRestingFill(): void {
    // A filled re-quote is simply gone (skipped when it comes up for a cancel).
  }

  /** Draws one market order's burst (called from the trade listener: schedules only, never trades). */
  private burst(aggressor: Side): void {
    this.bursts++;
    const cfg = this.cfg;
    const ns = poisson(this.rng, cfg.submissionsPerTrade);
    for (let k = 0; k < ns; k++) this.arm(0, this.sideOf(0, aggressor), this.lagSub);
    const nc = poisson(this.rng, cfg.cancelsPerTrade);
    for (let k = 0; k < nc; k++) this.arm(1, this.sideOf(1, aggressor), this.lagCan);
  }

  private sideOf(kind: 0 | 1, aggressor: Side): Side {
    return (this.rng.nextU32() >>> 1) < this.agg31[kind] ? aggressor : (-aggressor as Side);
  }

  private arm(kind: 0 | 1, side: Side, lag: AliasTable): void {
    const e = this.cfg.lagEdgesSec;
    const b = lag.sample(this.rng.nextU32() * U32);
    const lo = e[b]!, hi = e[b + 1]!;
    const u = this.rng.float();
    // Uniform in the first bin (it starts at 0), log-uniform in the others (they span a decade each).
    const sec = lo > 0 ? lo * (hi / lo) ** u : hi * u;
    const t = this.free.pop() ?? new ResponseTask(this);
    t.kind = kind;
    t.side = side;
    t.aggressor = side === this.lastTradeSide ? 1 : 0;
    const sch = this.ex.scheduler;
    sch.at(sch.now + Math.max(0, Math.round(sec * 1e9)), t);
  }

  /** A pending action fires. */
  run(t: ResponseTask): void {
    const kind = t.kind, side = t.side, agg = t.aggressor;
    this.free.push(t);
    if (kind === 0) this.submit(side, agg);
    else this.cancelOldest(side);
  }

  private submit(side: Side, aggressorSide: number): void {
    const ex = this.ex, book = ex.book, tick = ex.tickUnits, cfg = this.cfg;
    const d = this.dist[aggressorSide === 1 ? 0 : 1].sample(this.rng.nextU32() * U32) - cfg.maxDistanceTicks;
    const own = side === 1 ? book.bestBid() : book.bestAsk();
    const opp = side === 1 ? book.bestAsk() : book.bestBid();
    let price: number;
    if (own === own) price = own - side * d * tick;
    else if (opp === opp) price = opp - side * (d + 1 > 1 ? d + 1 : 1) * tick;
    else price = ex.lastPriceUnits - side * (d > 1 ? d : 1) * tick;
    // Never marketable: at most one tick before the opposite best.
    if (opp === opp && (side === 1 ? price >= opp : price <= opp)) price = opp - side * tick;
    if (price < tick) price = tick;
    const life = cfg.lifeRatePerSec !== undefined ? exponentialDelayNs(this.rng, cfg.lifeRatePerSec) : Infinity;
    const id = ex.limit(this.base, side, price, drawSize(this.rng, cfg.size), life);
    this.submissions++;
    if (id >= 0) this.resting[side === 1 ? 0 : 1].push(id);
  }

  private cancelOldest(side: Side): void {
    const s = side === 1 ? 0 : 1;
    const q = this.resting[s];
    const book = this.ex.book;
    let h = this.heads[s]!;
    while (h < q.length) {
      const id = q[h++]!;
      const rem = book.orderRemaining(id);
      if (rem === rem && rem > 0) {
        this.ex.cancel(id);
        this.cancels++;
        break;
      }
    }
    if (h > 1024 && h * 2 > q.length) {
      q.splice(0, h);
      h = 0;
    }
    this.heads[s] = h;
  }
}

/** One pending submission or cancel (recycled through the flow's free list). */
class ResponseTask implements Task {
  kind: 0 | 1 = 0;
  side: Side = 1;
  /** 1 when on the aggressor's side of the market order that drew it. */
  aggressor = 0;
  constructor(private readonly flow: TradeResponseFlow) {}
  fire(): void {
    this.flow.run(this);
  }
}

/** A Poisson(mean) count (Knuth's product for small means, which is what a burst is; a normal approximation beyond 30). */
function poisson(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
  const l = Math.exp(-mean);
  let k = 0, p = rng.float();
  while (p > l) {
    k++;
    p *= rng.float();
  }
  return k;
}
