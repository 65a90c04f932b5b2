import { z } from 'zod';
import { AgentExplanationsSchema } from './agent-explanations.js';
import { WhatIfResultSchema } from './whatif.js';

/**
 * Backtests: parent-order strategies compared on the SAME seeded paths (and once without our
 * orders, for market impact), with the TCA of `main/tca`. All costs in bps, positive = cost to us.
 */
export const BACKTEST_STRATEGIES = ['twap', 'vwap', 'pov', 'almgren-chriss', 'adaptive-shortfall', 'immediate', 'submit-and-leave', 'agent'] as const;
export type BacktestStrategy = (typeof BACKTEST_STRATEGIES)[number];

/** The most paths (seeds) one run may hold. */
export const BACKTEST_MAX_PATHS = 50;

export const BacktestSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('scenario'), name: z.string().min(1), durationSec: z.number().int().min(10).max(6.5 * 3600) }),
  z.object({ kind: z.literal('sample'), id: z.string().min(1) }),
  z.object({ kind: z.literal('files'), files: z.array(z.string().min(1)).min(1).max(4) }),
]);

/**
 * Strategy parameters of a backtest: `slices` (TWAP, VWAP, Almgren-Chriss, adaptive IS), `povRate`
 * (POV's share of market volume), `urgency` (Almgren-Chriss κT), `limitOffsetBps` (submit-and-leave's
 * one limit order, placed this many bps from the mid at the order's start: + = more aggressive,
 * i.e. above the mid for a buy; rounded to the tick grid away from crossing).
 */
export const BacktestParamsSchema = z.object({
  slices: z.number().int().min(1).max(1000).optional(),
  povRate: z.number().gt(0).max(1).optional(),
  urgency: z.number().min(0).max(20).optional(),
  limitOffsetBps: z.number().min(-1000).max(1000).optional(),
});

export const BacktestArgsSchema = z
  .object({
    strategies: z
      .array(z.enum(BACKTEST_STRATEGIES))
      .min(2, 'choose at least 2 strategies')
      .refine((s) => new Set(s).size === s.length, 'a strategy appears twice'),
    source: BacktestSourceSchema,
    seeds: z
      .object({ from: z.number().int().min(0).max(2 ** 31 - 1), to: z.number().int().min(0).max(2 ** 31 - 1) })
      .refine((s) => s.to >= s.from, { message: 'to must be ≥ from', path: ['to'] })
      .refine((s) => s.to - s.from + 1 <= BACKTEST_MAX_PATHS, { message: `at most ${BACKTEST_MAX_PATHS} seeds (paths)`, path: ['to'] }),
    side: z.enum(['buy', 'sell']),
    quantity: z.number().int().positive().max(1e9),
    startSec: z.number().min(0),
    /**
     * Recorded days (sample, files): true = each seed draws its own start across the day (leaving
     * room for the look-back, the horizon and the post-trade window) and `startSec` is not used;
     * false or absent = every path starts at `startSec`. Scenarios ignore it (their seed makes the path).
     */
    startDrawn: z.boolean().optional(),
    horizonSec: z.number().positive().max(6.5 * 3600),
    /** Price impact of our trades on a replayed day (propagator model); ignored for scenarios. */
    impact: z.boolean().default(true),
    /** Each strategy's parameters (absent = the engine's defaults: 10 slices, POV 10 %, κT 2, no submit-and-leave price). */
    params: BacktestParamsSchema.optional(),
    /** The `agent` strategy's model folder; absent = the shipped agent (native-models/execution-default). */
    agentModel: z.string().min(1).optional(),
    /**
     * The `agent` strategy rows, each with its model folder and the name it is shown under (the
     * model's name); used instead of `agentModel` when given (`strategies` must hold `agent`).
     * Two or more rows compare different agents on the same paths: each becomes the strategy
     * `agent:<name>`; one row stays `agent`. Names and folders must be distinct.
     */
    agents: z
      .array(z.object({ model: z.string().min(1), name: z.string().min(1).max(64) }))
      .min(1)
      .max(4)
      .refine((a) => new Set(a.map((x) => x.name)).size === a.length, 'two agent rows have the same name')
      .refine((a) => new Set(a.map((x) => x.model)).size === a.length, 'two agent rows use the same model folder')
      .optional(),
  })
  .refine((a) => a.agents === undefined || a.strategies.includes('agent'), { message: 'agent rows need the agent strategy', path: ['agents'] })
  .refine((a) => a.source.kind !== 'scenario' || a.startSec + a.horizonSec + 0.1 <= a.source.durationSec, {
    message: "start + horizon (+ 0.1 s to measure) must fit in the scenario's duration",
    path: ['horizonSec'],
  });

