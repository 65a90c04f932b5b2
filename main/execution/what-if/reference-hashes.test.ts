import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenario, runScenario } from '../../market/scenarios/index.js';
import { replayPath } from './replay-path.js';
import { WhatIfRun } from './what-if-run.js';

/**
 * Stored reference fingerprints (ARCHITECTURE: seeded replay tests compare a hash of the event
 * log with a stored reference). A change here means simulated behaviour changed: if that was
 * intended, say so in the commit and update the reference; if not, it is a regression.
 */
describe('reference event-log hashes', () => {
  it('the calm scenario, seed 1, 60 s', () => {
    const r = runScenario(loadScenario('calm'), { seed: 1, durationSec: 60 });
    // Updated for #9 (the noise traders became one superposed Poisson stream with table
    // samplers: other draws, the same laws — main/market/abm/sampling-equivalence.test.ts).
    expect(r.events).toBe(49_297);
    expect(r.eventLogHash).toBe('6310416281bea1e68d12a94c3d751923b420fdf60b821f648c51780421cf3ceb');
  });

  it('a 2,000-share TWAP with impact on the AMZN day, seed 7 (our order events)', () => {
    const s = fileURLToPath(new URL('../../../assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
    const files = [s, s.replace('_message_', '_orderbook_')];
    const args = { source: { kind: 'sample' as const, id: 'AMZN' }, order: { side: 'buy' as const, quantity: 2_000, algorithm: 'twap' as const, startSec: 3_600, horizonSec: 600, slices: 5, impact: true }, seed: 7 };
    const w = new WhatIfRun(args, (withOrders) => replayPath(files, 7, true, withOrders), 'ref');
    while (!w.step(10_000));
    const r = w.result();
    expect(r.summary.filled).toBe(2_000);
    expect(r.summary.eventLogHash).toBe('d30166f7fcf8ae5b525de83899a7d70e15e09c8c9e15b12c2192aac994026093');
  });
});
