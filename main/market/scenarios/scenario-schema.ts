import { z } from 'zod';
import type { MarketConfig } from '../abm/market-config.js';

/**
 * Default ZI placement weights over d = 1..30 ticks from the opposite best: P(d) ∝ d^−1.3 for
 * d ≥ 2 (a power-law decay of placement with distance, as in Bouchaud, Mézard & Potters 2002)
 * and 0.25 for d = 1 (inside-spread improvements are rarer than joining), which keeps the
 * spread near 1–2 ticks with the default flow.
 */
export const DEFAULT_DISTANCE_WEIGHTS: readonly number[] = Array.from({ length: 30 }, (_, k) => (k === 0 ? 0.25 : Number(((k + 1) ** -1.3).toFixed(6))));

const num = z.number();
const nonNeg = () => num.min(0);
const pos = () => num.positive();
const count = () => num.int().min(0);
const prob = () => num.min(0).max(1);

const SizeDistSchema = z.strictObject({
  logMean: num,
  logSigma: nonNeg(),
  max: num.int().min(1),
});

const sized = (logMean: number, logSigma: number, max: number) => SizeDistSchema.prefault({ logMean, logSigma, max });

const LifeMixtureSchema = z.strictObject({ fleetingShare: prob(), fleetingRatePerSec: nonNeg(), persistentRatePerSec: nonNeg() });

// Improvement tables by the spread an inside order finds (`InsideImprovementBySpread`): edges strictly
// ascending integer ticks ≥ 2, one row per bucket (edges + 1), each row with a weight > 0.
const ImprovementBySpreadSchema = z
  .strictObject({
    spreadEdgesTicks: z.array(num.int().min(2)).max(64),
    weights: z.array(z.array(nonNeg()).min(1)).min(1),
    insideShare: z.array(prob()).optional(),
  })
  .superRefine((t, ctx) => {
    const e = t.spreadEdgesTicks;
    for (let i = 1; i < e.length; i++) {
      if (!(e[i]! > e[i - 1]!)) ctx.addIssue({ code: 'custom', path: ['spreadEdgesTicks', i], message: `expected edges strictly ascending, got ${e[i]} after ${e[i - 1]}` });
    }
    if (t.weights.length !== e.length + 1) {
      ctx.addIssue({ code: 'custom', path: ['weights'], message: `expected ${e.length + 1} rows (one per spread bucket: edges + 1), got ${t.weights.length}` });
    }
    if (t.insideShare && t.insideShare.length !== t.weights.length) {
      ctx.addIssue({ code: 'custom', path: ['insideShare'], message: `expected ${t.weights.length} shares (one per row of weights), got ${t.insideShare.length}` });
    }
    t.weights.forEach((row, i) => {
      if (!row.some((w) => w > 0)) ctx.addIssue({ code: 'custom', path: ['weights', i], message: 'expected at least one weight > 0' });
    });
  });

// Market-order shares by the spread an act finds (`MarketFractionBySpread`): edges as above, one share per bucket.
const MarketFractionBySpreadSchema = z
  .strictObject({
    spreadEdgesTicks: z.array(num.int().min(2)).max(64),
    marketFraction: z.array(prob()).min(1),
    rateMultiplier: z.array(pos().max(100)).optional(),
  })
  .superRefine((t, ctx) => {
    const e = t.spreadEdgesTicks;
    for (let i = 1; i < e.length; i++) {
      if (!(e[i]! > e[i - 1]!)) ctx.addIssue({ code: 'custom', path: ['spreadEdgesTicks', i], message: `expected edges strictly ascending, got ${e[i]} after ${e[i - 1]}` });
    }
    if (t.marketFraction.length !== e.length + 1) {
      ctx.addIssue({ code: 'custom', path: ['marketFraction'], message: `expected ${e.length + 1} shares (one per spread bucket: edges + 1), got ${t.marketFraction.length}` });
    }
    if (t.rateMultiplier && t.rateMultiplier.length !== e.length + 1) {
      ctx.addIssue({ code: 'custom', path: ['rateMultiplier'], message: `expected ${e.length + 1} multipliers (one per spread bucket: edges + 1), got ${t.rateMultiplier.length}` });
    }
  });

