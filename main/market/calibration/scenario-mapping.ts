import { SECONDS_PER_DAY, type LifeMixture } from '../abm/market-config.js';
import type { ScenarioInput } from '../scenarios/scenario-schema.js';
import type { CalibrationResult } from './calibration-result.js';
import type { MarketCascadeFit } from './cascade-fit.js';
import type { LimitOrderFlowFit } from './flow-counters.js';
import type { SizeFit } from './size-fit.js';
import { activityFromSlowTerm, applyMultiScaleCascade } from './cascade-mapping.js';
import { fitIntradayProfile, profileMultiplier } from './intraday-profile.js';
import { improvementBySpreadOf, marketFractionBySpreadOf } from './placement-life-by-spread.js';

/** Choices the data cannot make; defaults in brackets. */
export interface ScenarioMappingOptions {
  name?: string;
  /** Zero-intelligence agents sharing the measured flow [100]; only the total rate matters. */
  noiseAgents?: number;
  /**
   * Value traders anchoring the price to the calibrated fundamental, as a multiple of the
   * measured market-order rate (their wake-up rate; they trade only when the mispricing exceeds
   * the band) [0.2]. 0 gives a pure zero-intelligence market whose volatility is emergent.
   */
  valueTraderRateShare?: number;
  /**
   * The real series' 1-min return excess kurtosis (`StylizedFacts.ret1mExcessKurtosis`); sets the
   * activity process's variance. Absent or null: no activity process (constant activity).
   */
  ret1mExcessKurtosis?: number | null;
  /** Half-life of the fundamental's learning from the price, seconds [2000]. */
  learningHalfLifeSec?: number;
  /** Square-root-law prefactor Y the latent book is sized for on its own [2]. */
  latentImpactY?: number;
  /**
   * Renewal time of consumed latent liquidity, s (`LatentMemoryConfig.memorySec`) [0: stateless].
   * 600 s on AMZN gives metaorder impact of the √-law's size (Y ≈ 1) but flow-driven volatility
   * clustering far above the day's (|r| ACF at 1 min lag 1 0.23-0.49 against 0.12): not the default.
   */
  latentMemorySec?: number;
  /**
   * The latent book remembers what it traded AND the side that did not trade follows it
   * (`LatentMemoryConfig.followConsumed`), with memorySec = `latentMemorySec` or
   * `LATENT_FOLLOW_MEMORY_SEC`: an imbalance of the flow moves the mid, not one wall, so a
   * metaorder meets the √ law without the spread widening [false; README "The latent book
   * follows what it traded"].
   */
  latentFollow?: boolean;
  /**
   * Self-exciting noise market orders fitted from the day (`CalibrationResult.marketOrders.cascade`,
   * `applyMarketCascade`), with the activity's fast component at 30 s (`CASCADE_ACTIVITY_*`)
   * [false: +0.66 facts of 28 over 50 trial days on AMZN but 69 against 72 of 93 on `calibrate`'s
   * seeds 1-3, trading facts; see the README's "Hawkes market orders"]. Without a fitted cascade
   * (too short a day, no signed trades) the mapping is the one without.
   */
  marketCascade?: boolean;
  /**
   * A multi-scale market-order cascade (`CalibrationResult.marketOrders.cascadeMulti`: three
   * exponentials fitted to the market-order Fano factors at 10 ms … 120 s, `applyMultiScaleCascade`)
   * with the activity sized by the fit's slow Fano term (`activityFromSlowTerm`: what the counts show
   * beyond the cascade and the intraday profile), not by the 1-min kurtosis [false; README "A
   * multi-scale cascade"]. Pair it with `refineScenario`'s `kurtosisLever` 'cascade' or 'none', or
   * the refinement raises the activity again. Without a fit the mapping is the one without.
   */
  multiScaleCascade?: boolean;
  /**
   * With `multiScaleCascade`: the activity keeps the kurtosis mapping's variance (and the default
   * refinement its kurtosis lever) for the volatility and the liquidity, while the noise flow follows
   * it only up to the log-variance the slow Fano term allows (`ActivityConfig.flowLogVarianceMax`)
   * [false]. The real day's returns vary more at the minute scale than its order counts do.
   */
  volatilityActivity?: boolean;
  /**
   * Noise limit-order lives by placement (`NoiseConfig.placementLife`) from the day's fitted
   * mixture (`CalibrationResult.placementLife`) instead of one pooled cancel rate [false: see the
   * README's "Order life by placement"]. Without a fit (no order-level data) the pooled rate stays.
   */
  placementLife?: boolean;
  /**
   * Inside placements improve their own best by the day's table (`NoiseConfig.insideImprovementWeights`
   * from `CalibrationResult.placementLife.improvementWeights`; none without order-level data) [true:
   * 22.34 against 20.98 facts of 28 over 50 trial days on AMZN, 245 against 231 of 310 on `calibrate`'s
   * seeds 1-10 (72 = 72 on seeds 1-3), trading |r| ACF lags 7-8 and the 1 s kurtosis on one seed for
   * the spread P75 and ACF lag 1; README "Order life by placement"].
   */
  insideImprovement?: boolean;
  /**
   * Inside placements improve their own best by the day's table for the spread they find
   * (`NoiseConfig.insideImprovementBySpread` from `CalibrationResult.placementLife.improvementBySpread`:
   * buckets at the deciles of the spread inside placements found; replaces the pooled table; none
   * without order-level data) [false; README "Improvement by the spread it finds"].
   */
  insideImprovementBySpread?: boolean;
  /**
   * With `insideImprovementBySpread`: whether an order goes inside at all is the day's share of
   * placements that went inside at that spread (`insideShare`), not the drawn distance [false].
   */
  insideShareBySpread?: boolean;
  /**
   * The share of the noise acts that are market orders by the spread they find
   * (`NoiseConfig.marketFractionBySpread` from `CalibrationResult.placementLife.marketFractionBySpread`,
   * deciles of the spread the day's market orders found; with a market-order cascade each share is
   * thinned like `marketFraction` in `applyMarketCascade`) [false; README "Improvement by the spread it finds"].
   */
  marketFractionBySpread?: boolean;
  /**
   * With `marketFractionBySpread`: the act rate by the spread too (`MarketFractionBySpread.rateMultiplier`,
   * the day's acts per second at that spread ÷ the day's mean) [false].
   */
  actRateBySpread?: boolean;
  /**
   * The book's re-quoting after market orders (`agents.tradeResponse`, a `TradeResponseFlow` with the
   * burst fitted from the day's L3 messages, `CalibrationResult.tradeResponse.fit`; its orders live
   * at the noise flow's pooled cancel rate), the noise flow's limit rate lowered by the burst's
   * submissions (fitted per market order × the market-order rate; at most 90 % of it) so the day's
   * limit-order count is kept [false; README "The book re-quotes after trades"]. Without a fit the
   * mapping is the one without.
   */
  tradeResponse?: boolean;
  /**
   * The latent book's grid shifted by a random offset at each re-post (`LatentLiquidityConfig.gridJitter`)
   * [false: +0.66 facts a day more with the table, but the calibrated market's impact then grows after
   * the order ends (retained 0.64 at T against 0.57 at T/2, metaorder-impact.test.ts)].
   */
  latentGridJitter?: boolean;
}

