import { formatIsoNs } from '../../domain/time.js';
import type { BookView } from '../book/book-types.js';
import { EventFlag, EventKind, type MarketEvent } from '../events/market-event.js';
import { parseLobsterFileName } from '../readers/lobster-file-name.js';
import { openReader, type OpenReaderOptions } from '../readers/open-reader.js';
import type { ReaderInfo } from '../readers/reader.js';
import { openReplay } from '../replay/open-replay.js';
import type { CalibrationResult } from './calibration-result.js';
import { fitMarketCascade, marketOrderTimes } from './cascade-fit.js';
import { fitMultiScaleCascade } from './cascade-fit-multi.js';
import { L2FlowCollector, L3FlowCollector, MarketOrderCollector } from './flow-collectors.js';
import { PlacementLifeCollector } from './placement-life.js';
import { TradeResponseCollector } from './trade-response.js';
import { fitTradeResponse, responseTable } from './trade-response-fit.js';
import { F64Column, round } from './series-stats.js';
import { fittedCurveCorrelation } from './intraday-profile.js';
import { fitSizes } from './size-fit.js';
import { notesFor } from './source-notes.js';
import { computeStylizedFacts, type StylizedFacts, type StylizedFactsInput, type StylizedFactsOptions } from './stylized-facts.js';

const DAY_NS = 86_400e9;

/** Options of `calibrate`: reader options plus the calibration's own. */
export interface CalibrateOptions extends OpenReaderOptions {
  /** Distances 0..D−1 ticks from the touch get their own rates [10; LOBSTER level N caps it at N]. */
  maxDistanceTicks?: number;
  /** Seconds of trading per day for daily volatility [LOBSTER: the file's session; Databento: 23,400; others: 86,400]. */
  tradingDaySec?: number;
  facts?: StylizedFactsOptions;
  /** Called between chunks of events with the fraction of input read. */
  onProgress?: (fraction: number) => void;
  /** Aborts between chunks (throws an Error naming the file). */
  signal?: AbortSignal;
}

/** A calibration: the fitted parameters, the real series they came from, and its stylized facts. */
export interface Calibration {
  result: CalibrationResult;
  series: StylizedFactsInput;
  facts: StylizedFacts;
}

/**
 * Calibrates the generative market to one data set (`files` as for `openReplay`: one source,
 * or a LOBSTER message file with its orderbook file). Streams the replay once (twice when the
 * tick must be inferred), so memory is the mid / trade series plus constant-size counters.
 * What each source can give is in `result.notes` (see `notesFor`). Deterministic. Throws the
 * readers' `DataFormatError` (file, line, column) on malformed input.
 */
export function calibrate(files: readonly string[], opts: CalibrateOptions = {}): Calibration {
  let tickInferred = false;
  const col = new Collector();
  const onEvent = (_k: number, ev: MarketEvent, book: BookView) => col.onEvent(ev, book);
  let replay = openReplay(files, { ...opts, onEvent });
  if (opts.tickSizeUnits === undefined && replay.info.instrument.tickSizeUnits === 0) {
    // Distances and spreads need the tick: infer it in a first pass, then replay with it.
    replay.close();
    replay = openReplay(files, { ...opts, tickSizeUnits: inferTickUnits(files, opts), onEvent });
    tickInferred = true;
  }
  try {
    const info = replay.info;
    col.init(info, Math.max(1, Math.min(opts.maxDistanceTicks ?? 10, info.format === 'lobster' && info.depthLevels > 0 ? info.depthLevels : Infinity)));
    for (;;) {
      if (opts.signal?.aborted) throw new Error(`${info.files[0]}: calibration cancelled`);
      const done = replay.step(1 << 16);
      const p = replay.progress();
      opts.onProgress?.(p.totalBytes > 0 ? p.bytesRead / p.totalBytes : 1);
      if (done) break;
    }
    return col.finish(replay.result().counters.events, opts, tickInferred);
  } finally {
    replay.close();
  }
}

