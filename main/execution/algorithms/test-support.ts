import { Rng } from '../../kernel/rng.js';
import { GenerativeVenue } from '../../market/abm/generative-venue.js';
import { MarketSession } from '../../market/abm/market-session.js';
import { loadScenario } from '../../market/scenarios/index.js';
import { ZeroFees } from '../../market/venue/fee-models.js';
import { ConstantLatency } from '../../market/venue/latency-models.js';
import { DEFAULT_RISK_LIMITS } from '../../risk/risk-limits.js';
import { SimExecutionContext } from '../execution-context.js';
import { OrderPath } from '../order-path.js';
import { parseParentOrder, type ParentOrderInput, type ParentOrderSpec } from '../parent-order.js';
import { MarketVolume } from './market-volume.js';
import type { ParentExecutor } from './parent-executor.js';

/**
 * Test rig (tests only): a seeded agent-based market (a preset, default `calm`, of
 * `durationSec`), our orders entering its exchange through a `GenerativeVenue` (200 µs each way,
 * no fees), an `OrderPath` with the default risk limits, and a `SimExecutionContext` — the same
 * wiring as the what-if screen. `tape` is the exchange (its trade feed).
 */
export function abmRig(seed: number, durationSec: number, preset = 'calm') {
  const scenario = { ...loadScenario(preset), durationSec };
  const session = new MarketSession(scenario, { seed, recordTrades: false });
  const venue = new GenerativeVenue(session.exchange, { rng: new Rng(seed).fork('our-venue'), latency: new ConstantLatency(200_000), fees: new ZeroFees() });
  const path = new OrderPath(venue, session.scheduler, session.instrument, DEFAULT_RISK_LIMITS, 'A');
  const ctx = new SimExecutionContext(session.instrument, venue.book, path, session.scheduler);
  session.start();
  const tape = session.exchange;
  const runTo = (sec: number) => session.scheduler.run(Math.round(sec * 1e9));
  const parent = (p: Partial<ParentOrderInput> & { quantity: number; startSec: number; endSec: number }): ParentOrderSpec => {
    const { startSec, endSec, ...rest } = p;
    return parseParentOrder({ id: 'P1', symbol: session.instrument.symbol, side: 1, startNs: startSec * 1e9, endNs: endSec * 1e9, ...rest });
  };
  return { session, venue, path, ctx, tape, runTo, parent };
}

/** A child order as a comparable row (for determinism checks). */
export function childRows(path: OrderPath): string[] {
  return path.oms.all().map((c) => `${c.createdNs} ${c.order.clientOrderId} ${c.order.side} ${c.order.type}/${c.order.tif} ${c.order.size}@${c.order.priceUnits ?? 'mkt'} ${c.status} filled ${c.filled}`);
}

/** Samples and invariant violations collected by `watch`. */
export interface Watch {
  readonly samples: Array<{ tNs: number; filled: number; volume: number }>;
  readonly violations: string[];
  readonly volume: MarketVolume;
}

/**
 * Checks, at every event of the executor's children: filled ≤ quantity, filled + in-flight ≤
 * quantity, no child through the limit price (no market child under a limit), filled ≤
 * maxParticipation × market volume since start; and samples (time, filled, volume) every
 * `sampleNs` from startNs to `untilNs`.
 */
export function watch(rig: ReturnType<typeof abmRig>, exec: ParentExecutor, sampleNs = 1e9, untilNs = exec.spec.endNs): Watch {
  const { spec, parent } = exec;
  const volume = new MarketVolume(rig.tape, spec.startNs);
  const w: Watch = { samples: [], violations: [], volume };
  const lim = spec.limitPriceUnits;
  rig.ctx.onOrderEvent((ev, c) => {
    if (!c || c.order.strategy !== spec.id) return;
    const at = `${ev.tsNs} ${ev.type} ${c.order.clientOrderId}`;
    if (parent.filled > spec.quantity) w.violations.push(`${at}: filled ${parent.filled} > quantity`);
    if (parent.filled + parent.inFlight() > spec.quantity) w.violations.push(`${at}: filled + in-flight ${parent.filled + parent.inFlight()} > quantity`);
    if (lim !== undefined && (c.order.type === 'market' || spec.side * ((c.priceUnits ?? 0) - lim) > 0)) w.violations.push(`${at}: price ${c.priceUnits} through limit ${lim}`);
    if (spec.maxParticipation < 1 && parent.filled > spec.maxParticipation * volume.volume + 1e-9) {
      w.violations.push(`${at}: filled ${parent.filled} > ${spec.maxParticipation} × volume ${volume.volume}`);
    }
  });
  const sample = () => {
    w.samples.push({ tNs: rig.ctx.now(), filled: parent.filled, volume: volume.volume });
    if (rig.ctx.now() + sampleNs <= untilNs) rig.ctx.setTimer(sampleNs, sample);
  };
  rig.ctx.setTimer(Math.max(0, spec.startNs - rig.ctx.now()), sample);
  return w;
}
