import { connect, type Socket } from 'node:net';
import { formatUnits, type InstrumentSpec } from '../domain/instrument.js';
import type { OrderEvent } from '../domain/order-events.js';
import type { NewOrder, OrderRequest } from '../domain/orders.js';
import type { Scheduler } from '../kernel/scheduler.js';
import type { BookView } from '../market/book/book-types.js';
import type { OrderEventListener, Venue } from '../market/venue/venue.js';
import { fixTimestamp, parseFixUnits, type FixField, type FixMessage } from './fix/fix-codec.js';
import { FixSession, type SessionEvent } from './fix/fix-session.js';
import type { SeqStore } from './fix/seq-store.js';
import { TAG, ordTypeToFix, sideToFix, tifToFix } from './fix-fields.js';
import { systemClock, type WallClock } from './wall-driver.js';

/** Gateway configuration. Invariant: heartBtIntSec ≥ 1; port in [1, 65535]. */
export interface GatewayOptions {
  readonly host: string;
  readonly port: number;
  readonly senderCompId: string;
  readonly targetCompId: string;
  readonly heartBtIntSec: number;
  readonly resetOnLogon: boolean;
  readonly store: SeqStore;
  readonly instrument: InstrumentSpec;
  /** The market as the strategy sees it (a market-data feed; an empty book when prices are not needed). */
  readonly book: BookView;
  /** The engine's scheduler (wall-driven): event times are its `now`. */
  readonly scheduler: Scheduler;
  readonly clock?: WallClock;
  readonly onSessionEvent?: (ev: SessionEvent) => void;
}

