/**
 * Plain configuration of the agent-based market (what a validated scenario becomes). Units are
 * named: `…Sec` simulated seconds, `…Ticks` instrument ticks, `…Bps` basis points, sizes in size
 * units. A "day" is one 6.5-hour trading session, 23,400 s (volatility and drift per day).
 *
 * Invariants (enforced by `ScenarioSchema` in main/market/scenarios, assumed here): counts are
 * integers ≥ 0, rates ≥ 0, probabilities in [0, 1], `tick` × 10^priceDecimals is an integer ≥ 1,
 * `initialPrice` is a positive multiple of `tick`, every `SizeDist.max` ≥ 1.
 */
export interface MarketConfig {
  readonly instrument: InstrumentConfig;
  readonly durationSec: number;
  readonly agents: AgentsConfig;
  readonly fundamental: FundamentalConfig;
  /** Stochastic market activity (volatility clustering); absent = constant activity 1. */
  readonly activity?: ActivityConfig;
  readonly timeline: readonly TimelineEvent[];
}

/**
 * Slow liquidity providers with a linear latent book around the fundamental (see
 * `LatentLiquidity`): depthPerTick·u size units wanted at u ticks beyond ±bandTicks of the
 * fundamental, on the `levels` grid prices (every stepTicks) of each side nearest the market, re-posted at Poisson
 * times of rate ratePerSec per agent, shared by `count` agents (0 disables).
 */
export interface LatentLiquidityConfig {
  readonly count: number;
  readonly depthPerTick: number;
  readonly bandTicks: number;
  readonly levels: number;
  readonly ratePerSec: number;
  /** Grid spacing of the posted depth, ticks (absent = 1). */
  readonly stepTicks?: number;
  /**
   * true: at each re-post the grid of each side is shifted by a uniform whole number of ticks in
   * [0, stepTicks) (own random stream), so over time the depth covers every tick and the spread
   * between the latent touches is not a lattice of stepTicks; absent/false: the grid is on
   * absolute multiples of stepTicks·tick.
   */
  readonly gridJitter?: boolean;
}

/**
 * Market activity a(t) = exp(Σ_k x_k(t) − s²/2), s² = Σ_k logStd_k², with independent OU
 * components x_k of stationary std logStd[k] and correlation time timescalesSec[k], stepped
 * exactly every `updateSec` (E[a] = 1). It multiplies noise-trader arrival rates by a (volume
 * clusters), the fundamental's σ by √a (variance ∝ activity: the subordination of returns to
 * trading activity), and, for liquidity providers, divides the latent depth by a^liquidityElasticity
 * and widens their band and the noise traders' placement distance by a^(liquidityElasticity/2)
 * (liquidity is withdrawn when the market is busy and volatile).
 * Invariant: the arrays have the same length; logStd ≥ 0; timescales > 0.
 */
export interface ActivityConfig {
  readonly timescalesSec: readonly number[];
  readonly logStd: readonly number[];
  readonly updateSec: number;
  readonly liquidityElasticity: number;
  /**
   * Caps what the noise flow takes of the activity: the flow's rate follows a^θ·e^{θ(1−θ)s²/2}
   * (mean 1, log-variance θ²s²) with θ = min(1, √(flowLogVarianceMax / s²)), while the fundamental's σ
   * and the liquidity still follow a. So the volatility can vary more than the order counts do (the
   * real day's counts allow less variance than its 1-min kurtosis asks of the volatility). Absent:
   * the flow follows a, the same event log as before the field existed.
   */
  readonly flowLogVarianceMax?: number;
}

/** Seconds in one trading day (6.5 h), the unit of `…PerDay` parameters. */
export const SECONDS_PER_DAY = 23_400;

/** The simulated instrument. Prices in the engine are integer units of 10^-priceDecimals. */
export interface InstrumentConfig {
  readonly symbol: string;
  /** Minimum price increment in quote currency (e.g. 0.01). */
  readonly tick: number;
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
  /** Opening reference price in quote currency (also the fundamental's start and OU mean). */
  readonly initialPrice: number;
}

/**
 * Lognormal order size: round(exp(logMean + logSigma·Z)), Z ~ N(0, 1), clamped to [1, max].
 */
export interface SizeDist {
  readonly logMean: number;
  readonly logSigma: number;
  readonly max: number;
}

/** Every background population; a count of 0 disables it. */
export interface AgentsConfig {
  readonly noise: NoiseConfig;
  readonly marketMakers: MakerConfig;
  readonly momentum: ChartistConfig;
  readonly meanReversion: ChartistConfig;
  readonly value: ValueConfig;
  /** Absent in older scenarios: no latent liquidity. */
  readonly latent?: LatentLiquidityConfig;
  /** The book's re-quoting after market orders (`trade-response-flow.ts`); absent: none, the event log of before. */
  readonly tradeResponse?: TradeResponseConfig;
}

