import type { InstrumentSpec } from '../../domain/instrument.js';
import type { BookView } from '../book/book-types.js';
import { inferTickUnits } from '../calibration/calibrate.js';
import type { MarketEvent } from '../events/market-event.js';
import type { OpenReaderOptions } from '../readers/open-reader.js';
import { openReplay } from '../replay/open-replay.js';
import { quantileSample, validateQrParams, type QrParams } from './qr-params.js';
import { TouchFlow } from './qr-touch-flow.js';

/** Options of `fitQueueReactive`. */
export interface QrFitOptions extends OpenReaderOptions {
  /** Queue states 1..K (default 10). */
  buckets?: number;
  /** Spread states for the inside-price rate: 2..S ticks, wider spreads pooled into S (default 20). */
  maxSpreadTicks?: number;
  /** A state observed for less than this many seconds borrows the nearest well-observed state's rates (default 20). */
  minStateSec?: number;
  /** Bin of the intraday seasonality, seconds from the first event (default 1,800); 0 = none (flat rates). */
  seasonBinSec?: number;
  /**
   * Fit only this part of the day: [startSec, endSec] in seconds of the data's own clock after its
   * midnight (tsNs / 1e9: exchange-local for LOBSTER, UTC for UTC feeds), e.g. [34200, 45900] =
   * 09:30–12:45. The book is still rebuilt from every event before it; only touch changes inside
   * the window are counted, and the session (seasonality, `sessionSec`) starts at its first one.
   */
  window?: readonly [number, number];
}

/** Counts per state while fitting. */
interface Tallies {
  time: Float64Array;
  limit: Float64Array;
  cancel: Float64Array;
  market: Float64Array;
}

const tallies = (n: number): Tallies => ({ time: new Float64Array(n), limit: new Float64Array(n), cancel: new Float64Array(n), market: new Float64Array(n) });

/**
 * Fits the queue-reactive market to a real day (any source `openReplay` reads with a book: L3 or
 * L2). The touch (best price and size per side) is compared before and after each timestamp's
 * events (events sharing a timestamp are one market event: one marketable order filling many
 * resting orders, or one snapshot). Per side, with state n = ceil(size / AES) before:
 * - same price, more size ⇒ a limit order (size = the increase);
 * - same price, less size ⇒ a market order if a trade hit that side at that timestamp, else a cancel;
 * - a better price ⇒ a new inside price (improvement in ticks, new size: a refill sample);
 * - a worse price ⇒ the queue emptied: a market order or a cancel (as above, of the whole queue),
 *   the gap in ticks and the newly revealed size (a refill sample).
 * Rates = events in a state / time spent in it (both sides pooled; maximum likelihood for a
 * Poisson rate); AES = mean size of all touch events. Deterministic. Throws the readers'
 * `DataFormatError` on malformed input, and an Error naming the file when the day has too few
 * two-sided books to fit.
 */
export function fitQueueReactive(files: readonly string[], opts: QrFitOptions = {}): QrParams {
  let tick = opts.tickSizeUnits;
  let replay = openReplay(files, { ...opts });
  if ((tick ?? replay.info.instrument.tickSizeUnits) === 0) {
    replay.close();
    tick = inferTickUnits(files, opts);
  } else {
    tick = tick ?? replay.info.instrument.tickSizeUnits;
    replay.close();
  }
  const win = opts.window;
  if (win !== undefined && !(Number.isFinite(win[0]) && Number.isFinite(win[1]) && win[0] >= 0 && win[0] < win[1])) {
    throw new RangeError(`${files[0]}: window [${win[0]}, ${win[1]}] must be seconds after midnight with 0 ≤ start < end`);
  }
  const hiNs = win === undefined ? Infinity : win[1] * 1e9;
  const f = new TouchFlow(tick, win === undefined ? -Infinity : win[0] * 1e9, hiNs);
  let lastNs = -Infinity;
  replay = openReplay(files, { ...opts, tickSizeUnits: tick, onEvent: (_k: number, ev: MarketEvent, book: BookView) => {
    lastNs = ev.tsNs;
    f.onEvent(ev, book);
  } });
  let info;
  try {
    // Past the window nothing more is counted: stop reading there.
    while (!replay.step(1 << 16) && lastNs <= hiNs);
    info = replay.info;
  } finally {
    replay.close();
  }
  f.flush();
  const name = files[0]!.split(/[\\/]/).pop()!;
  const where = win === undefined ? files[0]! : `${files[0]} (window ${win[0]}-${win[1]} s)`;
  return qrParamsFromFlow(f, { ...info.instrument, tickSizeUnits: tick }, `${info.instrument.symbol} ${name}${win === undefined ? '' : ` ${win[0]}-${win[1]} s`}`, opts, where);
}