/** One of our orders at the far venue. Invariant: `fixId` is the ClOrdID the venue knows the order by now. */
interface GwOrder {
  readonly order: NewOrder;
  fixId: string;
  /** ClOrdIDs of our cancel requests (an ExecType Canceled carrying one is `requested`). */
  readonly cancelIds: Set<string>;
  chain: number;
  done: boolean;
}

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
 * Invariants: a fill is reported once per ExecID (a PossDup resend or a repeated report never
 * fills twice); a request while not logged on is answered at once (OrderRejected /
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
  /** Fills ignored because their ExecID was already seen. */
  duplicateFills = 0;

  constructor(private readonly opts: GatewayOptions) {
    this.name = `FIX ${opts.targetCompId}@${opts.host}:${opts.port}`;
    this.book = opts.book;
    this.clock = opts.clock ?? systemClock;
  }

  get isLoggedOn(): boolean {
    return this.session?.isLoggedOn ?? false;
  }
  get seqState() {
    return this.session?.seqState ?? this.opts.store.load();
  }

  /** Connects and logs on; resolves once the venue's Logon arrives, rejects if the connection ends first. */
  connect(): Promise<void> {
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
            this.opts.onSessionEvent?.(e);
            if (e.type === 'logon' && !settled) {
              settled = true;
              resolve();
            }
          },
        },
      );
      this.session = session;
      socket.on('connect', () => session.logon());
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
        if (!settled) {
          settled = true;
          reject(new Error(`FIX gateway ${this.opts.host}:${this.opts.port}: connection closed before logon`));
        }
      });
      this.ticker = setInterval(() => session.tick(), 1000);
    });
  }

  /** Logs out and waits for the connection to close (at most `timeoutMs`). */
  disconnect(timeoutMs = 2000): Promise<void> {
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

  onOrderEvent(listener: OrderEventListener): void {
    this.listeners.push(listener);
  }

  submit(req: OrderRequest): void {
    const s = this.session;
    if (req.kind === 'new') {
      const o: GwOrder = { order: req, fixId: req.clientOrderId, cancelIds: new Set(), chain: 0, done: false };
      this.orders.set(req.clientOrderId, o);
      this.byFixId.set(req.clientOrderId, o);
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
    const body: FixField[] = [[TAG.OrigClOrdID, o.fixId], [TAG.ClOrdID, newId], [TAG.Symbol, this.opts.instrument.symbol], [TAG.Side, sideToFix(o.order.side)], [TAG.TransactTime, fixTimestamp(this.clock.nowMs())]];
    if (req.kind === 'cancel') {
      o.cancelIds.add(newId);
      this.sentSeq.set(s.sendApp('F', body), { order: o, kind: 'cancel' });
    } else {
      body.push([TAG.OrderQty, this.qty(req.size)], [TAG.OrdType, '2'], [TAG.Price, this.px(req.priceUnits)]);
      this.sentSeq.set(s.sendApp('G', body), { order: o, kind: 'replace' });
    }
  }

  private onApp(m: FixMessage, _possDup: boolean): void {
    if (m.msgType === '8') this.onExecutionReport(m);
    else if (m.msgType === '9') {
      const o = this.byFixId.get(m.get(TAG.ClOrdID) ?? '') ?? this.byFixId.get(m.get(TAG.OrigClOrdID) ?? '');
      if (o !== undefined) this.emit({ type: 'OrderCancelRejected', tsNs: this.now(), clientOrderId: o.order.clientOrderId, reason: m.get(TAG.Text) ?? `CxlRejReason ${m.get(TAG.CxlRejReason) ?? '?'}` });
    } else if (m.msgType === '3' || m.msgType === 'j') {
      const ref = this.sentSeq.get(m.int(TAG.RefSeqNum) ?? -1);
      if (ref === undefined) return;
      const reason = `${m.msgType === '3' ? 'session reject' : 'business reject'}: ${m.get(TAG.Text) ?? `reason ${m.get(m.msgType === '3' ? TAG.SessionRejectReason : TAG.BusinessRejectReason) ?? '?'}`}`;
      if (ref.kind === 'new') {
        ref.order.done = true;
        this.emit({ type: 'OrderRejected', tsNs: this.now(), clientOrderId: ref.order.order.clientOrderId, reason });
      } else this.emit({ type: 'OrderCancelRejected', tsNs: this.now(), clientOrderId: ref.order.order.clientOrderId, reason });
    }
  }

  private onExecutionReport(m: FixMessage): void {
    const clOrdId = m.get(TAG.ClOrdID) ?? '';
    const o = this.byFixId.get(clOrdId) ?? this.byFixId.get(m.get(TAG.OrigClOrdID) ?? '');
    if (o === undefined) return;
    const execId = m.get(TAG.ExecID);
    if (execId !== undefined) {
      if (this.execIds.has(execId)) {
        if (m.get(TAG.ExecType) === 'F') this.duplicateFills++;
        return;
      }
      this.execIds.add(execId);
    }
    const id = o.order.clientOrderId;
    const ts = this.now();
    const inst = this.opts.instrument;
    const leaves = parseFixUnits(m.get(TAG.LeavesQty) ?? '0', inst.sizeDecimals) ?? 0;
    switch (m.get(TAG.ExecType)) {
      case '0':
        this.emit({ type: 'OrderAccepted', tsNs: ts, clientOrderId: id, venueOrderId: m.get(TAG.OrderID) ?? '' });
        return;
      case '8':
        o.done = true;
        this.emit({ type: 'OrderRejected', tsNs: ts, clientOrderId: id, reason: m.get(TAG.Text) ?? `OrdRejReason ${m.get(TAG.OrdRejReason) ?? '?'}` });
        return;
      case 'F': {
        const px = parseFixUnits(m.get(TAG.LastPx) ?? '', inst.priceDecimals);
        const qty = parseFixUnits(m.get(TAG.LastQty) ?? '', inst.sizeDecimals);
        if (px === null || qty === null || qty <= 0) return; // unusable report: nothing to book (logged by the caller's session events)
        const commission = Number(m.get(TAG.Commission) ?? '0');
        const fee = Number.isFinite(commission) ? commission * 10 ** (inst.priceDecimals + inst.sizeDecimals) : 0;
        if (leaves === 0) o.done = true;
        this.emit({ type: 'OrderFilled', tsNs: ts, clientOrderId: id, side: o.order.side, priceUnits: px, size: qty, leaves, aggressor: m.get(TAG.LastLiquidityInd) !== '1', fee });
        return;
      }
      case '4': {
        o.done = true;
        const reason = o.cancelIds.has(clOrdId) ? 'requested' : o.order.tif === 'ioc' || o.order.type === 'market' ? 'ioc' : 'session-end';
        this.emit({ type: 'OrderCancelled', tsNs: ts, clientOrderId: id, leaves: 0, reason });
        return;
      }
      case '5': {
        o.fixId = clOrdId;
        const price = parseFixUnits(m.get(TAG.Price) ?? '', inst.priceDecimals);
        const size = parseFixUnits(m.get(TAG.OrderQty) ?? '', inst.sizeDecimals);
        if (price === null || size === null) return;
        this.emit({ type: 'OrderReplaced', tsNs: ts, clientOrderId: id, priceUnits: price, size, leaves });
        return;
      }
      default:
        return;
    }
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
  private emit(ev: OrderEvent): void {
    for (const l of this.listeners) l(ev);
  }
}
