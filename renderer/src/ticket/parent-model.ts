import type { ParentOrderRecord } from '../../../main/contract/orders.js';
import { pathClockName, type ClockName, type TimeBase } from '../format/time.js';
import type { StatusTone } from '../whatif/blotter-model.js';

/** Status words of a parent order. */
export type ParentWord = 'Working' | 'Filled' | 'Done (partial)' | 'Cancelled' | 'Failed' | 'Interrupted';

/** One row of the parent-order blotter, keyed by `id` (the parent id). */
export interface ParentRow {
  readonly id: string;
  /** The order's start on its path's clock (ns from `base`); null for parents stored before it was kept. */
  readonly startNs: number | null;
  readonly base: TimeBase;
  readonly clock: ClockName;
  readonly side: 1 | -1;
  readonly symbol: string;
  readonly quantity: number;
  readonly filled: number;
  readonly leaves: number;
  readonly limitUnits: number | null;
  readonly avgPriceUnits: number | null;
  readonly arrivalPriceUnits: number | null;
  readonly isBps: number | null;
  readonly status: ParentWord;
  readonly tone: StatusTone;
  readonly reason: string | null;
  readonly venue: string;
  readonly strategy: string;
  readonly children: number;
  readonly priceDecimals: number;
}

/** The word and chip tone for a parent's stored status. */
export function parentWord(p: Pick<ParentOrderRecord, 'status' | 'filled' | 'ticket'>): { word: ParentWord; tone: StatusTone } {
  switch (p.status) {
    case 'working':
      return { word: 'Working', tone: p.filled > 0 ? 'partial' : 'working' };
    case 'done':
      return p.filled >= Number(p.ticket.quantity) ? { word: 'Filled', tone: 'done' } : { word: 'Done (partial)', tone: 'partial' };
    case 'cancelled':
      return { word: 'Cancelled', tone: 'inactive' };
    case 'failed':
      return { word: 'Failed', tone: 'bad' };
    case 'interrupted':
      return { word: 'Interrupted', tone: 'bad' };
  }
}

/** Blotter rows, oldest first. */
export function parentRows(parents: readonly ParentOrderRecord[]): ParentRow[] {
  return parents.map((p) => {
    const { word, tone } = parentWord(p);
    const q = Number(p.ticket.quantity);
    return {
      id: p.parentId,
      startNs: p.startNs ?? p.children[0]?.createdNs ?? null,
      base: { baseEpochNs: p.baseEpochNs, clock: p.clock },
      clock: pathClockName(p, p.ticket.source.kind === 'scenario'),
      side: p.ticket.side === 'sell' ? -1 : 1,
      symbol: p.instrument?.symbol ?? '—',
      quantity: q,
      filled: p.filled,
      leaves: p.status === 'working' ? Math.max(0, q - p.filled) : 0,
      limitUnits: p.ticket.limitPriceUnits ?? null,
      avgPriceUnits: p.avgPriceUnits,
      arrivalPriceUnits: p.arrivalPriceUnits,
      isBps: p.isBps,
      status: word,
      tone,
      reason: p.error ?? (p.status === 'interrupted' ? 'The engine stopped while it was working; last saved state shown' : null),
      venue: p.instrument?.venue ?? '—',
      strategy: p.ticket.algorithm,
      children: p.children.length,
      priceDecimals: p.instrument?.priceDecimals ?? 2,
    };
  });
}