/**
 * Renewal time of the consumed latent liquidity with `latentFollow`, s (ASSUMED, chosen among
 * 120 / 300 / 600 s by the trials in the README, not fitted from the day).
 */
export const LATENT_FOLLOW_MEMORY_SEC = 120;

/** Resolution of the intraday profile in the scenario's timeline, seconds (finer than the 30-min facts bins). */
export const PROFILE_STEP_SEC = 300;

/** Activity timescales (s) and the share of the log-activity variance each carries. */
export const ACTIVITY_TIMESCALES_SEC = [60, 600, 3600] as const;
export const ACTIVITY_VARIANCE_SHARE = [0.8, 0.12, 0.08] as const;
/**
 * The same with the market-order cascade in place: the cascade carries the second-scale bursts,
 * and a faster first component (30 s, 90 % of the variance) leaves less minute-to-minute
 * persistence in |r| (ASSUMED, chosen by the trials in the README, not fitted).
 */
export const CASCADE_ACTIVITY_TIMESCALES_SEC = [30, 600, 3600] as const;
export const CASCADE_ACTIVITY_VARIANCE_SHARE = [0.9, 0.07, 0.03] as const;

/**
 * Maps a calibration onto a scenario for the generative market (`ScenarioInput`, validated by
 * `ScenarioSchema`). What is fitted and what is assumed:
 * - instrument: symbol, tick (price units ÷ 10^priceDecimals), decimals; initialPrice = the
 *   first mid rounded to the tick grid.
 * - durationSec = the calibrated session, at most one trading day (`tradingDaySec`).
 * - noise (zero-intelligence) traders reproduce the measured flow: total rate = every limit
 *   arrival (all distances, inside the spread, beyond D) + market orders, both sides, split over
 *   `noiseAgents`; marketFraction = market / total; distanceWeights = arrival rates by distance
 *   from the OPPOSITE touch (the ABM's placement rule), both sides pooled (the ABM is
 *   symmetric); limitSize / marketSize = the lognormal fits (max = largest size seen);
 *   cancelRatePerSec = total cancels ÷ total resting order-seconds over the observed distances
 *   (the ABM's one per-order rate for every distance); insideImprovementWeights (order-level data,
 *   `insideImprovement`) = the day's shares of inside placements improving their own best by 1..30
 *   ticks, so the distance decides WHETHER an order lands inside and the table HOW FAR.
 * - marketMakers, momentum and mean-reversion: count 0 — their orders are already inside the
 *   measured flow, and their parameters cannot be identified from it.
 * - latent liquidity (`LatentLiquidity`, ASSUMED form, fitted scale) instead of value traders
 *   when the flow and the spread are known: 1 agent, band = the mean spread in ticks, depth
 *   L = 2·V/(Y²σ²) size units per tick² with V = the session's market-order volume, σ = the
 *   session volatility in ticks (perSecBps·√durationSec) and Y = `latentImpactY` (ASSUMED 2): a
 *   linear latent book whose square-root impact alone, x = √(2Q/L), is Y·σ·√(Q/V) (the noise
 *   book's own resilience absorbs much of it: measure the result with
 *   `measureMetaorderImpact`); 30 levels a side every round(mean spread / 4) ticks (fewer, larger
 *   orders on wide-spread stocks; `latentGridJitter` shifts the grid by a random 0..step − 1 ticks
 *   at each re-post: no lattice of spreads), re-posted 0.2 times a second. The fundamental
 *   learns from the price with half-life `learningHalfLifeSec` (ASSUMED 2000 s), which makes
 *   part of any impact permanent (shorter: more permanent and less concave).
 * - value traders (ASSUMED, `valueTraderRateShare`), only when latent liquidity cannot be sized:
 *   10 agents, band = half the mean spread, so the long-run volatility follows the fundamental.
 * - activity (when `ret1mExcessKurtosis` > 0): log-activity variance s² = ln(1 + K/3) — the
 *   excess kurtosis 3(e^{s²} − 1) of returns whose variance is ∝ a lognormal activity — split
 *   over 60 s / 600 s / 3600 s components (`ACTIVITY_VARIANCE_SHARE`, ASSUMED), liquidity
 *   elasticity 0.5. Real returns also have microstructure tails, so `refineScenario` then
 *   corrects the scale by simulation.
 * - fundamental: random walk with volatilityPctPerDay = perSecBps × √23,400 / 100 (the ABM's day
 *   is 23,400 s whatever the market's).
 * - intraday volume profile: NOT copied bin by bin. The day's volume shares are summarised by a
 *   smooth U-shape (`fitIntradayProfile`: level + opening burst + closing ramp, one timescale)
 *   and the scenario gets one `regime-change` every `PROFILE_STEP_SEC` with
 *   arrivalRateMultiplier = the shape's mean over that step (mean 1 over the day; volume share
 *   used as the arrival-intensity profile, i.e. sizes assumed independent of the time of day).
 *   The simulated volume curve is the market's own, so its correlation with the real one is a test.
 * A source that cannot give a block (bars: no flow) leaves it to the ABM's defaults.
 */