/** Collects series and flow statistics from replay callbacks. */
class Collector {
  info!: ReaderInfo;
  tick = 0;
  l3: L3FlowCollector | null = null;
  l2: L2FlowCollector | null = null;
  readonly mo = new MarketOrderCollector();
  life: PlacementLifeCollector | null = null;
  response: TradeResponseCollector | null = null;
  readonly midTs = new F64Column();
  readonly mid = new F64Column();
  readonly spread = new F64Column();
  firstTs = NaN;
  lastTs = NaN;
  barNs = Infinity;
  lastBarTs = NaN;
  everyEventConsistent = false;

  init(info: ReaderInfo, maxDistance: number): void {
    this.info = info;
    this.tick = info.instrument.tickSizeUnits;
    // LOBSTER has no batch flags: every message leaves a consistent book.
    this.everyEventConsistent = info.format === 'lobster';
    if (info.bookKind === 'L3') {
      this.l3 = new L3FlowCollector(this.tick, maxDistance);
      this.life = new PlacementLifeCollector(this.tick);
      this.response = new TradeResponseCollector(this.tick);
    }
    else if (info.bookKind === 'L2') this.l2 = new L2FlowCollector(this.tick, maxDistance, info.depthLevels > 0 ? info.depthLevels : 50);
  }

  onEvent(ev: MarketEvent, book: BookView): void {
    const t = ev.tsNs;
    if (Number.isNaN(this.firstTs)) this.firstTs = t;
    this.lastTs = t;
    this.l3?.onEvent(ev, book);
    this.life?.onEvent(ev, book);
    this.response?.onEvent(ev, book);
    switch (ev.kind) {
      case EventKind.Execute:
        // LOBSTER / L3 execution: side is the RESTING order's, so the aggressor is the other.
        this.mo.onTrade(t, -ev.side, ev.size);
        break;
      case EventKind.Trade:
        this.mo.onTrade(t, ev.side, ev.size);
        if (this.info.bookKind === 'trades') this.pushMid(t, ev.priceUnits, NaN);
        break;
      case EventKind.Bar:
        if (t > this.lastBarTs) this.barNs = Math.min(this.barNs, t - this.lastBarTs);
        this.lastBarTs = t;
        // Keyed by the open time here; shifted to the bar's close in `finish` once the bar length is known.
        this.pushMid(t, ev.closeUnits, NaN);
        this.mo.onTrade(t, 0, ev.size);
        break;
      default:
        break;
    }
    if (this.everyEventConsistent || (ev.flags & EventFlag.BatchEnd) !== 0 || ev.kind === EventKind.Quote) {
      this.l2?.onConsistent(t, book);
      const bid = book.bestBid(), ask = book.bestAsk();
      if (bid < ask) this.pushMid(t, (bid + ask) / 2, this.tick > 0 ? (ask - bid) / this.tick : NaN);
    }
  }

  private pushMid(t: number, m: number, s: number): void {
    if (!(m > 0)) return;
    if (this.mid.length > 0 && this.mid.last() === m && (this.spread.last() === s || (Number.isNaN(s) && Number.isNaN(this.spread.last())))) return;
    this.midTs.push(t);
    this.mid.push(m);
    this.spread.push(s);
  }

