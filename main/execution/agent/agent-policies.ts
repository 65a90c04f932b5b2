import { statSync } from 'node:fs';
import { join } from 'node:path';
import { loadAgentPolicy } from './agent-model-folder.js';
import type { AgentPolicy } from './agent-policy.js';

/**
 * Policies by model folder, loaded once per thread (a backtest runs many jobs of the same
 * agent) and loaded again when the folder's manifest.json changed (a model saved again into the
 * same folder: the manifest is written last). `putAgentPolicy` registers an in-memory policy
 * under a key that is not a folder (tests, benchmarks). Invariant: while a folder's manifest is
 * unchanged, its key yields the same policy object within a thread.
 */
const memory = new Map<string, AgentPolicy>();
const folders = new Map<string, { policy: AgentPolicy; stamp: string }>();

/** Registers an in-memory policy under `key` (use a key that cannot be a folder, e.g. `mem:twap-pace`). */
export function putAgentPolicy(key: string, policy: AgentPolicy): void {
  memory.set(key, policy);
}

function stampOf(dir: string): string {
  try {
    const s = statSync(join(dir, 'manifest.json'));
    return `${s.mtimeMs}/${s.size}/${s.ino}`;
  } catch {
    return 'missing';
  }
}

/** The policy of `dir` (cached while its manifest is unchanged); throws naming the folder when it cannot be loaded. */
export function agentPolicyFor(dir: string): AgentPolicy {
  const mem = memory.get(dir);
  if (mem !== undefined) return mem;
  const stamp = stampOf(dir);
  const hit = folders.get(dir);
  if (hit !== undefined && hit.stamp === stamp) return hit.policy;
  const policy = loadAgentPolicy(dir);
  folders.set(dir, { policy, stamp });
  return policy;
}
