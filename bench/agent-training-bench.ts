import { runAcCheck } from '../main/learning/execution-training/ac-training.js';
import { selectTfBackend } from '../main/learning/tf-backend.js';

/**
 * The analytic checks of the execution agent's learning (issue #11.6) at full budget: PPO in the
 * Almgren–Chriss world seeing only time and inventory left — λ = 0 must converge to TWAP, λ = 10
 * must come within 3 % of the closed-form optimum of E[cost] + λVar[cost]. `--steps N` (default
 * 30,000 each; the unit tests run 12,000). cpu backend, seed 1. Wall time moves with the load;
 * the gaps do not (deterministic).
 */
export async function runAgentTrainingBench(opts: { steps?: number } = {}): Promise<Record<string, unknown>> {
  await selectTfBackend({ backend: 'cpu', source: 'agent-training bench' });
  const steps = opts.steps ?? 30_000;
  const world = { X: 1, T: 1, N: 10, sigma: 1, gamma: 0.1, eta: 1 };
  const out: Record<string, unknown> = { steps, world };
  for (const [name, lambda] of [['twap', 0], ['riskAverse', 10]] as const) {
    const t0 = performance.now();
    const r = runAcCheck({ ...world, lambda }, steps, 1);
    out[name] = {
      lambda, relativeGap: r.relativeGap, maxHoldingsGap: r.maxHoldingsGap, within3pct: r.relativeGap <= 0.03,
      agentObjective: r.agentObjective, optimalObjective: r.optimalObjective,
      agentHoldings: r.agentHoldings.map((x) => +x.toFixed(4)), optimalHoldings: r.optimalHoldings.map((x) => +x.toFixed(4)),
      wallSec: (performance.now() - t0) / 1000,
    };
  }
  return out;
}
