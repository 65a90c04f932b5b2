import { PlainMlp } from '../nn/plain-mlp.js';
import type { ModelManifest } from './manifest.js';
import { loadModelFolderSync, type LoadedModelFolder } from './model-folder.js';

/**
 * One decision of a loaded policy. Discrete models give the argmax `action` (an index) with the
 * softmax `probs` (categorical) or the `qValues`; continuous ones the Gaussian `mean` and the
 * `action` = the mean clipped into the bounds. Arrays are fresh (the caller may keep them).
 */
export interface PolicyDecision {
  readonly action: number | Float32Array;
  readonly probs?: Float32Array;
  readonly qValues?: Float32Array;
  readonly mean?: Float32Array;
}

/** A model folder's acting network as a greedy policy over the plain TypeScript forward pass (no TF.js call). */
export interface LoadedPolicy {
  readonly manifest: ModelManifest;
  readonly discrete: boolean;
  act(observation: Float32Array): PolicyDecision;
}

/** The env a model is meant for: observation size (and names, when known) and action space. */
export interface EnvShape {
  readonly obsDim: number;
  readonly obsNames?: readonly string[];
  readonly actionSpace: { readonly kind: 'discrete'; readonly n: number } | { readonly kind: 'continuous'; readonly low: ArrayLike<number>; readonly high: ArrayLike<number> };
}

/**
 * Throws an Error listing every field where the env differs from the model's manifest, e.g.
 * `observation size 18 ≠ model's 22` — a model must never act on observations or actions laid
 * out differently from those it was trained on.
 */
export function checkModelMatchesEnv(manifest: ModelManifest, env: EnvShape): void {
  const bad: string[] = [];
  if (env.obsDim !== manifest.observation.size) bad.push(`observation size ${env.obsDim} ≠ model's ${manifest.observation.size}`);
  else if (env.obsNames) {
    const i = env.obsNames.findIndex((n, k) => n !== manifest.observation.names[k]);
    if (i >= 0) bad.push(`observation ${i} is '${env.obsNames[i]}' ≠ model's '${manifest.observation.names[i]}'`);
  }
  const a = env.actionSpace, m = manifest.actionSpace;
  if (a.kind !== m.kind) bad.push(`action space ${a.kind} ≠ model's ${m.kind}`);
  else if (a.kind === 'discrete' && m.kind === 'discrete') {
    if (a.n !== m.n) bad.push(`action count ${a.n} ≠ model's ${m.n}`);
  } else if (a.kind === 'continuous' && m.kind === 'continuous') {
    if (a.low.length !== m.low.length) bad.push(`action dimensions ${a.low.length} ≠ model's ${m.low.length}`);
    else {
      for (let j = 0; j < m.low.length; j++) {
        // The manifest holds the float32 bounds as JSON numbers: compare at float32 precision.
        if (Math.fround(a.low[j]!) !== Math.fround(m.low[j]!)) bad.push(`action low[${j}] ${a.low[j]} ≠ model's ${m.low[j]}`);
        if (Math.fround(a.high[j]!) !== Math.fround(m.high[j]!)) bad.push(`action high[${j}] ${a.high[j]} ≠ model's ${m.high[j]}`);
      }
    }
  }
  if (bad.length) throw new Error(`the model does not fit this env: ${bad.join('; ')}`);
}

/** The greedy policy of an already-loaded folder (see `loadPolicy`). */
export function policyOf(folder: LoadedModelFolder): LoadedPolicy {
  const { manifest } = folder;
  const net = folder.mlps.find((n) => n.name === manifest.policy.network)!;
  const plain = new PlainMlp(net.spec);
  plain.load(net.weights);
  const inDim = net.spec.inputDim, outDim = net.spec.outputDim;
  if (inDim !== manifest.observation.size) throw new Error(`model folder: network ${net.name} takes ${inDim} inputs, manifest observation.size is ${manifest.observation.size}`);
  const head = manifest.policy.head;
  const space = manifest.actionSpace;
  const k = space.kind === 'discrete' ? space.n : space.low.length;
  const need = head === 'dueling-q' ? k + 1 : k;
  if (outDim !== need) throw new Error(`model folder: network ${net.name} has ${outDim} outputs, a ${head} head over ${k} actions needs ${need}`);
  if ((head === 'gaussian') !== (space.kind === 'continuous')) throw new Error(`model folder: a ${head} head does not fit a ${space.kind} action space`);
  const low = space.kind === 'continuous' ? Float32Array.from(space.low) : null;
  const high = space.kind === 'continuous' ? Float32Array.from(space.high) : null;
  return {
    manifest,
    discrete: space.kind === 'discrete',
    act(observation: Float32Array): PolicyDecision {
      if (observation.length !== inDim) throw new RangeError(`policy.act: observation has ${observation.length} numbers, the model takes ${inDim}`);
      const out = plain.forward(observation, 1);
      if (head === 'gaussian') {
        const mean = Float32Array.from(out);
        const action = new Float32Array(k);
        for (let j = 0; j < k; j++) action[j] = Math.min(high![j]!, Math.max(low![j]!, mean[j]!));
        return { action, mean };
      }
      const values = new Float32Array(k);
      if (head === 'dueling-q') {
        let m = 0;
        for (let j = 1; j <= k; j++) m += out[j]!;
        m /= k;
        for (let j = 0; j < k; j++) values[j] = out[0]! + out[1 + j]! - m;
      } else values.set(out.subarray(0, k));
      let best = 0;
      for (let j = 1; j < k; j++) if (values[j]! > values[best]!) best = j;
      if (head !== 'categorical') return { action: best, qValues: values };
      let s = 0;
      const probs = new Float32Array(k);
      for (let j = 0; j < k; j++) s += (probs[j] = Math.exp(values[j]! - values[best]!));
      for (let j = 0; j < k; j++) probs[j]! /= s;
      return { action: best, probs };
    },
  };
}

/**
 * Loads a model folder (verified as `loadModelFolder` does) as a greedy policy on `PlainMlp`:
 * argmax of the logits or Q-values, or the Gaussian mean clipped into the bounds.
 */
export async function loadPolicy(dir: string): Promise<LoadedPolicy> {
  return policyOf(loadModelFolderSync(dir));
}