/** The model an agent strategy ran with: `strategy` (`agent` or `agent:<name>`), the name shown, its folder, version and `weightsSha256`. */
export const AgentModelUsedSchema = z.object({
  strategy: z.string(),
  name: z.string(),
  path: z.string(),
  version: z.string(),
  weightsSha256: z.string(),
});
export type AgentModelUsed = z.infer<typeof AgentModelUsedSchema>;

/** A strategy of a backtest's results: one of `BACKTEST_STRATEGIES`, or `agent:<name>` when several agents ran. */
export const BacktestStrategyIdSchema = z.union([z.enum(BACKTEST_STRATEGIES), z.string().regex(/^agent:.+$/, 'an agent strategy is agent:<name>')]);

/** A cost statistic across paths with its bootstrap 95 % CI (bps; null = not available). */
const CiSchema = z.object({ lo: z.number().nullable(), hi: z.number().nullable() });

export const BacktestStrategyStatsSchema = z.object({
  strategy: z.string(),
  n: z.number().int(),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  std: z.number().nullable(),
  ci: CiSchema,
  impactMean: z.number().nullable(),
  /** Paired difference of IS against the baseline (negative = cheaper); null for the baseline itself. */
  vsBaseline: z.object({ meanDiff: z.number().nullable(), ci: CiSchema, pValue: z.number().nullable() }).nullable(),
});

export const BacktestResultSchema = z.object({
  runId: z.string(),
  status: z.enum(['completed', 'cancelled']),
  config: z.object({
    strategies: z.array(z.string()),
    baseline: z.string(),
    source: z.string(),
    seeds: z.array(z.number()),
    side: z.enum(['buy', 'sell']),
    quantity: z.number(),
    startSec: z.number(),
    /** True when each seed drew its start on a recorded day (`startSec` unused; each outcome has its own). */
    startDrawn: z.boolean().optional(),
    horizonSec: z.number(),
    impact: z.boolean(),
    slices: z.number(),
    urgency: z.number(),
    povRate: z.number().optional(),
    limitOffsetBps: z.number().nullable().optional(),
    /** Which model each agent strategy used (absent when no agent ran): its strategy name, shown name, folder, version and weights hash. */
    agents: z.array(AgentModelUsedSchema).optional(),
  }),
  /** Strategies that could not run (e.g. submit-and-leave without a price), each with the engine's reason; the others completed without them. */
  failed: z.array(z.object({ strategy: z.string(), message: z.string() })).default([]),
  dataHash: z.string(),
  paths: z.number().int(),
  /**
   * Which paths were copies of another (same market without our orders, same costs for every
   * strategy): left out of the statistics; `distinct` = `paths` − duplicates. `note` (null when
   * every path is distinct) says so, and that no paired test is made on fewer than 2 distinct paths.
   */
  pathCheck: z.object({
    paths: z.number().int(),
    distinct: z.number().int(),
    duplicates: z.array(z.object({ pathId: z.string(), sameAs: z.string() })),
    note: z.string().nullable(),
  }).optional(),
  /** A note when VWAP's schedule coincided with TWAP's on some paths (flat volume curve over the horizon); null otherwise. */
  vwapSchedule: z.string().nullable().optional(),
  elapsedMs: z.number(),
  pool: z.string(),
  /** The headline table: one row per metric, `cells[j]`/`values[j]` per strategy (`columns`). */
  table: z.object({
    columns: z.array(z.string()),
    rows: z.array(z.object({
      metric: z.string(),
      cells: z.array(z.string()),
      values: z.array(z.number().nullable()),
      lo: z.array(z.number().nullable()),
      hi: z.array(z.number().nullable()),
    })),
  }),
  stats: z.array(BacktestStrategyStatsSchema),
  outcomes: z.array(z.object({
    strategy: z.string(),
    seed: z.number(),
    pathId: z.string(),
    /** The start this path used, s after the path's first event (drawn by the seed or fixed). */
    startSec: z.number().optional(),
    isBps: z.number(),
    impactBps: z.number().nullable(),
    filled: z.number(),
    quantity: z.number(),
    /** filled / quantity in [0, 1] (`ParentOrderOutcome.fillRate`); the unfilled rest is in `isBps` as opportunity cost. */
    fillRate: z.number().optional(),
    /** True when the parent was not completely filled (flag it in the UI). */
    partiallyFilled: z.boolean().optional(),
    /** VWAP only: the largest gap between its cumulative schedule and TWAP's, as a fraction of the parent (null for other strategies). */
    scheduleVsTwap: z.number().nullable().optional(),
  })),
  /** Mean fraction of the parent still to trade, on a common grid of the horizon (0 → 1). */
  inventory: z.object({
    tFrac: z.array(z.number()),
    series: z.array(z.object({ strategy: z.string(), remaining: z.array(z.number()) })),
  }),
  /** Almgren-Chriss efficient frontier: expected cost vs its std (bps) for a range of urgency κT. */
  frontier: z.object({
    source: z.string(),
    points: z.array(z.object({ urgency: z.number(), lambda: z.number(), expectedBps: z.number(), stdBps: z.number() })),
  }),
});