export function toScenario(r: CalibrationResult, opts: ScenarioMappingOptions = {}): ScenarioInput {
  const pd = r.instrument.priceDecimals;
  const tickUnits = r.instrument.tickSizeUnits;
  if (!(tickUnits > 0)) throw new RangeError(`${r.source.files[0]}: no tick size known or inferable; pass tickSizeUnits`);
  if (r.firstMidUnits === null) throw new RangeError(`${r.source.files[0]}: no valid price in the data, cannot set the scenario's initial price`);
  const tick = dec(tickUnits, pd);
  const initialPrice = dec(Math.max(1, Math.round(r.firstMidUnits / tickUnits)) * tickUnits, pd);
  const durationSec = Math.min(r.session.durationSec, r.session.tradingDaySec);
  const lo = r.limitOrders;
  const mo = r.marketOrders;
  const vol = r.volatility?.perSecBps ?? r.volatility?.perSecBps1s ?? null;

  const agents: NonNullable<ScenarioInput['agents']> = {
    marketMakers: { count: 0 },
    momentum: { count: 0 },
    meanReversion: { count: 0 },
  };
  const flow = lo && mo ? noiseFromFlow(lo, mo.ratePerSec.buy + mo.ratePerSec.sell, mo.size, opts.noiseAgents ?? 100) : null;
  const response = (opts.tradeResponse ?? false) && flow && mo ? r.tradeResponse?.fit ?? null : null;
  const noise = flow && response ? withoutResponse(flow, response.submissionsPerTrade * (mo!.ratePerSec.buy + mo!.ratePerSec.sell)) : flow;
  if (response && noise) {
    const t = response;
    agents.tradeResponse = {
      ...t, lagEdgesSec: [...t.lagEdgesSec], submissionLagWeights: [...t.submissionLagWeights], cancelLagWeights: [...t.cancelLagWeights],
      aggressorShare: { ...t.aggressorShare }, distanceWeights: { aggressor: [...t.distanceWeights.aggressor], consumed: [...t.distanceWeights.consumed] },
      size: { ...t.size }, lifeRatePerSec: noise.cancelRatePerSec ?? 0,
    };
  }
  const cascade = (opts.marketCascade ?? false) && noise && mo?.cascade && mo.cascade.branching > 0 ? mo.cascade : null;
  if (noise) agents.noise = cascade ? applyMarketCascade(noise, cascade) : noise;
  const multi = (opts.multiScaleCascade ?? false) && agents.noise && mo?.cascadeMulti ? mo.cascadeMulti : null;
  if (agents.noise && multi) agents.noise = applyMultiScaleCascade(agents.noise, multi);
  const life = (opts.placementLife ?? false) && r.placementLife ? r.placementLife : null;
  if (agents.noise && life) agents.noise = { ...agents.noise, placementLife: { inside: lifeOf(life.inside), touch: lifeOf(life.touch) } };
  const improve = (opts.insideImprovement ?? true) ? r.placementLife?.improvementWeights : undefined;
  if (agents.noise && improve) agents.noise = { ...agents.noise, insideImprovementWeights: [...improve] };
  const bySpread = (opts.insideImprovementBySpread ?? false) ? r.placementLife?.improvementBySpread : undefined;
  if (agents.noise && bySpread) agents.noise = { ...agents.noise, insideImprovementBySpread: improvementBySpreadOf(bySpread, opts.insideShareBySpread ?? false) };
  const moBySpread = (opts.marketFractionBySpread ?? false) ? r.placementLife?.marketFractionBySpread : undefined;
  if (agents.noise && moBySpread) agents.noise = { ...agents.noise, marketFractionBySpread: marketFractionBySpreadOf(moBySpread, agents.noise.marketCascade?.branching ?? 0, opts.actRateBySpread ?? false) };
  const share = opts.valueTraderRateShare ?? 0.2;
  const moRate = mo ? mo.ratePerSec.buy + mo.ratePerSec.sell : 0;
  const spreadBps = r.spread && r.firstMidUnits ? (r.spread.meanTicks * tickUnits * 1e4) / r.firstMidUnits : null;
  const volPerSec = r.volatility?.perSecBps ?? null;
  const tickBps = (tickUnits / r.firstMidUnits) * 1e4;
  const sessionVolTicks = volPerSec !== null ? (volPerSec * Math.sqrt(durationSec)) / tickBps : null;
  const moVolume = mo && mo.size.mean !== null ? moRate * durationSec * mo.size.mean : null;
  const latentOk = noise !== null && r.spread !== null && sessionVolTicks !== null && sessionVolTicks > 0 && moVolume !== null && moVolume > 0;
  const y = opts.latentImpactY ?? 2;
  const follow = opts.latentFollow ?? false;
  const memory = opts.latentMemorySec ?? (follow ? LATENT_FOLLOW_MEMORY_SEC : 0);
  if (latentOk) {
    agents.latent = {
      count: 1,
      depthPerTick: sig((2 * moVolume!) / (y * y * sessionVolTicks! * sessionVolTicks!)),
      bandTicks: sig(Math.max(1, r.spread!.meanTicks)),
      levels: 30,
      ratePerSec: 0.2,
      stepTicks: Math.max(1, Math.round(r.spread!.meanTicks / 4)),
      ...(memory > 0 ? { memorySec: memory } : {}),
      ...(memory > 0 && follow ? { followConsumed: true } : {}),
      ...(opts.latentGridJitter ? { gridJitter: true } : {}),
    };
  }
  agents.value = !latentOk && noise && share > 0 && moRate > 0 && mo && mo.size.mu !== null
    ? {
      count: 10,
      ratePerSec: sig((share * moRate) / 10),
      observationNoiseBps: 0,
      thresholdBps: sig(Math.max(0.5, (spreadBps ?? 2) / 2)),
      size: sizeDist(mo.size),
      maxPosition: Math.max(1, Math.round((mo.size.mean ?? 1) * 50)),
    }
    : { count: 0 };

  const vp = r.volumeProfile;
  const timeline: NonNullable<ScenarioInput['timeline']> = [];
  const profile = vp && noise ? fitIntradayProfile(vp.share, vp.binSec, r.session.tradingDaySec) : null;
  const profileMultipliers: number[] = [];
  if (profile) {
    for (let atSec = 0; atSec < durationSec; atSec += PROFILE_STEP_SEC) {
      const d = Math.min(PROFILE_STEP_SEC, durationSec - atSec);
      const day = r.session.tradingDaySec;
      timeline.push({
        type: 'regime-change', atSec, durationSec: d,
        volatilityMultiplier: 1, arrivalRateMultiplier: sig(Math.max(0.01, profileMultiplier(profile, atSec / day, (atSec + d) / day))),
      });
      profileMultipliers.push(Math.max(0.01, profileMultiplier(profile, atSec / day, (atSec + d) / day)));
    }
  }

  const k = opts.ret1mExcessKurtosis ?? null;
  const s2 = k !== null && k > 0 && noise ? Math.log(1 + k / 3) : 0;
  let logVar = (cascade ? CASCADE_ACTIVITY_VARIANCE_SHARE : ACTIVITY_VARIANCE_SHARE).map((w) => w * s2);
  if (s2 > 0 && cascade) logVar = refitFastActivity(logVar, cascade, moRate);
  const slowLogVar = multi ? activityFromSlowTerm(multi.slowFanoPerSec, moRate, profileMultipliers, ACTIVITY_TIMESCALES_SEC, ACTIVITY_VARIANCE_SHARE) : null;
  // volatilityActivity: the activity as the kurtosis asks (volatility, liquidity), the flow's part capped at the slow term's.
  const flowCap = multi && opts.volatilityActivity ? { flowLogVarianceMax: sig((slowLogVar ?? []).reduce((a, v) => a + v, 0)) } : {};
  const activity = multi && !opts.volatilityActivity
    ? (slowLogVar ? { timescalesSec: [...ACTIVITY_TIMESCALES_SEC], logStd: slowLogVar.map((v) => sig(Math.sqrt(v))), updateSec: 1, liquidityElasticity: 0.5 } : undefined)
    : s2 > 0
    ? { timescalesSec: [...(cascade ? CASCADE_ACTIVITY_TIMESCALES_SEC : ACTIVITY_TIMESCALES_SEC)], logStd: logVar.map((v) => sig(Math.sqrt(v))), updateSec: 1, liquidityElasticity: 0.5, ...flowCap }
    : undefined;
  return {
    name: opts.name ?? `${r.instrument.symbol}-calibrated`,
    description: `Calibrated from ${r.source.format} ${r.source.variant} (${r.instrument.symbol}, ${r.session.startIso} .. ${r.session.endIso}).`
      + (noise ? '' : ' Order flow not calibrated (the source has none): ABM defaults.'),
    instrument: { symbol: r.instrument.symbol, tick, priceDecimals: pd, sizeDecimals: r.instrument.sizeDecimals, initialPrice },
    durationSec,
    agents,
    fundamental: vol !== null
      ? {
        kind: 'random-walk', volatilityPctPerDay: sig((vol * Math.sqrt(SECONDS_PER_DAY)) / 100), driftPctPerDay: 0, updateSec: 1,
        ...(latentOk ? { learningHalfLifeSec: opts.learningHalfLifeSec ?? 2000 } : {}),
      }
      : { kind: 'random-walk' },
    ...(activity ? { activity } : {}),
    timeline,
  };
}

