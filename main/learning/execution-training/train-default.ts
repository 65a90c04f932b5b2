import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest, type ModelManifest } from '../model-io/manifest.js';
import { loadPolicy } from '../model-io/load-policy.js';
import { runTraining, type TrainingProgress, type TrainingResult } from '../train/run-training.js';
import { resolveTrainingConfig } from '../train/training-config.js';
import { executionTrainingConfig, executionTrainingEnv, type ExecutionTrainingOptions } from './default-preset.js';
import { fitTrainingMarket, hashDataFiles } from './fit-markets.js';

/** What `trainExecutionAgent` needs: the days to fit (name + files each), the run's options and the output folder. */
export interface TrainExecutionAgentInput {
  readonly days: ReadonlyArray<{ readonly name: string; readonly files: readonly string[] }>;
  readonly options: ExecutionTrainingOptions;
  readonly outDir: string;
  readonly onProgress?: (p: TrainingProgress) => void;
}

/** Validation of a trained agent on the run's validation seeds, against constant TWAP-pace policies in the same env. */
export interface ValidationFigures {
  readonly episodes: number;
  /** Mean episode return of the greedy agent (= −(IS bps + η risk term), higher is better). */
  readonly agentReturn: number;
  /** Mean return of the constant TWAP-pace action (1 slice per decision) at each aggression. */
  readonly twapReturn: Readonly<Record<string, number>>;
}

/**
 * Validation: the greedy agent and the constant TWAP-pace actions (fraction ½ of 2 slices = one
 * slice a decision, at each aggression) on the same episodes (seeds −1 … −episodes, which
 * training never uses), so "agent − TWAP" is paired.
 */
export function validateAgent(config: ReturnType<typeof resolveTrainingConfig>, act: (obs: Float32Array) => number, episodes: number): ValidationFigures {
  const env = executionTrainingEnv(config).single();
  const run = (policy: (obs: Float32Array) => number): number => {
    let sum = 0;
    for (let e = 0; e < episodes; e++) {
      let obs = env.reset(-1 - e);
      for (;;) {
        const r = env.stepInPlace(policy(obs));
        sum += r.reward;
        obs = env.observation;
        if (r.done) break;
      }
    }
    return sum / episodes;
  };
  const twapReturn: Record<string, number> = {};
  // Discrete index = fractionIndex × 3 + aggressionIndex; fraction index 2 is ½ × 2 slices.
  ['passive', 'inside', 'cross'].forEach((name, g) => { twapReturn[name] = run(() => 2 * 3 + g); });
  return { episodes, agentReturn: run(act), twapReturn };
}

/**
 * Fits the training markets to the days, trains PPO on the randomised execution env, validates
 * against TWAP-pace actions, and completes the manifest with what `evaluate` and a reader need:
 * `config.data` (file base names), `config.dataFiles` (name + SHA-256 each), `config.seeds`
 * (train and validation ranges) and the validation metrics. Deterministic: the same days,
 * options and backend give the same `weightsSha256`.
 */
export async function trainExecutionAgent(input: TrainExecutionAgentInput): Promise<{ result: TrainingResult; manifest: ModelManifest; validation: ValidationFigures }> {
  const markets = input.days.map((d) => fitTrainingMarket(d.name, d.files));
  const config = executionTrainingConfig(markets, input.options);
  const result = await runTraining(config, { outDir: input.outDir, makeEnv: executionTrainingEnv, onProgress: input.onProgress });
  const resolved = resolveTrainingConfig(config);
  const policy = await loadPolicy(input.outDir);
  const validation = validateAgent(resolved, (o) => policy.act(o).action as number, resolved.evalEpisodes);
  const file = join(input.outDir, 'manifest.json');
  const m = parseManifest(readFileSync(file, 'utf8'), file);
  const files = input.days.flatMap((d) => d.files);
  // Training episodes: PPO starts lane i on seed × 1e6 + i and each lane's next episode adds the
  // lane count (ReplayableBatchEnv), at most one episode per env step.
  const first = resolved.seed * 1_000_000;
  const trainSeeds = [first, first + result.steps + resolved.numEnvs];
  const manifest: ModelManifest = {
    ...m,
    config: {
      ...(m.config as Record<string, unknown>),
      data: hashDataFiles(files).map((f) => f.file),
      dataFiles: hashDataFiles(files),
      seeds: { train: trainSeeds, validation: [-resolved.evalEpisodes, -1] },
    },
    metrics: {
      ...m.metrics,
      validationEpisodes: validation.episodes,
      validationAgentReturn: validation.agentReturn,
      validationTwapPassiveReturn: validation.twapReturn.passive!,
      validationTwapInsideReturn: validation.twapReturn.inside!,
      validationTwapCrossReturn: validation.twapReturn.cross!,
    },
  };
  parseManifest(JSON.stringify(manifest), file);
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return { result, manifest, validation };
}