const NoiseSchema = z.strictObject({
  count: count().default(800),
  ratePerSec: nonNeg().default(0.5),
  marketFraction: prob().default(0.15),
  distanceWeights: z.array(nonNeg()).min(1).default([...DEFAULT_DISTANCE_WEIGHTS]),
  limitSize: sized(3.3, 0.9, 20_000),
  // Heavy-tailed market order sizes: occasional sweeps through several levels (fat 1 s tails).
  marketSize: sized(3.0, 1.5, 50_000),
  cancelRatePerSec: nonNeg().default(0.5),
  // Self-exciting market orders (`MarketCascadeConfig`); absent: none. n ≤ 0.95: a cascade near 1 explodes.
  marketCascade: z
    .strictObject({
      branching: num.min(0).max(0.95),
      decayPerSec: pos(),
      // Extra exponentials of a multi-scale kernel (`MarketCascadeComponent`); the total branching ≤ 0.95 too.
      components: z.array(z.strictObject({ branching: num.min(0).max(0.95), decayPerSec: pos() })).max(4).optional(),
    })
    .superRefine((c, ctx) => {
      const n = c.branching + (c.components ?? []).reduce((a, k) => a + k.branching, 0);
      if (n > 0.95) ctx.addIssue({ code: 'custom', path: ['components'], message: `expected total branching (branching + components) ≤ 0.95, got ${Number(n.toPrecision(6))}` });
    })
    .optional(),
  // Limit-order lives by placement (`PlacementLifeConfig`); absent: one exponential life at cancelRatePerSec.
  placementLife: z.strictObject({ inside: LifeMixtureSchema, touch: LifeMixtureSchema }).optional(),
  // Improvement (ticks) of an order that lands inside the spread, weights for 1..K; absent: the distance alone.
  insideImprovementWeights: z.array(nonNeg()).min(1).optional(),
  // The same by the spread the order finds (replaces the pooled table when set); absent: the pooled table.
  insideImprovementBySpread: ImprovementBySpreadSchema.optional(),
  // Market-order share by the spread an act finds (replaces marketFraction while both bests exist); absent: marketFraction.
  marketFractionBySpread: MarketFractionBySpreadSchema.optional(),
});

const MakerSchema = z.strictObject({
  count: count().default(10),
  halfSpreadTicks: num.min(0.5).default(1),
  quoteSize: num.int().min(1).default(200),
  maxPosition: nonNeg().default(5000),
  skewTicks: nonNeg().default(3),
  requoteSec: pos().default(1),
  reactionSec: nonNeg().default(0.01),
});

const chartist = (thresholdBps: number) =>
  z.strictObject({
    count: count().default(50),
    ratePerSec: nonNeg().default(0.1),
    horizonSec: z.tuple([pos(), pos()]).default([30, 300]),
    thresholdBps: nonNeg().default(thresholdBps),
    size: sized(3.5, 0.7, 2000),
    maxPosition: nonNeg().default(5000),
    orderLifetimeSec: pos().default(10),
  });

const ValueSchema = z.strictObject({
  count: count().default(50),
  ratePerSec: nonNeg().default(0.1),
  observationNoiseBps: nonNeg().default(10),
  thresholdBps: nonNeg().default(10),
  size: sized(3.5, 0.7, 2000),
  maxPosition: nonNeg().default(10000),
  // 'growing': the position limit grows with the mispricing (value-traders.ts, ValueDemandConfig).
  demand: z.enum(['capped', 'growing']).optional(),
});

const FundamentalSchema = z.strictObject({
  kind: z.enum(['ou', 'random-walk']).default('ou'),
  volatilityPctPerDay: nonNeg().default(1.5),
  meanReversionPerDay: nonNeg().default(1),
  driftPctPerDay: num.default(0),
  updateSec: pos().default(1),
  learningHalfLifeSec: nonNeg().default(0),
});

const LatentSchema = z.strictObject({
  count: count().default(0),
  depthPerTick: nonNeg().default(10),
  bandTicks: nonNeg().default(2),
  levels: num.int().min(1).max(200).default(20),
  ratePerSec: nonNeg().default(0.2),
  stepTicks: num.int().min(1).default(1),
  /** Renewal time of consumed latent liquidity, s (`LatentMemoryConfig`); absent: a stateless book. */
  memorySec: nonNeg().optional(),
  /** With memorySec: the side that did not trade follows the consumed one by √(2|C|/L) ticks (`LatentMemoryConfig.followConsumed`); absent: anchored on the value. */
  followConsumed: z.boolean().optional(),
  /** Grid shifted by a random whole number of ticks in [0, stepTicks) at each re-post; absent: absolute multiples. */
  gridJitter: z.boolean().optional(),
});

