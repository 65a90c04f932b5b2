import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replayPath } from '../../execution/what-if/replay-path.js';
import type { DepthBuffers } from '../../market/book/book-types.js';
import { DEFAULT_ACTIONS, encodeDiscrete } from './actions.js';
import { ExecutionEnv } from './execution-env.js';
import { fastReplayEnvFactory } from './replay-env-path.js';

const sample = fileURLToPath(new URL('../../../assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
const files = [sample, sample.replace('_message_', '_orderbook_')];

const depth = (): DepthBuffers => ({ bidPrice: new Float64Array(5), bidSize: new Float64Array(5), askPrice: new Float64Array(5), askSize: new Float64Array(5) });

describe('fastReplayEnvFactory', () => {
  it('the fast-forwarded book is the scheduled replay\'s book at every later time', () => {
    const fast = fastReplayEnvFactory(files, { fromSec: 1_800 })(1);
    const slow = replayPath(files, 1, false, true);
    expect(fast.startNs).toBe(slow.startNs + 1_800e9);
    for (const dt of [0, 0.5e9, 7e9, 60e9, 300e9]) {
      fast.advanceTo(fast.startNs + dt);
      slow.advanceTo(fast.startNs + dt);
      const a = depth(), b = depth();
      expect(fast.venue.book.depth(5, a)).toEqual(slow.venue.book.depth(5, b));
      expect(a).toEqual(b);
    }
  });

  it('episodes are deterministic; with impact our buying lifts the judged mid above the historical one', () => {
    const f = fastReplayEnvFactory(files, { fromSec: 1_780, impact: true });
    const run = () => {
      const env = new ExecutionEnv(f, { side: 'buy', quantity: 2_000, startSec: 20, horizonSec: 60, decisions: 6 }, { record: true });
      const out = [Array.from(env.reset(5))];
      while (!env.done) out.push([...env.step(encodeDiscrete(3, 2, DEFAULT_ACTIONS)).observation]);
      const path = env.recording()!.path;
      return { out, shift: path.mid!() - path.venue.book.mid() };
    };
    const a = run();
    expect(run().out).toEqual(a.out);
    expect(a.shift).toBeGreaterThan(0);
    const untouched = f(5);
    untouched.advanceTo(untouched.startNs + 20e9);
    expect(untouched.mid!()).toBe(untouched.venue.book.mid()); // no trade of ours: no shift
  });
});
