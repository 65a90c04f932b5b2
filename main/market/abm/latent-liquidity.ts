import type { Side } from '../../domain/side.js';
import type { Rng } from '../../kernel/rng.js';
import type { Exchange, OrderOwner } from './exchange.js';
import type { Fundamental } from './fundamental.js';
import type { LatentLiquidityConfig } from './market-config.js';
import { AgentWake, exponentialDelayNs, type Wakeable } from './samplers.js';

/**
 * `LatentLiquidityConfig` with the latent book's memory (a field of the scenario's `latent`
 * block; `MarketConfig` carries it through unchanged). memorySec > 0: liquidity the providers
 * traded away is gone until it renews, with an exponential renewal time memorySec (absent or 0:
 * the stateless book, every re-post restores the full profile).
 */
export interface LatentMemoryConfig extends LatentLiquidityConfig {
  readonly memorySec?: number;
  /**
   * With memorySec > 0: the side that did NOT trade follows the consumed one (absent/false: it
   * stays anchored on the value). Its profile is re-anchored x = √(2|C|/L) ticks towards it, i.e.
   * depth L·u at u ticks beyond band − x, so the whole latent book moves with what was consumed:
   * an imbalance moves the price (the mid), not only one wall (the spread).
   */
  readonly followConsumed?: boolean;
}

/**
 * Slow liquidity providers with a linear depth profile around the fundamental value A
 * (`Fundamental.value`), the locally linear latent book of Donier, Bonart, Mastromatteo &
 * Bouchaud (2015): at distance u ticks beyond the band (u = |p − A|/tick − bandTicks > 0) they
 * want to sell (above A) or buy (below A) depthPerTick·u size units at price p, shared equally by
 * the `count` agents, and nothing inside the band. The depth is posted on a grid of `stepTicks`
 * (multiples of step·tick; each grid price carries the step·L·u of its interval, so fewer, larger
 * orders — and fewer fills per market order — on wide-spread stocks); with `gridJitter` each
 * re-post shifts each side's grid by a random whole number of ticks below the step, so the
 * latent touches are not a lattice. Each agent, at Poisson times
 * of rate ratePerSec, re-posts its share on the `levels` grid prices of each side closest to the
 * market that are in its zone AND on its side of the market (asks strictly above the best bid,
 * bids strictly below the best ask: never marketable, post-only), dropping sizes below 1 (wanted
 * size = round(share·step·L·u)). A level already at its price keeps its queue place while its remaining is ≥
 * half the wanted size. Without `memorySec` the rule is stateless: it does not depend on what they
 * already traded, so liquidity taken comes back at the same prices at the next re-post.
 *
 * With `memorySec` m > 0 (`LatentMemoryConfig`), the book remembers what it traded, as the
 * latent book of Donier et al. does: C = the providers' net bought size, each fill decaying
 * as e^(−age/m) (the consumed latent orders renew at rate 1/m). The side that traded has lost its
 * innermost x = √(2|C|/L) ticks (the part of a linear profile that holds |C|): depth L·u only at
 * u > x beyond the band. So a metaorder of Q faster than m meets a wall that stays consumed,
 * moving the price x = √(2Q/L) whatever the re-posts (the square-root law, with L sized from the
 * day's volume and volatility), and the move heals as C renews — with a learning fundamental,
 * part of it stays. With `followConsumed` the side that did not trade is re-anchored x ticks
 * towards the consumed one (depth L·u at u ticks beyond band − x), so the whole book — the mid —
 * moves with what was traded; anchored on the value, one wall recedes and the spread widens by x.
 *
 * What it does to prices: between two re-posts, buying Q through the profile moves the price
 * ≈ √(2Q/L) ticks beyond the band (concave in Q); at the next re-post the liquidity it took
 * comes back wherever the market has not moved in (a resilient wall anchored on the value), so
 * the price is pulled back towards A — the transient part of impact — while A itself learns from
 * the price (`FundamentalConfig.learningHalfLifeSec`), so part of the impact stays. Liquidity
 * thins and the band widens when activity is high (`depthMultiplier`, `bandMultiplier`, set by
 * the activity process). The impact curve of a whole market built with it is measured, not
 * assumed: `measureMetaorderImpact` in main/market/calibration.
 */