/**
 * The queue-reactive params from a filled `TouchFlow` (see `fitQueueReactive` for the rules):
 * rates per queue state, size and gap samples, seasonality. `where` names the data in errors
 * (too few touch events, no events of a kind). Deterministic in the flow.
 */
export function qrParamsFromFlow(f: TouchFlow, instrument: InstrumentSpec, source: string, opts: Omit<QrFitOptions, 'window'>, where: string): QrParams {
  const K = opts.buckets ?? 10;
  const S = opts.maxSpreadTicks ?? 20;
  const minSec = opts.minStateSec ?? 20;
  if (f.touchEvents < 20 || !(f.firstMid > 0)) throw new Error(`${where}: only ${f.touchEvents} touch events with a two-sided book; too few to fit the queue-reactive market`);
  const aes = f.sizeSum / f.touchEvents;
  const binSec = opts.seasonBinSec ?? 1_800;
  const season = binSec > 0 ? seasonality(f, binSec) : null;
  const mult = (tEndNs: number, dt: number): number => {
    if (season === null) return 1;
    const k = Math.floor((tEndNs - dt / 2 - f.firstTs) / (binSec * 1e9));
    return season[Math.max(0, Math.min(season.length - 1, k))]!;
  };
  // Fit on buckets of the data's AES; time in a state is weighted by the seasonal multiplier so
  // the rates are the de-seasonalised ones (the market multiplies them back).
  const byQ = tallies(K + 1);
  for (const e of f.touch) {
    const n = Math.min(K, Math.max(1, Math.ceil(e.q / aes)));
    byQ.time[n]! += e.dt * mult(e.t, e.dt);
    if (e.kind === 1) byQ.limit[n]!++;
    else if (e.kind === 2) byQ.cancel[n]!++;
    else if (e.kind === 3) byQ.market[n]!++;
  }
  const rate = (count: Float64Array): number[] => borrow(Array.from(count, (c, n) => (n === 0 || byQ.time[n]! === 0 ? 0 : c / (byQ.time[n]! / 1e9))), byQ.time, minSec);
  const spreadTime = new Float64Array(S + 1);
  for (let i = 0; i < f.ivT.length; i++) spreadTime[Math.min(S, f.ivSpread[i]!)]! += f.ivDt[i]! * mult(f.ivT[i]!, f.ivDt[i]!);
  const insideCount = new Float64Array(S + 1);
  for (let i = 0; i < f.insideSpread.length; i++) insideCount[Math.min(S, f.insideSpread[i]!)]!++;
  const inside: number[] = new Array<number>(S + 1).fill(0);
  for (let s = 2; s <= S; s++) inside[s] = spreadTime[s]! > 0 ? insideCount[s]! / ((2 * spreadTime[s]!) / 1e9) : 0;
  const sideTime = Float64Array.from(spreadTime, (t) => 2 * t);
  const insideRate = borrow(inside, sideTime, minSec, 2);
  const params: QrParams = {
    instrument,
    source,
    aesUnits: aes,
    buckets: K,
    limitRate: rate(byQ.limit),
    cancelRate: rate(byQ.cancel),
    marketRate: rate(byQ.market),
    insideRate,
    limitSizes: quantileSample(f.limitSizes),
    cancelSizes: quantileSample(f.cancelSizes),
    marketSizes: quantileSample(f.marketSizes),
    refillSizes: quantileSample(f.refillSizes),
    insideSizes: quantileSample(f.insideSizes.length > 0 ? f.insideSizes : f.refillSizes),
    gapTicks: quantileSample(f.gaps.length > 0 ? f.gaps : [1]),
    insideTicks: quantileSample(f.insides.length > 0 ? f.insides : [1]),
    initialMidUnits: f.firstMid,
    initialSpreadTicks: Math.max(1, f.firstSpreadTicks),
    sessionSec: (f.lastTs - f.firstTs) / 1e9,
    ...(season === null ? {} : { seasonBinSec: binSec, seasonality: Array.from(season, (x) => +x.toFixed(6)) }),
  };
  for (const k of ['limitSizes', 'cancelSizes', 'marketSizes', 'refillSizes'] as const) {
    if (params[k].length === 0) throw new Error(`${where}: no ${k.replace('Sizes', '')} events at the touch; the queue-reactive market cannot be fitted to this data`);
  }
  return validateQrParams(params);
}

