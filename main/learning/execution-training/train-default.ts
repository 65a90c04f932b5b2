import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest, type ModelManifest } from '../model-io/manifest.js';
import { loadPolicy } from '../model-io/load-policy.js';
import { runTraining, type TrainingProgress, type TrainingResult } from '../train/run-training.js';
import { resolveTrainingConfig } from '../train/training-config.js';
import { executionTrainingConfig, executionTrainingEnv, type ExecutionTrainingOptions, type FittedMarket } from './default-preset.js';
import { fitTrainingMarket, hashDataFiles, type DayWindow } from './fit-markets.js';
import { fitScenarioMarket, type ScenarioDay } from './fit-scenario.js';

/**
 * A recorded day the training market is fitted to: its files, optionally only the part in
 * `window` (the rest of the day stays unseen: `evaluate --data DAY --window` may judge there) and
 * its share of the episodes (`weight`, relative to the other markets').
 */
export interface TrainingDay {
  readonly name: string;
  readonly files: readonly string[];
  readonly window?: DayWindow;
  readonly weight?: number;
}

/** A named scenario in the mix: the seeded simulated day its training market is fitted to, and its share of the episodes. */
export interface TrainingScenario extends ScenarioDay {
  readonly weight?: number;
}

/**
 * The training markets of a mix, in order (days, then scenarios), each with its weight: the
 * queue-reactive market fitted to each day (or its window) and to each scenario's seeded day.
 * Reads the data files and simulates the scenarios: build time only.
 */
export function fitTrainingMix(days: readonly TrainingDay[], scenarios: readonly TrainingScenario[] = []): FittedMarket[] {
  const weighted = (m: FittedMarket, w: number | undefined): FittedMarket => (w === undefined ? m : { ...m, weight: w });
  return [
    ...days.map((d) => weighted(fitTrainingMarket(d.name, d.files, d.window), d.weight)),
    ...scenarios.map((s) => weighted(fitScenarioMarket(s), s.weight)),
  ];
}

/**
 * What a manifest records of the recorded days a model saw (`config.data`): per day its files
 * with SHA-256 and the window fitted ([startSec, endSec] after the data's midnight; absent =
 * the whole day). `evaluate --data` refuses a day listed here unless its window lies outside.
 */
export function seenDataOf(days: readonly TrainingDay[]): Array<{ day: string; files: Array<{ file: string; sha256: string }>; window?: [number, number] }> {
  return days.map((d) => ({ day: d.name, files: hashDataFiles(d.files), ...(d.window === undefined ? {} : { window: [d.window[0], d.window[1]] as [number, number] }) }));
}

/** What `trainExecutionAgent` needs: the days and scenarios to fit, the run's options and the output folder. */
export interface TrainExecutionAgentInput {
  readonly days: readonly TrainingDay[];
  readonly scenarios?: readonly TrainingScenario[];
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
 * Fits the training markets to the days (or their windows) and the scenarios' seeded days, trains
 * PPO on the randomised execution env, validates against TWAP-pace actions, and completes the
 * manifest with what `evaluate` and a reader need: `config.data` (each day's files with SHA-256
 * and window), `config.scenarios` (scenario, seed, weight), `config.seeds` (train and validation
 * ranges, and the scenario days' seeds) and the validation metrics. Deterministic: the same
 * days, scenarios, options and backend give the same `weightsSha256`.
 */
export async function trainExecutionAgent(input: TrainExecutionAgentInput): Promise<{ result: TrainingResult; manifest: ModelManifest; validation: ValidationFigures }> {
  const scenarios = input.scenarios ?? [];
  const markets = fitTrainingMix(input.days, scenarios);
  const config = executionTrainingConfig(markets, input.options);
  const result = await runTraining(config, { outDir: input.outDir, makeEnv: executionTrainingEnv, onProgress: input.onProgress });
  const resolved = resolveTrainingConfig(config);
  const policy = await loadPolicy(input.outDir);
  const validation = validateAgent(resolved, (o) => policy.act(o).action as number, resolved.evalEpisodes);
  const file = join(input.outDir, 'manifest.json');
  const m = parseManifest(readFileSync(file, 'utf8'), file);
  // Training episodes: PPO starts lane i on seed × 1e6 + i and each lane's next episode adds the
  // lane count (ReplayableBatchEnv), at most one episode per env step.
  const first = resolved.seed * 1_000_000;
  const trainSeeds = [first, first + result.steps + resolved.numEnvs];
  const manifest: ModelManifest = {
    ...m,
    config: {
      ...(m.config as Record<string, unknown>),
      data: seenDataOf(input.days),
      ...(scenarios.length === 0 ? {} : { scenarios: scenarios.map((x) => ({ scenario: x.scenario, seed: x.seed, ...(x.durationSec === undefined ? {} : { durationSec: x.durationSec }), ...(x.weight === undefined ? {} : { weight: x.weight }) })) }),
      seeds: {
        train: trainSeeds, validation: [-resolved.evalEpisodes, -1],
        ...(scenarios.length === 0 ? {} : { scenarioDays: [...new Set(scenarios.map((x) => x.seed))] }),
      },
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
