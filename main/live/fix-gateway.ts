import { connect, type Socket } from 'node:net';
import { formatUnits, type InstrumentSpec } from '../domain/instrument.js';
import type { OrderEvent } from '../domain/order-events.js';
import type { OrderRequest } from '../domain/orders.js';
import type { Scheduler } from '../kernel/scheduler.js';
import type { BookView } from '../market/book/book-types.js';
import type { OrderEventListener, Venue } from '../market/venue/venue.js';
import { fixTimestamp, parseFixUnits, type FixField, type FixMessage } from './fix/fix-codec.js';
import { FixSession, type SessionEvent } from './fix/fix-session.js';
import type { SeqStore } from './fix/seq-store.js';
import { isSessionStore, type SessionStore } from './fix/session-store.js';
import { TAG, ordTypeToFix, sideToFix, tifToFix } from './fix-fields.js';
import type { AuditSink, EventRecord, ReconcileResult, RequestRecord } from './recovery/audit-records.js';
import type { RecoveredState, RestoredOrder } from './recovery/order-state.js';
import { compareStatus, statusRequestBody } from './recovery/reconcile.js';
import { systemClock, type WallClock } from './wall-driver.js';

/** Gateway configuration. Invariant: heartBtIntSec ≥ 1; port in [1, 65535]. */
export interface GatewayOptions {
  readonly host: string;
  readonly port: number;
  readonly senderCompId: string;
  readonly targetCompId: string;
  readonly heartBtIntSec: number;
  readonly resetOnLogon: boolean;
  /** Username (553) and Password (554) sent on Logon; absent = not sent. Read from here only: never stored, audited or logged. */
  readonly username?: string;
  readonly password?: string;
  /**
   * Sequence numbers; a `SessionStore` also keeps our sent messages (resends after a reconnect or
   * restart) and booked ExecIDs. Recovery needs a durable `SessionStore` and resetOnLogon false.
   */
  readonly store: SeqStore | SessionStore;
  /** Write-ahead audit of every request (before it is sent) and order event (before it is emitted). */
  readonly audit?: AuditSink;
  /** Reconnect this long after the connection drops without our Logout (none when absent). */
  readonly reconnectDelayMs?: number;
  /** The venue's answer to our OrderStatusRequest for each open order after every logon. */
  readonly onReconcile?: (r: ReconcileResult) => void;
  readonly instrument: InstrumentSpec;
  /** The market as the strategy sees it (a market-data feed; an empty book when prices are not needed). */
  readonly book: BookView;
  /** The engine's scheduler (wall-driven): event times are its `now`. */
  readonly scheduler: Scheduler;
  readonly clock?: WallClock;
  readonly onSessionEvent?: (ev: SessionEvent) => void;
  /** Application messages that are not order flow (market data W/X/Y, …), in sequence order. */
  readonly onOtherApp?: (m: FixMessage) => void;
}

/** One of our orders at the far venue (`RestoredOrder`: fixId = the ClOrdID the venue knows it by now; cancelIds = our cancel requests' ClOrdIDs). */
type GwOrder = RestoredOrder;

/**
 * A FIX 4.4 initiator that is a `Venue`: `OrderPath` (risk gate → OMS → venue) and every
 * strategy run on it unchanged. Requests become NewOrderSingle / OrderCancelRequest /
 * OrderCancelReplaceRequest (a cancel or replace gets a fresh ClOrdID `<id>~<n>`, OrigClOrdID =
 * the order's current one); ExecutionReports and OrderCancelRejects become `OrderEvent`s:
 * ExecType 0 → OrderAccepted, F → OrderFilled, 4 → OrderCancelled (`requested` when it answers
 * our cancel, `ioc` for an IOC order, else `session-end`), 5 → OrderReplaced, 8 → OrderRejected;
 * 35=9 → OrderCancelRejected; a session Reject (3) or BusinessMessageReject (j) of one of our
 * requests → OrderRejected (new) or OrderCancelRejected (cancel/replace).
 *
 * Recovery: `restore` seeds orders and booked ExecIDs from the audit log before `connect`; after
 * every logon an OrderStatusRequest (35=H) goes out per open order and its answer (ExecType I) is
 * compared with what we booked (`onReconcile`; an order the venue never received is rejected);
 * missed reports come back through the session's ResendRequest. With `reconnectDelayMs`, a
 * dropped connection is re-established (no sequence reset) until `disconnect`.
 *
 * Invariants: a fill is reported once per ExecID (a PossDup resend or a repeated report never
 * fills twice, also across restarts with a durable `SessionStore` or `restore`); with `audit`,
 * every request is audited before it is sent and every event before any listener sees it;
 * a request while not logged on is answered at once (OrderRejected /
 * OrderCancelRejected, reason `session: not logged on`), never dropped; events are delivered in
 * the order the venue sent them, timestamped with the scheduler's now.
 */