  finish(events: number, opts: CalibrateOptions, tickInferred: boolean): Calibration {
    const info = this.info;
    const bars = info.bookKind === 'bars';
    const barNs = bars ? (Number.isFinite(this.barNs) ? this.barNs : 60e9) : 0;
    this.mo.flush();
    const lob = info.format === 'lobster' ? parseLobsterFileName(info.files[0]!) : null;
    // A LOBSTER file names its nominal window; use it (aligned bins, whole session) only when the
    // events cover most of it: a truncated sample (MSFT: 2.8 s of a 1 h window) would otherwise
    // dilute every rate by the unseen time.
    const lobCovers = lob !== null && this.lastTs - this.firstTs >= 0.9 * (lob.endMs - lob.startMs) * 1e6;
    const startNs = lobCovers ? lob.startMs * 1e6 : this.firstTs;
    const endNs = lobCovers ? lob.endMs * 1e6 : this.lastTs + barNs;
    const multiDay = endNs - startNs > DAY_NS;
    this.l3?.finish(startNs, endNs);
    const midTsNs = this.midTs.toArray();
    if (bars) for (let i = 0; i < midTsNs.length; i++) midTsNs[i]! += barNs;
    const tradeTsNs = this.mo.tradeTs.toArray();
    if (bars) for (let i = 0; i < tradeTsNs.length; i++) tradeTsNs[i]! += barNs / 2;
    const spread = this.spread.toArray();
    const hasSpread = spread.some((s) => Number.isFinite(s));
    const series: StylizedFactsInput = {
      midTsNs, mid: this.mid.toArray(),
      spreadTicks: hasSpread ? spread : undefined,
      tradeTsNs, tradeSize: this.mo.tradeSize.toArray(), tradeSide: this.mo.tradeSide.toArray(),
      // Multi-day data: start at the first midnight so the folded volume curve is by time of day.
      sessionStartNs: multiDay ? Math.floor(startNs / DAY_NS) * DAY_NS : startNs,
      sessionEndNs: endNs > startNs ? endNs : startNs + 1,
      resolutionSec: bars ? barNs / 1e9 : 0,
      foldPeriodNs: multiDay ? DAY_NS : undefined,
      options: opts.facts,
    };
    const facts = computeStylizedFacts(series);
    const durationSec = (endNs - startNs) / 1e9;
    // US equities (LOBSTER, Databento XNAS) trade 6.5 h a day; crypto and the futures bars here trade round the clock.
    const tradingDaySec = opts.tradingDaySec ?? (info.format === 'lobster' || info.format === 'databento-mbo' ? 23_400 : 86_400);
    const trades = this.mo.tradeTs.length > 0 && !bars;
    const signed = this.mo.orders[0] + this.mo.orders[1] > 0;
    const l3Fit = this.l3?.counters.fit('order-adds', endNs - startNs) ?? null;
    const l2Fit = this.l2 ? this.l2.counters.fit('level-increases', this.l2.observedNs) : null;
    const limitOrders = l3Fit ?? l2Fit;
    const perSec = facts.volPerSecBps;
    const result: CalibrationResult = {
      version: 1,
      source: { files: [...info.files], format: info.format, variant: info.variant, bookKind: info.bookKind, depthLevels: info.depthLevels, events },
      instrument: {
        symbol: info.instrument.symbol, venue: info.instrument.venue, priceDecimals: info.instrument.priceDecimals,
        sizeDecimals: info.instrument.sizeDecimals, tickSizeUnits: this.tick, tickInferred,
      },
      session: {
        startNs, endNs, durationSec,
        startIso: formatIsoNs(info.baseEpochNs, startNs, info.clock), endIso: formatIsoNs(info.baseEpochNs, endNs, info.clock),
        clock: info.clock, tradingDaySec,
      },
      capabilities: {
        orderLevel: info.bookKind === 'L3', levelChanges: info.bookKind === 'L2', trades, signedTrades: signed,
        quotes: hasSpread, barsOnly: bars,
      },
      notes: [
        ...notesFor(info, { trades, signed, maxDistance: limitOrders?.maxDistanceTicks ?? 0, tickInferred }),
        ...volumeCeilingNote(facts, tradingDaySec),
        ...(lob && !lobCovers ? [`the events cover only ${round(durationSec, 4)} s of the file's nominal ${(lob.endMs - lob.startMs) / 1000} s window: rates are over the covered span, and horizons longer than it give no returns`] : []),
      ],
      limitOrders,
      marketOrders: trades && durationSec > 0
        ? {
          ratePerSec: { buy: round(this.mo.orders[0] / durationSec)!, sell: round(this.mo.orders[1] / durationSec)! },
          size: fitSizes(this.mo.orderSizes.toArray()),
          tradeSize: fitSizes(this.mo.tradeSize.toArray()),
          tradesPerSec: round(this.mo.tradeTs.length / durationSec)!,
          unsignedTrades: this.mo.unsignedTrades,
          cascade: signed ? fitMarketCascade(marketOrderTimes(series.tradeTsNs!, series.tradeSide), series.sessionStartNs, series.sessionEndNs) : null,
          cascadeMulti: signed ? fitMultiScaleCascade(marketOrderTimes(series.tradeTsNs!, series.tradeSide), series.sessionStartNs, series.sessionEndNs) : null,
        }
        : null,
      spread: facts.spreadMeanTicks !== null ? { meanTicks: facts.spreadMeanTicks, medianTicks: facts.spreadMedianTicks, p95Ticks: facts.spreadP95Ticks } : null,
      volatility: perSec !== null || facts.volPerSecBps1s !== null
        ? { perSecBps: perSec, perSecBps1s: facts.volPerSecBps1s, dailyBps: round(perSec === null ? null : perSec * Math.sqrt(tradingDaySec)) }
        : null,
      volumeProfile: facts.volumeCurveShare.length > 0 ? { binSec: facts.volumeCurveBinSec, share: facts.volumeCurveShare } : null,
      firstMidUnits: series.mid.length > 0 ? series.mid[0]! : null,
      lastMidUnits: series.mid.length > 0 ? series.mid[series.mid.length - 1]! : null,
      ...(this.life ? { placementLife: this.life.finish(series.sessionEndNs) } : {}),
      ...(this.response ? { tradeResponse: tradeResponseOf(this.response, limitOrders, series.sessionEndNs) } : {}),
    };
    return { result, series, facts };
  }
}

