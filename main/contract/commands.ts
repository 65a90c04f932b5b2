import { z } from 'zod';
import { DataFormatSchema, InstrumentSchema } from './schemas.js';
import { WhatIfArgsSchema, WhatIfResultSchema } from './whatif.js';
import { BacktestArgsSchema, BacktestExportArgsSchema, BacktestExportSchema, BacktestOrderDetailArgsSchema, BacktestOrderDetailSchema, BacktestResultSchema } from './backtest.js';
import { OrderCommands } from './orders.js';
import { RiskCommands } from './risk.js';
import { TrainingCommands } from './training.js';
import { GpuComputeCommands } from './gpu-compute.js';
import { ModelRegistryCommands } from './model-registry.js';
import { SupervisionCommands } from './supervision.js';
import { SignalsCommands } from './signals.js';
import { FixLiveCommands } from './fix-live.js';

/**
 * Every command the UI (or CLI, or a test) can send the engine, with its argument and result
 * schemas. Invariant: a command name maps to exactly one pair of schemas; the engine validates
 * `args` against `args` on arrival and answers with a `validation` error naming the field.
 */
const OpenResultSchema = z.object({
  sessionId: z.string(),
  format: DataFormatSchema,
  variant: z.string(),
  instrument: InstrumentSchema,
  events: z.number().int().min(0),
  firstTsNs: z.number(),
  lastTsNs: z.number(),
  baseEpochNs: z.string(),
  clock: z.enum(['utc', 'exchange-local']),
  checkedRows: z.number().int().min(0),
  mismatches: z.number().int().min(0),
  /** Levels per side the data itself gives (LOBSTER level N, a top-N snapshot); 0 = the full book. Deeper levels of a replay are rebuilt from earlier events and may be stale. */
  depthLevels: z.number().int().min(0).default(0),
});

export const Commands = {
  'engine.hello': {
    args: z.object({}),
    result: z.object({
      version: z.string(),
      host: z.enum(['electron', 'headless', 'in-process']),
      engineThread: z.enum(['utility-process', 'worker-thread', 'in-process']),
      tfBackend: z.string(),
      startedAtMs: z.number(),
    }),
  },
  'market.listSamples': {
    args: z.object({}),
    result: z.array(z.object({ id: z.string(), label: z.string(), format: DataFormatSchema, files: z.array(z.string()) })),
  },
  /** Opens data files on the engine's machine and prepares a replay (reports progress events while loading). */
  'market.open': {
    args: z.object({
      files: z.array(z.string().min(1)).min(1).max(4),
      format: DataFormatSchema.optional(),
      levels: z.number().int().min(1).max(200).optional(),
    }),
    result: OpenResultSchema,
  },
  'market.openSample': {
    args: z.object({ id: z.string().min(1) }),
    result: OpenResultSchema,
  },
  'replay.play': {
    args: z.object({ speed: z.number().positive().max(1_000_000).or(z.literal('max')).optional() }),
    result: z.object({ ok: z.literal(true) }),
  },
  'replay.pause': { args: z.object({}), result: z.object({ ok: z.literal(true) }) },
  'replay.setSpeed': {
    args: z.object({ speed: z.number().positive().max(1_000_000).or(z.literal('max')) }),
    result: z.object({ ok: z.literal(true) }),
  },
  /** Moves to an event index (exact) or a fraction of the session; the book is rebuilt deterministically. */
  'replay.seek': {
    args: z.object({ eventIndex: z.number().int().min(0).optional(), fraction: z.number().min(0).max(1).optional() }),
    result: z.object({ eventIndex: z.number().int().min(0) }),
  },
  /** Applies `events` more events (negative steps back) and pauses. */
  'replay.step': {
    args: z.object({ events: z.number().int().min(-1_000_000).max(1_000_000) }),
    result: z.object({ eventIndex: z.number().int().min(0) }),
  },
  'job.cancel': { args: z.object({ jobId: z.string().min(1) }), result: z.object({ cancelled: z.boolean() }) },
  /** Named scenarios of the agent-based market, for the What-if screen. */
  'whatif.listScenarios': {
    args: z.object({}),
    result: z.array(z.object({ name: z.string(), description: z.string() })),
  },
  /** Runs a what-if (with and without our order on the same seeded path); reports progress as a job. */
  'whatif.run': { args: WhatIfArgsSchema, result: WhatIfResultSchema },
  /** Runs strategies × seeded paths and compares them (TCA); reports progress as a job, cancellable with `job.cancel`. */
  'backtest.run': { args: BacktestArgsSchema, result: BacktestResultSchema },
  /** One parent order of one of the last 5 backtests, re-run deterministically: mids with/without, fills, child orders. */
  'backtest.orderDetail': { args: BacktestOrderDetailArgsSchema, result: BacktestOrderDetailSchema },
  /** A kept backtest's per-order results as CSV, JSON (as `slipstream backtest --out`) or Parquet, for the UI to save. */
  'backtest.export': { args: BacktestExportArgsSchema, result: BacktestExportSchema },
  /** Parent orders from the Order ticket (main/contract/orders.ts). */
  ...OrderCommands,
  /** Kill switches and limits of the pre-trade risk gate (main/contract/risk.ts). */
  ...RiskCommands,
  /** Training jobs in their own worker (main/contract/training.ts). */
  ...TrainingCommands,
  /** Training jobs on the browser compute page's GPU (main/contract/gpu-compute.ts). */
  ...GpuComputeCommands,
  /** Shipped and user models, promotion of a training run, the training-run registry (main/contract/model-registry.ts). */
  ...ModelRegistryCommands,
  /** Supervision of running parent orders: pause, resume, fallback to TWAP, live state (main/contract/supervision.ts). */
  ...SupervisionCommands,
  /** Signal models trained for the Signals screen: walk-forward metrics and the predicted score over the price (main/contract/signals.ts). */
  ...SignalsCommands,
  ...FixLiveCommands,
} as const;

export type CommandName = keyof typeof Commands;
export type CommandArgs<N extends CommandName> = z.input<(typeof Commands)[N]['args']>;
export type CommandResult<N extends CommandName> = z.infer<(typeof Commands)[N]['result']>;
export const COMMAND_NAMES = Object.keys(Commands) as CommandName[];
