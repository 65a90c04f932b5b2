import { join } from 'node:path';
import { formatUnits, type InstrumentSpec } from '../domain/instrument.js';
import type { OrderEvent } from '../domain/order-events.js';
import { TERMINAL_STATUSES } from '../domain/order-status.js';
import type { TradeFeed } from '../execution/algorithms/index.js';
import { SimExecutionContext } from '../execution/execution-context.js';
import { OrderPath } from '../execution/order-path.js';
import { parseParentOrder } from '../execution/parent-order.js';
import { Scheduler } from '../kernel/scheduler.js';
import { LevelBook } from '../market/book/level-book.js';
import { FixMarketDataFeed } from '../live/feeds/fix-md-feed.js';
import type { MarketDataFeed } from '../live/feeds/market-data-feed.js';
import { openStandaloneFeed, waitTwoSided } from '../live/feeds/open-feed.js';
import { parseFixUnits } from '../live/fix/fix-codec.js';
import { FileSeqStore, MemorySeqStore } from '../live/fix/seq-store.js';
import { FixGateway } from '../live/fix-gateway.js';
import { startLiveStrategy } from '../live/live-strategy.js';
import { WallDriver, systemClock } from '../live/wall-driver.js';
import { DEFAULT_RISK_LIMITS } from '../risk/risk-limits.js';
import { LIVE_USAGE, parseLiveArgs, type LiveArgs } from './live-command-args.js';

export { LIVE_USAGE } from './live-command-args.js';

/** What a live run reports at the end. Invariant: filledQty = sum of the children's fills. */
export interface LiveSummary {
  readonly filledQty: string;
  readonly avgPrice: string | null;
  readonly childOrders: number;
  /** Children rejected by the venue or denied by the pre-trade gate. */
  readonly rejects: number;
  /** Session events in order (logon, logout, resend-request-sent, reject-sent, …). */
  readonly sessionEvents: readonly string[];
  readonly interrupted: boolean;
  /** Children open when the run was stopped (each was asked to cancel); 0 when it ended normally. */
  readonly openAtStop: number;
  readonly feed: string | null;
}