/** The noise block of a scenario input. */
type NoiseInput = NonNullable<NonNullable<ScenarioInput['agents']>['noise']>;

function noiseFromFlow(lo: LimitOrderFlowFit, marketRate: number, marketSize: SizeFit, agentsCount: number): NonNullable<NonNullable<ScenarioInput['agents']>['noise']> | null {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const limitRate = sum(lo.arrivalPerSec.bid) + sum(lo.arrivalPerSec.ask) + lo.insideSpreadPerSec.bid + lo.insideSpreadPerSec.ask + lo.beyondPerSec.bid + lo.beyondPerSec.ask;
  const total = limitRate + marketRate;
  const weights = lo.arrivalFromOppositePerSec.bid.map((b, i) => b + lo.arrivalFromOppositePerSec.ask[i]!);
  while (weights.length > 0 && weights[weights.length - 1] === 0) weights.pop();
  if (!(total > 0) || weights.length === 0 || lo.addSize.mu === null || marketSize.mu === null) return null;
  let cancels = 0, orderSec = 0;
  const meanAdd = lo.addSize.mean ?? 0;
  for (const side of ['bid', 'ask'] as const) {
    for (let d = 0; d < lo.maxDistanceTicks; d++) {
      const obs = lo.observedSec[side][d]!;
      cancels += lo.cancelPerSec[side][d]! * obs;
      if (meanAdd > 0) orderSec += (lo.meanDepth[side][d]! * obs) / meanAdd;
    }
  }
  const wsum = sum(weights);
  return {
    count: agentsCount,
    ratePerSec: sig(total / agentsCount),
    marketFraction: sig(marketRate / total),
    distanceWeights: weights.map((w) => sig(w / wsum)),
    limitSize: sizeDist(lo.addSize),
    marketSize: sizeDist(marketSize),
    cancelRatePerSec: sig(orderSec > 0 ? cancels / orderSec : 0),
  };
}

