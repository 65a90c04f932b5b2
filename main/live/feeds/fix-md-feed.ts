import type { InstrumentSpec } from '../../domain/instrument.js';
import type { Side } from '../../domain/side.js';
import type { TapeListener, TradeFeed } from '../../execution/algorithms/index.js';
import type { Scheduler } from '../../kernel/scheduler.js';
import { LevelBook } from '../../market/book/level-book.js';
import { parseFixUnits, type FixField, type FixMessage } from '../fix/fix-codec.js';
import { MD_TAG } from '../market-data-server.js';
import { newFeedStats, type FeedState, type MarketDataFeed } from './market-data-feed.js';

/** Sends a FIX application message; false when the session is not logged on. */
export type FixAppSender = (msgType: string, body: readonly FixField[]) => boolean;

/** RefMsgType (372) of a session or business reject. */
const REF_MSG_TYPE = 372;
/** MDReqRejReason 8: an MDEntryType the venue does not serve. */
const UNSUPPORTED_ENTRY_TYPE = '8';

/**
 * FIX 4.4 market data over an existing session (the gateway's): MarketDataRequest (V) with
 * SubscriptionRequestType 1 (snapshot + updates) for the top `depth` levels, then the snapshot
 * (W) replaces the book and incremental refreshes (X) change it. Wire messages come in through
 * `onMessage` (`GatewayOptions.onOtherApp`). With `trades`, trades (MDEntryType 2) are asked for
 * too and each one in an X reaches the `tape` listeners (POV's participation, the agent's flow
 * features); a venue that rejects that entry type (MDReqRejReason 8) is asked again for bid and
 * offer only, and `tradesServed` says false. Invariants: the book changes only from messages
 * carrying our current MDReqID; any other MarketDataRequestReject (Y) fails `start()` with the
 * venue's reason; an entry with an unparsable price or size is counted in `stats.dropped`, not
 * applied; trades are delivered after the book changes of the same message.
 */
export class FixMarketDataFeed implements MarketDataFeed {
  readonly name: string;
  readonly book = new LevelBook();
  state: FeedState = 'idle';
  readonly stats = newFeedStats();
  private readonly listeners: Array<() => void> = [];
  private reqId: string;
  private pending: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private readonly tradeListeners: Array<(priceUnits: number, size: number) => void> = [];
  private wantTrades: boolean;
  private attempt = 0;
  private started = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly timeoutMs: number;

