import { z } from 'zod';
import { AgentExplanationsSchema } from './agent-explanations.js';
import { InstrumentSchema } from './schemas.js';

/**
 * What-if runs: one market path (a real day or a generated scenario, from a seed) traded twice —
 * with our parent order and without it — so every difference is caused by our trading.
 */
export const WhatIfSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('scenario'), name: z.string().min(1), durationSec: z.number().int().min(10).max(6.5 * 3600) }),
  z.object({ kind: z.literal('sample'), id: z.string().min(1) }),
  z.object({ kind: z.literal('files'), files: z.array(z.string().min(1)).min(1).max(4) }),
]);

/** The parent order to work. `startSec` is from the start of the path; sizes in size units. */
export const WhatIfOrderSchema = z.object({
  side: z.enum(['buy', 'sell']),
  quantity: z.number().int().positive().max(1e9),
  /** `agent`: a learned policy (the shipped model, or the folder `agentModel`). */
  algorithm: z.enum(['twap', 'passive', 'market', 'agent']),
  startSec: z.number().min(0),
  horizonSec: z.number().positive().max(6.5 * 3600),
  /** Slices for TWAP (one child order per slice). */
  slices: z.number().int().min(1).max(10_000).default(10),
  /** Price impact of our trades on a replayed day (propagator model); ignored for scenarios, where the agents react. */
  impact: z.boolean().default(true),
  /** The agent's model folder; absent = the shipped agent (native-models/execution-default). */
  agentModel: z.string().min(1).optional(),
});

export const WhatIfArgsSchema = z.object({
  source: WhatIfSourceSchema,
  order: WhatIfOrderSchema,
  seed: z.number().int().min(0).max(2 ** 31 - 1),
});

/** A sampled moment of the run: the book (top 10) with our working orders and their queue position. */
export const WhatIfSnapshotSchema = z.object({
  tsNs: z.number(),
  bids: z.array(z.tuple([z.number(), z.number(), z.number()])),
  asks: z.array(z.tuple([z.number(), z.number(), z.number()])),
  /** Our working orders at this moment: [clientOrderId, side (+1/−1), priceUnits, leaves, sizeAheadInQueue, ordersAheadInQueue]. */
  own: z.array(z.tuple([z.string(), z.number(), z.number(), z.number(), z.number(), z.number()])),
});

export const WhatIfResultSchema = z.object({
  runId: z.string(),
  seed: z.number(),
  source: z.string(),
  instrument: InstrumentSchema,
  baseEpochNs: z.string(),
  clock: z.enum(['utc', 'exchange-local']),
  /** Levels per side the data gives on a replayed day (0 = the full book, e.g. a generated scenario); deeper levels of the book replay are rebuilt. */
  depthLevels: z.number().int().min(0).default(0),
  /** Mid price path with our orders and without, sampled on one grid: [tsNs, midWith, midWithout]. */
  path: z.array(z.tuple([z.number(), z.number().nullable(), z.number().nullable()])),
  fills: z.array(z.object({ tsNs: z.number(), clientOrderId: z.string(), side: z.number(), priceUnits: z.number(), size: z.number(), aggressor: z.boolean() })),
  orders: z.array(z.object({
    clientOrderId: z.string(), side: z.number(), type: z.string(), size: z.number(), filled: z.number(),
    priceUnits: z.number().nullable(), avgPriceUnits: z.number().nullable(), status: z.string(), createdNs: z.number(), reason: z.string().nullable(),
  })),
  snapshots: z.array(WhatIfSnapshotSchema),
  summary: z.object({
    filled: z.number(),
    arrivalPriceUnits: z.number().nullable(),
    avgPriceUnits: z.number().nullable(),
    /** Implementation shortfall on the filled part, bps, positive = cost to us. */
    shortfallBps: z.number().nullable(),
    /** Mid with our orders minus mid without, at the end of the order, in bps of arrival, signed so that positive = moved against us. */
    impactBps: z.number().nullable(),
    events: z.number(),
    eventLogHash: z.string(),
    elapsedMs: z.number(),
  }),
  /** The agent: why it sent each child order (every decision); absent for the other algorithms. */
  explanations: AgentExplanationsSchema.nullable().optional(),
  /** The agent: the model it ran with (folder, version, weights hash); absent for the other algorithms. */
  model: z.object({ path: z.string(), version: z.string(), weightsSha256: z.string() }).optional(),
});

export type WhatIfArgs = z.input<typeof WhatIfArgsSchema>;
export type WhatIfResult = z.infer<typeof WhatIfResultSchema>;
