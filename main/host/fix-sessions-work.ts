import type { z } from 'zod';
import type { FixDriftWire, FixSessionStateWire, FixWorkArgsSchema } from '../contract/fix-live.js';
import type { SupervisionAlertSchema } from '../contract/supervision.js';
import type { InstrumentSpec } from '../domain/instrument.js';
import type { OrderRequest } from '../domain/orders.js';
import { TERMINAL_STATUSES } from '../domain/order-status.js';
import type { TradeFeed } from '../execution/algorithms/index.js';
import { OrderPath } from '../execution/order-path.js';
import type { Scheduler } from '../kernel/scheduler.js';
import { LevelBook } from '../market/book/level-book.js';
import type { Venue } from '../market/venue/venue.js';
import type { FixMarketDataFeed } from '../live/feeds/fix-md-feed.js';
import type { MarketDataFeed } from '../live/feeds/market-data-feed.js';
import { openStandaloneFeed, waitTwoSided, type OpenedFeed } from '../live/feeds/open-feed.js';
import type { FixGateway } from '../live/fix-gateway.js';
import { LiveParentRun } from '../live/live-parent-run.js';
import { liveStrategyProblem, type LiveStrategy } from '../live/live-strategy.js';
import { auditRiskDecisions } from '../live/recovery/audit-path.js';
import type { WallClock } from '../live/wall-driver.js';
import type { KillSwitch } from '../risk/kill-switch.js';
import type { RiskLimits } from '../risk/risk-limits.js';
import type { AuditLog } from '../store/audit-log.js';
import { DriftTracker, SIM_ACK_MS, SIM_MARKETABLE_FILL_RATE } from './drift.js';
import { EngineError } from './engine-error.js';
import type { ModelSummary } from './models-handler.js';

/** `fix.work`'s arguments as the engine receives them (defaults applied). */
export type FixWorkArgs = z.output<typeof FixWorkArgsSchema>;
type Alert = z.infer<typeof SupervisionAlertSchema>;

/** What a parent needs of its session (`fix-sessions.ts` owns the rest). */
export interface LiveSession {
  readonly sessionId: string;
  readonly name: string;
  readonly instrument: InstrumentSpec;
  readonly gw: FixGateway;
  readonly scheduler: Scheduler;
  readonly audit: AuditLog;
  /** FIX market data on this session; its book is the gateway's. */
  readonly md: FixMarketDataFeed;
  /** The MarketDataRequest in flight or answered (sent once per connection), null before the first parent that asks. */
  mdStarted: Promise<void> | null;
  state: FixSessionStateWire['state'];
}

/**
 * One parent worked through a FIX session. Invariants: its order path sees only its own
 * orders' events (several parents share one gateway); `end()` is idempotent and stops the feed
 * it opened for itself (the session's FIX feed stays for the others).
 */
export interface FixParent {
  readonly parentId: string;
  readonly sessionId: string;
  readonly quantity: number;
  readonly path: OrderPath;
  readonly run: LiveParentRun;
  readonly drift: DriftTracker;
  /** The feed's name, null without one. */
  readonly feed: string | null;
  /** The agent's model folder when `agentModel` named one (null: the shipped agent, or not an agent). */
  readonly agentDir: string | null;
  /** Drift alerts now (fill rate, ack latency). */
  alerts(): Alert[];
  /** Kills it (its working children are asked to cancel) and ends it at once: the session is logging out or the engine shutting down. */
  end(): void;
}

/** What `startFixParent` needs of the engine. */
export interface FixParentDeps {
  readonly parentId: string;
  readonly limits: RiskLimits;
  readonly killSwitch: KillSwitch;
  readonly clock: WallClock;
  readonly models: () => ModelSummary[];
  /** A model folder the user chose that is not in `models()` (e.g. uploaded): checked by the engine's file access (its error names the field), else refused. */
  readonly checkModelFolder?: (path: string) => string;
  readonly onDrift: (d: FixDriftWire) => void;
}

/** The field an error sentence of `liveStrategyProblem` names (it starts with `field:`). */
const fieldOf = (problem: string) => problem.slice(0, Math.max(0, problem.indexOf(':'))) || 'strategy';

/**
 * The model folder an agent parent names: an id or a path that `models.list` gives, with a valid
 * manifest, or a folder the user chose that the engine's file access accepts (`checkFolder`; the
 * agent's loader then checks it against the environment, naming the field).
 */
