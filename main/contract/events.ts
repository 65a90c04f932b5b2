import { z } from 'zod';
import { ErrorInfoSchema, ProgressSchema } from './schemas.js';
import { KillSwitchStateSchema, RiskLimitsSchema } from './risk.js';
import { RiskModelEvents } from './risk-models.js';
import { TrainingEvents } from './training.js';
import { FixLiveEvents } from './fix-live.js';

/** A price level on the wire: [priceUnits, size, orderCount]. */
const LevelTuple = z.tuple([z.number(), z.number(), z.number()]);

/**
 * Every event the engine pushes to its clients. Names are past tense or state nouns.
 * Frames are throttled by the engine (at most about 30 per second) so the UI never drowns.
 */
export const Events = {
  'job.progress': ProgressSchema,
  'replay.state': z.object({
    sessionId: z.string().nullable(),
    state: z.enum(['empty', 'loading', 'ready', 'playing', 'paused', 'ended']),
    speed: z.number().or(z.literal('max')),
    eventIndex: z.number().int().min(0),
    totalEvents: z.number().int().min(0),
  }),
  /** The book and statistics after `eventIndex` events; `trades` and `series` hold what happened since the previous frame. */
  'market.frame': z.object({
    sessionId: z.string(),
    eventIndex: z.number().int().min(0),
    tsNs: z.number(),
    bids: z.array(LevelTuple),
    asks: z.array(LevelTuple),
    lastTradePriceUnits: z.number().nullable(),
    stats: z.object({
      eventsPerSec: z.number(),
      spreadUnits: z.number().nullable(),
      midUnits: z.number().nullable(),
      microUnits: z.number().nullable(),
      imbalance: z.number(),
      trades: z.number().int(),
      volume: z.number(),
    }),
    trades: z.array(z.object({ tsNs: z.number(), priceUnits: z.number(), size: z.number(), side: z.number().int().min(-1).max(1) })),
    /** Downsampled top-of-book path since the last frame: [tsNs, bid, ask] (NaN-free: null for an empty side). */
    series: z.array(z.tuple([z.number(), z.number().nullable(), z.number().nullable()])),
    /** True when this frame replaces the chart history (after open or seek). */
    reset: z.boolean(),
  }),
  'engine.error': ErrorInfoSchema,
  /**
   * The engine process/thread died and the host started a fresh one. Everything it held in memory
   * (the open replay session, running jobs, recent backtests) is gone; stored data (orders, runs)
   * is reloaded. `failedRequests` requests in flight were answered with an `internal` error.
   */
  'engine.restarted': z.object({
    reason: z.string(),
    restarts: z.number().int().min(1),
    failedRequests: z.number().int().min(0),
  }),
  /** A kill switch was turned on or off (by any client): which are on now. */
  'risk.killSwitch': KillSwitchStateSchema,
  /** The risk limits were replaced (`risk.setLimits`): the new ones. */
  'risk.limits': RiskLimitsSchema,
  /** Risk models: regime, volatility and alerts; audited posture changes (main/contract/risk-models.ts). */
  ...RiskModelEvents,
  /** Training jobs: progress and the end of each (main/contract/training.ts). */
  ...TrainingEvents,
  /** Live FIX sessions and their parents' drift (main/contract/fix-live.ts). */
  ...FixLiveEvents,
} as const;

export type EventName = keyof typeof Events;
export type EventPayload<N extends EventName> = z.infer<(typeof Events)[N]>;
