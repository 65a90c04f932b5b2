import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { FixDriftWire, FixSessionStateWire, FixStart } from '../contract/fix-live.js';
import type { InstrumentSpec } from '../domain/instrument.js';
import { TERMINAL_STATUSES } from '../domain/order-status.js';
import { SimExecutionContext } from '../execution/execution-context.js';
import { OrderPath } from '../execution/order-path.js';
import { Scheduler } from '../kernel/scheduler.js';
import { LevelBook } from '../market/book/level-book.js';
import type { OrderRequest } from '../domain/orders.js';
import type { Venue } from '../market/venue/venue.js';
import { FileSessionStore } from '../live/fix/session-store-file.js';
import { FixGateway } from '../live/fix-gateway.js';
import { rebuildFromAudit } from '../live/recovery/order-state.js';
import { auditRiskDecisions } from '../live/recovery/audit-path.js';
import { WallDriver, systemClock, type WallClock } from '../live/wall-driver.js';
import { MarketTwap } from '../cli/live-command-twap.js';
import { AuditLog } from '../store/audit-log.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../risk/risk-limits.js';
import { KillSwitch } from '../risk/kill-switch.js';
import { DriftTracker, SIM_ACK_MS, SIM_MARKET_IOC_FILL_RATE } from './drift.js';
import { EngineError } from './engine-error.js';
import type { z } from 'zod';
import type { FixWorkArgsSchema } from '../contract/fix-live.js';

/** Folder (under the engine's data folder) holding one sub-folder per session: `audit.log` and `session.log`. */
export const FIX_FOLDER = 'fix';
const EVENTS_KEPT = 50;
/** How often the sequence numbers and traffic times are looked at (the session exposes no per-message hook). */
const POLL_MS = 250;

type WorkArgs = z.infer<typeof FixWorkArgsSchema>;

interface LiveParent {
  readonly parentId: string;
  readonly sessionId: string;
  readonly quantity: number;
  readonly path: OrderPath;
  readonly twap: MarketTwap;
  readonly drift: DriftTracker;
  ended: boolean;
}

interface Live {
  readonly start: Omit<FixStart, 'password'>;
  readonly instrument: InstrumentSpec;
  readonly gw: FixGateway;
  readonly scheduler: Scheduler;
  readonly driver: WallDriver;
  readonly audit: AuditLog;
  readonly store: FileSessionStore;
  readonly poll: NodeJS.Timeout;
  state: FixSessionStateWire['state'];
  lastInMs: number | null;
  lastOutMs: number | null;
  lastError: string | null;
  events: string[];
  seen: { nextIn: number; nextOut: number };
  parent: LiveParent | null;
}

/**
 * The engine's live FIX sessions (`fix.*`): one `FixGateway` per connected session, with its
 * write-ahead audit log and durable session store under `<dataDir>/fix/<sessionId>/`, so a
 * restarted engine restores its orders and ExecIDs and logs on without a reset (unless the
 * session says `resetOnLogon`). Parents are worked with the CLI's wiring (`OrderPath`: the same
 * risk gate and OMS; `MarketTwap`: market IOCs, no prices needed).
 * Invariants: the password goes to the gateway's Logon only — no state, event or error carries
 * it; every state change is emitted (`onState`); one working parent per session at a time.
 */
export class FixSessions {
  private readonly live = new Map<string, Live>();
  private readonly parents: LiveParent[] = [];
  private seq = 0;

  constructor(
    private readonly dataDir: string,
    private readonly onState: (s: FixSessionStateWire) => void,
    private readonly onDrift: (d: FixDriftWire) => void,
    private readonly limits: () => RiskLimits = () => DEFAULT_RISK_LIMITS,
    /** The engine's kill switches: the global one stops FIX parents too; each parent has its own agent scope. */
    private readonly killSwitch: KillSwitch = new KillSwitch(),
    private readonly clock: WallClock = systemClock,
  ) {}

