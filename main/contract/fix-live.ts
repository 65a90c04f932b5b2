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
  /** The instrument's decimals on the wire (as connected): prices and sizes of its parents are in these units. */
  priceDecimals: z.number().int(),
  sizeDecimals: z.number().int(),
  nextIn: z.number().int(),
  nextOut: z.number().int(),
  lastInMs: z.number().nullable(),
  lastOutMs: z.number().nullable(),
  lastError: z.string().nullable(),
  /** Session events so far, oldest first (logon, logout, resend-request-sent, …), the last 50. */
  events: z.array(z.string()),
});
export type FixSessionStateWire = z.infer<typeof FixSessionStateSchema>;

/** The strategies `fix.work` runs (the Order ticket's names; the CLI's `ac` is `almgren-chriss`). */
export const FIX_WORK_STRATEGIES = ['twap', 'vwap', 'pov', 'almgren-chriss', 'agent'] as const;

/**
 * Where a live parent's prices come from: `none` (TWAP of market IOCs only; give refPriceUnits),
 * `fix` (MarketDataRequest on the same session: the counterparty must serve it, as our paper
 * venue does), `file` (a recorded day at wall-clock speed; the only source with trades, so the
 * only one POV runs on), `binance` (a Binance-style depth stream: REST snapshot + WebSocket diffs).
 */
export const FixMdSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('fix') }),
  z.object({ kind: z.literal('file'), files: z.array(z.string().min(1)).min(1, 'md.files needs at least one file').max(4) }),
  z.object({
    kind: z.literal('binance'),
    snapshotUrl: z.string().regex(/^https?:\/\/\S+$/, 'md.snapshotUrl must be an http(s):// URL'),
    streamUrl: z.string().regex(/^wss?:\/\/\S+$/, 'md.streamUrl must be a ws(s):// URL'),
  }),
]);

/**
 * A parent worked on a live session (its instrument) with any strategy `slipstream live` runs.
 * Invariants checked by the engine (errors name the field): every strategy but twap needs a feed
 * (`md` not none); pov needs `md` file and `povRate`; almgren-chriss needs `ac`; without a feed
 * `refPriceUnits` is required (a market IOC has no price for the gate's notional check).
 */
export const FixWorkArgsSchema = z.object({
  sessionId: SessionIdArgs.shape.sessionId,
  side: z.enum(['buy', 'sell']),
  /** Size units (whole shares at sizeDecimals 0). */
  quantity: z.number().int('quantity must be a whole number of size units').positive('quantity must be positive').max(1e9, 'quantity must be at most 1e9'),
  horizonSec: z.number().positive('horizonSec must be positive').max(86_400, 'horizonSec must be at most 86400'),
  strategy: z.enum(FIX_WORK_STRATEGIES).default('twap'),
  slices: z.number().int().min(1, 'slices must be at least 1').max(1000, 'slices must be at most 1000').default(10),
  povRate: z.number().gt(0, 'povRate must be above 0').max(1, 'povRate must be at most 1').optional(),
  ac: z.object({ sigmaUnitsPerSqrtSec: z.number().positive('ac.sigmaUnitsPerSqrtSec must be positive'), etaUnitsPerRate: z.number().positive('ac.etaUnitsPerRate must be positive') }).optional(),
  /** The learned agent's model: an id from `models.list` (absent: the shipped execution-default). */
  agentModel: z.string().min(1).max(200).optional(),
  md: FixMdSchema.default({ kind: 'none' }),
  /** The gate's reference price (price units) until the first fill or the feed's mid; required without a feed. */
  refPriceUnits: z.number().int().positive('refPriceUnits must be positive').optional(),
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
  /** Works one parent through a logged-on session with any strategy (same risk gate, same OMS, same strategies as the CLI's `live`); several at once; supervised with `supervision.*`. */
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
