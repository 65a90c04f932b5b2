import { activityFromSlowTerm } from './cascade-mapping.js';
import { toScenario, type ScenarioMappingOptions } from './scenario-mapping.js';
import type { ScenarioVariant } from './variant-trials.js';

/** The mapping with the fitted market-order cascade and the 30 s activity (`toScenario`'s `marketCascade`). */
const withCascade = (cal: Parameters<ScenarioVariant>[1]) => mapped(cal, { marketCascade: true });

/** A variant of the mapping before the fourth pass (the one the earlier README tables measured). */
const onPrevious = (v: ScenarioVariant): ScenarioVariant => (_s, cal) => v(mapped(cal, {}), cal);

/** A variant of the market with the cascade. */
const onCascade = (v: ScenarioVariant): ScenarioVariant => (_s, cal) => v(withCascade(cal), cal);

/**
 * The changes to the calibrated market tried for issue #8.7 (README, "Trials"), each derived
 * from the calibration itself (no instrument's numbers), kept so that the figures can be
 * reproduced (`variant-trials-main.ts`) and new mechanisms compared against them. 'as-mapped' is
 * today's `toScenario` (since the fourth pass: the improvement table, i.e. 'improve'); every other variant starts from 'previous-mapping' (both off), the mapping the
 * earlier README tables measured, so their figures still reproduce; 'cascade' is the
 * `marketCascade` option.
 */
