import { Rng } from '../../kernel/rng.js';
import { actionCount } from '../../learning/env/actions.js';
import { resolveEnvConfig } from '../../learning/env/env-config.js';
import { OBS_DIM, OBS_NAMES } from '../../learning/env/observation.js';
import type { ModelManifest } from '../../learning/model-io/manifest.js';
import { saveModelFolderSync } from '../../learning/model-io/model-folder.js';
import { layerSizes, type MlpSpec } from '../../learning/nn/mlp-spec.js';
import type { AgentEnvSpec } from './agent-policy.js';

/** Options of `saveRandomAgentModel`. `seeds`: what the manifest declares as seen in training / validation. */
export interface RandomAgentModelOptions {
  readonly seed: number;
  readonly env: AgentEnvSpec;
  readonly head?: 'categorical' | 'q';
  readonly hidden?: readonly number[];
  readonly seeds?: { readonly train?: readonly [number, number]; readonly validation?: readonly [number, number] };
  /** Override the declared observation (to make a model that does not fit). */
  readonly observation?: { readonly size: number; readonly names: readonly string[] };
  /** Training days to declare (`config.data`, file paths). */
  readonly data?: readonly string[];
}

/**
 * Writes a RANDOMLY INITIALISED (untrained) agent model folder with model-io's writer: a small
 * MLP (uniform ±1/√fan-in weights from the kernel `Rng`), a manifest for the execution env
 * `env`. For tests and benchmarks of the agent plumbing — its decisions mean nothing.
 */
export function saveRandomAgentModel(dir: string, o: RandomAgentModelOptions): ModelManifest {
  const cfg = resolveEnvConfig({ side: 1, quantity: 1, startSec: 0, horizonSec: 1, ...o.env });
  const n = actionCount(cfg.actions);
  const obs = o.observation ?? { size: OBS_DIM, names: OBS_NAMES };
  const spec: MlpSpec = { inputDim: obs.size, hidden: [...(o.hidden ?? [16])], outputDim: n, activation: 'tanh', outputGain: 0.01 };
  const rng = new Rng(o.seed).fork('random-agent-model');
  const sizes = layerSizes(spec);
  const weights: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const a = 1 / Math.sqrt(sizes[l]!);
    weights.push(Float32Array.from({ length: sizes[l]! * sizes[l + 1]! }, () => (rng.float() * 2 - 1) * a));
    weights.push(Float32Array.from({ length: sizes[l + 1]! }, () => (rng.float() * 2 - 1) * 0.1));
  }
  const head = o.head ?? 'categorical';
  return saveModelFolderSync(dir, {
    mlps: [{ name: head === 'q' ? 'q' : 'actor', spec, weights }],
    manifest: {
      algorithm: head === 'q' ? 'ddqn' : 'ppo', config: { env: o.env, ...(o.seeds ? { seeds: o.seeds } : {}), ...(o.data ? { data: [...o.data] } : {}), untrained: true }, seed: o.seed, dataHash: null, backend: 'cpu',
      trainingSteps: 0, metrics: {}, observation: { size: obs.size, names: [...obs.names] }, actionSpace: { kind: 'discrete', n },
      policy: { network: head === 'q' ? 'q' : 'actor', head },
    },
  });
}
