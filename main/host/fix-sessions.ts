import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { FixDriftWire, FixSessionStateWire, FixStart } from '../contract/fix-live.js';
import type { InstrumentSpec } from '../domain/instrument.js';
import { TERMINAL_STATUSES } from '../domain/order-status.js';
import { Scheduler } from '../kernel/scheduler.js';
import { FileSessionStore } from '../live/fix/session-store-file.js';
import { FixMarketDataFeed } from '../live/feeds/fix-md-feed.js';
import { FixGateway } from '../live/fix-gateway.js';
import { rebuildFromAudit } from '../live/recovery/order-state.js';
import { WallDriver, systemClock, type WallClock } from '../live/wall-driver.js';
import { AuditLog } from '../store/audit-log.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../risk/risk-limits.js';
import { KillSwitch } from '../risk/kill-switch.js';
import { EngineError } from './engine-error.js';
import { startFixParent, driftViewOf, type FixParent, type FixWorkArgs, type LiveSession } from './fix-sessions-work.js';
import type { ModelSummary } from './models-handler.js';

/** Folder (under the engine's data folder) holding one sub-folder per session: `audit.log` and `session.log`. */
export const FIX_FOLDER = 'fix';
const EVENTS_KEPT = 50;
/** How often the sequence numbers and traffic times are looked at (the session exposes no per-message hook). */
const POLL_MS = 250;

/** Depth of the FIX market-data subscription a session's parents price from. */
const MD_DEPTH = 10;

/** A connected (or since disconnected) session: its gateway, files, clock, FIX market-data feed and state. */
interface Live extends LiveSession {
  readonly start: Omit<FixStart, 'password'>;
  readonly scheduler: Scheduler;
  readonly driver: WallDriver;
  readonly store: FileSessionStore;
  readonly poll: NodeJS.Timeout;
  lastInMs: number | null;
  lastOutMs: number | null;
  lastError: string | null;
  events: string[];
  seen: { nextIn: number; nextOut: number };
}

/** What the engine gives the FIX sessions: emitters, the risk limits and kill switches, the model registry, the wall clock. */
export interface FixSessionsHooks {
  readonly onState: (s: FixSessionStateWire) => void;
  readonly onDrift: (d: FixDriftWire) => void;
  readonly limits?: () => RiskLimits;
  /** The engine's kill switches: the global one stops FIX parents too; each parent has its own agent scope. */
  readonly killSwitch?: KillSwitch;
  /** The models an agent parent may name (`agentModel`: an id or a path from this list). */
  readonly models?: () => ModelSummary[];
  /** A chosen model folder outside `models` (an uploaded one): the engine's file-access check, answering the folder (its error names `agentModel`). */
  readonly checkModelFolder?: (path: string) => string;
  readonly clock?: WallClock;
}

/**
 * The engine's live FIX sessions (`fix.*`): one `FixGateway` per connected session, with its
 * write-ahead audit log and durable session store under `<dataDir>/fix/<sessionId>/`, so a
 * restarted engine restores its orders and ExecIDs and logs on without a reset (unless the
 * session says `resetOnLogon`). Each session has a FIX market-data feed on the same line
 * (MarketDataRequest sent on the first parent that asks for `md: fix`). Parents are worked with
 * the CLI's strategies and wiring (`fix-sessions-work.ts`) and supervised like simulated ones
 * (`supervised()`, read by `SupervisionService`).
 * Invariants: the password goes to the gateway's Logon only — no state, event or error carries
 * it; every state change is emitted (`onState`); several parents may work on one session at
 * once, each with its own order path (gate, OMS), seeing only its own orders' events.
 */
export class FixSessions {
  private readonly live = new Map<string, Live>();
  private readonly parents = new Map<string, FixParent>();
  private seq = 0;
  private readonly limits: () => RiskLimits;
  private readonly killSwitch: KillSwitch;
  private readonly clock: WallClock;

