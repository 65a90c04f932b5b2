import { formatUnits, type InstrumentSpec } from '../domain/instrument.js';
import type { BookView, DepthBuffers } from '../market/book/book-types.js';
import type { FixField, FixMessage } from './fix/fix-codec.js';

/** FIX 4.4 market-data tags (MarketDataRequest V, snapshot W, incremental X, reject Y). */
export const MD_TAG = {
  MDReqID: 262, SubscriptionRequestType: 263, MarketDepth: 264, MDUpdateType: 265, NoMDEntryTypes: 267,
  NoMDEntries: 268, MDEntryType: 269, MDEntryPx: 270, MDEntrySize: 271, MDUpdateAction: 279,
  MDReqRejReason: 281, NoRelatedSym: 146, Symbol: 55, Text: 58,
} as const;

/** Most levels per side one subscription gets (MarketDepth 0 = "full book" is served as this many). */
export const MAX_MD_DEPTH = 50;

/** MDReqRejReason (281) values we send. */
const REJ = { unknownSymbol: '0', duplicateId: '1', unsupportedSubscription: '4', unsupportedDepth: '5', unsupportedEntryType: '8' } as const;

/** One side's published levels: price units → size units. */
type Levels = Map<number, number>;

interface Subscription {
  readonly id: string;
  readonly depth: number;
  /** The client asked for trades (MDEntryType 2) too. */
  readonly trades: boolean;
  /** The levels last sent, per side (what the client's book holds now). */
  bids: Levels;
  asks: Levels;
}

/** An outbound application message (MsgType and body). */
export interface MdOut {
  readonly msgType: 'W' | 'X' | 'Y';
  readonly body: FixField[];
}

/**
 * The venue side of FIX 4.4 market data for one instrument and one client session. A
 * MarketDataRequest (V) for our symbol with SubscriptionRequestType 0 gets a snapshot (W) of
 * the top `MarketDepth` levels; with 1 a snapshot and then incremental refreshes (X) from every
 * `publish()`; 2 ends the subscription. An unknown symbol, a duplicate MDReqID, an unsupported
 * subscription type, depth or entry type gets a MarketDataRequestReject (Y) naming the reason.
 * A subscription that lists MDEntryType 2 (trade) besides bid and offer also gets every trade
 * printed since the previous refresh in the next X (MDUpdateAction new, MDEntryType 2, price,
 * size; in print order, never conflated: trades are events, not state).
 *
 * Invariants: after the client applies W and every X in order, its book equals the top `depth`
 * levels per side of `book` at the last `publish()` (the diff is computed against what was sent,
 * never against the book's history, so a conflated interval loses nothing but intermediate
 * states); an X is sent only when something changed; `reset()` (client gone) drops every
 * subscription, so a reconnecting client starts from a fresh snapshot.
 */
export class MarketDataServer {
  private readonly subs = new Map<string, Subscription>();
  private readonly buf: DepthBuffers;
  /** Trades printed since the last `publish()` (price units, size units), in print order. */
  private prints: Array<readonly [number, number]> = [];

  constructor(
    private readonly book: BookView,
    private readonly instrument: InstrumentSpec,
    private readonly send: (m: MdOut) => void,
  ) {
    const n = MAX_MD_DEPTH;
    this.buf = { bidPrice: new Float64Array(n), bidSize: new Float64Array(n), askPrice: new Float64Array(n), askSize: new Float64Array(n) };
  }

  /** Number of live subscriptions. */
  get subscriptions(): number {
    return this.subs.size;
  }

