import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BacktestOrderDetailSchema, BacktestResultSchema, type ServerMessage } from '../contract/index.js';
import { TWAP_PACE_ENV } from '../execution/agent/agent-test-support.js';
import { saveRandomAgentModel } from '../execution/agent/random-agent-model.js';
import { Engine } from './engine.js';

const samplesDir = fileURLToPath(new URL('../../assets/sample', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'slip-bt-agent-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function harness(dataDir = mkdtempSync(join(root, 'data-'))) {
  const pending = new Map<number, (m: ServerMessage) => void>();
  const engine = new Engine({ host: 'in-process', engineThread: 'in-process', samplesDir, dataDir }, (m) => {
    if (m.kind === 'response') pending.get(m.id)?.(m);
  });
  let id = 0;
  return (command: string, args: unknown): Promise<any> => new Promise((resolve) => {
    const rid = ++id;
    pending.set(rid, resolve);
    engine.handle({ kind: 'request', id: rid, command, args });
  });
}

const CALM = { source: { kind: 'scenario', name: 'calm', durationSec: 60 }, seeds: { from: 1, to: 2 }, side: 'buy', quantity: 1000, startSec: 30, horizonSec: 20 };

describe('the agent on the TCA screen (backtest.run / backtest.orderDetail)', () => {
  it('runs a model folder as a strategy beside the baselines; the drill-down explains every decision', async () => {
    // A folder of the user's model registry: one the engine may open (a folder the user did not choose is refused).
    const dataDir = mkdtempSync(join(root, 'data-'));
    const model = join(dataDir, 'model-registry', 'model');
    mkdirSync(model, { recursive: true });
    saveRandomAgentModel(model, { seed: 8, env: TWAP_PACE_ENV });
    const request = harness(dataDir);
    const r = await request('backtest.run', { ...CALM, strategies: ['twap', 'agent'], agentModel: model });
    expect(r.error).toBeUndefined();
    const res = BacktestResultSchema.parse(r.result);
    expect(res.failed).toEqual([]);
    expect(res.stats.map((s) => s.strategy)).toEqual(['twap', 'agent']);
    const o = res.outcomes.find((x) => x.strategy === 'agent')!;
    const d = await request('backtest.orderDetail', { runId: res.runId, strategy: 'agent', seed: o.seed, pathId: o.pathId });
    expect(d.error).toBeUndefined();
    const detail = BacktestOrderDetailSchema.parse(d.result);
    expect(detail.isBps).toBeCloseTo(o.isBps, 9);
    const ex = detail.explanations!;
    expect(ex.decisions.length).toBeGreaterThan(0);
    expect(ex.decisions[0]!.probs).toHaveLength(6);
    // Every child order in the drill-down that a decision sent is explained by it.
    const sent = new Set(ex.decisions.map((x) => x.childOrderId).filter((x) => x !== null));
    expect(detail.orders.filter((c) => sent.has(c.clientOrderId)).length).toBe(sent.size);
    const twap = res.outcomes.find((x) => x.strategy === 'twap')!;
    const dt = BacktestOrderDetailSchema.parse((await request('backtest.orderDetail', { runId: res.runId, strategy: 'twap', seed: twap.seed, pathId: twap.pathId })).result);
    expect(dt.explanations ?? null).toBeNull();
  }, 120_000);

  const shipped = existsSync(fileURLToPath(new URL('../../native-models/execution-default/manifest.json', import.meta.url)));
  it.skipIf(shipped)('without the shipped model, the agent is reported as failed and the baselines complete', async () => {
    const request = harness();
    const r = await request('backtest.run', { ...CALM, strategies: ['twap', 'immediate', 'agent'] });
    const res = BacktestResultSchema.parse(r.result);
    expect(res.stats.map((s) => s.strategy)).toEqual(['twap', 'immediate']);
    expect(res.failed).toEqual([{ strategy: 'agent', message: expect.stringMatching(/native-models\/execution-default\/ is absent/) }]);
  }, 120_000);
});