function agentDirOf(a: FixWorkArgs, models: () => ModelSummary[], checkFolder?: (path: string) => string): string | undefined {
  if (a.strategy !== 'agent' || a.agentModel === undefined) return undefined;
  const m = models().find((x) => x.id === a.agentModel || x.path === a.agentModel);
  if (!m && checkFolder !== undefined && /[\\/]/.test(a.agentModel)) return checkFolder(a.agentModel);
  if (!m) throw new EngineError('validation', `agentModel: no model "${a.agentModel}" among the shipped and user models (models.list)`, 'agentModel');
  if (m.problem !== null) throw new EngineError('validation', `agentModel: model "${m.name}" cannot be used: ${m.problem}`, 'agentModel');
  return m.path;
}

/**
 * Checks `a`, opens its market data (the session's FIX feed, started once per connection, or a
 * file / Binance feed of its own), waits for a two-sided book, and starts the strategy through
 * its own order path (the engine's risk limits and kill switches, risk decisions audited, the
 * gateway's write-ahead audit for every order event). Errors name the field: `md` (no feed, the
 * venue refused the subscription, no two-sided book), `refPriceUnits`, `povRate`, `ac`,
 * `agentModel`, `md.files` (a recorded day whose decimals differ from the session's).
 */
export async function startFixParent(l: LiveSession, a: FixWorkArgs, deps: FixParentDeps): Promise<FixParent> {
  const agentDir = agentDirOf(a, deps.models, deps.checkModelFolder);
  const strategy: LiveStrategy = {
    name: a.strategy, slices: a.slices, ...(a.povRate !== undefined ? { povRate: a.povRate } : {}), ...(a.ac ? { ac: a.ac } : {}),
    ...(agentDir !== undefined ? { agentDir } : {}),
  };
  const priced = a.md.kind !== 'none';
  // FIX market data may carry trades: known only once the venue has answered the subscription (checked again below).
  const problem = liveStrategyProblem(strategy, { priced, trades: a.md.kind === 'file' || a.md.kind === 'fix' });
  if (problem !== null) throw new EngineError('validation', problem, fieldOf(problem));
  if (!priced && a.refPriceUnits === undefined) throw new EngineError('validation', 'refPriceUnits: required without market data (md none): the pre-trade gate checks a market order\'s notional against it until the first fill', 'refPriceUnits');
  let own: OpenedFeed | null = null;
  let feed: MarketDataFeed | null = null;
  try {
    if (a.md.kind === 'fix') {
      l.mdStarted ??= l.md.start();
      try {
        await l.mdStarted;
      } catch (e) {
        l.mdStarted = null; // the next parent asks again
        throw new EngineError('state', `md: ${(e as Error).message}`, 'md');
      }
      feed = l.md;
      const noTrades = liveStrategyProblem(strategy, { priced, trades: l.md.tradesServed });
      if (noTrades !== null) throw new EngineError('validation', `${noTrades} (${l.name} rejected MDEntryType 2)`, 'md');
    } else if (a.md.kind === 'file' || a.md.kind === 'binance') {
      own = await openStandaloneFeed(a.md, l.instrument).catch((e: unknown) => {
        throw new EngineError('data-format', `md: ${(e as Error).message}`, a.md.kind === 'file' ? 'md.files' : 'md');
      });
      feed = own.feed;
      const fi = own.instrument;
      if (fi !== null && (fi.priceDecimals !== l.instrument.priceDecimals || fi.sizeDecimals !== l.instrument.sizeDecimals)) {
        throw new EngineError('validation', `md.files: the recorded day has ${fi.priceDecimals} price and ${fi.sizeDecimals} size decimals, the session's instrument ${l.instrument.priceDecimals} and ${l.instrument.sizeDecimals} (connect the session with the day's decimals)`, 'md.files');
      }
    }
    if (feed !== null) {
      await waitTwoSided(feed).catch((e: unknown) => {
        throw new EngineError('state', `md: ${(e as Error).message}`, 'md');
      });
    }
    if (l.state !== 'logged-on') throw new EngineError('state', `FIX session ${l.sessionId} logged out while its market data was being opened`, 'sessionId');
    return begin(l, a, deps, strategy, feed, own);
  } catch (e) {
    own?.feed.stop();
    throw e;
  }
}

