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
    // Updated for #9 item 4 again: the same words now go through sixteen SIMD lanes instead of
    // xxHash32's four (kernel/simd-lanes.ts; same events, same 49,797; was 06fdfea2f50a…).
    expect(r.events).toBe(49_797);
    expect(r.eventLogHash).toBe('0ad7b4a890e2c805491edb771e881d02f1c039dfcf3de88b37192d512bb36152');
  });

  it('a 2,000-share TWAP with impact on the AMZN day, seed 7 (our order events)', () => {
    const s = fileURLToPath(new URL('../../../assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
    const files = [s, s.replace('_message_', '_orderbook_')];
    const args = { source: { kind: 'sample' as const, id: 'AMZN' }, order: { side: 'buy' as const, quantity: 2_000, algorithm: 'twap' as const, startSec: 3_600, horizonSec: 600, slices: 5, impact: true }, seed: 7 };
    const w = new WhatIfRun(args, (withOrders) => replayPath(files, 7, true, withOrders), 'ref');
    while (!w.step(10_000));
    const r = w.result();
    expect(r.summary.filled).toBe(2_000);
    // Updated for #9 item 4 (the fingerprint's encoding, as above; was d30166f7fcf8…, then
    // 847abe37eead… before the sixteen SIMD lanes).
    expect(r.summary.eventLogHash).toBe('d1e14fe8407915336a50da602ea5c1ff5fb7f1a4913b0d8d3bef577a341855c7');
  });
});