  /** Connects and logs on; resolves with the state once logged on. A session already logged on is answered as it is. */
  async connect(start: FixStart | undefined, sessionId: string, inst: { symbol: string; priceDecimals: number; sizeDecimals: number }): Promise<FixSessionStateWire> {
    if (start === undefined || start.id !== sessionId) throw new EngineError('validation', `fix.connect: the host gave no stored session for ${sessionId}`, 'sessionId');
    const had = this.live.get(sessionId);
    if (had?.state === 'logged-on' || had?.state === 'connecting') return this.view(had);
    if (had) clearInterval(had.poll);
    const { password, ...fields } = start;
    const dir = join(this.dataDir, FIX_FOLDER, sessionId);
    // Opened once per engine run and kept: a late message of a closed connection must still find them open.
    const audit = had?.audit ?? AuditLog.open(join(dir, 'audit.log'));
    const store = had?.store ?? new FileSessionStore(join(dir, 'session.log'));
    const scheduler = new Scheduler();
    const instrument: InstrumentSpec = { symbol: inst.symbol, venue: fields.targetCompId, priceDecimals: inst.priceDecimals, sizeDecimals: inst.sizeDecimals, tickSizeUnits: 1 };
    // The gateway's callbacks reach the session's record once it exists (it holds the gateway).
    const ref: { l?: Live } = {};
    const gw = new FixGateway({
      host: fields.host, port: fields.port, senderCompId: fields.senderCompId, targetCompId: fields.targetCompId, heartBtIntSec: fields.heartBtIntSec,
      resetOnLogon: fields.resetOnLogon, ...(fields.username ? { username: fields.username } : {}), ...(password ? { password } : {}),
      store, audit, instrument, book: new LevelBook(), scheduler, clock: this.clock,
      onSessionEvent: (e) => {
        const l = ref.l;
        if (l === undefined) return;
        l.events = [...l.events, e.type].slice(-EVENTS_KEPT);
        if (e.type === 'logon') l.state = 'logged-on';
        if (e.type === 'logout') {
          l.state = 'disconnected';
          if (e.reason) l.lastError = `logout: ${e.reason}`;
        }
        if (e.type === 'rejected-in' || e.type === 'reject-sent' || e.type === 'garbled') l.lastError = `${e.type}: ${'reason' in e ? e.reason : e.error}`;
        this.changed(l);
      },
    });
    // Orders and booked ExecIDs from a previous run of this engine (nothing is booked twice).
    gw.restore(rebuildFromAudit(audit.recovered));
    const driver = new WallDriver(scheduler, this.clock);
    const poll = setInterval(() => this.pollTraffic(ref.l), POLL_MS);
    const l: Live = { start: fields, instrument, gw, scheduler, driver, audit, store, poll, state: 'connecting', lastInMs: null, lastOutMs: null, lastError: null, events: [], seen: gw.seqState, parent: null };
    ref.l = l;
    this.live.set(sessionId, l);
    this.changed(l);
    try {
      await gw.connect();
    } catch (e) {
      l.state = 'disconnected';
      l.lastError = e instanceof Error ? e.message : String(e);
      this.changed(l);
      throw new EngineError('state', `FIX session "${fields.name}": ${l.lastError}`, 'sessionId');
    }
    driver.start();
    l.state = 'logged-on';
    this.changed(l);
    return this.view(l);
  }

  /** Cancels the open children (kill switch), logs out and waits for the line to close. */
  async disconnect(sessionId: string): Promise<{ changed: boolean }> {
    const l = this.live.get(sessionId);
    if (!l || l.state === 'disconnected') return { changed: false };
    if (l.parent && !l.parent.ended) {
      l.parent.twap.finish();
      // This parent's own switch: cancels its open children, leaves every other parent alone.
      l.parent.path.killSwitch.set({ agent: l.parent.parentId }, true);
      const open = () => l.parent!.path.oms.all().some((c) => !TERMINAL_STATUSES.has(c.status));
      for (let i = 0; i < 100 && open(); i++) await new Promise((r) => setTimeout(r, 20));
    }
    await l.gw.disconnect();
    l.state = 'disconnected';
    clearInterval(l.poll);
    l.driver.stop();
    this.changed(l);
    return { changed: true };
  }

  list(): FixSessionStateWire[] {
    return [...this.live.values()].map((l) => this.view(l));
  }