  constructor(
    private readonly instrument: InstrumentSpec,
    private readonly send: FixAppSender,
    private readonly depth = 10,
    private readonly baseReqId = `MD-${instrument.symbol}`,
    opts: { readonly trades?: boolean; readonly timeoutMs?: number } = {},
  ) {
    this.name = `FIX market data ${instrument.symbol}`;
    this.reqId = baseReqId;
    this.wantTrades = opts.trades ?? false;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  /** True once the venue accepted a subscription that includes trades (it may still print none). */
  get tradesServed(): boolean {
    return this.wantTrades && this.state === 'live';
  }

  /**
   * Subscribes; resolves at the first snapshot. Rejects on a MarketDataRequestReject, a session
   * or business reject of the request, or no snapshot within `timeoutMs` (a counterparty that
   * does not serve FIX market data may never answer). A new start uses a fresh MDReqID (the
   * venue may still hold the earlier one).
   */
  start(): Promise<void> {
    if (this.started) this.reqId = `${this.baseReqId}-${++this.attempt}`;
    this.started = true;
    this.state = 'syncing';
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.timer = setTimeout(() => this.fail(new Error(`${this.name}: no snapshot within ${this.timeoutMs / 1000} s of the MarketDataRequest (does the counterparty serve FIX market data?)`)), this.timeoutMs);
      this.request();
    });
  }

  /**
   * The trades as a strategy's tape, timestamped on `scheduler`'s clock. FIX 4.4 market data
   * carries no aggressor side: it is passed as 0, which the tape's readers count as unknown
   * (volume, not buy/sell imbalance).
   */
  tape(scheduler: Scheduler): TradeFeed {
    const unknownAggressor = 0 as unknown as Side;
    return { onTrade: (l: TapeListener) => this.tradeListeners.push((px, size) => l(scheduler.now, px, size, unknownAggressor)) };
  }

  private request(): void {
    const types: Array<[number, string]> = [[MD_TAG.MDEntryType, '0'], [MD_TAG.MDEntryType, '1'], ...(this.wantTrades ? [[MD_TAG.MDEntryType, '2'] as [number, string]] : [])];
    const ok = this.send('V', [[MD_TAG.MDReqID, this.reqId], [MD_TAG.SubscriptionRequestType, '1'], [MD_TAG.MarketDepth, String(this.depth)], [MD_TAG.MDUpdateType, '1'],
      [MD_TAG.NoMDEntryTypes, String(types.length)], ...types, [MD_TAG.NoRelatedSym, '1'], [MD_TAG.Symbol, this.instrument.symbol]]);
    if (!ok) this.fail(new Error(`${this.name}: the FIX session is not logged on`));
  }

  stop(): void {
    if (this.state === 'live' || this.state === 'syncing') this.send('V', [[MD_TAG.MDReqID, this.reqId], [MD_TAG.SubscriptionRequestType, '2'], [MD_TAG.NoRelatedSym, '1'], [MD_TAG.Symbol, this.instrument.symbol]]);
    if (this.pending !== null) this.fail(new Error(`${this.name}: stopped before the first snapshot`));
    this.clearTimer();
    this.state = 'stopped';
  }

  onUpdate(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** A W, X or Y from the session, or a reject of our request (other messages and other MDReqIDs are ignored). */
  onMessage(m: FixMessage): void {
    if ((m.msgType === '3' || m.msgType === 'j') && m.get(REF_MSG_TYPE) === 'V' && this.pending !== null) {
      return this.fail(new Error(`${this.name}: the counterparty rejected the MarketDataRequest (${m.msgType === '3' ? 'session' : 'business'} reject): ${m.get(MD_TAG.Text) ?? 'no reason given'}`));
    }
    if (m.get(MD_TAG.MDReqID) !== this.reqId || this.state === 'stopped') return;
    if (m.msgType === 'Y' && this.wantTrades && m.get(MD_TAG.MDReqRejReason) === UNSUPPORTED_ENTRY_TYPE && this.pending !== null) {
      // The venue serves no trades: ask for the book alone, under a fresh MDReqID.
      this.wantTrades = false;
      this.reqId = `${this.baseReqId}-${++this.attempt}`;
      return this.request();
    }
    if (m.msgType === 'Y') return this.fail(new Error(`${this.name}: MarketDataRequestReject (reason ${m.get(MD_TAG.MDReqRejReason) ?? '?'}): ${m.get(MD_TAG.Text) ?? ''}`));
    if (m.msgType !== 'W' && m.msgType !== 'X') return;
    if (m.msgType === 'W') {
      this.book.clear();
      this.stats.snapshots++;
    }
    // Walk the repeating group: an entry starts at MDUpdateAction (X) or MDEntryType (W).
    const start = m.msgType === 'X' ? MD_TAG.MDUpdateAction : MD_TAG.MDEntryType;
    const prints: Array<[number, number]> = [];
    let cur: { action: string; type: string; px: string; sz: string } | null = null;
    const flush = () => {
      if (cur === null) return;
      if (cur.type !== '2') return this.apply(cur.action, cur.type, cur.px, cur.sz);
      const px = parseFixUnits(cur.px, this.instrument.priceDecimals);
      const sz = parseFixUnits(cur.sz, this.instrument.sizeDecimals);
      if (px === null || sz === null || sz <= 0) this.stats.dropped++;
      else prints.push([px, sz]);
    };
    let inGroup = false;
    for (const [tag, v] of m.fields) {
      if (tag === MD_TAG.NoMDEntries) inGroup = true;
      if (!inGroup) continue;
      if (tag === start) {
        flush();
        cur = { action: '0', type: '', px: '', sz: '0' };
      }
      if (cur === null) continue;
      if (tag === MD_TAG.MDUpdateAction) cur.action = v;
      else if (tag === MD_TAG.MDEntryType) cur.type = v;
      else if (tag === MD_TAG.MDEntryPx) cur.px = v;
      else if (tag === MD_TAG.MDEntrySize) cur.sz = v;
    }
    flush();
    if (m.msgType === 'W' && this.pending !== null) {
      this.state = 'live';
      this.clearTimer();
      this.pending.resolve();
      this.pending = null;
    }
    for (const l of this.listeners) l();
    for (const [px, sz] of prints) for (const l of this.tradeListeners) l(px, sz);
  }

  private apply(action: string, type: string, pxText: string, szText: string): void {
    const side = type === '0' ? 1 : type === '1' ? -1 : 0;
    const px = parseFixUnits(pxText, this.instrument.priceDecimals);
    const sz = action === '2' ? 0 : parseFixUnits(szText, this.instrument.sizeDecimals);
    if (side === 0 || px === null || sz === null) {
      this.stats.dropped++;
      return;
    }
    this.book.setLevel(side, px, sz);
    this.stats.updates++;
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private fail(e: Error): void {
    this.clearTimer();
    this.state = 'stopped';
    if (this.pending !== null) this.pending.reject(e);
    this.pending = null;
  }
}
