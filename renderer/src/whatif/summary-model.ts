import type { WhatIfResult } from '../../../main/contract/whatif.js';
import { priceDisplayDecimals } from '../market/ladder-model.js';
import { formatBps, formatCount, formatDuration, formatPercent, formatPrice, formatSize } from '../format/numbers.js';

/** Price/size scales of a run's instrument, with the decimals prices are shown at. */
export interface RunScale {
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
  readonly displayDecimals: number;
}

/** One cell of the summary strip. */
export interface SummaryItem {
  readonly key: 'filled' | 'arrival' | 'avg' | 'shortfall' | 'impact' | 'events' | 'seed' | 'hash' | 'elapsed';
  readonly label: string;
  readonly value: string;
  readonly title: string;
  /** 'cost' / 'gain' colour a signed cost; 'plain' otherwise. */
  readonly tone: 'plain' | 'cost' | 'gain';
}

/** The sign convention, said once in the strip's header tooltip. */
export const COST_SIGN_NOTE = 'Costs are in basis points, signed so that positive is a cost to us (negative: we did better than the benchmark).';

function costTone(bps: number | null): SummaryItem['tone'] {
  if (bps === null || !Number.isFinite(bps) || Math.abs(bps) < 0.05) return 'plain';
  return bps > 0 ? 'cost' : 'gain';
}

/** The summary strip's cells for a run of a parent order of `quantity`. */
export function summaryItems(r: WhatIfResult, quantity: number, scale: RunScale): SummaryItem[] {
  const s = r.summary;
  const px = (u: number | null, extra = 0) => formatPrice(u, scale.priceDecimals, Math.min(scale.priceDecimals, scale.displayDecimals + extra));
  const size = (n: number) => formatSize(n, scale.sizeDecimals);
  return [
    { key: 'filled', label: 'Filled', value: `${size(s.filled)} / ${size(quantity)}`, title: `Filled ${size(s.filled)} of ${size(quantity)} (${formatPercent(quantity > 0 ? s.filled / quantity : null)})`, tone: 'plain' },
    { key: 'arrival', label: 'Arrival', value: px(s.arrivalPriceUnits, 1), title: 'Arrival price: the mid when the parent order started', tone: 'plain' },
    { key: 'avg', label: 'Avg price', value: px(s.avgPriceUnits, 2), title: 'Average fill price of the filled part', tone: 'plain' },
    {
      key: 'shortfall',
      label: 'Shortfall',
      value: formatBps(s.shortfallBps, true),
      title: 'Implementation shortfall on the filled part against the arrival price, bps',
      tone: costTone(s.shortfallBps),
    },
    {
      key: 'impact',
      label: 'Impact',
      value: formatBps(s.impactBps, true),
      title: 'Market impact: mid with our orders − mid without them (same seeded path) at the order’s end, bps of arrival',
      tone: costTone(s.impactBps),
    },
    { key: 'events', label: 'Events', value: formatCount(s.events), title: 'Events simulated in the run with our orders', tone: 'plain' },
    { key: 'seed', label: 'Seed', value: String(r.seed), title: 'Random seed of the market path; the same seed and order reproduce the run exactly', tone: 'plain' },
    { key: 'hash', label: 'Event-log hash', value: shortHash(s.eventLogHash), title: `Hash of the run's complete event log: ${s.eventLogHash}`, tone: 'plain' },
    { key: 'elapsed', label: 'Run time', value: formatDuration(s.elapsedMs / 1000), title: 'Wall time the engine took for both runs', tone: 'plain' },
  ];
}

/** A long hash shown as its first 12 characters and last 4 ("3fa91c02be7d…c2d1"); short ones whole. */
export function shortHash(hash: string): string {
  return hash.length <= 20 ? hash : `${hash.slice(0, 12)}…${hash.slice(-4)}`;
}

/** The run's price/size scale: the instrument's tick precision, or what its snapshots' prices need. */
export function runScale(r: Pick<WhatIfResult, 'instrument' | 'snapshots'>): RunScale {
  const first = r.snapshots.find((s) => s.bids.length > 0 || s.asks.length > 0) ?? null;
  return {
    priceDecimals: r.instrument.priceDecimals,
    sizeDecimals: r.instrument.sizeDecimals,
    displayDecimals: priceDisplayDecimals(r.instrument, first),
  };
}
