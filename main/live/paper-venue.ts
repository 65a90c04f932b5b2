import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { InstrumentSpec } from '../domain/instrument.js';
import { replayPath } from '../execution/what-if/replay-path.js';
import { scenarioPath } from '../execution/what-if/scenario-path.js';
import type { PathSim } from '../execution/what-if/path-sim.js';
import { fixTimestamp, type FixMessage } from './fix/fix-codec.js';
import { FixSession, type SessionEvent } from './fix/fix-session.js';
import { MemoryMessageStore } from './fix/message-store.js';
import { FileSeqStore, MemorySeqStore, type SeqStore } from './fix/seq-store.js';
import { queueWhileDown } from './fix/session-store.js';
import { TAG } from './fix-fields.js';
import { MarketDataServer } from './market-data-server.js';
import { PaperOrders } from './paper-orders.js';
import { WallDriver, systemClock, type WallClock } from './wall-driver.js';

/** How a paper venue is set up. Invariant: port in [0, 65535] (0 = any free port). */
export interface PaperVenueOptions {
  readonly port: number;
  readonly host?: string;
  readonly scenario: string;
  /**
   * A recorded day (its files, as `backtest --data` takes one day) replayed instead of the
   * scenario: our orders trade against the replayed book (`replayPath`, with impact), from the
   * day's first event at wall-clock speed; `durationSec` does not apply.
   */
  readonly data?: readonly string[];
  readonly seed: number;
  /** How often market-data subscribers get an incremental refresh (default 100 ms; changes in between are conflated). */
  readonly mdIntervalMs?: number;
  /** Simulated session length (the scenario's timeline is scaled to it). */
  readonly durationSec: number;
  /**
   * Seconds of the scenario simulated at once before the venue accepts (default 20, at most half
   * the session): an agent-based session starts with an empty book, and a client that logs on at
   * wall time 0 would trade into it (a market order for 100 found 0-45 shares). Not used with `data`.
   */
  readonly warmupSec?: number;
  /** The symbol orders must carry (default: the scenario's). */
  readonly symbol?: string;
  /** Our SenderCompID (default SLIPVENUE) and the one client we accept (default SLIPSTREAM). */
  readonly senderCompId?: string;
  readonly targetCompId?: string;
  /** Folder of the per-session sequence-number files; null keeps them in memory. */
  readonly storeDir: string | null;
  readonly clock?: WallClock;
  readonly log?: (line: string) => void;
}

/**
 * The agent-based market behind a FIX 4.4 acceptor: one client session at a time (a second
 * connection while one is logged on is closed), the market advanced with the wall clock, our
 * client's orders entering the same exchange as the background agents (`GenerativeVenue`, its
 * latency and fill rules). Every order is acknowledged (ExecType New) before any fill, because
 * the venue emits OrderAccepted first and delivers its events in order (FIFO). Reports produced
 * while the client is disconnected are numbered and kept, and resent when it logs on again
 * without a sequence reset; OrderStatusRequest is answered (`PaperOrders`).
 */
export class PaperVenue {
  readonly sim: PathSim;
  readonly instrument: InstrumentSpec;
  readonly senderCompId: string;
  readonly targetCompId: string;
  private readonly server: Server;
  private readonly driver: WallDriver;
  private readonly clock: WallClock;
  private readonly store: SeqStore;
  private session: FixSession | null = null;
  private socket: Socket | null = null;
  private orders: PaperOrders;
  private ticker: NodeJS.Timeout | null = null;
  private mdTimer: NodeJS.Timeout | null = null;
  /** FIX market data (V → W/X, Y) of the current client session; null while none is connected. */
  private md: MarketDataServer | null = null;
  private readonly log: (line: string) => void;
  /** Session events so far (for tests and the CLI's log). */
  readonly events: SessionEvent[] = [];
  /** Every fill we reported (the venue's own record, to reconcile a client against), in order. */
  readonly fills: Array<{ readonly execId: string; readonly clOrdId: string; readonly lastQty: string }> = [];
  /**
   * Sent application messages, kept across connections of this process: reports produced while
   * the client is disconnected are queued here under the next sequence numbers and resent when
   * its next Logon (without reset) finds the gap.
   */
  private readonly sent = new MemoryMessageStore();

