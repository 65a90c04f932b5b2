/**
 * The learned agent as a strategy (issue #11.9): evaluation paths per second for the agent and
 * for the baselines on the same seeded paths, and the agent's decision latency inside the
 * backtest (the policy's forward pass per decision, and the whole decision's wall time beside
 * TWAP's slice). Workload: the calm agent-based scenario, a buy of `quantity` over `horizonSec`
 * from 30 s, seeds 1..`seeds`, every path run once per strategy (agent, twap, vwap) and once
 * without orders, in-process, one job at a time (`runJobSync`), so each job's own wall time is
 * measured (`JobResult.elapsedMs`); the agent is a RANDOMLY INITIALISED 18-64-64-12 categorical
 * policy (the shape the issue names) saved and loaded as a model folder, so the work is the real
 * work (folder load, plain TypeScript forward pass, env action grid) while its decisions mean
 * nothing. Honesty: fills per strategy are reported (work cannot be skipped); `policyUsPerDecision`
 * is wall time inside `policy.act` only, during the backtest (cold: the market ran in between);
 * `policyUsHotLoop` the same call 10,000 times in a row after warm-up.
 *
 * Run alone: `npx tsx -e "import('./bench/agent-bench.ts').then(async m => console.log(JSON.stringify(await m.runAgentBench(), null, 2)))"`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PARAMS } from '../main/backtest/backtest-config.js';
import { runJobSync, type JobSpec } from '../main/backtest/job-run.js';
import { loadAgentPolicy } from '../main/execution/agent/agent-model-folder.js';
import { saveRandomAgentModel } from '../main/execution/agent/random-agent-model.js';

/** Options of `runAgentBench` (defaults: 6 seeds, 2,000 shares over 300 s, 30 decisions). */
export interface AgentBenchOptions {
  readonly seeds?: number;
  readonly quantity?: number;
  readonly horizonSec?: number;
  readonly decisions?: number;
}

export async function runAgentBench(o: AgentBenchOptions = {}) {
  const seeds = o.seeds ?? 6, quantity = o.quantity ?? 2_000, horizonSec = o.horizonSec ?? 300, decisions = o.decisions ?? 30;
  const dir = mkdtempSync(join(tmpdir(), 'agent-bench-'));
  try {
    const model = join(dir, 'model');
    // Slice-based sizes (¼, ½ or 1 TWAP slice, or wait): the order is worked over every decision, as a trained agent would.
    saveRandomAgentModel(model, { seed: 1, env: { decisions, actions: { fractions: [0, 0.25, 0.5, 1], sizeBasis: 'slice', sliceMultiple: 1 } }, hidden: [64, 64] });
    const duration = Math.ceil(30 + horizonSec + 0.1) + 61;
    const strategies = ['agent', 'twap', 'vwap'] as const;
    const per = new Map<string, { ms: number; paths: number; filled: number; policyMs: number; decisions: number }>();
    for (const s of [null, ...strategies]) per.set(s ?? 'none', { ms: 0, paths: 0, filled: 0, policyMs: 0, decisions: 0 });
    for (let seed = 1; seed <= seeds; seed++) {
      for (const s of [null, ...strategies]) {
        const spec: JobSpec = {
          index: 0, pathId: `calm/seed${seed}`, source: { kind: 'scenario', name: 'calm' }, seed, startSec: 30, scenarioDurationSec: duration,
          strategy: s, ...(s === 'agent' ? { agentModel: model } : {}), order: { side: 1, quantity, horizonSec }, params: DEFAULT_PARAMS, impact: false,
        };
        const r = runJobSync(spec);
        const acc = per.get(s ?? 'none')!;
        acc.ms += r.elapsedMs;
        acc.paths++;
        acc.filled += r.filledUnits;
        acc.policyMs += r.policyMs ?? 0;
        acc.decisions += r.decisions ?? 0;
      }
    }
    const out: Record<string, unknown> = {};
    for (const [name, a] of per) out[name] = { paths: a.paths, pathsPerSec: round(a.paths / (a.ms / 1000), 2), msPerPath: round(a.ms / a.paths, 1), filledPerPath: Math.round(a.filled / a.paths) };
    const ag = per.get('agent')!, tw = per.get('twap')!;
    // The same forward pass in a hot loop (after 1,000 warm-up calls): what a decision costs when
    // caches and the JIT are warm, beside the in-backtest figure where the market ran in between.
    const policy = loadAgentPolicy(model);
    const x = Float32Array.from({ length: 18 }, (_, i) => (i % 5) / 5);
    for (let i = 0; i < 1_000; i++) policy.act(x);
    const hot = 10_000;
    const t0 = performance.now();
    for (let i = 0; i < hot; i++) policy.act(x);
    const hotUs = ((performance.now() - t0) * 1000) / hot;
    return {
      workload: `calm, buy ${quantity} over ${horizonSec} s from 30 s, seeds 1-${seeds}, in-process; agent = random 18-64-64-12 categorical over ¼/½/1 TWAP slice × 3 aggressions, ${decisions} decisions`,
      strategies: out,
      agentVsTwapTime: round(ag.ms / tw.ms, 3),
      decisions: ag.decisions,
      policyUsPerDecision: ag.decisions > 0 ? round((ag.policyMs * 1000) / ag.decisions, 2) : null,
      policyUsHotLoop: round(hotUs, 2),
      // The agent's whole extra cost per decision over TWAP's run of the same path (market simulation is common to both).
      extraMsPerDecisionVsTwap: ag.decisions > 0 ? round((ag.ms - tw.ms) / ag.decisions, 3) : null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(x: number, d: number): number {
  return Number.isFinite(x) ? Number(x.toFixed(d)) : x;
}
