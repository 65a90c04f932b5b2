import { EventKind, type MarketEvent } from '../events/market-event.js';
import type { ByteScanner } from './byte-scanner.js';
import type { ReaderOptions } from './reader-options.js';
import { openTardisCsv, TardisReader } from './tardis-common.js';

const TRADE = EventKind.Trade;
const QUOTE = EventKind.Quote;

// Impossible values are errors in both: times as `TardisClock` says, prices of 0 or below,
// negative amounts (and a trade of amount 0).

/**
 * Streams a Tardis `trades` CSV (`...,id,side,price,amount`) as Trade events: side = aggressor
 * (`buy` +1, `sell` -1, `unknown` 0), priceUnits / size from price / amount, `orderId` 0 (Tardis
 * trade ids are strings and are skipped). `tsNs` = (timestamp - first row's UTC midnight) x 1000.
 */
export class TardisTradesReader extends TardisReader {
  constructor(path: string, opts: ReaderOptions = {}) {
    super(openTardisCsv(path, opts, (v) => v === 'trades', 'trades'));
  }

  next(): MarketEvent | null {
    const us = this.nextRowTime();
    if (us < 0) return null;
    const sc: ByteScanner = this.sc;
    sc.skip(4);
    sc.field(5);
    const side = sc.fieldEqualsFolded('buy') ? 1 : sc.fieldEqualsFolded('sell') ? -1 : sc.fieldEqualsFolded('unknown') ? 0
      : sc.failField(5, "a side 'buy', 'sell' or 'unknown'");
    const px = sc.decimal(6, this.pd);
    if (px <= 0) sc.failField(6, 'a positive price');
    const amt = sc.decimal(7, this.sd);
    if (amt <= 0) sc.failField(7, 'a positive amount');
    sc.endLine();
    const ev = this.ev;
    ev.kind = TRADE;
    ev.tsNs = (us - this.baseUs) * 1000;
    ev.side = side;
    ev.priceUnits = px;
    ev.size = amt;
    ev.orderId = 0;
    ev.flags = 0;
    ev.line = sc.line;
    return ev;
  }
}

/**
 * Streams a Tardis `quotes` CSV (`...,ask_amount,ask_price,bid_price,bid_amount`) as Quote events:
 * priceUnits / size = bid, price2Units / size2 = ask. An empty side (both cells empty) gives
 * price NaN and size 0, the `Quote` convention for "no level".
 */
export class TardisQuotesReader extends TardisReader {
  constructor(path: string, opts: ReaderOptions = {}) {
    super(openTardisCsv(path, opts, (v) => v === 'quotes', 'quotes'));
  }

  next(): MarketEvent | null {
    const us = this.nextRowTime();
    if (us < 0) return null;
    const sc: ByteScanner = this.sc;
    const askAmt = sc.decimalOrEmpty(4, this.sd);
    if (askAmt < 0) sc.failField(4, 'a non-negative amount');
    const askPx = sc.decimalOrEmpty(5, this.pd);
    if (askPx <= 0) sc.failField(5, 'a positive price');
    const bidPx = sc.decimalOrEmpty(6, this.pd);
    if (bidPx <= 0) sc.failField(6, 'a positive price');
    const bidAmt = sc.decimalOrEmpty(7, this.sd);
    if (bidAmt < 0) sc.failField(7, 'a non-negative amount');
    sc.endLine();
    const ev = this.ev;
    ev.kind = QUOTE;
    ev.tsNs = (us - this.baseUs) * 1000;
    ev.side = 0;
    ev.priceUnits = bidPx;
    ev.size = bidAmt === bidAmt ? bidAmt : 0;
    ev.price2Units = askPx;
    ev.size2 = askAmt === askAmt ? askAmt : 0;
    ev.orderId = 0;
    ev.flags = 0;
    ev.line = sc.line;
    return ev;
  }
}
