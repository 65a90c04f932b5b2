import type { BookKind, DataFormat } from '../readers/reader.js';
import type { MarketCascadeFit } from './cascade-fit.js';
import type { MultiCascadeFit } from './cascade-fit-multi.js';
import type { LimitOrderFlowFit } from './flow-counters.js';
import type { PlacementLifeFit } from './placement-life.js';
import type { SizeFit } from './size-fit.js';
import type { TradeResponseConfig } from '../abm/market-config.js';
import type { TradeResponseTable } from './trade-response-fit.js';

/**
 * Market orders fitted from trades. A market order = consecutive executions with one timestamp
 * and one aggressor side (see `MarketOrderCollector`). Rates are orders per second of session.
 * `size` is the distribution of market-order sizes (sum of its executions), size units.
 */
export interface MarketOrderFit {
  ratePerSec: { buy: number; sell: number };
  size: SizeFit;
  /** Every execution / trade print (not grouped). */
  tradeSize: SizeFit;
  tradesPerSec: number;
  /** Trades whose aggressor side the data does not say (not in the market-order rates). */
  unsignedTrades: number;
  /** Hawkes cascade fitted to the market-order counts' Fano factors (`fitMarketCascade`); null when the day is too short. Absent in older results. */
  cascade?: MarketCascadeFit | null;
  /** Multi-scale cascade (three exponentials, windows 10 ms … 120 s; `fitMultiScaleCascade`); null when the day is too short. Absent in older results. */
  cascadeMulti?: MultiCascadeFit | null;
}

/**
 * Everything fitted from one data set; plain JSON. Invariants: a `null` section means the data
 * cannot give it, and `notes` says why; sizes are in the instrument's size units, prices in its
 * price units, times as ns since the reader's base midnight (`session.clock`).
 */
export interface CalibrationResult {
  version: 1;
  source: {
    files: string[];
    format: DataFormat;
    variant: string;
    bookKind: BookKind;
    depthLevels: number;
    events: number;
  };
  instrument: {
    symbol: string;
    venue: string;
    priceDecimals: number;
    sizeDecimals: number;
    tickSizeUnits: number;
    /** True when the tick was inferred from the data (gcd of observed price differences). */
    tickInferred: boolean;
  };
  session: {
    startNs: number;
    endNs: number;
    durationSec: number;
    startIso: string;
    endIso: string;
    clock: 'utc' | 'exchange-local';
    /** Seconds of trading per day used to scale volatility to a day. */
    tradingDaySec: number;
  };
  /** What the source carries, hence what could be measured. */
  capabilities: { orderLevel: boolean; levelChanges: boolean; trades: boolean; signedTrades: boolean; quotes: boolean; barsOnly: boolean };
  notes: string[];
  limitOrders: LimitOrderFlowFit | null;
  marketOrders: MarketOrderFit | null;
  /** Time-weighted quoted spread, ticks. */
  spread: { meanTicks: number; medianTicks: number | null; p95Ticks: number | null } | null;
  /**
   * `perSecBps` = std of 1-min log mid returns / √60 (bps per √s); `perSecBps1s` = std of 1-s
   * returns (includes microstructure noise); `dailyBps` = perSecBps × √tradingDaySec.
   */
  volatility: { perSecBps: number | null; perSecBps1s: number | null; dailyBps: number | null } | null;
  /** Share of traded volume per bin of `binSec` from the session start (or of the day, multi-day data). */
  volumeProfile: { binSec: number; share: number[] } | null;
  /** First and last valid mid, price units. */
  firstMidUnits: number | null;
  lastMidUnits: number | null;
  /** Limit-order lives by placement (`PlacementLifeCollector`): order-level sources only (absent otherwise and in older results); null when a class has too few removals. */
  placementLife?: PlacementLifeFit | null;
  /**
   * The book's response to market orders (`TradeResponseCollector`: submissions and cancels by side,
   * distance and time since the order; the burst `fitTradeResponse` gives, null with too few market
   * orders): order-level sources only (absent otherwise and in older results).
   */
  tradeResponse?: { table: TradeResponseTable; fit: TradeResponseConfig | null } | null;
}