  /** Handles a MarketDataRequest (V). */
  onRequest(msg: FixMessage): void {
    const id = msg.get(MD_TAG.MDReqID);
    if (id === undefined || id === '') return this.reject('', REJ.unsupportedSubscription, 'MDReqID (262) is required');
    const type = msg.get(MD_TAG.SubscriptionRequestType);
    if (type === '2') {
      this.subs.delete(id);
      return;
    }
    if (type !== '0' && type !== '1') return this.reject(id, REJ.unsupportedSubscription, `SubscriptionRequestType (263) must be 0, 1 or 2, got "${type ?? ''}"`);
    if (this.subs.has(id)) return this.reject(id, REJ.duplicateId, `MDReqID ${id} is already subscribed`);
    const rawDepth = msg.get(MD_TAG.MarketDepth) ?? '0';
    const depth = /^\d{1,6}$/.test(rawDepth) ? Number(rawDepth) : -1;
    if (depth < 0) return this.reject(id, REJ.unsupportedDepth, `MarketDepth (264) must be an integer ≥ 0, got "${rawDepth}"`);
    const symbols = msg.fields.filter(([t]) => t === MD_TAG.Symbol).map(([, v]) => v);
    if (symbols.length === 0) return this.reject(id, REJ.unknownSymbol, 'no Symbol (55) in NoRelatedSym (146)');
    const unknown = symbols.find((s) => s !== this.instrument.symbol);
    if (unknown !== undefined) return this.reject(id, REJ.unknownSymbol, `unknown symbol ${unknown} (this venue trades ${this.instrument.symbol})`);
    const types = msg.fields.filter(([t]) => t === MD_TAG.MDEntryType).map(([, v]) => v);
    if (types.length > 0 && !types.some((t) => t === '0' || t === '1')) return this.reject(id, REJ.unsupportedEntryType, `MDEntryType (269) ${types.join(',')}: bid (0) and offer (1) are served, with trades (2) beside them`);
    const sub: Subscription = { id, depth: depth === 0 ? MAX_MD_DEPTH : Math.min(depth, MAX_MD_DEPTH), trades: types.includes('2'), bids: new Map(), asks: new Map() };
    const [bids, asks] = this.top(sub.depth);
    const body: FixField[] = [[MD_TAG.MDReqID, id], [MD_TAG.Symbol, this.instrument.symbol], [MD_TAG.NoMDEntries, String(bids.size + asks.size)]];
    for (const [side, levels] of [['0', bids], ['1', asks]] as const) {
      for (const [px, sz] of levels) body.push([MD_TAG.MDEntryType, side], [MD_TAG.MDEntryPx, this.px(px)], [MD_TAG.MDEntrySize, this.qty(sz)]);
    }
    this.send({ msgType: 'W', body });
    if (type === '1') {
      sub.bids = bids;
      sub.asks = asks;
      this.subs.set(id, sub);
    }
  }

  /** A trade printed on the venue (price units, size units): sent with the next refresh to the subscriptions that asked for trades. */
  onTrade(priceUnits: number, size: number): void {
    if (size > 0 && [...this.subs.values()].some((s) => s.trades)) this.prints.push([priceUnits, size]);
  }

  /** Sends an incremental refresh (X) to every subscription whose top levels changed since the last one, or that asked for trades and some printed. */
  publish(): void {
    const prints = this.prints;
    this.prints = [];
    for (const sub of this.subs.values()) {
      const [bids, asks] = this.top(sub.depth);
      const entries: FixField[] = [];
      let n = 0;
      for (const [side, before, after] of [['0', sub.bids, bids], ['1', sub.asks, asks]] as const) {
        // Deletes first, so a client with a depth limit never holds more than `depth` levels.
        for (const [px, sz] of before) if (!after.has(px)) n += this.entry(entries, '2', side, px, sz);
        for (const [px, sz] of after) {
          const was = before.get(px);
          if (was === undefined) n += this.entry(entries, '0', side, px, sz);
          else if (was !== sz) n += this.entry(entries, '1', side, px, sz);
        }
      }
      if (sub.trades) for (const [px, sz] of prints) n += this.entry(entries, '0', '2', px, sz);
      if (n === 0) continue;
      sub.bids = bids;
      sub.asks = asks;
      this.send({ msgType: 'X', body: [[MD_TAG.MDReqID, sub.id], [MD_TAG.NoMDEntries, String(n)], ...entries] });
    }
  }

  /** The client is gone: its subscriptions end (a new session asks again and gets a snapshot). */
  reset(): void {
    this.subs.clear();
    this.prints = [];
  }

  private entry(out: FixField[], action: string, side: string, px: number, sz: number): number {
    out.push([MD_TAG.MDUpdateAction, action], [MD_TAG.MDEntryType, side], [MD_TAG.Symbol, this.instrument.symbol], [MD_TAG.MDEntryPx, this.px(px)], [MD_TAG.MDEntrySize, this.qty(action === '2' ? 0 : sz)]);
    return 1;
  }

  private top(depth: number): [Levels, Levels] {
    const [nb, na] = this.book.depth(depth, this.buf);
    const bids: Levels = new Map();
    const asks: Levels = new Map();
    for (let i = 0; i < nb; i++) if (this.buf.bidSize[i]! > 0) bids.set(this.buf.bidPrice[i]!, this.buf.bidSize[i]!);
    for (let i = 0; i < na; i++) if (this.buf.askSize[i]! > 0) asks.set(this.buf.askPrice[i]!, this.buf.askSize[i]!);
    return [bids, asks];
  }

  private reject(id: string, reason: string, text: string): void {
    this.send({ msgType: 'Y', body: [[MD_TAG.MDReqID, id], [MD_TAG.MDReqRejReason, reason], [MD_TAG.Text, text]] });
  }

  private px(units: number): string {
    return formatUnits(units, this.instrument.priceDecimals);
  }
  private qty(units: number): string {
    return formatUnits(units, this.instrument.sizeDecimals);
  }
}
