import { z } from 'zod';
import { AgentDecisionSchema } from './agent-explanations.js';
import { ORDER_ALGORITHMS } from './orders.js';
import { WhatIfResultSchema } from './whatif.js';

/**
 * Supervision of running parent orders (issue #13, item 5): the Agents screen starts them with
 * `orders.submit` and watches and steers them here: pause, resume, hand the rest to TWAP, progress
 * against the schedule, a live shortfall estimate, children, fills, the agent's latest decisions,
 * and alerts. Sizes in size units, prices in price units, costs in bps (positive = cost).
 */

/**
 * An alert on a supervised parent: behind or ahead of its schedule by more than the threshold;
 * on a FIX parent also drift between the simulation and the venue (fill rate, ack latency;
 * thresholds in main/host/drift.ts).
 */
export const SupervisionAlertSchema = z.object({
  kind: z.enum(['behind-schedule', 'ahead-of-schedule', 'fill-rate-drift', 'latency-drift']),
  message: z.string(),
});

/**
 * One supervised parent now. Invariants: `scheduleFilled` is the linear schedule over the ticket's
 * horizon (quantity × elapsed / horizon, elapsed clipped to [0, horizon]); `deviation` =
 * (filled − scheduleFilled) / quantity; `estIsBps` marks the unfilled rest at the mid now (null
 * without an arrival price or mid); `state` is `working`, `paused`, `draining` (cancelled or past
 * its window, waiting for the last acknowledgements) or `ended` (drained and stored; the stored
 * parent's `status` says how); `decisions` holds the agent's last decisions (newest last).
 */
export const SupervisedParentSchema = z.object({
  parentId: z.string(),
  state: z.enum(['working', 'paused', 'draining', 'ended']),
  algorithm: z.enum(ORDER_ALGORITHMS),
  /** The algorithm it was started with (differs after a fallback). */
  startedWith: z.enum(ORDER_ALGORITHMS),
  side: z.enum(['buy', 'sell']),
  quantity: z.number(),
  filled: z.number(),
  elapsedFraction: z.number().min(0).max(1),
  scheduleFilled: z.number(),
  deviation: z.number(),
  arrivalPriceUnits: z.number().nullable(),
  avgPriceUnits: z.number().nullable(),
  midUnits: z.number().nullable(),
  isBps: z.number().nullable(),
  estIsBps: z.number().nullable(),
  /** The path's time now (scheduler ns from the path's base epoch; on a FIX parent, the session's wall-driven clock) and the venue it trades on. */
  nowNs: z.number(),
  venue: z.string(),
  /** The FIX session it trades through (its state is `fix.sessions`'), null on a simulated venue. */
  sessionId: z.string().nullable(),
  priceDecimals: z.number().int(),
  sizeDecimals: z.number().int(),
  children: WhatIfResultSchema.shape.orders,
  fills: WhatIfResultSchema.shape.fills,
  featureNames: z.array(z.string()),
  actionLabels: z.array(z.string()),
  decisions: z.array(AgentDecisionSchema),
  alerts: z.array(SupervisionAlertSchema),
  /**
   * The learned agent's model of a parent started with the agent (null for the other algorithms,
   * kept after a fallback to TWAP): its folder, shown name (the folder's base name) and weights hash.
   */
  model: z.object({ path: z.string(), name: z.string(), version: z.string(), weightsSha256: z.string() }).nullable().optional(),
});

const ParentIdArgs = z.object({ parentId: z.string().min(1) });
const Changed = z.object({ changed: z.boolean() });

export const SupervisionCommands = {
  /** Every parent worked in this engine session (working, paused, or ended since), oldest first. */
  'supervision.state': { args: z.object({}), result: z.array(SupervisedParentSchema) },
  /** Pauses a working parent: no new children, working ones cancelled; its window runs on. `changed` false when not working or already paused. */
  'supervision.pause': { args: ParentIdArgs, result: Changed },
  /** Resumes a paused parent with its algorithm for what is left. */
  'supervision.resume': { args: ParentIdArgs, result: Changed },
  /** Hands what is left of a working (or paused) parent to TWAP over what is left of its horizon. */
  'supervision.fallback': { args: ParentIdArgs, result: Changed },
  /** Kills a parent, simulated or FIX: no new children, its working children cancelled. `changed` false when it was not working. */
  'supervision.kill': { args: ParentIdArgs, result: Changed },
} as const;
