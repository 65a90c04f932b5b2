import { SECONDS_PER_DAY } from '../abm/market-config.js';
import { parseScenario, type ScenarioInput } from './scenario-schema.js';

/** Choices of `withResilientLiquidity`; defaults in brackets. */
export interface ResilientLiquidityOptions {
  /** Square-root-law prefactor Y the latent book is sized for: impact of Q ≈ Y·σ_day·√(Q/V) [1]. */
  impactY?: number;
  /** Renewal time of consumed latent liquidity, s [600]. */
  memorySec?: number;
  /** Half-life of the fundamental's learning from the price, s [2000]. */
  learningHalfLifeSec?: number;
  /** Distance from the value where latent liquidity starts, ticks [the value traders' band, ≥ 2]. */
  bandTicks?: number;
}

/**
 * A preset with the market's slow, value-anchored liquidity: a linear latent book with memory
 * (`LatentLiquidity`, `memorySec`) around a fundamental that learns from the price. Why: without it
 * nobody absorbs a large order but a few capped value traders and makers, so selling 5% of the
 * day's volume at once took the price to one tick and it never came back, while scheduled orders
 * in the mean-reverting presets left no permanent impact. With it, impact is concave (√ of the
 * size through the consumed profile), bounded (the deeper levels hold ever more), partly reverts
 * as the consumed liquidity renews, and partly stays as the value learns.
 *
 * Sizing, from the scenario's own parameters (not measured runs): V = the noise traders' expected
 * market-order volume per day, count × rate × marketFraction × e^(μ + s²/2) × 23,400 (lognormal
 * mean, cap ignored); σ = the fundamental's daily volatility in ticks; depthPerTick
 * L = 2V / (Y²σ²), so buying Q through the profile moves the price √(2Q/L) = Y·σ·√(Q/V) ticks.
 * Levels every max(1, round(σ/40)) ticks, 60 a side (1.5 σ deep, so even the whole day's volume
 * meets liquidity), re-posted 0.2 times a second by 4 agents. A scenario that already has latent
 * liquidity is returned unchanged.
 */
export function withResilientLiquidity(input: ScenarioInput, opts: ResilientLiquidityOptions = {}): ScenarioInput {
  if ((input.agents?.latent?.count ?? 0) > 0) return input;
  const s = parseScenario(input, `preset ${input.name ?? ''}`);
  const n = s.agents.noise;
  const meanSize = Math.exp(n.marketSize.logMean + (n.marketSize.logSigma ** 2) / 2);
  const volumePerDay = n.count * n.ratePerSec * n.marketFraction * meanSize * SECONDS_PER_DAY;
  const tick = s.instrument.tick;
  const sigmaTicks = (s.fundamental.volatilityPctPerDay / 100) * s.instrument.initialPrice / tick;
  if (!(volumePerDay > 0) || !(sigmaTicks > 0)) return input;
  const y = opts.impactY ?? 1;
  const valueBand = (s.agents.value.thresholdBps * 1e-4 * s.instrument.initialPrice) / tick;
  const sig = (x: number) => Number(x.toPrecision(4));
  return {
    ...input,
    agents: {
      ...input.agents,
      latent: {
        count: 4,
        depthPerTick: sig((2 * volumePerDay) / (y * y * sigmaTicks * sigmaTicks)),
        bandTicks: sig(opts.bandTicks ?? Math.max(2, valueBand)),
        levels: 60,
        ratePerSec: 0.2,
        stepTicks: Math.max(1, Math.round(sigmaTicks / 40)),
        memorySec: opts.memorySec ?? 600,
      },
    },
    fundamental: { ...input.fundamental, learningHalfLifeSec: opts.learningHalfLifeSec ?? 2000 },
  };
}