/**
 * A burst of limit submissions and cancels after each market order (the executions of one
 * timestamp and aggressor side), fitted from the day's L3 messages (`calibration/trade-response-fit.ts`).
 * Per market order: Poisson(`submissionsPerTrade`) submissions and Poisson(`cancelsPerTrade`) cancels
 * of the population's own resting orders (the oldest on the chosen side; none resting = none
 * cancelled), each at a delay drawn from the lag bins `lagEdgesSec` (ascending, first 0) with the
 * weights given (uniform in the first bin, log-uniform in the others), on the aggressor's side with
 * probability `aggressorShare`, else the consumed side. A submission rests at d ticks from its own
 * side's best, d ∈ −maxDistanceTicks … +maxDistanceTicks drawn ∝ the side's `distanceWeights`
 * (negative = inside the spread, never at or through the opposite best), size ~ `size`; its own
 * orders also end by Exp(`lifeRatePerSec`) when given. Invariant: weights ≥ 0 with a positive sum,
 * `distanceWeights.*` of length 2·maxDistanceTicks + 1, lag weights one per bin.
 */
export interface TradeResponseConfig {
  readonly submissionsPerTrade: number;
  readonly cancelsPerTrade: number;
  readonly lagEdgesSec: readonly number[];
  readonly submissionLagWeights: readonly number[];
  readonly cancelLagWeights: readonly number[];
  readonly aggressorShare: { readonly submissions: number; readonly cancels: number };
  readonly maxDistanceTicks: number;
  readonly distanceWeights: { readonly aggressor: readonly number[]; readonly consumed: readonly number[] };
  readonly size: SizeDist;
  readonly lifeRatePerSec?: number;
}

/**
 * Zero-intelligence traders. Each agent acts at Poisson times with rate `ratePerSec`; an action
 * is a market order with probability `marketFraction`, otherwise a limit order; the side is a
 * fair coin. A limit order rests at distance d ticks from the OPPOSITE best quote
 * (buy: bestAsk − d·tick, sell: bestBid + d·tick), d ∈ 1..K drawn with probabilities
 * ∝ `distanceWeights[d − 1]`; d = 1 joins or improves the touch. Each resting order is
 * cancelled independently at rate `cancelRatePerSec` (exponential lifetime).
 */
export interface NoiseConfig {
  readonly count: number;
  readonly ratePerSec: number;
  readonly marketFraction: number;
  readonly distanceWeights: readonly number[];
  readonly limitSize: SizeDist;
  readonly marketSize: SizeDist;
  readonly cancelRatePerSec: number;
  /** Self-exciting market orders; absent: none (the flow above is all there is). */
  readonly marketCascade?: MarketCascadeConfig;
  /** Limit-order lives by placement; absent: every limit order lives Exp(cancelRatePerSec). */
  readonly placementLife?: PlacementLifeConfig;
  /**
   * How far an order that lands inside the spread improves its own side's best: when the drawn
   * distance puts a limit order inside, its price is re-set to own best + k ticks (buy; − for a
   * sell), k ∈ 1..K drawn ∝ insideImprovementWeights[k − 1], never at or through the opposite best
   * (capped one tick before it). Absent: the distance alone sets the price.
   */
  readonly insideImprovementWeights?: readonly number[];
  /**
   * The same, conditional on the spread the order finds (replaces `insideImprovementWeights` when
   * set): the table of the bucket of the spread (opposite best − own best, ticks) before it lands.
   * Absent: the pooled table (or the distance alone).
   */
  readonly insideImprovementBySpread?: InsideImprovementBySpread;
  /**
   * The share of acts that are market orders by the spread the act finds (replaces
   * `marketFraction` while both bests exist; the act rate is unchanged): the day's market orders
   * arrive far faster when the spread is narrow. Absent: `marketFraction` at every spread.
   */
  readonly marketFractionBySpread?: MarketFractionBySpread;
}

/**
 * Market-order shares by spread bucket. Invariants: `spreadEdgesTicks` strictly ascending integers
 * ≥ 2; `marketFraction` has edges.length + 1 probabilities: [0] for spreads < edges[0], [i] for
 * edges[i − 1] ≤ spread < edges[i], the last for spreads ≥ the last edge.
 */
export interface MarketFractionBySpread {
  readonly spreadEdgesTicks: readonly number[];
  readonly marketFraction: readonly number[];
  /**
   * Optional, one multiplier > 0 per bucket: the act rate at that spread × it (the day's acts per
   * second at the spread ÷ its mean over the day), by thinning a clock armed at the largest
   * multiplier (own `Rng` fork). Absent: the act rate does not depend on the spread.
   */
  readonly rateMultiplier?: readonly number[];
}