/**
 * Event-rate multipliers per bin of `binSec` from the first event: (touch events per second in
 * the bin) ÷ (over the day), so their time-weighted mean is 1. A bin observed under a minute
 * (a short last bin) takes its neighbour's multiplier.
 */
function seasonality(f: TouchFlow, binSec: number): Float64Array {
  const binNs = binSec * 1e9;
  const bins = Math.max(1, Math.ceil((f.lastTs - f.firstTs) / binNs));
  const count = new Float64Array(bins), time = new Float64Array(bins);
  const bin = (t: number) => Math.max(0, Math.min(bins - 1, Math.floor((t - f.firstTs) / binNs)));
  for (let i = 0; i < f.ivT.length; i++) time[bin(f.ivT[i]! - f.ivDt[i]! / 2)]! += f.ivDt[i]!;
  for (const e of f.touch) if (e.kind !== 0) count[bin(e.t)]!++;
  for (const t of f.insideT) count[bin(t)]!++;
  let c = 0, tt = 0;
  for (let k = 0; k < bins; k++) {
    c += count[k]!;
    tt += time[k]!;
  }
  const out = new Float64Array(bins);
  for (let k = 0; k < bins; k++) out[k] = time[k]! >= 60e9 && c > 0 ? count[k]! / time[k]! / (c / tt) : NaN;
  for (let k = 0; k < bins; k++) if (Number.isNaN(out[k]!)) out[k] = k > 0 && !Number.isNaN(out[k - 1]!) ? out[k - 1]! : 1;
  // Renormalise: the time-weighted mean multiplier is exactly 1.
  let w = 0;
  for (let k = 0; k < bins; k++) w += out[k]! * time[k]!;
  if (w > 0) for (let k = 0; k < bins; k++) out[k] = out[k]! * (tt / w);
  return out;
}

/**
 * Rates of states observed under `minSec` are replaced by the nearest well-observed state's
 * (ties: the lower one), so a rarely visited state does not get a rate from a handful of events.
 */
function borrow(rates: number[], time: ArrayLike<number>, minSec: number, from = 1): number[] {
  const ok: number[] = [];
  for (let n = from; n < rates.length; n++) if (time[n]! >= minSec * 1e9) ok.push(n);
  if (ok.length === 0) return rates;
  return rates.map((r, n) => {
    if (n < from || time[n]! >= minSec * 1e9) return r;
    let best = ok[0]!;
    for (const m of ok) if (Math.abs(m - n) < Math.abs(best - n)) best = m;
    return rates[best]!;
  });
}