export const TRIAL_VARIANTS: Readonly<Record<string, ScenarioVariant>> = {
  'as-mapped': (s) => s,
  // The mapping before the fourth pass (no improvement table, absolute latent grid): the earlier tables' as-mapped.
  'previous-mapping': (_s, cal) => mapped(cal, {}),
  // Two makers quoting mid ± (P75 − 1)/2 ticks (a spread cap at the real P75), median limit size.
  makers: onPrevious((s, cal) => withMakers(s, cal.facts.spreadP75Ticks, 2, 1)),
  // Six of them, re-quoting 0.1 s after a fill (the touch refills at once).
  'makers-6': onPrevious((s, cal) => withMakers(s, cal.facts.spreadP75Ticks, 6, 0.1)),
  // The latent book on every tick instead of every round(mean spread / 4) ticks.
  'latent-step-1': onPrevious((s) => (s.agents?.latent ? { ...s, agents: { ...s.agents, latent: { ...s.agents.latent, stepTicks: 1 } } } : s)),
  // The activity's slow components (600 s, 3600 s) at half their log-std (less 30-min volume noise).
  'activity-slow-half': onPrevious((s) => (s.activity ? { ...s, activity: { ...s.activity, logStd: s.activity.logStd.map((x, i) => (i === 0 ? x : x * 0.5)) } } : s)),
  // Faster activity: 30 s / 600 s / 3600 s components carrying 90 / 7 / 3 % of the log-variance.
  'activity-fast-30s': onPrevious((s) => retimed(s, [30, 600, 3600], [0.9, 0.07, 0.03])),
  // Second-scale bursts: 3 s / 30 s / 600 s components carrying 60 / 30 / 10 %.
  'activity-fast-3s': onPrevious((s) => retimed(s, [3, 30, 600], [0.6, 0.3, 0.1])),
  // Momentum traders as a source of second-scale bursts: 10 agents waking 0.1 /s, horizons 1-10 s,
  // market orders of the noise flow's market size when the trend exceeds 5 bps.
  momentum: onPrevious((s) => {
    const size = s.agents?.noise?.marketSize;
    if (!size) return s;
    return { ...s, agents: { ...s.agents, momentum: { count: 10, ratePerSec: 0.1, horizonSec: [1, 10], thresholdBps: 5, size, maxPosition: 1e6, orderLifetimeSec: 10 } } };
  }),
  // Self-exciting noise market orders fitted from the day's market-order Fano factors, base market
  // rate × (1 − n), the activity's fast component at 30 s (30 / 600 / 3600 s, 90 / 7 / 3 %).
  cascade: (_s, cal) => withCascade(cal),
  // The cascade with the activity as mapped without it: 60 / 600 / 3600 s, 80 / 12 / 8 %.
  'cascade-activity-60s': onCascade((s) => retimed(s, [60, 600, 3600], [0.8, 0.12, 0.08])),
  // The same with the 60 s log-variance halved (less minute-scale clustering on top of the bursts).
  'cascade-activity-60s-half': onCascade((s) => {
    const r = retimed(s, [60, 600, 3600], [0.8, 0.12, 0.08]);
    return r.activity ? { ...r, activity: { ...r.activity, logStd: r.activity.logStd.map((x, i) => (i === 0 ? x * Math.SQRT1_2 : x)) } } : r;
  }),
  // The cascade with the fast component at 15 s (shares 80 / 12 / 8 %).
  'cascade-activity-15s': onCascade((s) => retimed(s, [15, 600, 3600], [0.8, 0.12, 0.08])),
  // Limit-order lives by placement (inside vs at / behind the touch), the day's fitted mixtures.
  'life-by-placement': (_s, cal) => mapped(cal, { placementLife: true }),
  // The latent grid jittered per re-post (no lattice of stepTicks).
  'latent-jitter': (_s, cal) => mapped(cal, { latentGridJitter: true }),
  // Both.
  'life-jitter': (_s, cal) => mapped(cal, { placementLife: true, latentGridJitter: true }),
  // Every inside order fleeting (100 /s), the rest at the pooled rate, on the jittered grid: does the
  // last session's lattice-made pass of the quartiles survive without the lattice?
  'inside-fleeting-jitter': (_s, cal) => {
    const s = mapped(cal, { latentGridJitter: true });
    const n = s.agents?.noise;
    if (!n || n.cancelRatePerSec === undefined) return s;
    const pooled = { fleetingShare: 0, fleetingRatePerSec: 0, persistentRatePerSec: n.cancelRatePerSec };
    return { ...s, agents: { ...s.agents, noise: { ...n, placementLife: { inside: { fleetingShare: 1, fleetingRatePerSec: 100, persistentRatePerSec: 0 }, touch: pooled } } } };
  },
  // The same on the absolute grid (the lattice).
  'inside-fleeting': (_s, cal) => {
    const s = mapped(cal, {});
    const n = s.agents?.noise;
    if (!n || n.cancelRatePerSec === undefined) return s;
    const pooled = { fleetingShare: 0, fleetingRatePerSec: 0, persistentRatePerSec: n.cancelRatePerSec };
    return { ...s, agents: { ...s.agents, noise: { ...n, placementLife: { inside: { fleetingShare: 1, fleetingRatePerSec: 100, persistentRatePerSec: 0 }, touch: pooled } } } };
  },
  // Inside placements improve their own best by the day's table of improvements.
  improve: (_s, cal) => mapped(cal, { insideImprovement: true }),
  // Today's mapping (the improvement table) with the fitted one-exponential cascade and the 30 s activity.
  'improve-cascade': (_s, cal) => mapped(cal, { insideImprovement: true, marketCascade: true }),
  // Today's mapping with the multi-scale cascade (three exponentials, 10 ms … 120 s) and the activity
  // sized by the slow Fano term; judge with --kurtosis-lever cascade or none (the default refinement
  // raises the activity again).
  'improve-multi': (_s, cal) => mapped(cal, { insideImprovement: true, multiScaleCascade: true }),
  // The same, with the activity as the kurtosis asks for the volatility and the liquidity and the flow's
  // part capped at the slow term's (judge with the default refinement: its kurtosis lever is the activity).
  'improve-multi-vol': (_s, cal) => mapped(cal, { insideImprovement: true, multiScaleCascade: true, volatilityActivity: true }),
  // improve-cascade (one exponential, 30 s activity) with the flow's part of the activity capped at
  // what the one-exponential fit's slow term allows (the volatility keeps the whole activity).
  'improve-cascade-vol': (_s, cal) => {
    const s = mapped(cal, { insideImprovement: true, marketCascade: true });
    const mo = cal.result.marketOrders, a = s.activity;
    if (!mo?.cascade || !a) return s;
    const prof = (s.timeline ?? []).flatMap((e) => (e.type === 'regime-change' && e.arrivalRateMultiplier !== undefined ? [e.arrivalRateMultiplier] : []));
    const total = a.logStd.reduce((x, y) => x + y * y, 0);
    const v = activityFromSlowTerm(mo.cascade.slowFanoPerSec, mo.ratePerSec.buy + mo.ratePerSec.sell, prof, a.timescalesSec, a.logStd.map((x) => (x * x) / total));
    return { ...s, activity: { ...a, flowLogVarianceMax: v ? v.reduce((x, y) => x + y, 0) : 0 } };
  },
  // improve-cascade with I's latent book that follows what it traded (latentFollow, 120 s memory).
  'follow-cascade': (_s, cal) => mapped(cal, { insideImprovement: true, marketCascade: true, latentFollow: true }),
  'improve-jitter': (_s, cal) => mapped(cal, { insideImprovement: true, latentGridJitter: true }),
  'improve-life': (_s, cal) => mapped(cal, { insideImprovement: true, placementLife: true }),
  'improve-life-jitter': (_s, cal) => mapped(cal, { insideImprovement: true, placementLife: true, latentGridJitter: true }),
  // Today's mapping with the improvement table of the spread an order finds (deciles of the day's spreads) instead of the pooled one.
  'improve-by-spread': (_s, cal) => mapped(cal, { insideImprovement: true, insideImprovementBySpread: true }),
  // The same, and whether an order goes inside at all is the day's share at that spread (not the distance).
  'improve-share-by-spread': (_s, cal) => mapped(cal, { insideImprovement: true, insideImprovementBySpread: true, insideShareBySpread: true }),
  // Today's mapping with the market-order share by the spread an act finds (the day's market orders come far faster at narrow spreads).
  'mo-by-spread': (_s, cal) => mapped(cal, { insideImprovement: true, marketFractionBySpread: true }),
  // Both by-spread rules: the market-order share and the improvement table.
  'mo-improve-by-spread': (_s, cal) => mapped(cal, { insideImprovement: true, insideImprovementBySpread: true, marketFractionBySpread: true }),
  // The same with the fitted one-exponential market-order cascade and its 30 s activity (with 'improve-cascade').
  'mo-improve-by-spread-cascade': (_s, cal) => mapped(cal, { insideImprovement: true, insideImprovementBySpread: true, marketFractionBySpread: true, marketCascade: true }),
  // mo-improve-by-spread with the act rate by the spread too (the day's acts per second at each spread).
  'mo-rate-improve-by-spread': (_s, cal) => mapped(cal, { insideImprovement: true, insideImprovementBySpread: true, marketFractionBySpread: true, actRateBySpread: true }),
  // The latent book remembers what it traded (renewal 120 / 300 / 600 s) and its other side follows
  // (`latentFollow`), from today's mapping ('as-mapped'); 'latent-memory-300' is the memory alone.
  'latent-follow-120': (_s, cal) => toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis, latentFollow: true, latentMemorySec: 120 }),
  'latent-follow-300': (_s, cal) => toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis, latentFollow: true, latentMemorySec: 300 }),
  'latent-follow-600': (_s, cal) => toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis, latentFollow: true, latentMemorySec: 600 }),
  'latent-memory-300': (_s, cal) => toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis, latentMemorySec: 300 }),
  'latent-follow-60': (_s, cal) => toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis, latentFollow: true, latentMemorySec: 60 }),
  'latent-follow-180': (_s, cal) => toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis, latentFollow: true, latentMemorySec: 180 }),
  // latentFollow (120 s) with the others' options of this pass: the spread-conditional improvements, the multi-scale cascade.
  'follow-share-by-spread': (_s, cal) => mapped(cal, { insideImprovement: true, insideImprovementBySpread: true, insideShareBySpread: true, latentFollow: true }),
  'follow-multi': (_s, cal) => mapped(cal, { insideImprovement: true, multiScaleCascade: true, latentFollow: true }),
  // Longer memories with a slower-learning value (the learning turns a long order's held displacement
  // into permanent impact growing with its duration: exponent 0.60-0.66 at 300-600 s with 2,000 s).
  'follow-300-learn-3500': (_s, cal) => toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis, latentFollow: true, latentMemorySec: 300, learningHalfLifeSec: 3500 }),
  'follow-600-learn-4000': (_s, cal) => toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis, latentFollow: true, latentMemorySec: 600, learningHalfLifeSec: 4000 }),
  // The 120 s memory on a thinner latent book (sized for Y = 3 instead of 2: L × 4/9), for more impact at the short memory.
  'follow-120-y3': (_s, cal) => toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis, latentFollow: true, latentImpactY: 3 }),
  // The book re-quotes after trades (`tradeResponse`: the fitted burst after each market order, the noise limit rate
  // lowered by it), from today's mapping, and with the others' best options of this pass (P's by-spread rules,
  // I's latentFollow, K's one-exponential cascade).
  'trade-response': (_s, cal) => mapped(cal, { insideImprovement: true, tradeResponse: true }),
  'mo-improve-by-spread-response': (_s, cal) => mapped(cal, { insideImprovement: true, insideImprovementBySpread: true, marketFractionBySpread: true, tradeResponse: true }),
  'follow-response': (_s, cal) => mapped(cal, { insideImprovement: true, latentFollow: true, tradeResponse: true }),
  'improve-cascade-response': (_s, cal) => mapped(cal, { insideImprovement: true, marketCascade: true, tradeResponse: true }),
  // Both, with the latent book on every tick (no grid at all).
  'life-step-1': (_s, cal) => {
    const s = mapped(cal, { placementLife: true });
    return s.agents?.latent ? { ...s, agents: { ...s.agents, latent: { ...s.agents.latent, stepTicks: 1 } } } : s;
  },
};

