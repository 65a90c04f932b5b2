import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OrderTicketParsed } from '../../contract/orders.js';
import { estimatePathModel } from '../parent-order-service.js';
import { ParentOrderRun } from '../parent-order-run.js';
import { scenarioPath } from '../what-if/scenario-path.js';
import { TWAP_PACE_ENV } from './agent-test-support.js';
import { saveRandomAgentModel } from './random-agent-model.js';
import { loadAgentPolicy } from './agent-model-folder.js';
import { OBS_DIM } from '../../learning/env/observation.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-ticket-'));
const saved = process.env.SLIPSTREAM_NATIVE_MODELS;
afterAll(() => {
  if (saved === undefined) delete process.env.SLIPSTREAM_NATIVE_MODELS;
  else process.env.SLIPSTREAM_NATIVE_MODELS = saved;
  fs.rmSync(root, { recursive: true, force: true });
});

const TICKET: OrderTicketParsed = {
  source: { kind: 'scenario', name: 'calm', durationSec: 300, seed: 5 }, side: 'sell', quantity: 1_000, algorithm: 'agent',
  startSec: 10, horizonSec: 120, urgency: 2, maxParticipation: 1,
};

function open(t: OrderTicketParsed): ParentOrderRun {
  const p = () => scenarioPath('calm', 300, 5, false);
  return new ParentOrderRun(t, p(), estimatePathModel(p(), t.startSec), 'PO-a');
}

describe('the agent from the Order ticket', () => {
  it('works the parent with the shipped model, never over-filling, and is refused naming the model when it is absent', () => {
    process.env.SLIPSTREAM_NATIVE_MODELS = path.join(root, 'none');
    if (!fs.existsSync(path.join(process.cwd(), 'native-models', 'execution-default', 'manifest.json'))) {
      expect(() => open(TICKET)).toThrow(/execution-default\/ is absent/);
    }
    process.env.SLIPSTREAM_NATIVE_MODELS = path.join(root, 'nm');
    // A random model that trades (its argmax at the start is not "wait"): the first seed whose is.
    const dir = path.join(root, 'nm', 'execution-default');
    const start = Float32Array.from({ length: OBS_DIM }, (_, i) => (i < 2 ? 1 : i === 9 ? 1 : 0));
    for (let seed = 1; seed < 100; seed++) {
      saveRandomAgentModel(dir, { seed, env: TWAP_PACE_ENV });
      if ((loadAgentPolicy(dir).act(start).action as number) >= 3) break;
    }
    const run = open(TICKET);
    while (!run.step(1_000));
    const s = run.snapshot();
    expect(s.children.length).toBeGreaterThan(0);
    const filled = s.children.reduce((n, c) => n + c.filled, 0);
    expect(filled).toBeGreaterThan(0);
    expect(filled).toBeLessThanOrEqual(1_000);
  }, 60_000);
});
