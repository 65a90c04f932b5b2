import { z } from 'zod';
import { FixSessionFieldsSchema, FIX_SESSION_LIMITS } from './fix-sessions.js';

/**
 * Live FIX sessions in the engine (issue #13, item 5): the Agents screen connects a stored session
 * (`fix.connect {sessionId}`), works parent orders through it (`fix.work`), sees every session's
 * state (`fix.sessions`, event `fix.session` on each change) and the drift between what the
 * simulation predicted and what the venue did (`fix.drift`).
 *
 * The password: a client sends only `sessionId`. The HOST resolves the stored session
 * (`FixSessionStore.forStart`) and puts it in `start` before the request reaches the engine
 * (whatever `start` a client sent is replaced). The engine hands the password to the gateway's
 * Logon only; no response, event or log line carries it.
 */

/** The session as the host passes it at start. Invariant: filled by the host, never by a client. */
export const FixStartSchema = FixSessionFieldsSchema.extend({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  password: z.string().max(FIX_SESSION_LIMITS.passwordMax).optional(),
});
export type FixStart = z.infer<typeof FixStartSchema>;

const SessionIdArgs = z.object({ sessionId: z.string().regex(/^[a-z0-9-]{1,40}$/, 'sessionId must be 1 to 40 characters a-z, 0-9, -') });

/** The instrument a connected session trades (the gateway puts it on every order): one symbol per connection. */
export const FixInstrumentSchema = z.object({
  symbol: z.string().regex(/^[A-Za-z0-9._-]{1,16}$/, 'symbol must be 1 to 16 characters A-Z, 0-9, . _ -'),
  priceDecimals: z.number().int().min(0).max(8),
  sizeDecimals: z.number().int().min(0).max(8),
});

/**
 * One live session now. Invariants: `nextIn`/`nextOut` are the session store's (durable under
 * `<dataDir>/fix/`); `lastInMs`/`lastOutMs` are the wall-clock times of the last message
 * received / sent (heartbeats included), null before the first; `lastError` is the last
 * connection failure, session reject or logout reason in words (never a credential).
 */
export const FixSessionStateSchema = z.object({
  sessionId: z.string(),
  name: z.string(),
  state: z.enum(['connecting', 'logged-on', 'disconnected']),
  host: z.string(),
  port: z.number().int(),
  senderCompId: z.string(),
  targetCompId: z.string(),
  symbol: z.string(),
  nextIn: z.number().int(),
  nextOut: z.number().int(),
  lastInMs: z.number().nullable(),
  lastOutMs: z.number().nullable(),
  lastError: z.string().nullable(),
  /** Session events so far, oldest first (logon, logout, resend-request-sent, …), the last 50. */
  events: z.array(z.string()),
});
export type FixSessionStateWire = z.infer<typeof FixSessionStateSchema>;

/** A parent worked on a live session (its instrument): TWAP in `slices` market IOCs, no prices needed. */
export const FixWorkArgsSchema = z.object({
  sessionId: SessionIdArgs.shape.sessionId,
  side: z.enum(['buy', 'sell']),
  /** Size units (whole shares at sizeDecimals 0). */
  quantity: z.number().int('quantity must be a whole number of size units').positive('quantity must be positive').max(1e9, 'quantity must be at most 1e9'),
  horizonSec: z.number().positive('horizonSec must be positive').max(86_400, 'horizonSec must be at most 86400'),
  slices: z.number().int().min(1, 'slices must be at least 1').max(1000, 'slices must be at most 1000'),
  /** The gate's reference price (price units) until the first fill; required: a market IOC cannot be checked without one. */
  refPriceUnits: z.number().int().positive('refPriceUnits must be positive'),
});

/**
 * Drift of one live parent: the fill rate and ack latency the simulation predicts for it against
 * what the venue did. Invariants: rates are filled / sent quantity in [0, 1]; latencies in ms;
 * an alert when |actual − predicted| exceeds the documented thresholds (main/host/drift.ts).
 */
export const FixDriftSchema = z.object({
  parentId: z.string(),
  sessionId: z.string(),
  state: z.enum(['working', 'ended']),
  quantity: z.number(),
  filled: z.number(),
  children: z.number().int(),
  acks: z.number().int(),
  predictedFillRate: z.number().nullable(),
  actualFillRate: z.number().nullable(),
  predictedAckMs: z.number().nullable(),
  actualAckMsMedian: z.number().nullable(),
  alerts: z.array(z.object({ kind: z.enum(['fill-rate-drift', 'latency-drift']), message: z.string() })),
});
export type FixDriftWire = z.infer<typeof FixDriftSchema>;

export const FixLiveCommands = {
  /** Connects and logs on a stored session (the host fills `start`); answers its state once logged on. */
  'fix.connect': { args: SessionIdArgs.extend({ instrument: FixInstrumentSchema, start: FixStartSchema.optional() }), result: FixSessionStateSchema },
  /** Logs out (open children are cancelled first); `changed` false when it was not connected. */
  'fix.disconnect': { args: SessionIdArgs, result: z.object({ changed: z.boolean() }) },
  /** Every session connected in this engine session (connected or since disconnected). */
  'fix.sessions': { args: z.object({}), result: z.array(FixSessionStateSchema) },
  /** Works one parent through a logged-on session (same risk gate, same OMS as the CLI's `live`). */
  'fix.work': { args: FixWorkArgsSchema, result: z.object({ parentId: z.string() }) },
  /** Drift of every live parent of this engine session, oldest first. */
  'fix.drift': { args: z.object({}), result: z.array(FixDriftSchema) },
} as const;

export const FixLiveEvents = {
  /** A live session changed state (logon, logout, error, sequence numbers after a session event). */
  'fix.session': FixSessionStateSchema,
  /** A live parent's drift after a child's ack or end. */
  'fix.drift': FixDriftSchema,
} as const;
