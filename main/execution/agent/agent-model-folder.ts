import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionCount } from '../../learning/env/actions.js';
import { OBS_DIM, OBS_NAMES } from '../../learning/env/observation.js';
import { checkModelMatchesEnv, policyOf } from '../../learning/model-io/load-policy.js';
import { parseManifest, type ModelManifest } from '../../learning/model-io/manifest.js';
import { loadModelFolderSync } from '../../learning/model-io/model-folder.js';
import { AgentModelMismatch, checkAgentModel, type AgentEnvSpec, type AgentModelSpec, type AgentPolicy } from './agent-policy.js';

/**
 * Seeds a model has seen, as inclusive ranges [lo, hi], read from its manifest:
 * `config.seeds.train` / `config.seeds.validation` / `config.seeds.scenarioDays` (the seeds of the
 * simulated days training markets were fitted to) when the trainer declared them (each a seed,
 * a [lo, hi] pair or a list of seeds); otherwise the conservative bound of a vectorised
 * trainer's auto-reset (episode seeds seed + lane + k × lanes, at most one episode per step):
 * [seed, seed + trainingSteps + 1024].
 */
export function seenSeedRanges(m: ModelManifest): Array<{ readonly lo: number; readonly hi: number; readonly what: string }> {
  const seeds = (m.config as { seeds?: Record<string, unknown> } | null)?.seeds;
  const out: Array<{ lo: number; hi: number; what: string }> = [];
  const add = (what: string, v: unknown) => {
    if (typeof v === 'number') out.push({ lo: v, hi: v, what });
    else if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number') && v[0] <= v[1]) out.push({ lo: v[0], hi: v[1], what });
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'number') out.push({ lo: x, hi: x, what });
  };
  if (seeds && typeof seeds === 'object') for (const k of ['train', 'validation', 'scenarioDays']) if (k in seeds) add(k === 'scenarioDays' ? 'scenario day' : k, seeds[k]);
  if (out.length === 0) out.push({ lo: m.seed, hi: m.seed + m.trainingSteps + 1024, what: 'train (bound from seed and trainingSteps)' });
  return out;
}

/**
 * A recorded day a model trained or validated on, as its manifest lists it (`config.data`):
 * the files' base names, their SHA-256 where recorded, and the part of the day seen
 * (`window` [startSec, endSec] after the data's midnight on its own clock; absent = the whole day).
 */
export interface SeenDay {
  readonly files: readonly string[];
  readonly sha256: readonly string[];
  readonly window?: readonly [number, number];
}

/**
 * The days of `config.data`: a list of file paths (one day each, whole), or of
 * `{ files, window? }` entries whose files are paths or `{ file, sha256 }` (base names kept).
 */
export function seenDaysOf(m: ModelManifest): SeenDay[] {
  const data = (m.config as { data?: unknown } | null)?.data;
  const base = (f: string) => f.split(/[\\/]/).pop()!;
  const out: SeenDay[] = [];
  const add = (x: unknown) => {
    if (typeof x === 'string') {
      out.push({ files: [base(x)], sha256: [] });
      return;
    }
    if (!x || typeof x !== 'object' || !Array.isArray((x as { files?: unknown }).files)) return;
    const e = x as { files: unknown[]; window?: unknown };
    const files: string[] = [], sha: string[] = [];
    for (const f of e.files) {
      if (typeof f === 'string') files.push(base(f));
      else if (f && typeof f === 'object' && typeof (f as { file?: unknown }).file === 'string') {
        files.push(base((f as { file: string }).file));
        const h = (f as { sha256?: unknown }).sha256;
        if (typeof h === 'string') sha.push(h);
      }
    }
    const w = e.window;
    const window = Array.isArray(w) && w.length === 2 && w.every((v) => typeof v === 'number') && w[0] < w[1] ? [w[0], w[1]] as const : undefined;
    out.push({ files, sha256: sha, ...(window ? { window } : {}) });
  };
  if (Array.isArray(data)) data.forEach(add);
  else add(data);
  return out;
}

/** File names of the days the model trained or validated on, whole or in part (`seenDaysOf`). */
export function dataFilesOf(m: ModelManifest): string[] {
  return seenDaysOf(m).flatMap((d) => [...d.files]);
}

/** The seen days of a model folder's manifest (`seenDaysOf`); throws naming the file when it cannot be read. */
export function readSeenDays(dir: string): SeenDay[] {
  const file = join(dir, 'manifest.json');
  return seenDaysOf(parseManifest(readFileSync(file, 'utf8'), file));
}

/**
 * The env a model was trained in: `config.env` of its manifest (at least `decisions`), or, in a
 * manifest written by the trainer (`runTraining`), `config.env.config` of its
 * `{ kind: 'execution', market, config }`. Throws `AgentModelMismatch` naming `config.env` when absent.
 */
export function envOfManifest(m: ModelManifest, dir: string): AgentEnvSpec {
  const raw = (m.config as { env?: AgentEnvSpec & { kind?: unknown; config?: AgentEnvSpec } } | null)?.env;
  const env = raw?.kind === 'execution' && raw.config !== undefined ? raw.config : raw;
  if (env === undefined || env === null || typeof env !== 'object' || typeof env.decisions !== 'number') {
    throw new AgentModelMismatch('config.env', `${dir}/manifest.json does not say which execution environment the model was trained in (config.env with decisions, actions, scales)`);
  }
  return env;
}

/**
 * Loads a model folder (verified by model-io: files, sizes, SHA-256) as the agent strategy's
 * policy: greedy on the plain TypeScript forward pass, checked against this build's execution
 * environment (`checkAgentModel`, then model-io's `checkModelMatchesEnv` on the same layout).
 * Errors name the folder and the field.
 */
export function loadAgentPolicy(dir: string): AgentPolicy {
  const lp = policyOf(loadModelFolderSync(dir));
  const m = lp.manifest;
  const env = envOfManifest(m, dir);
  const model: AgentModelSpec = {
    obsDim: m.observation.size, obsNames: m.observation.names,
    actionSpace: m.actionSpace.kind === 'discrete' ? { kind: 'discrete', n: m.actionSpace.n } : { kind: 'continuous', shape: [m.actionSpace.low.length] },
    env, path: dir, version: `${m.algorithm} ${m.version.package} (model format ${m.version.format})`, weightsSha256: m.weightsSha256,
    seenSeeds: seenSeedRanges(m), dataHash: m.dataHash, dataFiles: dataFilesOf(m),
  };
  try {
    const cfg = checkAgentModel(model);
    const space = cfg.actionSpace === 'discrete' ? { kind: 'discrete' as const, n: actionCount(cfg.actions) } : { kind: 'continuous' as const, low: [0, 0], high: [1, 1] };
    checkModelMatchesEnv(m, { obsDim: OBS_DIM, obsNames: OBS_NAMES, actionSpace: space });
  } catch (e) {
    if (e instanceof AgentModelMismatch) throw new AgentModelMismatch(e.field, `${dir}: ${e.message.replace(/^model does not match the execution environment: [^:]+: /, '')}`);
    throw new AgentModelMismatch('actionSpace', `${dir}: ${(e as Error).message}`);
  }
  return { model, act: (obs) => lp.act(obs) };
}
