import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExecutionEnv } from '../../learning/env/execution-env.js';
import { EnvSignal } from '../../learning/env/env-signal.js';
import { OBS } from '../../learning/env/observation.js';
import { checkpointReplayEnvFactory } from '../../learning/env/replay-env-path.js';
import { dataPath } from '../../market/readers/test-support.js';
import type { BookView } from '../../market/book/book-types.js';
import { DEFAULT_RISK_LIMITS } from '../../risk/risk-limits.js';
import { trainSignalModel } from '../../signals/pipeline.js';
import { SimExecutionContext } from '../execution-context.js';
import { OrderPath } from '../order-path.js';
import { AgentExecutor } from './agent-executor.js';
import { AgentModelMismatch } from './agent-policy.js';
import { AgentWarmup, type TradePull } from './agent-warmup.js';
import { constantPolicy, twapPaceModel, TWAP_PACE_ENV } from './agent-test-support.js';

const MSFT = dataPath('lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv');
const START = 0.5, HORIZON = 2, SEED = 5, QTY = 400;

let dir = '';
let signal: EnvSignal;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slipstream-agent-env-signal-'));
  await trainSignalModel({
    kind: 'logreg', days: [[MSFT]], horizon: 5, features: { everyEvents: 2, levels: 10 }, seed: 3, params: {},
    validation: { mode: 'walk-forward', folds: 2, embargoRows: 0 }, outDir: dir,
  });
  signal = await EnvSignal.load(dir, [MSFT]);
}, 120_000);

/** The agent on a fresh checkpointed replay path of `SEED`, set up as the What-if sets it up; returns the observations it was shown. */
function agentObservations(env: typeof TWAP_PACE_ENV & { signalModel?: string }, sig: EnvSignal | undefined): Float32Array[] {
  const factory = checkpointReplayEnvFactory([MSFT]);
  const path = factory(SEED);
  const venue = path.venue as typeof path.venue & { marketView(levels?: number): { book: BookView } & TradePull };
  const view = venue.marketView(5); // as the env's MarketFeed opens it (same random draws)
  const t0 = path.startNs + START * 1e9;
  const policy = constantPolicy(3, twapPaceModel({ env }));
  const ctx = new SimExecutionContext(path.instrument, view.book, new OrderPath(path.venue, path.scheduler, path.instrument, DEFAULT_RISK_LIMITS, 'A'), path.scheduler);
  const delta = Math.round((HORIZON * 1e9) / env.decisions);
  const warmup = new AgentWarmup(view.book, null, t0, delta, 5, path.startNs, view);
  const agent = new AgentExecutor(ctx, { id: 'a', symbol: path.instrument.symbol, side: -1, quantity: QTY, startNs: t0, endNs: t0 + HORIZON * 1e9, riskAversion: 0, maxParticipation: 1 }, { policy, warmup, trades: view, ...(sig ? { signal: sig } : {}) });
  agent.start();
  for (const t of warmup.times) {
    path.advanceTo(t);
    warmup.sample();
  }
  path.advanceTo(t0 + 2 * delta);
  return policy.seen;
}

describe('the agent strategy with a signal model', () => {
  it('sees at decision 0 exactly what the execution environment sees with the signal on (signal slots filled)', () => {
    const envSpec = { ...TWAP_PACE_ENV, signalModel: dir };
    const seen = agentObservations(envSpec, signal);
    const env = new ExecutionEnv(checkpointReplayEnvFactory([MSFT]), { side: 'sell', quantity: QTY, startSec: START, horizonSec: HORIZON, ...envSpec }, { signal });
    const first = env.reset(SEED);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(Array.from(seen[0]!)).toEqual(Array.from(first));
    expect(first[OBS.signal0 + 2]).toBe(1);
    expect(first[OBS.signal0]).not.toBe(0);
    // Without the signal both read zeros there, and the rest is unchanged.
    const plain = agentObservations(TWAP_PACE_ENV, undefined);
    expect(Array.from(plain[0]!.subarray(0, OBS.signal0))).toEqual(Array.from(first.subarray(0, OBS.signal0)));
    expect(Array.from(plain[0]!.subarray(OBS.signal0)).every((x) => x === 0)).toBe(true);
  }, 120_000);

  it('refuses a model whose signal folder is missing, a missing or different signal, and a signal for a model trained without one', () => {
    const gone = join(tmpdir(), 'slipstream-no-such-signal-model-dir');
    expect(() => agentObservations({ ...TWAP_PACE_ENV, signalModel: gone }, signal)).toThrow(AgentModelMismatch);
    expect(() => agentObservations({ ...TWAP_PACE_ENV, signalModel: gone }, signal)).toThrow(new RegExp(`env\\.signalModel: .*${gone}/manifest\\.json: no signal model here \\(missing`));
    expect(() => agentObservations({ ...TWAP_PACE_ENV, signalModel: dir }, undefined)).toThrow(/env\.signalModel: the model was trained with the signal model .*; load it/);
    const other = mkdtempSync(join(tmpdir(), 'slipstream-other-signal-'));
    expect(() => agentObservations({ ...TWAP_PACE_ENV, signalModel: dir }, Object.assign(Object.create(signal) as EnvSignal, { dir: other }))).toThrow(/the signal given is/);
    expect(() => agentObservations(TWAP_PACE_ENV, signal)).toThrow(/trained without a signal/);
  }, 60_000);
});
