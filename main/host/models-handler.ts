import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import type { ModelSummarySchema, TrainingRunRowSchema } from '../contract/model-registry.js';
import { loadAgentPolicy } from '../execution/agent/agent-model-folder.js';
import { AgentModelMismatch } from '../execution/agent/agent-policy.js';
import { parseManifest } from '../learning/model-io/manifest.js';
import { EngineError } from './engine-error.js';

/** A model as `models.list` returns it (main/contract/model-registry.ts). */
export type ModelSummary = z.infer<typeof ModelSummarySchema>;
/** A training-run registry row as `train.runs` returns it. */
export type TrainingRunRow = z.infer<typeof TrainingRunRowSchema>;

/** The folder of the user's models under the engine's data folder. */
export const USER_MODELS_FOLDER = 'model-registry';
const PROMOTED_JSON = 'promoted.json';
const EVALUATION_JSON = 'evaluation.json';

/**
 * The shipped models' folder: `$SLIPSTREAM_NATIVE_MODELS`, else the first `native-models/` in the
 * working folder or above it, then above this module (sources or the app's bundle); null when
 * none exists (a build without shipped models lists only the user's).
 */
export function findNativeModelsDir(env: Readonly<Record<string, string | undefined>> = process.env, cwd = process.cwd()): string | null {
  if (env.SLIPSTREAM_NATIVE_MODELS) return existsSync(env.SLIPSTREAM_NATIVE_MODELS) ? resolve(env.SLIPSTREAM_NATIVE_MODELS) : null;
  for (const start of [cwd, dirname(fileURLToPath(import.meta.url))]) {
    for (let d = resolve(start); ; d = dirname(d)) {
      const c = join(d, 'native-models');
      if (existsSync(c) && statSync(c).isDirectory()) return c;
      if (dirname(d) === d) break;
    }
  }
  return null;
}

/** Where the two kinds of model live, and where the training-run registry is. */
export interface ModelRegistryOptions {
  /** Shipped models (read-only); null = none. */
  readonly nativeDir: string | null;
  /** The user's models (`<dataDir>/model-registry`), created on the first promotion. */
  readonly userDir: string;
  /** Reads the training-run registry (the engine opens `<dataDir>/training-runs.duckdb`). */
  readonly runs: () => Promise<TrainingRunRow[]>;
}

/**
 * `models.list`, `models.delete`, `models.promote` and `train.runs`. Invariants: a shipped model is
 * never deleted or written; a promotion copies a whole folder under a fresh name or fails before
 * writing anything (name taken, run unknown, run folder without a valid manifest); a model folder
 * whose manifest is unreadable is still listed, with the reason, so the user can delete it.
 */
export class ModelRegistry {
  constructor(private readonly opts: ModelRegistryOptions) {}

  list(): ModelSummary[] {
    const out: ModelSummary[] = [];
    if (this.opts.nativeDir && existsSync(this.opts.nativeDir)) out.push(...folders(this.opts.nativeDir).map((n) => summarize('shipped', n, join(this.opts.nativeDir!, n))));
    if (existsSync(this.opts.userDir)) out.push(...folders(this.opts.userDir).map((n) => summarize('user', n, join(this.opts.userDir, n))));
    return out;
  }

  delete(id: string): { deleted: true } {
    const m = this.list().find((s) => s.id === id);
    if (!m) throw new EngineError('not-found', `No model "${id}"`, 'id');
    if (m.source === 'shipped') throw new EngineError('validation', `Model "${m.name}" is shipped with Slipstream and cannot be deleted`, 'id');
    rmSync(m.path, { recursive: true, force: true });
    return { deleted: true };
  }

