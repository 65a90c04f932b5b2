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
    // Updated for #8.3: the presets gained value-anchored latent liquidity with memory and a
    // learning fundamental (scenarios/preset-liquidity.ts), so the calm market's events changed
    // (49,297 → 49,797; was e2173658798a… under #9 item 4's encoding).
    expect(r.events).toBe(49_797);
    expect(r.eventLogHash).toBe('06fdfea2f50ab166b8e6ed519c6130933dbbf33457f47a7ac82cb107f25bc6aa');
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