/**
 * Improvement tables by the spread an inside order finds. Invariants: `spreadEdgesTicks` strictly
 * ascending integers ≥ 2 (a spread of 1 tick has no inside); `weights` has one row per bucket,
 * edges.length + 1 rows: row 0 for spreads < edges[0], row i for edges[i − 1] ≤ spread < edges[i],
 * the last for spreads ≥ the last edge; each row = weights (≥ 0, at least one > 0) for an
 * improvement of 1..K ticks, as in `insideImprovementWeights`.
 */
export interface InsideImprovementBySpread {
  readonly spreadEdgesTicks: readonly number[];
  readonly weights: readonly (readonly number[])[];
  /**
   * Optional, one probability per bucket: whether an order goes inside at all is then a coin of
   * this probability (the day's share of placements that improved a spread of that width), not the
   * drawn distance; an order the coin keeps out but the distance put inside is re-drawn from the
   * distance table conditional on landing at or behind its own best. Absent: the distance decides.
   */
  readonly insideShare?: readonly number[];
}

/**
 * A limit order's life by where it was placed (replaces `cancelRatePerSec` for the noise limit
 * orders when set): `inside` when it improves its own side's best (buy above the best bid, sell
 * below the best ask; the side's best must exist), `touch` otherwise (joins or sits behind it).
 * Each class is a two-exponential mixture: with probability fleetingShare a life
 * Exp(fleetingRatePerSec), else Exp(persistentRatePerSec) (`fitPlacementLife` in
 * main/market/calibration fits it from a day's L3 messages).
 */
export interface PlacementLifeConfig {
  readonly inside: LifeMixture;
  readonly touch: LifeMixture;
}

/** Two-exponential life: share w (0 ≤ w ≤ 1) at rate fleetingRatePerSec, 1 − w at persistentRatePerSec (rates ≥ 0). */
export interface LifeMixture {
  readonly fleetingShare: number;
  readonly fleetingRatePerSec: number;
  readonly persistentRatePerSec: number;
}

/**
 * A Hawkes cascade of noise market orders: each one (base or child) has, with probability
 * `branching` (n, 0 ≤ n < 1), one child market order of the same side after an exponential delay
 * of rate `decayPerSec` (β); children have children. Each base order brings 1/(1 − n) market
 * orders on average, so a mapping that keeps a day's market-order count scales the base rate by
 * (1 − n). A cluster is a chain (one child at most), so the count of a stationary cascade has
 * Fano factor F(T) = 1 + 2n/(1 − n)·(1 − (1 − e^{−γT})/(γT)), γ = β(1 − n) (`cascadeFano`).
 */
export interface MarketCascadeConfig {
  readonly branching: number;
  readonly decayPerSec: number;
  /**
   * Further kernel components (a multi-scale kernel: a mixture of exponentials). An order then has a
   * child with probability n = branching + Σ components' branching (n ≤ 0.95), whose delay is
   * Exp(decayPerSec) with probability branching/n, else Exp(component k's rate) with probability
   * n_k/n; the kernel is Σ n_j β_j e^{−β_j t} (`multiCascadeFano`). Absent or empty: one exponential,
   * the same draws and event log as before the field existed.
   */
  readonly components?: readonly MarketCascadeComponent[];
}

/** One extra exponential of a cascade kernel: branching n_k ≥ 0 (its share of the children), rate β_k > 0 per second. */
export interface MarketCascadeComponent {
  readonly branching: number;
  readonly decayPerSec: number;
}

/**
 * Market makers quoting one bid and one ask around fair = book mid (last trade price when a
 * side is empty), shifted against inventory: reservation r = fair − skewTicks·tick·clamp(q /
 * maxPosition, −1, 1); bid = floor(r − halfSpreadTicks·tick), ask = ceil(r + halfSpreadTicks·tick)
 * on the tick grid (ask ≥ bid + tick). No bid at q ≥ maxPosition, no ask at q ≤ −maxPosition.
 * Quotes never take liquidity (clamped one tick off the opposite best). Requote every
 * `requoteSec` × U(0.5, 1.5) and `reactionSec` after any fill.
 */
export interface MakerConfig {
  readonly count: number;
  readonly halfSpreadTicks: number;
  readonly quoteSize: number;
  readonly maxPosition: number;
  readonly skewTicks: number;
  readonly requoteSec: number;
  readonly reactionSec: number;
}

