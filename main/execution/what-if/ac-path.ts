import { Rng } from '../../kernel/rng.js';
import { Scheduler } from '../../kernel/scheduler.js';
import { createHash } from 'node:crypto';
import { AC_INSTRUMENT, ACVenue } from '../../market/ac-world/ac-venue.js';
import type { ACWorldParams } from '../../market/ac-world/ac-world-params.js';
import type { OrderEvent } from '../../domain/order-events.js';
import type { PathSim } from './path-sim.js';

/** AC-world sessions open at 09:30 on a nominal day, like the agent-based scenarios. */
const SESSION_OPEN_NS = 34_200n * 1_000_000_000n;

/**
 * A path of the Almgren-Chriss world (`ACVenue`) from a seed: the unaffected price moves one
 * N(0, 1) draw per period from `new Rng(seed).fork('ac-world')`, so the market without our orders
 * is the same for every strategy of the seed. `finish()` hashes our order events in delivery order.
 */
export function acPath(params: ACWorldParams, durationSec: number, seed: number): PathSim {
  const scheduler = new Scheduler();
  const venue = new ACVenue(params, scheduler, new Rng(seed).fork('ac-world'));
  const hash = createHash('sha256');
  venue.onOrderEvent((ev: OrderEvent) => hash.update(JSON.stringify(ev) + '\n'));
  let periods = 0;
  return {
    label: `ac world (S0 ${params.S0}, σ ${params.sigma}, ε ${params.epsilon}, γ ${params.gamma}, η ${params.eta}, τ ${params.periodSec} s; ${durationSec} s, seed ${seed})`,
    instrument: AC_INSTRUMENT,
    baseEpochNs: SESSION_OPEN_NS,
    clock: 'utc',
    scheduler,
    venue,
    trades: venue,
    startNs: 0,
    endNs: durationSec * 1e9,
    advanceTo: (t) => {
      scheduler.run(t);
      periods = Math.floor(t / (params.periodSec * 1e9));
    },
    events: () => periods,
    finish: () => hash.digest('hex'),
  };
}