export class FixGateway implements Venue {
  readonly name: string;
  readonly book: BookView;
  private readonly listeners: OrderEventListener[] = [];
  private readonly orders = new Map<string, GwOrder>();
  private readonly byFixId = new Map<string, GwOrder>();
  /** MsgSeqNum of each request we sent → the order and the request kind (for rejects). */
  private readonly sentSeq = new Map<number, { order: GwOrder; kind: OrderRequest['kind'] }>();
  private readonly execIds = new Set<string>();
  private socket: Socket | null = null;
  private session: FixSession | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private readonly clock: WallClock;
  private readonly sessionStore: SessionStore | null;
  private stopping = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** ClOrdID of each OrderStatusRequest in flight → the order. */
  private readonly statusAsked = new Map<string, GwOrder>();
  /** Fills ignored because their ExecID was already seen. */
  duplicateFills = 0;
  /** ExecutionReports about no order we know (audited as `unmatched-execution-report`). */
  unmatchedReports = 0;

  constructor(private readonly opts: GatewayOptions) {
    this.name = `FIX ${opts.targetCompId}@${opts.host}:${opts.port}`;
    this.book = opts.book;
    this.clock = opts.clock ?? systemClock;
    this.sessionStore = isSessionStore(opts.store) ? opts.store : null;
  }

  /** Seeds orders and booked ExecIDs rebuilt from the audit log (call before `connect`). */
  restore(state: RecoveredState): void {
    for (const o of state.orders) {
      this.orders.set(o.order.clientOrderId, o);
      this.byFixId.set(o.order.clientOrderId, o);
      for (let i = 1; i <= o.chain; i++) this.byFixId.set(`${o.order.clientOrderId}~${i}`, o);
    }
    for (const id of state.execIds) this.execIds.add(id);
  }

  /** Orders not yet in a terminal state, as the gateway knows them. */
  openOrders(): readonly RestoredOrder[] {
    return [...this.orders.values()].filter((o) => !o.done);
  }

  get isLoggedOn(): boolean {
    return this.session?.isLoggedOn ?? false;
  }
  get seqState() {
    return this.session?.seqState ?? this.opts.store.load();
  }