  constructor(private readonly opts: PaperVenueOptions) {
    this.sim = opts.data !== undefined ? replayPath(opts.data, opts.seed, true, true) : scenarioPath(opts.scenario, opts.durationSec, opts.seed, false);
    // A replayed day starts at its first event (wall time 0 = that instant); a scenario after its
    // warm-up, so the first client meets a populated book (the wall driver starts from here).
    const warmupNs = opts.data !== undefined ? 0 : Math.min(opts.warmupSec ?? 20, opts.durationSec / 2) * 1e9;
    this.sim.advanceTo(this.sim.startNs + warmupNs);
    this.instrument = opts.symbol ? { ...this.sim.instrument, symbol: opts.symbol } : this.sim.instrument;
    this.senderCompId = opts.senderCompId ?? 'SLIPVENUE';
    this.targetCompId = opts.targetCompId ?? 'SLIPSTREAM';
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? (() => {});
    this.store = opts.storeDir === null ? new MemorySeqStore() : new FileSeqStore(join(opts.storeDir, `${this.senderCompId}-${this.targetCompId}.seq.json`));
    this.store.load(); // a corrupt file is an error now, not at the first logon
    // ExecIDs carry the venue's start time: unique across restarts of the venue process.
    this.orders = new PaperOrders(this.instrument, () => fixTimestamp(this.clock.nowMs()), `X${this.clock.nowMs().toString(36)}.`);
    this.driver = new WallDriver(this.sim.scheduler, this.clock, (t) => this.sim.advanceTo(Math.min(t, this.sim.endNs)));
    this.sim.venue.onOrderEvent((ev) => {
      const out = this.orders.outbound(ev);
      if (out === null) return;
      if (out.msgType === '8' && out.body.some(([t, v]) => t === TAG.ExecType && v === 'F')) {
        const get = (tag: number) => out.body.find(([t]) => t === tag)?.[1] ?? '';
        this.fills.push({ execId: get(TAG.ExecID), clOrdId: get(TAG.ClOrdID), lastQty: get(TAG.LastQty) });
      }
      if (this.session?.isLoggedOn) this.session.sendApp(out.msgType, out.body);
      else queueWhileDown(this.store, this.sent, out.msgType, out.body, fixTimestamp(this.clock.nowMs()));
    });
    // Trades printed on the market go to market-data subscribers that asked for them (POV's tape).
    this.sim.trades?.onTrade((_t, priceUnits, size) => this.md?.onTrade(priceUnits, size));
    this.server = createServer((s) => this.accept(s));
  }

  /** Starts listening and the market clock; resolves with the port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host ?? '127.0.0.1', () => {
        this.driver.start();
        this.ticker = setInterval(() => this.session?.tick(), 1000);
        this.mdTimer = setInterval(() => this.md?.publish(), this.opts.mdIntervalMs ?? 100);
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr !== null ? addr.port : this.opts.port);
      });
    });
  }

  close(): Promise<void> {
    this.driver.stop();
    if (this.ticker !== null) clearInterval(this.ticker);
    if (this.mdTimer !== null) clearInterval(this.mdTimer);
    if (this.session?.isLoggedOn) this.session.logout('venue closing');
    this.socket?.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Drops the client's connection without a Logout (a network failure, for operations and tests). */
  dropClient(): void {
    this.socket?.destroy();
    this.session?.disconnected(); // down now: reports from here on are queued for resend, not written
  }

  private accept(socket: Socket): void {
    if (this.session !== null && this.socket !== null && !this.socket.destroyed) {
      this.log(`refused a second connection from ${socket.remoteAddress ?? '?'}: a session is active`);
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    this.socket = socket;
    const session = new FixSession(
      { senderCompId: this.senderCompId, targetCompId: this.targetCompId, role: 'acceptor', heartBtIntSec: 30 },
      this.store,
      { send: (b) => socket.write(b, 'latin1'), close: () => socket.end() },
      this.clock,
      {
        onApp: (m) => this.onApp(session, m),
        onEvent: (e) => {
          this.events.push(e);
          this.log(`session ${e.type}${'reason' in e ? `: ${e.reason}` : 'error' in e ? `: ${e.error}` : ''}`);
        },
      },
      this.sent,
    );
    this.session = session;
    this.md = new MarketDataServer(this.sim.venue.book, this.instrument, (m) => {
      if (session.isLoggedOn) session.sendApp(m.msgType, m.body); // market data is not queued for a client that is away
    });
    const md = this.md;
    socket.on('data', (d) => {
      session.receive(d);
      this.driver.step();
    });
    socket.on('close', () => {
      md.reset();
      session.disconnected();
    });
    socket.on('error', (e) => this.log(`connection error: ${e.message}`));
  }

  private onApp(session: FixSession, msg: FixMessage): void {
    if (msg.msgType === '3' || msg.msgType === 'j') return; // the client rejected something of ours: logged as a session event
    if (msg.msgType === 'V') return this.md?.onRequest(msg);
    const r = this.orders.inbound(msg);
    switch (r.kind) {
      case 'submit':
        this.sim.venue.submit(r.req);
        return;
      case 'reply':
        session.sendApp(r.msgType, r.body);
        return;
      case 'session-reject':
        session.rejectMessage(msg, r.tag, r.text);
        return;
      case 'business-reject':
        session.sendApp('j', [[45, String(msg.int(34) ?? 0)], [372, msg.msgType], [380, '3'], [58, r.text]]);
    }
  }
}

