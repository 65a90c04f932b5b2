import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixAcceptor } from '../fix/fix-acceptor.js';
import { acceptanceVenue } from './acceptance-venue.js';
import { parseDef, runScenario } from './def-runner.js';

/** QuickFIX's FIX 4.4 session acceptance suite (49 scenarios), run against our acceptor. */
const SUITE = join(import.meta.dirname, '../../../../shared/fix44-acceptance');
const files = readdirSync(SUITE).filter((f) => f.endsWith('.def')).sort();

/** Scenarios we do not pass, with the reason (each still runs, as `it.fails`). */
const KNOWN_FAILURES: ReadonlyMap<string, string> = new Map([]);

const wall = { nowMs: () => Date.now() };

describe('FIX 4.4 acceptance suite (QuickFIX server/fix44)', () => {
  it('has the 49 scenarios', () => {
    expect(files).toHaveLength(49);
  });

  // One acceptor per scenario, so that the long heartbeat scenarios can run side by side.
  describe.concurrent('scenarios', () => {
    for (const f of files) {
      const t = KNOWN_FAILURES.has(f) ? it.fails : it;
      t(f, async () => {
        const venue: FixAcceptor = acceptanceVenue(0, wall);
        const port = await venue.listen();
        try {
          const steps = parseDef(readFileSync(join(SUITE, f), 'latin1'), f);
          const r = await runScenario(steps, { port, nowMs: wall.nowMs, timeoutMs: 20_000 });
          expect(r.failure ?? 'pass').toBe('pass');
        } finally {
          await venue.close();
        }
      }, 90_000);
    }
  });
});
