import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../backtest/backtest-runner.js';
import { toRunRecord } from '../../backtest/store-record.js';
import { OBS_NAMES } from '../../learning/env/observation.js';
import { RunStore } from '../../store/run-store.js';
import type { AgentExplanations } from './agent-explanation.js';
import { explainChild } from './agent-explanation.js';
import { TWAP_PACE_ENV } from './agent-test-support.js';
import { saveRandomAgentModel } from './random-agent-model.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-store-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('agent explanations are kept with the run', () => {
  it('in the DuckDB run store and its JSON export: every decision, features by name, probabilities of every action', async () => {
    const dir = path.join(root, 'm');
    saveRandomAgentModel(dir, { seed: 6, env: TWAP_PACE_ENV });
    const r = await runBacktest({ strategies: [`agent:${dir}`, 'twap'], sources: [{ kind: 'scenario', name: 'calm' }], seeds: [1], side: 'buy', quantity: 1_000, horizonSec: 20, startSec: 10, bootstrapResamples: 100 }, { workers: 0 });
    const agent = r.outcomes.find((o) => o.strategy === 'agent')!;
    const store = await RunStore.open(path.join(root, 'runs.duckdb'));
    try {
      const id = await store.saveRun(toRunRecord(r));
      const stored = await store.getExplanations(id);
      expect(stored).toHaveLength(1);
      expect(stored[0]!.jobIndex).toBe(agent.jobIndex);
      expect(stored[0]!.explanations).toEqual(JSON.parse(JSON.stringify(agent.explanations)));
      const ex = stored[0]!.explanations as AgentExplanations;
      expect(ex.featureNames).toEqual(OBS_NAMES);
      expect(ex.decisions.length).toBeGreaterThan(0);
      expect(ex.decisions.length).toBeLessThanOrEqual(10);
      for (const d of ex.decisions) expect(d.probs).toHaveLength(6);
      // Each child the agent sent is explained by the decision that sent it.
      const sent = ex.decisions.filter((d) => d.childOrderId !== null);
      expect(sent.length).toBeGreaterThan(0);
      for (const d of sent) expect(explainChild(ex, d.childOrderId!)!.decision).toBeLessThanOrEqual(d.decision);
      const out = path.join(root, 'run.json');
      await store.exportRun(id, 'json', out);
      const j = JSON.parse(fs.readFileSync(out, 'utf8'));
      expect(j.explanations).toEqual(stored);
    } finally {
      store.close();
    }
  }, 120_000);
});