  /** Starts a TWAP of market IOCs through a logged-on session; its drift is tracked child by child. */
  work(a: WorkArgs): { parentId: string } {
    const l = this.live.get(a.sessionId);
    if (!l || l.state !== 'logged-on') throw new EngineError('state', `FIX session ${a.sessionId} is not logged on`, 'sessionId');
    if (l.parent && !l.parent.ended) throw new EngineError('state', `FIX session ${a.sessionId} is already working parent ${l.parent.parentId}`, 'sessionId');
    const instrument = l.instrument;
    const parentId = `F${++this.seq}-${randomUUID().slice(0, 6)}`;
    const drift = new DriftTracker({ predictedFillRate: SIM_MARKET_IOC_FILL_RATE, predictedAckMs: SIM_ACK_MS });
    const venue = this.timedVenue(l.gw, drift);
    const path = new OrderPath(venue, l.scheduler, instrument, this.limits(), parentId, { killSwitch: this.killSwitch, agentId: parentId });
    auditRiskDecisions(path, l.audit);
    path.gate.mark(instrument.symbol, a.refPriceUnits);
    const ctx = new SimExecutionContext(instrument, new LevelBook(), path, l.scheduler);
    const twap = new MarketTwap(ctx, a.side === 'buy' ? 1 : -1, a.quantity, a.horizonSec * 1e9, a.slices, 'fix-twap');
    const p: LiveParent = { parentId, sessionId: a.sessionId, quantity: a.quantity, path, twap, drift, ended: false };
    path.onEvent(() => this.onDrift(this.driftView(p)));
    const watch = setInterval(() => {
      if (twap.finished || l.state === 'disconnected') {
        p.ended = true;
        clearInterval(watch);
        this.onDrift(this.driftView(p));
      }
    }, 100);
    l.parent = p;
    this.parents.push(p);
    twap.start();
    return { parentId };
  }

  drift(): FixDriftWire[] {
    return this.parents.map((p) => this.driftView(p));
  }

  /** Logs every session out (200 ms grace), then closes its files. */
  dispose(): void {
    for (const l of this.live.values()) {
      clearInterval(l.poll);
      l.driver.stop();
      void l.gw.disconnect(200).finally(() => this.closeFiles(l));
    }
  }

  /** The gateway with the wall time of each submit and of its acknowledgement recorded. */
  private timedVenue(gw: FixGateway, drift: DriftTracker): Venue {
    gw.onOrderEvent((ev) => {
      if (ev.type === 'OrderAccepted') drift.acked(ev.clientOrderId, this.clock.nowMs());
    });
    return {
      name: gw.name,
      book: gw.book,
      submit: (req: OrderRequest) => {
        if (req.kind === 'new') drift.sent(req.clientOrderId, this.clock.nowMs());
        gw.submit(req);
      },
      onOrderEvent: (listener) => gw.onOrderEvent(listener),
    };
  }

  private pollTraffic(l: Live | undefined): void {
    if (l === undefined) return;
    const s = l.gw.seqState;
    const now = this.clock.nowMs();
    const moved = s.nextIn !== l.seen.nextIn || s.nextOut !== l.seen.nextOut;
    if (s.nextIn !== l.seen.nextIn) l.lastInMs = now;
    if (s.nextOut !== l.seen.nextOut) l.lastOutMs = now;
    l.seen = { nextIn: s.nextIn, nextOut: s.nextOut };
    if (moved) this.changed(l);
  }

  private closeFiles(l: Live): void {
    try {
      l.audit.close();
      l.store.close();
    } catch {
      // already closed
    }
  }

  private changed(l: Live): void {
    this.onState(this.view(l));
  }

  private view(l: Live): FixSessionStateWire {
    const s = l.gw.seqState;
    const f = l.start;
    return {
      sessionId: f.id, name: f.name, state: l.state, host: f.host, port: f.port, senderCompId: f.senderCompId, targetCompId: f.targetCompId, symbol: l.instrument.symbol,
      nextIn: s.nextIn, nextOut: s.nextOut, lastInMs: l.lastInMs, lastOutMs: l.lastOutMs, lastError: l.lastError, events: [...l.events],
    };
  }

  private driftView(p: LiveParent): FixDriftWire {
    const children = p.path.oms.all().map((c) => ({ clientOrderId: c.order.clientOrderId, size: c.order.size, filled: c.filled, terminal: TERMINAL_STATUSES.has(c.status) }));
    return { parentId: p.parentId, sessionId: p.sessionId, state: p.ended ? 'ended' : 'working', quantity: p.quantity, ...p.drift.snapshot(children) };
  }
}