function begin(l: LiveSession, a: FixWorkArgs, deps: FixParentDeps, strategy: LiveStrategy, feed: MarketDataFeed | null, own: OpenedFeed | null): FixParent {
  const { parentId } = deps;
  const drift = new DriftTracker({ predictedFillRate: SIM_MARKETABLE_FILL_RATE, predictedAckMs: SIM_ACK_MS });
  const book = feed?.book ?? new LevelBook();
  const venue = ownOrdersVenue(l.gw, book, drift, deps.clock);
  const path = new OrderPath(venue, l.scheduler, l.instrument, deps.limits, parentId, { killSwitch: deps.killSwitch, agentId: parentId });
  auditRiskDecisions(path, l.audit);
  const mid = book.mid();
  path.gate.mark(l.instrument.symbol, Number.isFinite(mid) ? mid : a.refPriceUnits!);
  const self: { p?: FixParent } = {};
  const emit = () => {
    if (self.p) deps.onDrift(driftViewOf(self.p));
  };
  let run: LiveParentRun;
  try {
    run = new LiveParentRun({
      parentId, label: `${l.name} via ${l.gw.name}`, instrument: l.instrument, scheduler: l.scheduler, path, book, priced: feed !== null,
      tape: own?.tape(l.scheduler) ?? (feed === l.md ? whileRunning(l.md.tape(l.scheduler), () => self.p?.run.ended ?? false) : null), side: a.side, quantity: a.quantity, horizonSec: a.horizonSec, strategy,
      refPriceUnits: a.refPriceUnits ?? null,
      onEnded: () => {
        own?.feed.stop();
        emit();
      },
    });
  } catch (e) {
    // A model folder the agent cannot load, a parameter an executor refuses: nothing was sent.
    throw new EngineError('validation', (e as Error).message, a.strategy === 'agent' ? 'agentModel' : 'strategy');
  }
  const p: FixParent = {
    parentId, sessionId: l.sessionId, quantity: a.quantity, path, run, drift, feed: feed?.name ?? null, agentDir: strategy.agentDir ?? null,
    alerts: () => driftViewOf(p).alerts,
    end: () => {
      if (!run.ended) run.kill();
      // The session is going (logout, shutdown): the run cannot hear from the venue any more.
      run.endNow();
      own?.feed.stop();
    },
  };
  self.p = p;
  path.onEvent(emit);
  return p;
}

/** A tape that stops delivering once `ended()` (the session's feed outlives its parents; a tape has no unsubscribe). */
function whileRunning(tape: TradeFeed, ended: () => boolean): TradeFeed {
  return { onTrade: (l) => tape.onTrade((t, px, size, aggr) => (ended() ? undefined : l(t, px, size, aggr))) };
}

/**
 * The gateway as one parent's venue: its book is the parent's feed's, only its own orders'
 * events reach it (the gateway serves every parent of the session), and each new order's submit
 * and acknowledgement times go to the drift tracker.
 */
function ownOrdersVenue(gw: FixGateway, book: LevelBook | MarketDataFeed['book'], drift: DriftTracker, clock: WallClock): Venue {
  const mine = new Set<string>();
  return {
    name: gw.name,
    book,
    submit: (req: OrderRequest) => {
      if (req.kind === 'new') {
        mine.add(req.clientOrderId);
        drift.sent(req.clientOrderId, clock.nowMs());
      }
      gw.submit(req);
    },
    onOrderEvent: (listener) =>
      gw.onOrderEvent((ev) => {
        if (!mine.has(ev.clientOrderId)) return;
        if (ev.type === 'OrderAccepted') drift.acked(ev.clientOrderId, clock.nowMs());
        listener(ev);
      }),
  };
}

/** A FIX parent's drift now: fill rate of its ended marketable children and median ack, against the simulation's. */
export function driftViewOf(p: FixParent): FixDriftWire {
  const children = p.path.oms.all().map((c) => ({
    clientOrderId: c.order.clientOrderId, size: c.order.size, filled: c.filled, terminal: TERMINAL_STATUSES.has(c.status),
    marketable: c.order.type === 'market' || c.order.tif === 'ioc',
  }));
  return { parentId: p.parentId, sessionId: p.sessionId, state: p.run.ended ? 'ended' : 'working', quantity: p.quantity, ...p.drift.snapshot(children) };
}