// The book's re-quoting after market orders (`TradeResponseConfig`): lag edges strictly ascending from 0,
// one weight ≥ 0 per lag bin with a positive sum, distance rows of 2·maxDistanceTicks + 1 weights ≥ 0 with a positive sum.
const weightRow = () => z.array(nonNeg()).min(1).max(64).refine((w) => w.some((x) => x > 0), { message: 'expected at least one weight > 0' });
const TradeResponseSchema = z
  .strictObject({
    submissionsPerTrade: nonNeg().max(1000),
    cancelsPerTrade: nonNeg().max(1000),
    lagEdgesSec: z.array(nonNeg()).min(2).max(16),
    submissionLagWeights: weightRow(),
    cancelLagWeights: weightRow(),
    aggressorShare: z.strictObject({ submissions: prob(), cancels: prob() }),
    maxDistanceTicks: num.int().min(0).max(30),
    distanceWeights: z.strictObject({ aggressor: weightRow(), consumed: weightRow() }),
    size: SizeDistSchema,
    lifeRatePerSec: nonNeg().optional(),
  })
  .superRefine((t, ctx) => {
    const e = t.lagEdgesSec;
    if (e[0] !== 0 || e.some((x, i) => i > 0 && !(x > e[i - 1]!))) ctx.addIssue({ code: 'custom', path: ['lagEdgesSec'], message: `expected strictly ascending seconds from 0, got [${e.join(', ')}]` });
    for (const k of ['submissionLagWeights', 'cancelLagWeights'] as const) {
      if (t[k].length !== e.length - 1) ctx.addIssue({ code: 'custom', path: [k], message: `expected ${e.length - 1} weights (one per lag bin), got ${t[k].length}` });
    }
    for (const k of ['aggressor', 'consumed'] as const) {
      if (t.distanceWeights[k].length !== 2 * t.maxDistanceTicks + 1) ctx.addIssue({ code: 'custom', path: ['distanceWeights', k], message: `expected ${2 * t.maxDistanceTicks + 1} weights (2·maxDistanceTicks + 1), got ${t.distanceWeights[k].length}` });
    }
  });

const ActivitySchema = z.strictObject({
  timescalesSec: z.array(pos()).min(1).max(8),
  logStd: z.array(nonNeg()).min(1).max(8),
  updateSec: pos().default(1),
  liquidityElasticity: nonNeg().default(0.5),
  // The flow's share of the activity's log-variance at most this (`ActivityConfig.flowLogVarianceMax`); absent: all of it.
  flowLogVarianceMax: nonNeg().optional(),
});

const at = () => nonNeg();
const TimelineEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('liquidity-withdrawal'), atSec: at(), durationSec: pos(), widenFactor: num.min(1).default(3), pullFraction: prob().default(0.5), latentPullFraction: prob().optional() }),
  z.strictObject({
    type: z.literal('cascade'), atSec: at(), durationSec: pos(), side: z.enum(['buy', 'sell']),
    orders: count(), size: sized(4.5, 0.6, 5000), momentumRateMultiplier: num.min(1).default(1),
  }),
  z.strictObject({ type: z.literal('fundamental-jump'), atSec: at(), jumpPct: num.gt(-100) }),
  z.strictObject({ type: z.literal('regime-change'), atSec: at(), durationSec: pos().optional(), volatilityMultiplier: pos().default(1), arrivalRateMultiplier: pos().default(1) }),
]);

/**
 * A scenario file (JSON). Every field but `instrument.initialPrice` has a default (the `calm`
 * market); unknown fields are errors, so a typo never silently falls back to a default.
 *
 * Invariants after parsing: it is a valid `MarketConfig` (see there for each model's rule);
 * tick × 10^priceDecimals is an integer ≥ 1; initialPrice is a positive multiple of tick;
 * horizonSec[0] ≤ horizonSec[1]; some distance weight is > 0.
 */
