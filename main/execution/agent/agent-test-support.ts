import type { AgentModelSpec, AgentPolicy, PolicyDecision } from './agent-policy.js';
import { OBS_DIM } from '../../learning/env/observation.js';

/** The env of a TWAP-pace model: fraction 1 of one slice (remaining / decisions left) or 0, × the three aggressions. */
export const TWAP_PACE_ENV = { decisions: 10, actions: { fractions: [0, 1], sizeBasis: 'slice' as const, sliceMultiple: 1 } };

/** A model spec over `TWAP_PACE_ENV` (6 discrete actions). */
export function twapPaceModel(over: Partial<AgentModelSpec> = {}): AgentModelSpec {
  return { obsDim: OBS_DIM, actionSpace: { kind: 'discrete', n: 6 }, env: TWAP_PACE_ENV, path: 'mem:twap-pace', ...over };
}

/**
 * A policy that always picks `action` (3 = one slice passive, 5 = one slice crossing) and reports
 * one-hot probabilities; it records every observation it was shown (tests compare them).
 */
export function constantPolicy(action: number, model: AgentModelSpec = twapPaceModel()): AgentPolicy & { seen: Float32Array[] } {
  const seen: Float32Array[] = [];
  const n = model.actionSpace.kind === 'discrete' ? model.actionSpace.n : 0;
  return {
    model, seen,
    act(obs: Float32Array): PolicyDecision {
      seen.push(obs.slice());
      return { action, probs: Array.from({ length: n }, (_, i) => (i === action ? 1 : 0)) };
    },
  };
}