export class LatentLiquidity implements Wakeable, OrderOwner {
  readonly base: number;
  depthMultiplier = 1;
  bandMultiplier = 1;
  requotes = 0;
  private readonly rngs: Rng[] = [];
  private readonly wakes: AgentWake[] = [];
  /** Order id (−1 none) and price per agent × side (0 bid, 1 ask) × level. */
  private readonly ids: Float64Array;
  private readonly pxs: Float64Array;
  private readonly k: number;
  private readonly step: number;
  /** Decayed net size the providers bought (> 0: bid side consumed; < 0: ask side), at `memNs`. */
  private consumed = 0;
  private memNs = 0;
  private readonly memRatePerNs: number;
  /** `gridJitter`: per agent × side (0 bid, 1 ask), the grid's offset in ticks; its draws' own streams. */
  private readonly offsets: Float64Array;
  private readonly gridRngs: Rng[] = [];
  /** Scripted withdrawal (`setWithdrawal`): band and depth multipliers, 1 when none. */
  private withdrawBand = 1;
  private withdrawDepth = 1;

  constructor(
    readonly cfg: LatentMemoryConfig,
    private readonly ex: Exchange,
    private readonly fundamental: Fundamental,
    rng: Rng,
  ) {
    const n = cfg.count;
    this.k = Math.max(1, Math.floor(cfg.levels));
    this.step = Math.max(1, Math.round(cfg.stepTicks ?? 1));
    this.memRatePerNs = (cfg.memorySec ?? 0) > 0 ? 1 / (cfg.memorySec! * 1e9) : 0;
    this.base = ex.addOwner(this, n);
    this.ids = new Float64Array(n * 2 * this.k).fill(-1);
    this.pxs = new Float64Array(n * 2 * this.k).fill(NaN);
    this.offsets = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      this.rngs.push(rng.fork(`latent-${i}`));
      // Own stream: the re-post times are the same with or without the jitter.
      if (cfg.gridJitter) this.gridRngs.push(rng.fork(`latent-grid-${i}`));
      this.wakes.push(new AgentWake(this, i, true));
    }
  }

  get count(): number {
    return this.cfg.count;
  }

  /** First ladders at U(0, 1 s): the book opens with depth. */
  start(): void {
    const sch = this.ex.scheduler;
    for (let i = 0; i < this.cfg.count; i++) sch.at(sch.now + Math.floor(1e9 * this.rngs[i]!.float()), this.wakes[i]!);
  }

  wake(i: number, nowNs: number, timer: boolean): void {
    if (timer) {
      const d = exponentialDelayNs(this.rngs[i]!, this.cfg.ratePerSec);
      if (d < Infinity) this.ex.scheduler.at(nowNs + d, this.wakes[i]!);
    }
    this.requotes++;
    if (this.cfg.gridJitter && this.step > 1) {
      const r = this.gridRngs[i]!;
      this.offsets[2 * i] = r.int(this.step);
      this.offsets[2 * i + 1] = r.int(this.step);
    }
    this.post(i, 1);
    this.post(i, -1);
  }

  /**
   * The timeline's liquidity withdrawal reaches the latent book too (called by `MarketSession`
   * with the event's factors, and with (1, 0) when it ends): the band widens × `widen` and the
   * depth shrinks × (1 − pullFraction), and every provider re-posts at once (a withdrawal is
   * sudden; no random draw, so other flows are unchanged). The consumed profile (memory) is
   * kept. Without latent providers (count 0) it does nothing.
   */
  setWithdrawal(widen: number, pullFraction: number): void {
    this.withdrawBand = widen;
    this.withdrawDepth = 1 - pullFraction;
    for (let i = 0; i < this.cfg.count; i++) {
      this.post(i, 1);
      this.post(i, -1);
    }
  }

  onRestingFill(agent: number, orderId: number, _price: number, size: number, remaining: number): void {
    if (remaining !== 0 && this.memRatePerNs === 0) return;
    const off = (agent - this.base) * 2 * this.k;
    for (let j = off; j < off + 2 * this.k; j++) {
      if (this.ids[j] === orderId) {
        if (remaining === 0) this.ids[j] = -1;
        // Slots [off, off + k) are bids (the provider bought), the rest asks.
        if (this.memRatePerNs > 0) this.consumed = this.consumedNow() + (j < off + this.k ? size : -size);
        return;
      }
    }
  }

  /** The decayed net size bought by the providers now (0 without memory). */
  consumedNow(): number {
    if (this.memRatePerNs === 0) return 0;
    const now = this.ex.scheduler.now;
    if (now !== this.memNs) {
      this.consumed *= Math.exp(-(now - this.memNs) * this.memRatePerNs);
      this.memNs = now;
    }
    return this.consumed;
  }

  private post(i: number, side: Side): void {
    const ex = this.ex;
    const book = ex.book;
    const tick = ex.tickUnits;
    const a = this.fundamental.value;
    const band = this.cfg.bandTicks * this.bandMultiplier * this.withdrawBand;
    const step = this.step;
    const g = step * tick;
    // Depth of one grid interval of `step` ticks, per unit of distance.
    const per = (this.cfg.depthPerTick * this.depthMultiplier * this.withdrawDepth * step) / this.cfg.count;
    // Ticks of this side's profile consumed and not yet renewed (memory only).
    const c = this.consumedNow() * side;
    const gone = c > 0 ? Math.sqrt((2 * c) / (this.cfg.depthPerTick * this.depthMultiplier)) : 0;
    // followConsumed: the other side's profile moves in by what the consumed side lost (−c > 0 here).
    const follow = c < 0 && this.cfg.followConsumed ? Math.sqrt((-2 * c) / (this.cfg.depthPerTick * this.depthMultiplier)) : 0;
    const off = (i * 2 + (side === 1 ? 0 : 1)) * this.k;
    // Innermost grid price of the zone (strictly beyond the band and what is consumed) on our side of the market.
    const edge = band + gone - follow;
    // Grid prices are o + m·g (o = this side's jitter offset, 0 without it).
    const o = this.offsets[2 * i + (side === 1 ? 0 : 1)]! * tick;
    let p: number;
    if (side === 1) {
      const zone = Math.ceil((a - edge * tick - o) / g) * g - g + o;
      const ask = book.bestAsk();
      const inner = Math.ceil((ask - o) / g) * g - g + o;
      p = ask === ask && inner < zone ? inner : zone;
    } else {
      const zone = Math.floor((a + edge * tick - o) / g) * g + g + o;
      const bid = book.bestBid();
      const inner = Math.floor((bid - o) / g) * g + g + o;
      p = bid === bid && inner > zone ? inner : zone;
    }
    const k = this.k;
    for (let j = 0; j < k; j++, p -= side * g) {
      // A price always maps to the same slot, so when the window shifts one step only one slot moves.
      const slot = off + (((Math.round((p - o) / g) % k) + k) % k);
      const u = (side === 1 ? a - p : p - a) / tick - band + follow;
      const want = p >= tick && u > gone ? Math.round(per * u) : 0;
      const id = this.ids[slot]!;
      const rem = id >= 0 ? book.orderRemaining(id) : NaN;
      if (rem !== rem) this.ids[slot] = -1;
      if (want < 1) {
        if (rem === rem) ex.cancel(id);
        this.ids[slot] = -1;
        continue;
      }
      if (rem === rem) {
        if (this.pxs[slot] === p && rem * 2 >= want) continue;
        const left = ex.replace(id, p, want);
        if (left <= 0) this.ids[slot] = -1;
      } else {
        this.ids[slot] = ex.limit(this.base + i, side, p, want);
      }
      this.pxs[slot] = p;
    }
  }
}
