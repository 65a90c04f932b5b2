import type { ParentOrderRecord } from '../../../main/contract/orders.js';
import { pathClockName, type ClockName, type TimeBase } from '../format/time.js';
import type { StatusTone } from '../whatif/blotter-model.js';

/** Status words of a parent order ("Partially filled" / "Unfilled": done, with part or all of it left unfilled). */
export type ParentWord = 'Working' | 'Filled' | 'Partially filled' | 'Unfilled' | 'Cancelled' | 'Failed' | 'Interrupted';

/**
 * The cost column's convention: the parent's IS is of the FILLED part only, so the unfilled rest of
 * a partially filled parent is not in it (the TCA backtests count that rest as opportunity cost).
 */
export const PARENT_IS_TIP =
  'Implementation shortfall of the filled part vs the arrival mid, bps; positive = a cost to us. A partially filled parent\'s unfilled rest is not in this number: '
  + 'the TCA screen counts it as opportunity cost (marked at the mid 100 ms after the horizon against arrival), so compare partially filled parents there.';

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
  /** Filled share of the parent, % (0 … 100). */
  readonly fillPct: number;
  /** True when the parent is finished with part of it unfilled (status Partially filled or Unfilled). */
  readonly partial: boolean;
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
      if (p.filled >= Number(p.ticket.quantity)) return { word: 'Filled', tone: 'done' };
      return p.filled > 0 ? { word: 'Partially filled', tone: 'partial' } : { word: 'Unfilled', tone: 'partial' };
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
      fillPct: q > 0 ? (p.filled / q) * 100 : 0,
      partial: word === 'Partially filled' || word === 'Unfilled',
      tone,
      reason: p.error ?? (p.status === 'interrupted' ? 'The engine stopped while it was working; last saved state shown' : null),
      venue: p.instrument?.venue ?? '—',
      // An agent parent says which model worked it (the folder's name; the shipped one when the ticket named none).
      strategy: p.ticket.algorithm === 'agent' ? `agent · ${p.ticket.agentModel ? (p.ticket.agentModel.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '') : 'execution-default'}` : p.ticket.algorithm,
      children: p.children.length,
      priceDecimals: p.instrument?.priceDecimals ?? 2,
    };
  });
}