  async promote(runId: string, name: string): Promise<ModelSummary> {
    const run = (await this.opts.runs()).find((r) => r.id === runId);
    if (!run) throw new EngineError('not-found', `No stored training run "${runId}"`, 'runId');
    const dest = join(this.opts.userDir, name);
    if (existsSync(dest)) throw new EngineError('validation', `A model named "${name}" already exists; choose another name`, 'name');
    const manifestFile = join(run.modelPath, 'manifest.json');
    let text: string;
    try {
      text = readFileSync(manifestFile, 'utf8');
    } catch {
      throw new EngineError('not-found', `Training run ${runId}: its model folder ${run.modelPath} has no manifest.json (was it deleted?)`, 'runId');
    }
    try {
      parseManifest(text, manifestFile);
    } catch (e) {
      throw new EngineError('data-format', (e as Error).message, 'runId');
    }
    // Copy into a temporary sibling first, so a failed copy never leaves a half model under the name.
    const tmp = `${dest}.partial-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    // Checkpoints are for resuming the run, not for using the model: left behind.
    const checkpoints = join(run.modelPath, 'checkpoints');
    mkdirSync(this.opts.userDir, { recursive: true });
    cpSync(run.modelPath, tmp, { recursive: true, filter: (src) => src !== checkpoints && !src.startsWith(checkpoints + sep) });
    writeFileSync(join(tmp, PROMOTED_JSON), `${JSON.stringify({ runId, created: run.created }, null, 2)}\n`);
    renameSync(tmp, dest);
    return summarize('user', name, dest);
  }
}

function folders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !d.name.includes('.partial-'))
    .map((d) => d.name)
    .sort();
}

function readJson(file: string): unknown {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : null;
}

/** One folder's summary; a missing or invalid manifest becomes `problem` (the other fields null). */
export function summarize(source: ModelSummary['source'], name: string, path: string): ModelSummary {
  const empty: ModelSummary = {
    id: `${source}:${name}`, name, source, path, problem: null, algorithm: null, seed: null, trainingSteps: null, backend: null,
    formatVersion: null, packageVersion: null, weightsSha256: null, dataHash: null, observation: null, actionSpace: null, policy: null,
    config: null, metrics: null, evaluation: null, promotedFrom: null,
  };
  const manifestFile = join(path, 'manifest.json');
  if (!existsSync(manifestFile)) return { ...empty, problem: `${manifestFile}: no manifest.json (not a model folder)` };
  let evaluation: unknown;
  let promotedFrom: ModelSummary['promotedFrom'] = null;
  try {
    evaluation = readJson(join(path, EVALUATION_JSON));
    const p = readJson(join(path, PROMOTED_JSON)) as { runId?: unknown; created?: unknown } | null;
    if (p && typeof p.runId === 'string' && typeof p.created === 'string') promotedFrom = { runId: p.runId, created: p.created };
  } catch (e) {
    return { ...empty, problem: `${path}: ${(e as Error).message}` };
  }
  try {
    const m = parseManifest(readFileSync(manifestFile, 'utf8'), manifestFile);
    const a = m.actionSpace;
    return {
      ...empty, evaluation, promotedFrom,
      algorithm: m.algorithm, seed: m.seed, trainingSteps: m.trainingSteps, backend: m.backend, formatVersion: m.version.format,
      packageVersion: m.version.package, weightsSha256: m.weightsSha256, dataHash: m.dataHash, observation: [...m.observation.names],
      actionSpace: a.kind === 'discrete' ? `discrete, ${a.n} actions` : `continuous, ${a.low.length} dimensions`,
      policy: `${m.policy.network} (${m.policy.head})`, config: m.config ?? null, metrics: { ...m.metrics },
    };
  } catch (e) {
    return { ...empty, evaluation, promotedFrom, problem: (e as Error).message };
  }
}

const baseName = (dir: string) => dir.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || dir;

/**
 * `models.inspect`: a model folder (already checked by file-access) read and checked against
 * this build's execution environment. Its summary (`source` 'folder', or the registry's entry
 * when it is one of the registry's folders) when it fits; otherwise an `EngineError` naming
 * `field` whose message names the manifest field that does not fit (`obsDim`, `obsNames`,
 * `actionSpace`, `config.env`, …) or the file that could not be read.
 */
export function inspectModelFolder(dir: string, field: string, registry?: ModelRegistry): ModelSummary {
  const listed = registry?.list().find((m) => resolve(m.path) === resolve(dir));
  const summary = listed ?? summarize('folder', baseName(dir), dir);
  // The refusal names the folder by its name, as the user chose it; the whole path adds nothing there.
  const named = (m: string) => m.split(dir).join(baseName(dir));
  if (summary.problem) throw new EngineError('data-format', named(summary.problem), field);
  try {
    loadAgentPolicy(dir);
  } catch (e) {
    throw new EngineError(e instanceof AgentModelMismatch ? 'validation' : 'data-format', named(e instanceof Error ? e.message : String(e)), field);
  }
  return summary;
}

/** A stored run as `train.runs` returns it (metrics: only the numeric ones; a non-number becomes null). */
export function runRowOf(r: { id: string; created: string; algo: string; env: string; seed: number; steps: number; backend: string; status: 'completed' | 'cancelled'; metrics: unknown; modelPath: string; weightsSha256: string }): TrainingRunRow {
  let metrics: Record<string, number | null> | null = null;
  if (r.metrics && typeof r.metrics === 'object') {
    metrics = {};
    for (const [k, v] of Object.entries(r.metrics as Record<string, unknown>)) metrics[k] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  return { id: r.id, created: r.created, algo: r.algo, env: r.env, seed: r.seed, steps: r.steps, backend: r.backend, status: r.status, metrics, modelPath: r.modelPath, weightsSha256: r.weightsSha256 };
}

/** Reads every row of the training-run registry at `file` (none when the file does not exist yet: it is not created here). */
export async function readTrainingRuns(file: string): Promise<TrainingRunRow[]> {
  if (!existsSync(file)) return [];
  const { TrainingRunStore } = await import('../store/training-runs.js');
  const store = await TrainingRunStore.open(file);
  try {
    return (await store.list()).map(runRowOf);
  } finally {
    store.close();
  }
}