/**
 * The mapping before the improvement table and the jitter (both off) with extra `toScenario`
 * options (the kurtosis option as the trials pass it), so each variant names all it turns on.
 */
function mapped(cal: Parameters<ScenarioVariant>[1], opts: ScenarioMappingOptions): Parameters<ScenarioVariant>[0] {
  return toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis, insideImprovement: false, latentGridJitter: false, ...opts });
}

/** The activity's total log-variance redistributed over other timescales (same total). */
function retimed(s: Parameters<ScenarioVariant>[0], timescalesSec: number[], shares: number[]): Parameters<ScenarioVariant>[0] {
  const a = s.activity;
  if (!a) return s;
  const total = a.logStd.reduce((x, y) => x + y * y, 0);
  return { ...s, activity: { ...a, timescalesSec, logStd: shares.map((w) => Math.sqrt(w * total)) } };
}

function withMakers(s: Parameters<ScenarioVariant>[0], p75: number | null, count: number, reactionSec: number): Parameters<ScenarioVariant>[0] {
  const size = s.agents?.noise?.limitSize;
  if (p75 === null || !size) return s;
  const half = Math.max(0.5, (p75 - 1) / 2);
  const quoteSize = Math.max(1, Math.round(Math.exp(size.logMean ?? 0)));
  return {
    ...s,
    agents: { ...s.agents, marketMakers: { count, halfSpreadTicks: half, quoteSize, maxPosition: quoteSize * 100, skewTicks: half / 2, requoteSec: 1, reactionSec } },
  };
}