  /** Connects and logs on; resolves once the venue's Logon arrives, rejects if the connection ends first. */
  connect(): Promise<void> {
    this.stopping = false;
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.opts.host, port: this.opts.port });
      socket.setNoDelay(true);
      this.socket = socket;
      let settled = false;
      const session = new FixSession(
        { senderCompId: this.opts.senderCompId, targetCompId: this.opts.targetCompId, role: 'initiator', heartBtIntSec: this.opts.heartBtIntSec, resetOnLogon: this.opts.resetOnLogon },
        this.opts.store,
        { send: (b) => socket.write(b, 'latin1'), close: () => socket.end() },
        this.clock,
        {
          onApp: (m, possDup) => this.onApp(m, possDup),
          onEvent: (e) => {
            if (e.type === 'logon' || e.type === 'logout' || e.type === 'resend-request-sent' || e.type === 'resend') this.opts.audit?.append('session', { ...e });
            this.opts.onSessionEvent?.(e);
            if (e.type === 'logon') {
              // After the session has answered the Logon (and asked for any gap): the status
              // requests follow the ResendRequest, so their answers come after the resent reports.
              const open = this.openOrders(); // those open at the logon, not orders placed after it
              setImmediate(() => this.reconcile(open));
              if (!settled) {
                settled = true;
                resolve();
              }
            }
          },
        },
        this.sessionStore ?? undefined,
      );
      this.session = session;
      socket.on('connect', () => session.logon(this.credentials()));
      socket.on('data', (d) => session.receive(d));
      socket.on('error', (e) => {
        if (!settled) {
          settled = true;
          reject(new Error(`FIX gateway ${this.opts.host}:${this.opts.port}: ${e.message}`));
        }
      });
      socket.on('close', () => {
        session.disconnected();
        if (this.ticker !== null) clearInterval(this.ticker);
        if (!this.stopping && this.opts.reconnectDelayMs !== undefined && this.session === session) this.scheduleReconnect();
        if (!settled) {
          settled = true;
          reject(new Error(`FIX gateway ${this.opts.host}:${this.opts.port}: connection closed before logon`));
        }
      });
      this.ticker = setInterval(() => session.tick(), 1000);
    });
  }

  private credentials(): FixField[] {
    const f: FixField[] = [];
    if (this.opts.username) f.push([553, this.opts.username]);
    if (this.opts.password) f.push([554, this.opts.password]);
    return f;
  }

  /** Logs out and waits for the connection to close (at most `timeoutMs`). */
  disconnect(timeoutMs = 2000): Promise<void> {
    this.stopping = true;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const s = this.socket;
    if (s === null || s.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        s.destroy();
      }, timeoutMs);
      s.once('close', () => {
        clearTimeout(t);
        if (this.ticker !== null) clearInterval(this.ticker);
        resolve();
      });
      if (this.session?.isLoggedOn) this.session.logout();
      else s.end();
    });
  }

  /** Asks the venue for the status of open orders (default: all; OrderStatusRequest); answers go to `onReconcile`. */
  reconcile(orders: readonly RestoredOrder[] = this.openOrders()): void {
    const s = this.session;
    if (s === null || !s.isLoggedOn) return;
    for (const o of orders) {
      if (o.done) continue;
      this.statusAsked.set(o.fixId, o);
      s.sendApp('H', statusRequestBody(o, this.opts.instrument.symbol));
    }
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer !== null) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.stopping) return;
      this.connect().catch(() => {}); // a failed attempt closes its socket, which schedules the next one
    }, this.opts.reconnectDelayMs);
  }

  onOrderEvent(listener: OrderEventListener): void {
    this.listeners.push(listener);
  }

  submit(req: OrderRequest): void {
    const s = this.session;
    if (req.kind === 'new') {
      const { kind: _k, ...order } = req;
      const o: GwOrder = { order, fixId: req.clientOrderId, cancelIds: [], chain: 0, filled: 0, done: false };
      this.orders.set(req.clientOrderId, o);
      this.byFixId.set(req.clientOrderId, o);
      this.auditRequest({ request: req, fixClOrdId: req.clientOrderId });
      if (s === null || !s.isLoggedOn) return this.emit({ type: 'OrderRejected', tsNs: this.now(), clientOrderId: req.clientOrderId, reason: 'session: not logged on' });
      const body: FixField[] = [[TAG.ClOrdID, req.clientOrderId], [TAG.Symbol, this.opts.instrument.symbol], [TAG.Side, sideToFix(req.side)], [TAG.TransactTime, fixTimestamp(this.clock.nowMs())], [TAG.OrderQty, this.qty(req.size)], [TAG.OrdType, ordTypeToFix(req.type)]];
      if (req.type === 'limit' && req.priceUnits !== undefined) body.push([TAG.Price, this.px(req.priceUnits)]);
      body.push([TAG.TimeInForce, tifToFix(req.tif)]);
      this.sentSeq.set(s.sendApp('D', body), { order: o, kind: 'new' });
      return;
    }
    const o = this.orders.get(req.clientOrderId);
    if (o === undefined || s === null || !s.isLoggedOn) {
      const reason = o === undefined ? `clientOrderId: no order "${req.clientOrderId}"` : 'session: not logged on';
      return this.emit({ type: 'OrderCancelRejected', tsNs: this.now(), clientOrderId: req.clientOrderId, reason });
    }
    const newId = `${o.order.clientOrderId}~${++o.chain}`;
    this.byFixId.set(newId, o);
    this.auditRequest({ request: req, fixClOrdId: newId });
    const body: FixField[] = [[TAG.OrigClOrdID, o.fixId], [TAG.ClOrdID, newId], [TAG.Symbol, this.opts.instrument.symbol], [TAG.Side, sideToFix(o.order.side)], [TAG.TransactTime, fixTimestamp(this.clock.nowMs())]];
    if (req.kind === 'cancel') {
      o.cancelIds.push(newId);
      this.sentSeq.set(s.sendApp('F', body), { order: o, kind: 'cancel' });
    } else {
      body.push([TAG.OrderQty, this.qty(req.size)], [TAG.OrdType, '2'], [TAG.Price, this.px(req.priceUnits)]);
      this.sentSeq.set(s.sendApp('G', body), { order: o, kind: 'replace' });
    }
  }

  /** Sends an application message that is not order flow (a MarketDataRequest); false when not logged on. */
  sendApp(msgType: string, body: readonly FixField[]): boolean {
    const s = this.session;
    if (s === null || !s.isLoggedOn) return false;
    s.sendApp(msgType, body);
    return true;
  }

  private onApp(m: FixMessage, _possDup: boolean): void {
    if (m.msgType === '8') this.onExecutionReport(m);
    else if (m.msgType === '9') {
      const o = this.byFixId.get(m.get(TAG.ClOrdID) ?? '') ?? this.byFixId.get(m.get(TAG.OrigClOrdID) ?? '');
      if (o !== undefined) this.emit({ type: 'OrderCancelRejected', tsNs: this.now(), clientOrderId: o.order.clientOrderId, reason: m.get(TAG.Text) ?? `CxlRejReason ${m.get(TAG.CxlRejReason) ?? '?'}` });
    } else if (m.msgType === '3' || m.msgType === 'j') {
      const ref = this.sentSeq.get(m.int(TAG.RefSeqNum) ?? -1);
      // Not about an order of ours (e.g. a MarketDataRequest the venue does not serve): its owner hears of it.
      if (ref === undefined) return this.opts.onOtherApp?.(m);
      const reason = `${m.msgType === '3' ? 'session reject' : 'business reject'}: ${m.get(TAG.Text) ?? `reason ${m.get(m.msgType === '3' ? TAG.SessionRejectReason : TAG.BusinessRejectReason) ?? '?'}`}`;
      if (ref.kind === 'new') {
        ref.order.done = true;
        this.emit({ type: 'OrderRejected', tsNs: this.now(), clientOrderId: ref.order.order.clientOrderId, reason });
      } else this.emit({ type: 'OrderCancelRejected', tsNs: this.now(), clientOrderId: ref.order.order.clientOrderId, reason });
    } else this.opts.onOtherApp?.(m);
  }

  private onExecutionReport(m: FixMessage): void {
    const clOrdId = m.get(TAG.ClOrdID) ?? '';
    const o = this.byFixId.get(clOrdId) ?? this.byFixId.get(m.get(TAG.OrigClOrdID) ?? '');
    if (m.get(TAG.ExecType) === 'I') return this.onStatus(clOrdId, m);
    if (o === undefined) {
      // Not ours as far as we know (every order we send is audited first): kept, not dropped silently.
      const ev = { type: 'unmatched-execution-report', clOrdId, execId: m.get(TAG.ExecID) ?? '', execType: m.get(TAG.ExecType) ?? '', lastQty: m.get(TAG.LastQty) ?? '', lastPx: m.get(TAG.LastPx) ?? '' };
      this.opts.audit?.append('session', ev);
      this.unmatchedReports++;
      return;
    }
    const execId = m.get(TAG.ExecID);
    if (execId !== undefined) {
      if (this.execIds.has(execId) || this.sessionStore?.hasExecId(execId) === true) {
        if (m.get(TAG.ExecType) === 'F') this.duplicateFills++;
        return;
      }
      this.execIds.add(execId);
    }
    const rec = { execId, fixClOrdId: clOrdId };
    const id = o.order.clientOrderId;
    const ts = this.now();
    const inst = this.opts.instrument;
    const leaves = parseFixUnits(m.get(TAG.LeavesQty) ?? '0', inst.sizeDecimals) ?? 0;
    switch (m.get(TAG.ExecType)) {
      case '0':
        this.emit({ type: 'OrderAccepted', tsNs: ts, clientOrderId: id, venueOrderId: m.get(TAG.OrderID) ?? '' }, rec);
        return;
      case '8':
        o.done = true;
        this.emit({ type: 'OrderRejected', tsNs: ts, clientOrderId: id, reason: m.get(TAG.Text) ?? `OrdRejReason ${m.get(TAG.OrdRejReason) ?? '?'}` }, rec);
        return;
      case 'F': {
        const px = parseFixUnits(m.get(TAG.LastPx) ?? '', inst.priceDecimals);
        const qty = parseFixUnits(m.get(TAG.LastQty) ?? '', inst.sizeDecimals);
        if (px === null || qty === null || qty <= 0) return; // unusable report: nothing to book (logged by the caller's session events)
        const commission = Number(m.get(TAG.Commission) ?? '0');
        const fee = Number.isFinite(commission) ? commission * 10 ** (inst.priceDecimals + inst.sizeDecimals) : 0;
        if (leaves === 0) o.done = true;
        o.filled += qty;
        this.emit({ type: 'OrderFilled', tsNs: ts, clientOrderId: id, side: o.order.side, priceUnits: px, size: qty, leaves, aggressor: m.get(TAG.LastLiquidityInd) !== '1', fee }, rec);
        return;
      }
      case '4': {
        o.done = true;
        const reason = o.cancelIds.includes(clOrdId) ? 'requested' : o.order.tif === 'ioc' || o.order.type === 'market' ? 'ioc' : 'session-end';
        this.emit({ type: 'OrderCancelled', tsNs: ts, clientOrderId: id, leaves: 0, reason }, rec);
        return;
      }
      case '5': {
        o.fixId = clOrdId;
        const price = parseFixUnits(m.get(TAG.Price) ?? '', inst.priceDecimals);
        const size = parseFixUnits(m.get(TAG.OrderQty) ?? '', inst.sizeDecimals);
        if (price === null || size === null) return;
        this.emit({ type: 'OrderReplaced', tsNs: ts, clientOrderId: id, priceUnits: price, size, leaves }, rec);
        return;
      }
      default:
        return;
    }
  }

  /** The venue's answer to an OrderStatusRequest: reported; an order the venue never received is rejected (it cannot fill). */
  private onStatus(clOrdId: string, m: FixMessage): void {
    const o = this.statusAsked.get(clOrdId);
    if (o === undefined) return;
    this.statusAsked.delete(clOrdId);
    const r = compareStatus(o, m, this.opts.instrument);
    this.opts.audit?.append('session', { type: 'reconcile', ...r });
    if (r.unknownAtVenue && !o.done && o.filled === 0) {
      o.done = true;
      this.emit({ type: 'OrderRejected', tsNs: this.now(), clientOrderId: o.order.clientOrderId, reason: 'reconcile: the venue never received this order' });
    }
    this.opts.onReconcile?.(r);
  }

  private auditRequest(r: RequestRecord): void {
    this.opts.audit?.append('request', { ...r });
  }

  private now(): number {
    return this.opts.scheduler.now;
  }
  private qty(units: number): string {
    return formatUnits(units, this.opts.instrument.sizeDecimals);
  }
  private px(units: number): string {
    return formatUnits(units, this.opts.instrument.priceDecimals);
  }
  /**
   * Write-ahead: the event is audited, then its ExecID recorded in the session store, then it is
   * emitted; a crash after the audit leaves the ExecID in the audit log (`restore` reads it back),
   * so the venue's resend is recognised either way.
   */
  private emit(ev: OrderEvent, rec: Omit<EventRecord, 'event'> = {}): void {
    const record: EventRecord = { event: ev, ...rec };
    this.opts.audit?.append('order-event', { ...record });
    if (rec.execId !== undefined) this.sessionStore?.addExecId(rec.execId);
    for (const l of this.listeners) l(ev);
  }
}
