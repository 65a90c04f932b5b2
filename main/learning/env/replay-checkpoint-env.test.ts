import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { replayEnvFactory } from './env-paths.js';
import { judgeEpisode, type EpisodeJudgement } from './episode-judge.js';
import { ExecutionEnv } from './execution-env.js';
import type { EnvConfigInput } from './env-config.js';
import { checkpointReplayEnvFactory } from './replay-env-path.js';

const sample = fileURLToPath(new URL('../../../assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
const reconciled = [sample, sample.replace('_message_', '_orderbook_')];
const messagesOnly = [sample];

/** Random discrete actions from a fixed LCG (the same sequence for both environments). */
function randomPolicy(n: number) {
  let x = 7;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
}

function judge(env: ExecutionEnv, seed: number): EpisodeJudgement {
  const n = env.actionSpace.kind === 'discrete' ? env.actionSpace.n : 0;
  const next = randomPolicy(n);
  return judgeEpisode(env, seed, () => next());
}

describe('checkpointReplayEnvFactory: episodes from checkpoints are the backtests’ exact paths', () => {
  it.each([
    { files: reconciled, impact: false, startSec: 600, seeds: [1, 2, 3] },
    { files: reconciled, impact: true, startSec: 2_047.5, seeds: [4, 5] },
    { files: messagesOnly, impact: true, startSec: 3_600, seeds: [6, 7] },
    { files: messagesOnly, impact: false, startSec: 125, seeds: [8] },
  ])('$files.length file(s), impact $impact, start $startSec s: same fills, mids, TCA and event log', ({ files, impact, startSec, seeds }) => {
    const config: EnvConfigInput = { side: 'buy', quantity: 800, startSec, horizonSec: 120, decisions: 12 };
    const cpFactory = checkpointReplayEnvFactory(files, { impact, everySec: 30 });
    expect(cpFactory.checkpoints.count).toBeGreaterThan(10);
    const exact = new ExecutionEnv(replayEnvFactory(files, impact), config, { record: true });
    const fast = new ExecutionEnv(cpFactory, config, { record: true });
    for (const seed of seeds) {
      const a = judge(exact, seed);
      const b = judge(fast, seed);
      // The checkpoint really skipped history (else this test would compare two full replays).
      const cp = cpFactory.checkpoints.nearest(fast.recording()!.startNs - 5 * 3e9);
      expect(cp?.fed ?? 0).toBeGreaterThan(100);
      expect(b.fills.length).toBeGreaterThan(0);
      expect(b).toEqual(a);
      expect(fast.recording()!.path.finish()).toBe(exact.recording()!.path.finish());
      expect(fast.recording()!.path.events()).toBe(exact.recording()!.path.events());
    }
  });

  it('a different seed on the same start is a different path (the re-drawn delays matter)', () => {
    const config: EnvConfigInput = { side: 'buy', quantity: 800, startSec: 900, horizonSec: 120, decisions: 12 };
    const fast = new ExecutionEnv(checkpointReplayEnvFactory(reconciled, { everySec: 30 }), config, { record: true });
    const a = judge(fast, 11);
    const b = judge(fast, 12);
    expect(b.fills.map((f) => f.ts)).not.toEqual(a.fills.map((f) => f.ts));
  });
});
