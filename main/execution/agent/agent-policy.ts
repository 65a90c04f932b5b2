import { actionCount, type ActionConfig } from '../../learning/env/actions.js';
import { resolveEnvConfig, type EnvConfig } from '../../learning/env/env-config.js';
import { OBS_DIM, OBS_NAMES, type ObservationScales } from '../../learning/env/observation.js';
import type { RewardConfig } from '../../learning/env/reward.js';

/**
 * One decision of a policy. `action` is a discrete index (discrete models) or a
 * [fraction, aggressiveness] pair (continuous). `probs` (policy-gradient models) or `qValues`
 * (value-based models) hold one number per discrete action, in action-index order.
 */
export interface PolicyDecision {
  readonly action: number | ArrayLike<number>;
  readonly probs?: ArrayLike<number>;
  readonly qValues?: ArrayLike<number>;
}

/**
 * What the agent strategy needs to know about a model: the environment it was trained in. Only
 * the parts that shape observations and actions matter here (side, size and horizon come from
 * the order). Invariants are those of `EnvConfig` (checked by `checkAgentModel`).
 */
export interface AgentEnvSpec {
  readonly decisions: number;
  readonly actionSpace?: 'discrete' | 'continuous';
  readonly actions?: Partial<ActionConfig>;
  readonly scales?: Partial<ObservationScales>;
  readonly volWindow?: number;
  readonly reward?: Partial<RewardConfig>;
  /** The signal model folder whose slots the model was trained with (`EnvConfig.signalModel`). */
  readonly signalModel?: string;
}

/**
 * A model as the strategy sees it: its declared input size, action space and feature names (as
 * written in its manifest), the env it was trained in, and identity for results. Invariant:
 * after `checkAgentModel`, `obsDim` = OBS_DIM and the action space matches `env`.
 */
export interface AgentModelSpec {
  readonly obsDim: number;
  readonly actionSpace: { readonly kind: 'discrete'; readonly n: number } | { readonly kind: 'continuous'; readonly shape?: readonly number[] };
  readonly obsNames?: readonly string[];
  readonly env: AgentEnvSpec;
  /** Where it came from (a folder) and its identity, for results. */
  readonly path?: string;
  readonly version?: string;
  readonly weightsSha256?: string;
  /** Seeds the model saw in training and validation, inclusive ranges (evaluation refuses them). */
  readonly seenSeeds?: ReadonlyArray<{ readonly lo: number; readonly hi: number; readonly what: string }>;
  /** The training data's hash (manifest `dataHash`; null without data) and file names (`config.data`, when the trainer recorded them). */
  readonly dataHash?: string | null;
  readonly dataFiles?: readonly string[];
}

/** A policy: its model spec and a pure, deterministic forward pass (same observation ⇒ same decision). */
export interface AgentPolicy {
  readonly model: AgentModelSpec;
  act(observation: Float32Array): PolicyDecision;
}

/**
 * Thrown when a model does not fit the execution environment; `field` names what differs (e.g.
 * `obsDim`, `actionSpace.n`, `env.actions.sizeBasis`).
 */
export class AgentModelMismatch extends Error {
  constructor(readonly field: string, message: string) {
    super(`model does not match the execution environment: ${field}: ${message}`);
    this.name = 'AgentModelMismatch';
  }
}

/**
 * Checks a model against this build's execution environment and returns the env config the
 * strategy runs with (side, quantity, horizon are placeholders the order replaces). Throws
 * `AgentModelMismatch` naming the field: observation size, feature names, action space kind and
 * size, or any invalid env field (sizeBasis, fractions, …).
 */
export function checkAgentModel(model: AgentModelSpec): EnvConfig {
  if (model.obsDim !== OBS_DIM) throw new AgentModelMismatch('obsDim', `the model takes ${model.obsDim} inputs, the environment gives ${OBS_DIM}`);
  if (model.obsNames !== undefined) {
    const i = OBS_NAMES.findIndex((n, k) => model.obsNames![k] !== n);
    if (i >= 0 || model.obsNames.length !== OBS_NAMES.length) {
      const k = i >= 0 ? i : Math.min(model.obsNames.length, OBS_NAMES.length);
      throw new AgentModelMismatch('obsNames', `feature ${k} is "${model.obsNames[k] ?? '(none)'}" in the model, "${OBS_NAMES[k] ?? '(none)'}" in the environment`);
    }
  }
  let env: EnvConfig;
  try {
    env = resolveEnvConfig({
      side: 1, quantity: 1, startSec: 0, horizonSec: 1, decisions: model.env.decisions,
      ...(model.env.actionSpace ? { actionSpace: model.env.actionSpace } : {}),
      ...(model.env.actions ? { actions: model.env.actions } : {}),
      ...(model.env.scales ? { scales: model.env.scales } : {}),
      ...(model.env.volWindow !== undefined ? { volWindow: model.env.volWindow } : {}),
      ...(model.env.reward ? { reward: model.env.reward } : {}),
      ...(model.env.signalModel !== undefined ? { signalModel: model.env.signalModel } : {}),
    });
  } catch (e) {
    const msg = e instanceof Error ? e.message.replace(/^ExecutionEnv config: /, '') : String(e);
    const field = /^(\S+)/.exec(msg)?.[1] ?? 'env';
    throw new AgentModelMismatch(`env.${field}`, msg);
  }
  const kind = model.actionSpace.kind;
  if (kind !== env.actionSpace) throw new AgentModelMismatch('actionSpace.kind', `the model is ${kind}, its env config says ${env.actionSpace}`);
  if (model.actionSpace.kind === 'discrete') {
    const n = actionCount(env.actions);
    if (model.actionSpace.n !== n) throw new AgentModelMismatch('actionSpace.n', `the model has ${model.actionSpace.n} actions, the env's action grid (${env.actions.fractions.length} fractions × ${env.actions.aggressions.length} aggressions) has ${n}`);
  } else if (model.actionSpace.shape !== undefined && (model.actionSpace.shape.length !== 1 || model.actionSpace.shape[0] !== 2)) {
    throw new AgentModelMismatch('actionSpace.shape', `continuous actions are [fraction, aggressiveness] (shape [2]), the model has [${model.actionSpace.shape.join(', ')}]`);
  }
  return env;
}
