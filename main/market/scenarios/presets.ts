import { withResilientLiquidity } from './preset-liquidity.js';
import { parseScenario, type Scenario, type ScenarioInput } from './scenario-schema.js';

/** Names of the built-in scenarios. */
export const PRESET_NAMES = ['calm', 'volatile', 'illiquid', 'trending', 'flash-crash', 'regime-change', 'news-shock'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const instrument = { symbol: 'SIM', tick: 0.01, priceDecimals: 2, sizeDecimals: 0, initialPrice: 100 };

/**
 * The presets' stories as scenario files would write them (defaults omitted: every unspecified
 * field is the `calm` market's); `PRESET_INPUTS` adds the resilient liquidity to each. All are
 * one 6.5-hour session (23,400 s) on a $100 stock with a 1-cent tick; timeline times are seconds
 * from the open.
 */
const STORIES: Readonly<Record<PresetName, ScenarioInput>> = {
  calm: {
    name: 'calm',
    description: 'Liquid, quiet market: ~1,000 agents, 1-2 tick spread, about 1.5 % daily volatility, fundamental mean-reverting.',
    instrument,
  },
  volatile: {
    name: 'volatile',
    description: 'High fundamental volatility, more trend followers and market orders, makers quote wider.',
    instrument,
    agents: {
      noise: { marketFraction: 0.2 },
      marketMakers: { count: 6, halfSpreadTicks: 2, skewTicks: 4 },
      momentum: { count: 100, ratePerSec: 0.12, thresholdBps: 4 },
      value: { observationNoiseBps: 25 },
    },
    fundamental: { volatilityPctPerDay: 4 },
  },
  illiquid: {
    name: 'illiquid',
    description: 'Few participants and thin books: wide, jumpy spreads and large impact per trade.',
    instrument,
    agents: {
      noise: {
        count: 100, ratePerSec: 0.25, cancelRatePerSec: 0.1, distanceWeights: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
        limitSize: { logMean: 2.5, logSigma: 0.8, max: 5000 }, marketSize: { logMean: 2.5, logSigma: 1.2, max: 10000 },
      },
      marketMakers: { count: 2, halfSpreadTicks: 4, quoteSize: 50, maxPosition: 1000, requoteSec: 3 },
      momentum: { count: 10, ratePerSec: 0.05 },
      meanReversion: { count: 10, ratePerSec: 0.05 },
      value: { count: 15, ratePerSec: 0.05, size: { logMean: 2.5, logSigma: 0.7, max: 1000 } },
    },
  },
  trending: {
    name: 'trending',
    description: 'The fundamental drifts up 4 % over the day; trend followers amplify the move.',
    instrument,
    agents: { momentum: { count: 100, ratePerSec: 0.1, thresholdBps: 4 }, meanReversion: { count: 30 } },
    fundamental: { kind: 'random-walk', driftPctPerDay: 4 },
  },
  'flash-crash': {
    name: 'flash-crash',
    description: 'At 10:30 (3,600 s) makers widen x5 and 80 % pull, and the slow liquidity steps back entirely, for 10 min while stop-loss selling and trend followers cascade for 3 min; value traders then buy the recovery.',
    instrument,
    timeline: [
      { type: 'liquidity-withdrawal', atSec: 3600, durationSec: 600, widenFactor: 5, pullFraction: 0.8, latentPullFraction: 1 },
      { type: 'cascade', atSec: 3605, durationSec: 180, side: 'sell', orders: 600, size: { logMean: 6, logSigma: 0.5, max: 20000 }, momentumRateMultiplier: 10 },
    ],
  },
  'regime-change': {
    name: 'regime-change',
    description: 'Calm morning; from mid-session (11,700 s) volatility x2.5 and arrival rates x1.8.',
    instrument,
    timeline: [{ type: 'regime-change', atSec: 11_700, volatilityMultiplier: 2.5, arrivalRateMultiplier: 1.8 }],
  },
  'news-shock': {
    name: 'news-shock',
    description: 'At 11:30 (7,200 s) bad news: the fundamental drops 3 %; value traders sell the price down to it.',
    instrument,
    agents: { value: { count: 80, ratePerSec: 0.3, maxPosition: 20_000 } },
    timeline: [{ type: 'fundamental-jump', atSec: 7200, jumpPct: -3 }],
  },
};

/**
 * Presets whose value traders' demand grows with the mispricing (`demand: 'growing'`, see
 * `ValueDemandConfig`) instead of stopping at a hard position cap. news-shock: its 80 traders ×
 * 20,000 shares (1.8 % of the day's volume) absorbed small orders and then saturated, so its
 * impact curve was convex-to-linear (exponent 1.01); flash-crash: capped traders stopped buying
 * the recovery halfway. A growing demand is a linear depth profile, so impact stays concave.
 */
const GROWING_VALUE_DEMAND: ReadonlySet<PresetName> = new Set(['news-shock', 'flash-crash']);

function withGrowingValueDemand(input: ScenarioInput): ScenarioInput {
  return { ...input, agents: { ...input.agents, value: { ...input.agents?.value, demand: 'growing' } } };
}

/**
 * The presets: each story above on a market with value-anchored latent liquidity that remembers
 * what it traded (`withResilientLiquidity`), so a large order moves the price concavely, partly
 * reverts and partly stays, and no preset crashes for good under a sell of 5-10 % of its volume.
 * flash-crash crashes only during its scripted withdrawal, when the latent book steps back too
 * (`latentPullFraction: 1`), and recovers most of the drop within half an hour after it.
 */
export const PRESET_INPUTS: Readonly<Record<PresetName, ScenarioInput>> = Object.fromEntries(
  PRESET_NAMES.map((n) => {
    const input = withResilientLiquidity(STORIES[n]);
    return [n, GROWING_VALUE_DEMAND.has(n) ? withGrowingValueDemand(input) : input];
  }),
) as Record<PresetName, ScenarioInput>;

/**
 * The preset stories on the market as it was before `withResilientLiquidity` (no latent
 * liquidity, a fundamental that does not learn), parsed: for comparisons with figures measured
 * on that market (e.g. the sampler-equivalence statistics of #9). Not a preset users get.
 */
export const PRESET_STORIES: Readonly<Record<PresetName, Scenario>> = Object.fromEntries(
  PRESET_NAMES.map((n) => [n, parseScenario(STORIES[n], `preset story ${n}`)]),
) as Record<PresetName, Scenario>;

/** The presets, parsed and validated (defaults filled in). */
export const PRESETS: Readonly<Record<PresetName, Scenario>> = Object.fromEntries(
  PRESET_NAMES.map((n) => [n, parseScenario(PRESET_INPUTS[n], `preset ${n}`)]),
) as Record<PresetName, Scenario>;

export function isPresetName(s: string): s is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(s);
}
