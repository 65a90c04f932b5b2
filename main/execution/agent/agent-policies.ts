import { loadAgentPolicy } from './agent-model-folder.js';
import type { AgentPolicy } from './agent-policy.js';

/**
 * Policies by model folder, loaded once per thread (a backtest runs many jobs of the same
 * agent). `putAgentPolicy` registers an in-memory policy under a key that is not a folder (tests,
 * benchmarks); `agentPolicyFor` returns it, else the cached load of the folder. Invariant: a key
 * always yields the same policy object within a thread.
 */
const policies = new Map<string, AgentPolicy>();

/** Registers an in-memory policy under `key` (use a key that cannot be a folder, e.g. `mem:twap-pace`). */
export function putAgentPolicy(key: string, policy: AgentPolicy): void {
  policies.set(key, policy);
}

/** The policy of `dir` (cached); throws naming the folder when it cannot be loaded. */
export function agentPolicyFor(dir: string): AgentPolicy {
  const hit = policies.get(dir);
  if (hit !== undefined) return hit;
  const p = loadAgentPolicy(dir);
  policies.set(dir, p);
  return p;
}