  constructor(
    private readonly dataDir: string,
    private readonly hooks: FixSessionsHooks,
  ) {
    this.limits = hooks.limits ?? (() => DEFAULT_RISK_LIMITS);
    this.killSwitch = hooks.killSwitch ?? new KillSwitch();
    this.clock = hooks.clock ?? systemClock;
  }

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
    // FIX market data rides this session: the feed's book is the gateway's (the gate marks prices from it).
    // Trades are asked for too (POV's tape, the agent's flow features); a venue that serves none is asked for the book alone.
    const md = new FixMarketDataFeed(instrument, (t, b) => ref.l?.gw.sendApp(t, b) ?? false, MD_DEPTH, `MD-${sessionId}`, { trades: true });
    const gw = new FixGateway({
      host: fields.host, port: fields.port, senderCompId: fields.senderCompId, targetCompId: fields.targetCompId, heartBtIntSec: fields.heartBtIntSec,
      resetOnLogon: fields.resetOnLogon, ...(fields.username ? { username: fields.username } : {}), ...(password ? { password } : {}),
      store, audit, instrument, book: md.book, scheduler, clock: this.clock,
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
      onOtherApp: (m) => md.onMessage(m),
    });
    // Orders and booked ExecIDs from a previous run of this engine (nothing is booked twice).
    gw.restore(rebuildFromAudit(audit.recovered));
    const driver = new WallDriver(scheduler, this.clock);
    const poll = setInterval(() => this.pollTraffic(ref.l), POLL_MS);
    const l: Live = {
      sessionId, name: fields.name, start: fields, instrument, gw, scheduler, driver, audit, store, poll, md, mdStarted: null,
      state: 'connecting', lastInMs: null, lastOutMs: null, lastError: null, events: [], seen: gw.seqState,
    };
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

  /** Kills the session's working parents (their open children are cancelled, waiting up to 2 s for the answers), logs out and waits for the line to close. */
  async disconnect(sessionId: string): Promise<{ changed: boolean }> {
    const l = this.live.get(sessionId);
    if (!l || l.state === 'disconnected') return { changed: false };
    const mine = [...this.parents.values()].filter((p) => p.sessionId === sessionId && !p.run.ended);
    for (const p of mine) p.run.kill();
    const open = () => mine.some((p) => p.path.oms.all().some((c) => !TERMINAL_STATUSES.has(c.status)));
    for (let i = 0; i < 100 && open(); i++) await new Promise((r) => setTimeout(r, 20));
    if (l.md.state === 'live' || l.md.state === 'syncing') l.md.stop();
    await l.gw.disconnect();
    l.state = 'disconnected';
    clearInterval(l.poll);
    l.driver.stop();
    for (const p of mine) p.end();
    this.changed(l);
    return { changed: true };
  }

  list(): FixSessionStateWire[] {
    return [...this.live.values()].map((l) => this.view(l));
  }

  /** Starts a parent through a logged-on session with any strategy (`fix-sessions-work.ts`); resolves once its strategy has started. */
  async work(a: FixWorkArgs): Promise<{ parentId: string }> {
    const l = this.live.get(a.sessionId);
    if (!l || l.state !== 'logged-on') throw new EngineError('state', `FIX session ${a.sessionId} is not logged on`, 'sessionId');
    // The parent id prefixes its children's ClOrdIDs: random, so a restarted engine never reuses one its audit log restored.
    const parentId = `F${++this.seq}-${randomUUID().slice(0, 6)}`;
    const p = await startFixParent(l, a, {
      parentId, limits: this.limits(), killSwitch: this.killSwitch, clock: this.clock, models: this.hooks.models ?? (() => []),
      ...(this.hooks.checkModelFolder ? { checkModelFolder: this.hooks.checkModelFolder } : {}),
      onDrift: (d) => this.hooks.onDrift(d),
    });
    this.parents.set(parentId, p);
    return { parentId };
  }

  drift(): FixDriftWire[] {
    return [...this.parents.values()].map((p) => driftViewOf(p));
  }

  /** The FIX parents of this engine session (working and ended), oldest first: what the Agents screen supervises. */
  supervised(): ReadonlyMap<string, FixParent> {
    return this.parents;
  }

  /** Logs every session out (200 ms grace), then closes its files. */
  dispose(): void {
    for (const p of this.parents.values()) p.end();
    for (const l of this.live.values()) {
      clearInterval(l.poll);
      l.driver.stop();
      void l.gw.disconnect(200).finally(() => this.closeFiles(l));
    }
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
    this.hooks.onState(this.view(l));
  }

  private view(l: Live): FixSessionStateWire {
    const s = l.gw.seqState;
    const f = l.start;
    return {
      sessionId: f.id, name: f.name, state: l.state, host: f.host, port: f.port, senderCompId: f.senderCompId, targetCompId: f.targetCompId, symbol: l.instrument.symbol,
      priceDecimals: l.instrument.priceDecimals, sizeDecimals: l.instrument.sizeDecimals, nextIn: s.nextIn, nextOut: s.nextOut, lastInMs: l.lastInMs, lastOutMs: l.lastOutMs, lastError: l.lastError, events: [...l.events],
    };
  }
}