export const ScenarioSchema = z
  .strictObject({
    name: z.string().min(1).default('custom'),
    description: z.string().default(''),
    instrument: z.strictObject({
      symbol: z.string().min(1).default('SIM'),
      tick: pos().default(0.01),
      priceDecimals: num.int().min(0).max(9).default(2),
      sizeDecimals: num.int().min(0).max(9).default(0),
      initialPrice: pos(),
    }),
    durationSec: pos().default(23_400),
    agents: z
      .strictObject({
        noise: NoiseSchema.prefault({}),
        marketMakers: MakerSchema.prefault({}),
        momentum: chartist(5).prefault({}),
        meanReversion: chartist(10).prefault({}),
        value: ValueSchema.prefault({}),
        latent: LatentSchema.prefault({}),
        tradeResponse: TradeResponseSchema.optional(),
      })
      .prefault({}),
    fundamental: FundamentalSchema.prefault({}),
    activity: ActivitySchema.optional(),
    timeline: z.array(TimelineEventSchema).default([]),
  })
  .superRefine((s, ctx) => {
    const ins = s.instrument;
    const tickUnits = ins.tick * 10 ** ins.priceDecimals;
    if (Math.abs(tickUnits - Math.round(tickUnits)) > 1e-6 || Math.round(tickUnits) < 1) {
      ctx.addIssue({ code: 'custom', path: ['instrument', 'tick'], message: `expected a multiple of 10^-${ins.priceDecimals} (priceDecimals), got ${ins.tick}` });
    } else {
      const ticks = ins.initialPrice / ins.tick;
      if (Math.abs(ticks - Math.round(ticks)) > 1e-6) {
        ctx.addIssue({ code: 'custom', path: ['instrument', 'initialPrice'], message: `expected a multiple of the tick ${ins.tick}, got ${ins.initialPrice}` });
      }
    }
    for (const k of ['momentum', 'meanReversion'] as const) {
      const [lo, hi] = s.agents[k].horizonSec;
      if (lo > hi) ctx.addIssue({ code: 'custom', path: ['agents', k, 'horizonSec'], message: `expected [min, max] with min ≤ max, got [${lo}, ${hi}]` });
    }
    if (s.activity && s.activity.timescalesSec.length !== s.activity.logStd.length) {
      ctx.addIssue({ code: 'custom', path: ['activity', 'logStd'], message: `expected ${s.activity.timescalesSec.length} values (one per timescale), got ${s.activity.logStd.length}` });
    }
    if (!s.agents.noise.distanceWeights.some((w) => w > 0)) {
      ctx.addIssue({ code: 'custom', path: ['agents', 'noise', 'distanceWeights'], message: 'expected at least one weight > 0' });
    }
  });

/** A parsed, validated scenario (defaults filled in). */
export type Scenario = z.infer<typeof ScenarioSchema>;
/** What a scenario file may contain (defaults optional). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/** A parsed scenario as the market's configuration (checked assignable at compile time). */
export function toMarketConfig(s: Scenario): MarketConfig {
  return s;
}

/** Thrown for an invalid scenario; the message names the file and the field. */
export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/**
 * Validates `input` (parsed JSON) as a scenario. Throws `ScenarioError` whose message has one
 * line per problem: `<source>: <field path>: <what was expected>, got <value>`.
 */
export function parseScenario(input: unknown, source = 'scenario'): Scenario {
  const r = ScenarioSchema.safeParse(input, { reportInput: true });
  if (r.success) return r.data;
  throw new ScenarioError(r.error.issues.map((i) => `${source}: ${formatIssue(i)}`).join('\n'));
}

/** One zod issue as `field.path: expected …, got …`. */
export function formatIssue(issue: z.core.$ZodIssue): string {
  const i = issue as z.core.$ZodIssue & { input?: unknown };
  const path = formatPath(i.path);
  const got = `, got ${show(i.input)}`;
  let what: string;
  switch (i.code) {
    case 'invalid_type':
      what = i.input === undefined ? `required: expected ${article(i.expected)}` : `expected ${article(i.expected)}${got}`;
      break;
    case 'too_small':
      what = i.origin === 'array' ? `expected at least ${i.minimum} items${got}` : `expected a number ${i.inclusive ? '≥' : '>'} ${i.minimum}${got}`;
      break;
    case 'too_big':
      what = i.origin === 'array' ? `expected at most ${i.maximum} items${got}` : `expected a number ${i.inclusive ? '≤' : '<'} ${i.maximum}${got}`;
      break;
    case 'invalid_value':
      what = `expected one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}${got}`;
      break;
    case 'unrecognized_keys':
      return `${path ? path + ': ' : ''}unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_union': {
      const u = i as { options?: unknown[]; input?: unknown };
      const v = u.input && typeof u.input === 'object' ? (u.input as { type?: unknown }).type : u.input;
      what = u.options ? `expected one of ${u.options.map((o) => JSON.stringify(o)).join(', ')}, got ${show(v)}` : `${i.message}${got}`;
      break;
    }
    default:
      what = i.message;
  }
  return `${path || '(root)'}: ${what}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s;
}

function article(expected: string): string {
  if (expected === 'int') return 'an integer';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (Array.isArray(v)) return 'an array';
  return 'an object';
}