/**
 * The noise flow less `burstPerSec` limit submissions a second (the trade-response flow's), the
 * market-order rate kept: limit rate L − burst (at least 10 % of L), act rate and marketFraction
 * re-derived. `burstPerSec` ≤ 0 returns the flow as is.
 */
export function withoutResponse(noise: NoiseInput, burstPerSec: number): NoiseInput {
  const f = noise.marketFraction, r = noise.ratePerSec, count = noise.count;
  if (!(burstPerSec > 0) || f === undefined || r === undefined || count === undefined) return noise;
  const total = r * count, market = total * f, limit = total - market;
  const left = Math.max(0.1 * limit, limit - burstPerSec);
  return { ...noise, ratePerSec: sig((left + market) / count), marketFraction: sig(market / (left + market)) };
}

/**
 * The noise flow with a fitted market-order cascade (branching n, decay β) that keeps the measured
 * rates: market-order base rate × (1 − n) (each base order brings 1/(1 − n)), limit rate unchanged,
 * i.e. total act rate × (1 − f·n) and marketFraction f(1 − n)/(1 − f·n). n = 0 returns the flow as is.
 */
export function applyMarketCascade(noise: NoiseInput, c: Pick<MarketCascadeFit, 'branching' | 'decayPerSec'>): NoiseInput {
  const n = c.branching, f = noise.marketFraction;
  if (!(n > 0) || f === undefined || noise.ratePerSec === undefined) return noise;
  return { ...noise, ratePerSec: sig(noise.ratePerSec * (1 - f * n)), marketFraction: sig((f * (1 - n)) / (1 - f * n)), marketCascade: { branching: n, decayPerSec: c.decayPerSec } };
}

