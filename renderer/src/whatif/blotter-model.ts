import type { WhatIfResult } from '../../../main/contract/whatif.js';

/** A child order as the run reports it. */
export type WhatIfOrder = WhatIfResult['orders'][number];

/** Status words shown in the blotter (UI.md), plus "Pending new" for an order not yet acknowledged. */
export type StatusWord = 'Pending new' | 'New' | 'Partially filled' | 'Filled' | 'Cancelled' | 'Rejected' | 'Denied';
/** The chip's colour family. */
export type StatusTone = 'working' | 'partial' | 'done' | 'inactive' | 'bad';

/** One blotter row; keyed by `id` (the client order id). Prices in units, sizes in size units. */
export interface BlotterRow {
  readonly id: string;
  readonly timeNs: number;
  /** +1 buy, −1 sell. */
  readonly side: 1 | -1;
  readonly symbol: string;
  readonly quantity: number;
  readonly filled: number;
  /** Still working: quantity − filled while the order lives, 0 once it is done. */
  readonly leaves: number;
  /** Limit price in units; null for a market order. */
  readonly limitUnits: number | null;
  readonly avgPriceUnits: number | null;
  readonly status: StatusWord;
  readonly tone: StatusTone;
  /** Why it was denied or rejected, in the engine's words; null otherwise. */
  readonly reason: string | null;
  readonly venue: string;
  readonly strategy: string;
  readonly orderType: string;
}

const STATUS: Readonly<Record<string, { word: StatusWord; tone: StatusTone }>> = {
  pendingnew: { word: 'Pending new', tone: 'working' },
  new: { word: 'New', tone: 'working' },
  partiallyfilled: { word: 'Partially filled', tone: 'partial' },
  filled: { word: 'Filled', tone: 'done' },
  cancelled: { word: 'Cancelled', tone: 'inactive' },
  canceled: { word: 'Cancelled', tone: 'inactive' },
  rejected: { word: 'Rejected', tone: 'bad' },
  denied: { word: 'Denied', tone: 'bad' },
};

/** Maps an engine status ('PartiallyFilled', 'partially-filled', …) to its word and chip tone. */
export function statusWord(status: string): { word: StatusWord; tone: StatusTone } {
  return STATUS[status.toLowerCase().replace(/[^a-z]/g, '')] ?? { word: 'New', tone: 'working' };
}

const TERMINAL: ReadonlySet<StatusWord> = new Set(['Filled', 'Cancelled', 'Rejected', 'Denied']);

/** Turns the run's child orders into blotter rows, oldest first. */
export function blotterRows(orders: readonly WhatIfOrder[], instrument: { symbol: string; venue: string }, strategy: string): BlotterRow[] {
  return [...orders]
    .sort((a, b) => a.createdNs - b.createdNs || (a.clientOrderId < b.clientOrderId ? -1 : a.clientOrderId > b.clientOrderId ? 1 : 0))
    .map((o) => {
      const { word, tone } = statusWord(o.status);
      return {
        id: o.clientOrderId,
        timeNs: o.createdNs,
        side: o.side < 0 ? -1 : 1,
        symbol: instrument.symbol,
        quantity: o.size,
        filled: o.filled,
        leaves: TERMINAL.has(word) ? 0 : Math.max(0, o.size - o.filled),
        limitUnits: o.type.toLowerCase().startsWith('market') ? null : o.priceUnits,
        avgPriceUnits: o.avgPriceUnits,
        status: word,
        tone,
        reason: o.reason,
        venue: instrument.venue,
        strategy,
        orderType: o.type,
      };
    });
}

export { diffRows, type RowDiff } from '../ui/row-diff.js';
