import { NODE_TF_BACKENDS, type NodeTfBackend, type TfBackendPreference } from '../contract/tf-backend.js';

export { NODE_TF_BACKENDS, type NodeTfBackend, type TfBackendPreference };

/**
 * Picks the fastest TensorFlow.js backend present and says which. Order: `tensorflow`
 * (@tensorflow/tfjs-node or -node-gpu, optional packages whose native library is fetched from
 * outside npm, so often absent), then `wasm` (@tensorflow/tfjs-backend-wasm; SIMD and threads
 * reported as the package detects them), then `cpu` (plain JavaScript, always there).
 * Invariant: `name` is the backend tf.js uses after the call resolves; `skipped` holds why each
 * faster one was not used (empty when forced); `forced` says whether the caller chose it.
 */
export interface TfBackendChoice {
  readonly name: NodeTfBackend;
  readonly skipped: string[];
  readonly forced: boolean;
  /** wasm only: whether the loaded binary uses SIMD / worker threads (null for other backends). */
  readonly simd: boolean | null;
  readonly threads: boolean | null;
}

/**
 * What results and manifests record about the backend (`activeBackendInfo()`): the name, how it
 * was chosen, and the tfjs version. Invariant: describes the backend of the last completed
 * `selectTfBackend` call, which is the one tf.js computes with.
 */
export interface TfBackendInfo {
  readonly name: NodeTfBackend;
  readonly forced: boolean;
  readonly simd: boolean | null;
  readonly threads: boolean | null;
  readonly tfjsVersion: string;
}

/** A forced backend that cannot run here; the message names the backend, who forced it and why. */
export class TfBackendUnavailableError extends Error {
  constructor(
    readonly backend: NodeTfBackend,
    readonly source: string,
    reason: string,
  ) {
    super(`TensorFlow.js backend "${backend}" (forced by ${source}) is not available here: ${reason}. Available in order of preference: tensorflow (needs @tensorflow/tfjs-node or -node-gpu), wasm, cpu; use "auto" to pick the best present.`);
    this.name = 'TfBackendUnavailableError';
  }
}

/** Options of `selectTfBackend`. */
export interface SelectTfBackendOptions {
  /** `auto` (default) picks the best present; a name forces that backend or fails. */
  readonly backend?: TfBackendPreference;
  /** Who asked, for the error message: e.g. `--backend` or `settings tfBackend`. */
  readonly source?: string;
}

// One selection per preference: tf.js registers each backend once per process.
const choices = new Map<TfBackendPreference, Promise<TfBackendChoice>>();
let active: TfBackendInfo | null = null;

/**
 * Selects (once per preference, then cached) and activates a backend. Rejects with
 * `TfBackendUnavailableError` when a forced backend is absent or fails to initialise.
 */
export async function selectTfBackend(opts: SelectTfBackendOptions = {}): Promise<TfBackendChoice> {
  const pref = opts.backend ?? 'auto';
  let p = choices.get(pref);
  if (!p) {
    p = pref === 'auto' ? selectBest() : selectForced(pref, opts.source ?? 'the caller');
    choices.set(pref, p);
    // A failed forcing is not cached: the next call (e.g. after installing tfjs-node) retries.
    p.catch(() => choices.delete(pref));
  }
  const c = await p;
  const tf = await import('@tensorflow/tfjs-core');
  // Another preference may have switched tf.js to a different backend since this one was chosen.
  if (tf.getBackend() !== c.name) await tf.setBackend(c.name);
  active = { name: c.name, forced: c.forced, simd: c.simd, threads: c.threads, tfjsVersion: tf.version_core };
  return c;
}

/**
 * What a long-running host (the engine) uses: the preferred backend when it runs here, else the
 * best present, with `error` saying why the preference failed. Never rejects (the app must start
 * with a bad setting). `label` is what the UI shows, e.g. `wasm` or
 * `cpu — tensorflow (settings tfBackend) is not available`.
 */
export async function selectTfBackendOrBest(backend: TfBackendPreference = 'auto', source = 'settings tfBackend'): Promise<{ choice: TfBackendChoice; label: string; error: string | null }> {
  try {
    const choice = await selectTfBackend({ backend, source });
    return { choice, label: choice.forced ? `${choice.name} (forced)` : choice.name, error: null };
  } catch (e) {
    const choice = await selectTfBackend();
    const error = e instanceof Error ? e.message : String(e);
    return { choice, label: `${choice.name} — ${backend} (${source}) is not available`, error };
  }
}

/** The backend tf.js computes with now (for results and manifests); null before any selection. */
export function activeBackendInfo(): TfBackendInfo | null {
  return active;
}

/**
 * Reads a backend preference from a command-line value or a setting; throws a RangeError naming
 * `field` and the allowed values. For CLIs: `selectTfBackend({ backend: parseTfBackend(v, '--backend'), source: '--backend' })`.
 */
export function parseTfBackend(value: unknown, field = '--backend'): TfBackendPreference {
  if (value === undefined || value === null || value === '') return 'auto';
  if (value === 'auto' || (NODE_TF_BACKENDS as readonly unknown[]).includes(value)) return value as TfBackendPreference;
  throw new RangeError(`${field}: unknown TensorFlow.js backend ${JSON.stringify(value)}; use auto, ${NODE_TF_BACKENDS.join(', ')}`);
}

async function selectBest(): Promise<TfBackendChoice> {
  const skipped: string[] = [];
  for (const name of NODE_TF_BACKENDS) {
    const r = await tryBackend(name);
    if (r.ok) return { ...r.choice, skipped, forced: false };
    skipped.push(`${name}: ${r.reason}`);
  }
  throw new Error('No TensorFlow.js backend could be initialised (even cpu failed)');
}

async function selectForced(name: NodeTfBackend, source: string): Promise<TfBackendChoice> {
  const r = await tryBackend(name);
  if (!r.ok) throw new TfBackendUnavailableError(name, source, r.reason);
  return { ...r.choice, skipped: [], forced: true };
}

type Attempt = { ok: true; choice: Omit<TfBackendChoice, 'skipped' | 'forced'> } | { ok: false; reason: string };

async function tryBackend(name: NodeTfBackend): Promise<Attempt> {
  const tf = await import('@tensorflow/tfjs-core');
  try {
    if (name === 'tensorflow') await importNodeBinding();
    else if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    else await import('@tensorflow/tfjs-backend-cpu');
  } catch (e) {
    return { ok: false, reason: firstLine(e) };
  }
  try {
    if (!(await tf.setBackend(name))) return { ok: false, reason: 'registered but failed to initialise' };
  } catch (e) {
    return { ok: false, reason: `failed to initialise: ${firstLine(e)}` };
  }
  if (name !== 'wasm') return { ok: true, choice: { name, simd: null, threads: null } };
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  return { ok: true, choice: { name, simd, threads } };
}

/** tfjs-node-gpu first (it registers the same `tensorflow` backend with CUDA), then tfjs-node. */
async function importNodeBinding(): Promise<void> {
  // Variable specifiers keep bundlers and the type checker from requiring the optional packages.
  const candidates = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];
  const reasons: string[] = [];
  for (const pkg of candidates) {
    try {
      await import(pkg);
      return;
    } catch (e) {
      reasons.push(`${pkg}: ${firstLine(e)}`);
    }
  }
  throw new Error(reasons.join('; '));
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