/** A fitted class's mixture alone (the fit's counts and survival are not scenario fields). */
function lifeOf(c: LifeMixture): LifeMixture {
  return { fleetingShare: c.fleetingShare, fleetingRatePerSec: c.fleetingRatePerSec, persistentRatePerSec: c.persistentRatePerSec };
}

/**
 * The activity's fastest component re-fitted with the cascade in place: its log-variance v such
 * that its Fano growth over the first window it is resolved on (its own timescale τ) is the day's
 * slow term, Λ·τ·ψ(1)·(e^v − 1) = b·τ (Λ = market orders per second, ψ(x) = 2(x − 1 + e^{−x})/x²
 * the average of an exponential covariance over a window of x timescales), never more than the
 * kurtosis mapping gave. The cascade then carries the second-scale clustering and the activity
 * only what the counts show beyond it.
 */
function refitFastActivity(logVar: number[], c: MarketCascadeFit, moRatePerSec: number): number[] {
  const v = fastActivityLogVarCap(c, moRatePerSec);
  return v === null ? logVar : logVar.map((x, i) => (i === 0 ? Math.min(x, v) : x));
}

/** The fast activity component's log-variance the day's slow Fano term allows (see `refitFastActivity`); null without a market-order rate. */
export function fastActivityLogVarCap(c: MarketCascadeFit, moRatePerSec: number): number | null {
  if (!(moRatePerSec > 0)) return null;
  return Math.log(1 + c.slowFanoPerSec / (moRatePerSec * 2 * Math.exp(-1)));
}

function sizeDist(f: SizeFit): { logMean: number; logSigma: number; max: number } {
  return { logMean: f.mu ?? 0, logSigma: f.sigma ?? 0, max: Math.max(1, Math.round(f.max ?? 1)) };
}

/** A decimal price from units, exact to the decimals (no binary tails like 0.30000000000000004). */
function dec(units: number, decimals: number): number {
  return Number((units / 10 ** decimals).toFixed(decimals));
}

function sig(x: number): number {
  return Number(x.toPrecision(6));
}