/**
 * Chartists: momentum (trend following) or mean-reversion traders, acting at Poisson times with
 * rate `ratePerSec`. Each agent has a horizon τ ~ U(horizonSec) and keeps, updated at its own
 * wake-ups with weight a = 1 − exp(−Δt/τ), an EWMA of mid log-returns per second (m) and of the
 * mid (ē). Momentum: m·τ > thresholdBps → market buy, < −thresholdBps → market sell.
 * Mean reversion: (mid − ē)/ē > thresholdBps → passive sell at the best ask, < −thresholdBps →
 * passive buy at the best bid; passive orders live an exponential time with mean
 * `orderLifetimeSec`. Nobody trades beyond ±maxPosition (filled position).
 */
export interface ChartistConfig {
  readonly count: number;
  readonly ratePerSec: number;
  readonly horizonSec: readonly [number, number];
  readonly thresholdBps: number;
  readonly size: SizeDist;
  readonly maxPosition: number;
  readonly orderLifetimeSec: number;
}

/**
 * Value (fundamental) traders, acting at Poisson times with rate `ratePerSec`. Each observes
 * v = V·(1 + observationNoiseBps·1e-4·Z) (fresh Z each time) and, with band b = thresholdBps·v,
 * buys IOC up to floor(v − b) when bestAsk < v − b, sells IOC down to ceil(v + b) when
 * bestBid > v + b; size = draw × min(3, mispricing / b); position capped at ±maxPosition.
 */
export interface ValueConfig {
  readonly count: number;
  readonly ratePerSec: number;
  readonly observationNoiseBps: number;
  readonly thresholdBps: number;
  readonly size: SizeDist;
  readonly maxPosition: number;
}

/**
 * The fundamental value V (quote currency, starts at initialPrice), stepped every `updateSec`:
 * `ou`: dV = κ(m − V)dt + σdW (exact discretisation), κ = meanReversionPerDay / 23,400 s;
 * `random-walk`: dV = μdt + σdW. σ = volatilityPctPerDay/100 · initialPrice / √23,400 per √s;
 * the OU mean m starts at initialPrice and drifts by μ = driftPctPerDay/100 · initialPrice per day.
 * V stays ≥ one tick.
 */
export interface FundamentalConfig {
  readonly kind: 'ou' | 'random-walk';
  readonly volatilityPctPerDay: number;
  readonly meanReversionPerDay: number;
  readonly driftPctPerDay: number;
  readonly updateSec: number;
  /**
   * The value learns from the market: after each step V ← V + (1 − 2^(−updateSec/h))·(mid − V),
   * h = learningHalfLifeSec (absent or 0: V ignores the price). Prices that persist become value,
   * so part of a metaorder's impact is permanent.
   */
  readonly learningHalfLifeSec?: number;
}

/** Scripted market events, applied at `atSec` of simulated time. */
export type TimelineEvent = LiquidityWithdrawal | Cascade | FundamentalJump | RegimeChange;

/**
 * Market makers widen quotes by `widenFactor` and the first ⌊pullFraction·count⌋ of them cancel
 * and stop quoting, for `durationSec`, then resume. The latent book (if any) steps back with
 * them: band × widenFactor, depth × (1 − latentPullFraction), latentPullFraction defaulting to
 * pullFraction.
 */
export interface LiquidityWithdrawal {
  readonly type: 'liquidity-withdrawal';
  readonly atSec: number;
  readonly durationSec: number;
  readonly widenFactor: number;
  readonly pullFraction: number;
  readonly latentPullFraction?: number;
}

/**
 * A stop-loss / momentum burst: `orders` market orders (on average: Poisson times at rate
 * orders/durationSec) of `side` with sizes from `size`, and momentum traders act
 * `momentumRateMultiplier` times as often, over [atSec, atSec + durationSec).
 */
export interface Cascade {
  readonly type: 'cascade';
  readonly atSec: number;
  readonly durationSec: number;
  readonly side: 'buy' | 'sell';
  readonly orders: number;
  readonly size: SizeDist;
  readonly momentumRateMultiplier: number;
}

/** News shock: the fundamental jumps by `jumpPct` percent (value traders then move the price). */
export interface FundamentalJump {
  readonly type: 'fundamental-jump';
  readonly atSec: number;
  readonly jumpPct: number;
}

/**
 * From `atSec` (for `durationSec`, or to the end when absent): fundamental σ, noise placement
 * distance and value-trader observation noise × volatilityMultiplier; arrival rates of noise,
 * momentum, mean-reversion and value traders × arrivalRateMultiplier (each agent's next
 * wake-up after the change uses the new rate).
 */
export interface RegimeChange {
  readonly type: 'regime-change';
  readonly atSec: number;
  readonly durationSec?: number;
  readonly volatilityMultiplier: number;
  readonly arrivalRateMultiplier: number;
}