export type BacktestArgs = z.input<typeof BacktestArgsSchema>;
export type BacktestResult = z.infer<typeof BacktestResultSchema>;

/** One parent order of a kept backtest: its run id, strategy and seeded path (as in `outcomes`). */
export const BacktestOrderDetailArgsSchema = z.object({
  runId: z.string().min(1),
  strategy: BacktestStrategyIdSchema,
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  pathId: z.string().min(1),
});

/**
 * The drill-down of one parent order, re-run deterministically from the kept backtest config
 * (same seed ⇒ same result): mid with and without our orders on one grid, our fills and child
 * orders (the what-if result's shapes), and the order's window. `isBps` / `filled` re-measured.
 */
export const BacktestOrderDetailSchema = z.object({
  runId: z.string(),
  strategy: z.string(),
  seed: z.number(),
  pathId: z.string(),
  source: z.string(),
  instrument: WhatIfResultSchema.shape.instrument,
  baseEpochNs: z.string(),
  clock: z.enum(['utc', 'exchange-local']),
  side: z.enum(['buy', 'sell']),
  quantity: z.number(),
  startSec: z.number(),
  horizonSec: z.number(),
  /** Scheduler ns of the order's start and end (start + horizon). */
  startNs: z.number(),
  endNs: z.number(),
  path: WhatIfResultSchema.shape.path,
  fills: WhatIfResultSchema.shape.fills,
  orders: WhatIfResultSchema.shape.orders,
  /** Filled quantity (decimal size, as `outcomes[].filled`) and IS in bps (positive = cost to us). */
  filled: z.number(),
  isBps: z.number(),
  impactBps: z.number().nullable(),
  elapsedMs: z.number(),
  /** The agent strategy: why it sent each child order (every decision); absent for the baselines. */
  explanations: AgentExplanationsSchema.nullable().optional(),
  /** The agent strategy: the model it ran with; absent for the baselines. */
  model: AgentModelUsedSchema.optional(),
});

export type BacktestOrderDetailArgs = z.input<typeof BacktestOrderDetailArgsSchema>;
export type BacktestOrderDetail = z.infer<typeof BacktestOrderDetailSchema>;

/** Export of a kept backtest's per-order results, as the CLI's `--out` writes them (plus Parquet). */
export const BacktestExportArgsSchema = z.object({ runId: z.string().min(1), format: z.enum(['csv', 'json', 'parquet']) });
/** The exported file: its suggested name, MIME type, the bytes (base64) and the number of result rows. */
export const BacktestExportSchema = z.object({ fileName: z.string(), mime: z.string(), base64: z.string(), rows: z.number().int() });
export type BacktestExportArgs = z.infer<typeof BacktestExportArgsSchema>;
export type BacktestExport = z.infer<typeof BacktestExportSchema>;