/** The book's response to market orders (`CalibrationResult.tradeResponse`): the table, and the burst fitted with the day's limit sizes. */
function tradeResponseOf(c: TradeResponseCollector, lo: CalibrationResult['limitOrders'], endNs: number): NonNullable<CalibrationResult['tradeResponse']> {
  c.counter.finish(endNs);
  const sz = lo?.addSize;
  const size = sz && sz.mu !== null ? { logMean: sz.mu, logSigma: sz.sigma ?? 0, max: Math.max(1, Math.round(sz.max ?? 1)) } : null;
  return { table: responseTable(c.counter), fit: size ? fitTradeResponse(c.counter, size) : null };
}

/**
 * Infers the tick as the gcd of the differences between the prices of the first `maxEvents`
 * events (every price field the event kind uses), in price units. Returns 0 when fewer than two
 * distinct prices were seen. Assumes prices sit on the tick grid (true of exchange data).
 */
export function inferTickUnits(files: readonly string[], opts: OpenReaderOptions = {}, maxEvents = 200_000): number {
  const { reader } = openReader(files, opts);
  try {
    let ref = NaN;
    let g = 0;
    const see = (p: number) => {
      if (!Number.isFinite(p) || p <= 0) return;
      if (Number.isNaN(ref)) ref = p;
      else g = gcd(g, Math.abs(Math.round(p - ref)));
    };
    for (let n = 0; n < maxEvents; n++) {
      const ev = reader.next();
      if (!ev) break;
      see(ev.priceUnits);
      if (ev.kind === EventKind.Quote) see(ev.price2Units);
      if (ev.kind === EventKind.Bar) {
        see(ev.highUnits);
        see(ev.lowUnits);
        see(ev.closeUnits);
      }
    }
    return g;
  } finally {
    reader.close();
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * How far the day's volume curve is from the smooth U-shape the scenario is given
 * (`fittedCurveCorrelation`): the volume-curve fact (≥ 0.9) is judged against the day's own bins,
 * so a day with bins out of line with a U-shape caps what a generated curve can reach.
 */
function volumeCeilingNote(facts: StylizedFacts, tradingDaySec: number): string[] {
  const c = facts.volumeCurveShare.length > 0 ? fittedCurveCorrelation(facts.volumeCurveShare, facts.volumeCurveBinSec, tradingDaySec) : null;
  if (c === null) return [];
  return [`the fitted intraday U-shape correlates ${c.toFixed(3)} with the day's own volume curve: what a noise-free simulated curve following it would score (the goal is ≥ 0.9; the flow's randomness lowers it)${c < 0.9 ? '; on this day it is out of reach without copying the day\'s out-of-line bins' : ''}`];
}