const untilSigint = (): Promise<void> => new Promise((resolve) => process.once('SIGINT', () => resolve()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `slipstream live`: one parent order through a FIX 4.4 acceptor via `FixGateway` (a `Venue`,
 * so the strategies run unchanged). Resolves 0 when the order has ended, 130 after `interrupt`
 * (SIGINT by default): then no further child is placed, open children are cancelled (waiting up
 * to 5 s for the venue's answers) and the session logs out. The summary is printed in both cases.
 */
export async function liveCommand(argv: readonly string[], out: (s: string) => void, interrupt: Promise<void> = untilSigint()): Promise<number> {
  const a = parseLiveArgs(argv);
  if (a === 'help') {
    out(LIVE_USAGE);
    return 0;
  }
  const log = (l: string) => {
    if (!a.json) out(l);
  };
  const scheduler = new Scheduler();
  const sessionEvents: string[] = [];
  let fixFeed: FixMarketDataFeed | null = null;
  let feed: MarketDataFeed | null = null;
  let tapeFor: ((s: Scheduler) => TradeFeed | null) | null = null;
  let instrument: InstrumentSpec = a.instrument;
  if (a.md?.kind === 'file' || a.md?.kind === 'binance') {
    const opened = await openStandaloneFeed(a.md, instrument, log);
    if (opened.instrument !== null) instrument = { ...opened.instrument, symbol: a.instrument.symbol, venue: a.instrument.venue };
    feed = opened.feed;
    tapeFor = opened.tape;
  }
  // FIX market data rides the gateway's session: the feed exists first (its book is the gateway's,
  // which the pre-trade gate marks prices from) and sends once the session is logged on.
  let send: (t: string, b: Parameters<FixGateway['sendApp']>[1]) => boolean = () => false;
  if (a.md?.kind === 'fix') {
    // Trades too for the strategies that read the tape (POV; the agent's flow features); a venue without them is asked for the book alone.
    fixFeed = new FixMarketDataFeed(instrument, (t, b) => send(t, b), 10, undefined, { trades: a.strategy === 'pov' || a.strategy === 'agent' });
    feed = fixFeed;
  }
  const quantity = parseFixUnits(a.qtyText, instrument.sizeDecimals);
  if (quantity === null || quantity <= 0) throw new Error(`--qty ${a.qtyText}: not a positive quantity with ${instrument.sizeDecimals} decimals (the feed's instrument)`);
  const gw = new FixGateway({
    host: a.host, port: a.port, senderCompId: a.sender, targetCompId: a.target, heartBtIntSec: a.heartBtIntSec,
    resetOnLogon: a.storeDir === null, store: a.storeDir === null ? new MemorySeqStore() : new FileSeqStore(join(a.storeDir, `${a.sender}-${a.target}.seq.json`)),
    instrument, book: feed?.book ?? new LevelBook(), scheduler,
    onSessionEvent: (e) => {
      sessionEvents.push(e.type);
      log(`session ${e.type}${'reason' in e && e.reason !== undefined ? `: ${String(e.reason)}` : ''}`);
    },
    onOtherApp: (m) => fixFeed?.onMessage(m),
  });
  send = (t, b) => gw.sendApp(t, b);
  await gw.connect();
  const driver = new WallDriver(scheduler);
  let code = 0;
  try {
    await fixFeed?.start();
    if (feed !== null) await waitTwoSided(feed);
    const book = feed?.book ?? new LevelBook();
    driver.start();
    // ClOrdIDs unique across runs: a venue remembers the ones it saw (a second run's "L-1" was rejected as a duplicate).
    const path = new OrderPath(gw, scheduler, instrument, DEFAULT_RISK_LIMITS, `L${systemClock.nowMs().toString(36)}`);
    // The trader's reference price until a fill or the feed's mid gives one (the gate keeps it while the book is empty).
    if (a.refPriceUnits !== null) path.gate.mark(instrument.symbol, a.refPriceUnits);
    let rejects = 0;
    let rejectsFrozen: number | null = null;
    let childrenAtStop: number | null = null;
    let openAtStop = 0;
    path.onEvent((ev: OrderEvent) => {
      if (ev.type === 'OrderRejected' || ev.type === 'OrderDenied') rejects++;
      if (ev.type === 'OrderRejected' || ev.type === 'OrderDenied' || ev.type === 'OrderFilled') log(`${ev.clientOrderId} ${ev.type}${'reason' in ev ? `: ${ev.reason}` : ''}`);
    });
    const ctx = new SimExecutionContext(instrument, book, path, scheduler);
    const horizonNs = a.horizonSec * 1e9;
    const startNs = Math.ceil(scheduler.now) + 1e6;
    const spec = parseParentOrder({ id: 'LIVE', symbol: instrument.symbol, side: a.side, quantity, startNs, endNs: startNs + horizonNs });
    const tape = tapeFor?.(scheduler) ?? (fixFeed?.tradesServed ? fixFeed.tape(scheduler) : null);
    const strategy = { name: a.strategy === 'ac' ? 'almgren-chriss' as const : a.strategy, slices: a.slices, povRate: a.povRate,
      ...(a.ac ? { ac: { sigmaUnitsPerSqrtSec: a.ac.sigma, etaUnitsPerRate: a.ac.eta } } : {}), ...(a.agentDir !== null ? { agentDir: a.agentDir } : {}) };
    const work = startLiveStrategy(ctx, spec, strategy, { priced: feed !== null, tape });
    const finished = () => work.finished;
    const stopPlacing = () => work.stopPlacing();
    log(`working ${a.side} ${a.qtyText} ${instrument.symbol} with ${a.strategy}${feed === null ? ' (market orders, no feed)' : ` on ${feed.name}`} over ${a.horizonSec} s`);
    let interrupted = false;
    void interrupt.then(() => {
      interrupted = true;
    });
    const deadline = systemClock.nowMs() + horizonNs / 1e6 + 60_000; // a venue that never answers cannot hold the run forever
    while (!finished() && !interrupted && systemClock.nowMs() < deadline) await sleep(20);
    const open = () => path.oms.all().filter((c) => !TERMINAL_STATUSES.has(c.status));
    if (!finished()) {
      log(interrupted ? 'interrupted: cancelling open children' : 'the order did not end in time: cancelling open children');
      stopPlacing();
      const before = rejects;
      // The kill switch cancels every open child and makes the gate refuse new ones (the strategy's
      // later attempts are denials of our own making, not rejects: they are not counted).
      path.killSwitch.set('global', true);
      rejectsFrozen = before;
      childrenAtStop = path.oms.all().length;
      openAtStop = open().length;
      for (let i = 0; i < 250 && open().length > 0; i++) await sleep(20);
      code = interrupted ? 130 : 1;
    }
    const kids = path.oms.all();
    const filled = kids.reduce((s, c) => s + c.filled, 0);
    const notional = kids.reduce((s, c) => s + (c.filled > 0 ? c.filled * c.avgPriceUnits : 0), 0);
    driver.stop();
    fixFeed?.stop();
    await gw.disconnect();
    feed?.stop();
    const summary: LiveSummary = {
      filledQty: formatUnits(filled, instrument.sizeDecimals),
      avgPrice: filled > 0 ? formatUnits(Math.round(notional / filled), instrument.priceDecimals) : null,
      childOrders: childrenAtStop ?? kids.length, rejects: rejectsFrozen ?? rejects, sessionEvents, interrupted, openAtStop, feed: feed?.name ?? null,
    };
    printSummary(summary, a, out, open().length);
    return code;
  } finally {
    driver.stop();
    if (gw.isLoggedOn) await gw.disconnect();
    feed?.stop();
  }
}

function printSummary(s: LiveSummary, a: LiveArgs, out: (l: string) => void, stillOpen: number): void {
  if (a.json) {
    out(JSON.stringify({ ...s, stillOpen }));
    return;
  }
  out(`filledQty ${s.filledQty} of ${a.qtyText}, avgPrice ${s.avgPrice ?? '-'}, childOrders ${s.childOrders}, rejects ${s.rejects}, sessionEvents ${s.sessionEvents.join(' ')}${stillOpen > 0 ? `, ${stillOpen} children still open at the venue` : ''}`);
}
