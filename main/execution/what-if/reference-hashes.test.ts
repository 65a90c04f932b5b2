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
    // Updated for #9 item 4: the fingerprint's encoding changed (every number a float64 in the
    // word block); the same events — the old encoding still gives 6310416281be… on this run.
    expect(r.eventLogHash).toBe('e2173658798acb5774e54d65bce6463a503cfb259f43896985af7488fb368d6d');
  });

  it('a 2,000-share TWAP with impact on the AMZN day, seed 7 (our order events)', () => {
    const s = fileURLToPath(new URL('../../../assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
    const files = [s, s.replace('_message_', '_orderbook_')];
    const args = { source: { kind: 'sample' as const, id: 'AMZN' }, order: { side: 'buy' as const, quantity: 2_000, algorithm: 'twap' as const, startSec: 3_600, horizonSec: 600, slices: 5, impact: true }, seed: 7 };
    const w = new WhatIfRun(args, (withOrders) => replayPath(files, 7, true, withOrders), 'ref');
    while (!w.step(10_000));
    const r = w.result();
    expect(r.summary.filled).toBe(2_000);
    // Updated for #9 item 4 (the fingerprint's encoding, as above; was d30166f7fcf8…).
    expect(r.summary.eventLogHash).toBe('847abe37eeadf1d312a4cfb70d47640b6b8ca42ceecc57518701589b217b5c71');
  });
});
