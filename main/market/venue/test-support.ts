import { fileURLToPath } from 'node:url';
import type { OrderEvent } from '../../domain/order-events.js';
import type { NewOrder } from '../../domain/orders.js';
import { Rng } from '../../kernel/rng.js';
import { Scheduler } from '../../kernel/scheduler.js';
import { newMarketEvent, type MarketEvent } from '../events/market-event.js';
import type { ReaderInfo } from '../readers/reader.js';
import { EventTape } from '../replay/event-tape.js';
import { openReplay } from '../replay/open-replay.js';
import { ZeroFees } from './fee-models.js';
import { ConstantLatency } from './latency-models.js';
import { ReplayVenue, type ReplayVenueConfig } from './replay-venue.js';

/** Test helpers for the replay venue (not used by production code). */

export const dataPath = (p: string): string => fileURLToPath(new URL(`../../../../shared/data/${p}`, import.meta.url));
export const AMZN = dataPath('lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv');

const cache = new Map<string, { tape: EventTape; info: ReaderInfo }>();

/** Records a data file (LOBSTER: reconciled with its orderbook file) once per test process. */
export function recorded(file: string): { tape: EventTape; info: ReaderInfo } {
  let r = cache.get(file);
  if (!r) {
    const tape = new EventTape(1 << 16);
    const b = openReplay([file], { tape });
    const info = b.runToEnd().info;
    b.close();
    r = { tape, info };
    cache.set(file, r);
  }
  return r;
}

/** A venue over a recorded file with a fresh scheduler; constant latency by default; events collected. */
export function venueFor(file: string, cfg: Partial<ReplayVenueConfig> = {}): { venue: ReplayVenue; scheduler: Scheduler; events: OrderEvent[] } {
  const { tape, info } = cfg.tape && cfg.info ? { tape: cfg.tape, info: cfg.info } : recorded(file);
  const scheduler = cfg.scheduler ?? new Scheduler();
  const venue = new ReplayVenue({
    tape, info, scheduler, rng: cfg.rng ?? new Rng(1), latency: cfg.latency ?? new ConstantLatency(0), fees: cfg.fees ?? new ZeroFees(), ...cfg,
  });
  const events: OrderEvent[] = [];
  venue.onOrderEvent((ev) => events.push(ev));
  return { venue, scheduler, events };
}

/** A day limit order request. */
export function limit(clientOrderId: string, side: 1 | -1, priceUnits: number, size: number, tif: 'day' | 'ioc' = 'day'): { kind: 'new' } & NewOrder {
  return { kind: 'new', clientOrderId, side, type: 'limit', tif, size, priceUnits };
}

/** Runs `fn` at scheduler time `tsNs`. */
export function at(scheduler: Scheduler, tsNs: number, fn: () => void): void {
  scheduler.at(tsNs, { fire: () => fn() });
}

/** A hand-made tape: each event is one input event (kind, ts, side, price, size, id, flags). */
export function handTape(events: ReadonlyArray<Partial<MarketEvent> & { kind: MarketEvent['kind']; tsNs: number }>): EventTape {
  const tape = new EventTape(64);
  for (const e of events) {
    const ev = newMarketEvent();
    Object.assign(ev, e);
    tape.push(ev);
  }
  return tape;
}

/** ReaderInfo of a made-up instrument (tick 1, prices and sizes in plain integers). */
export function handInfo(bookKind: 'L3' | 'L2', format: ReaderInfo['format'] = bookKind === 'L3' ? 'databento-mbo' : 'tardis', depthLevels = 0): ReaderInfo {
  return {
    format, variant: 'hand', files: [], bookKind, depthLevels, baseEpochNs: 0n, clock: 'utc',
    instrument: { symbol: 'TEST', venue: 'HAND', priceDecimals: 0, sizeDecimals: 0, tickSizeUnits: 1 },
  };
}

/** Compact text of order events for assertions: `Type[:size@price][:reason]`. */
export function brief(events: readonly OrderEvent[]): string[] {
  return events.map((e) => {
    if (e.type === 'OrderFilled') return `${e.clientOrderId} Filled ${e.size}@${e.priceUnits} leaves ${e.leaves}${e.aggressor ? ' taker' : ' maker'}`;
    if (e.type === 'OrderCancelled') return `${e.clientOrderId} Cancelled ${e.reason}`;
    if (e.type === 'OrderReplaced') return `${e.clientOrderId} Replaced ${e.size}@${e.priceUnits} leaves ${e.leaves}`;
    if (e.type === 'OrderRejected' || e.type === 'OrderCancelRejected') return `${e.clientOrderId} ${e.type.slice(5)} ${e.reason}`;
    return `${e.clientOrderId} ${e.type.slice(5)}`;
  });
}
