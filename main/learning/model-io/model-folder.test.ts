import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import type { MlpSpec } from '../nn/mlp-spec.js';
import { PlainMlp } from '../nn/plain-mlp.js';
import { TfMlp, weightsSha256 } from '../nn/tf-mlp.js';
import { selectTfBackend } from '../tf-backend.js';
import { modelFolderIOHandler } from './fs-io-handler.js';
import { PACKAGE_VERSION, type ModelManifestInput } from './manifest.js';
import { loadModelFolder, saveModelFolder } from './model-folder.js';

const ACTOR: MlpSpec = { inputDim: 4, hidden: [16, 8], outputDim: 3, activation: 'tanh', outputGain: 0.01 };
const CRITIC: MlpSpec = { inputDim: 4, hidden: [16, 8], outputDim: 1, activation: 'tanh', outputGain: 1 };
let root: string;

beforeAll(async () => {
  await selectTfBackend();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'model-io-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function weightsOf(spec: MlpSpec, seed: number): Float32Array[] {
  const n = new TfMlp(spec, new Rng(seed));
  // Non-zero biases so a bias mix-up would show.
  const w = n.readWeights().map((a, i) => (i % 2 ? a.map((_, j) => 0.01 * (j + 1)) : a));
  n.dispose();
  return w;
}

function manifestInput(over: Partial<ModelManifestInput> = {}): ModelManifestInput {
  return {
    algorithm: 'ppo', config: { algo: 'ppo', hidden: [16, 8] }, seed: 7, dataHash: null, backend: 'cpu', trainingSteps: 1024,
    metrics: { evalMeanReturn: 123.5, stepsPerSec: 4000 },
    observation: { size: 4, names: ['x', 'xDot', 'theta', 'thetaDot'] },
    actionSpace: { kind: 'discrete', n: 3 }, policy: { network: 'actor', head: 'categorical' },
    ...over,
  };
}

async function writeFolder(name: string): Promise<{ dir: string; actor: Float32Array[]; critic: Float32Array[] }> {
  const dir = path.join(root, name);
  const actor = weightsOf(ACTOR, 1), critic = weightsOf(CRITIC, 2);
  await saveModelFolder(dir, { mlps: [{ name: 'actor', spec: ACTOR, weights: actor }, { name: 'critic', spec: CRITIC, weights: critic }], manifest: manifestInput() });
  return { dir, actor, critic };
}

describe('model folders', () => {
  it('round-trips every network bit for bit; weightsSha256 is the SHA-256 of weights.bin and of the weights in order', async () => {
    const { dir, actor, critic } = await writeFolder('roundtrip');
    expect(fs.readdirSync(dir).sort()).toEqual(['manifest.json', 'model.json', 'weights.bin']);
    const m = await loadModelFolder(dir);
    expect(m.mlps.map((n) => n.name)).toEqual(['actor', 'critic']);
    expect(m.mlps[0]!.weights).toEqual(actor);
    expect(m.mlps[1]!.weights).toEqual(critic);
    expect(m.manifest.weightsSha256).toBe(weightsSha256([...actor, ...critic]));
    expect(m.manifest.version).toEqual({ format: '1.0.0', package: PACKAGE_VERSION });
    expect(m.manifest.metrics).toEqual({ evalMeanReturn: 123.5, stepsPerSec: 4000 });
    const mj = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(mj.format).toBe('layers-model');
    expect(mj.weightsManifest[0].weights[0]).toEqual({ name: 'actor_dense_0/kernel', shape: [4, 16], dtype: 'float32' });
  });

  it('tfjs-layers loadLayersModel reads the acting network through our IO handler, strictly, and predicts as PlainMlp', async () => {
    const { dir, actor } = await writeFolder('tfjs');
    const model = await tfl.loadLayersModel(modelFolderIOHandler(dir), { strict: true });
    const x = Float32Array.from({ length: 5 * 4 }, (_, i) => Math.sin(i) * 0.7);
    const want = tf.tidy(() => (model.predict(tf.tensor2d(x, [5, 4])) as tf.Tensor).dataSync());
    const plain = new PlainMlp(ACTOR);
    plain.load(actor);
    const got = plain.forward(x, 5);
    for (let i = 0; i < want.length; i++) expect(Math.abs(want[i]! - got[i]!)).toBeLessThan(1e-5);
    // And back out through the handler's save: a tfjs model saved and loaded again predicts the same.
    const dir2 = path.join(root, 'tfjs-saved');
    await model.save(modelFolderIOHandler(dir2));
    const again = await tfl.loadLayersModel(modelFolderIOHandler(dir2));
    const got2 = tf.tidy(() => (again.predict(tf.tensor2d(x, [5, 4])) as tf.Tensor).dataSync());
    expect(Array.from(got2)).toEqual(Array.from(want));
    expect(fs.readdirSync(dir2).some((f) => f.includes('.tmp'))).toBe(false);
    model.dispose();
    again.dispose();
  });

  it('a second save replaces the first and leaves no temporary files', async () => {
    const { dir } = await writeFolder('replace');
    const first = (await loadModelFolder(dir)).manifest.weightsSha256;
    const actor = weightsOf(ACTOR, 5), critic = weightsOf(CRITIC, 6);
    await saveModelFolder(dir, { mlps: [{ name: 'actor', spec: ACTOR, weights: actor }, { name: 'critic', spec: CRITIC, weights: critic }], manifest: manifestInput({ trainingSteps: 2048 }) });
    const m = await loadModelFolder(dir);
    expect(m.manifest.weightsSha256).not.toBe(first);
    expect(m.manifest.trainingSteps).toBe(2048);
    expect(fs.readdirSync(dir).sort()).toEqual(['manifest.json', 'model.json', 'weights.bin']);
  });

  describe('a corrupt or partial folder gets an error naming the file', () => {
    const cases: Array<[string, (dir: string) => void, RegExp]> = [
      ['missing manifest (an unfinished save)', (d) => fs.rmSync(path.join(d, 'manifest.json')), /manifest\.json: missing — not a model folder, or its save did not finish/],
      ['missing weights', (d) => fs.rmSync(path.join(d, 'weights.bin')), /weights\.bin: missing/],
      ['missing model.json', (d) => fs.rmSync(path.join(d, 'model.json')), /model\.json: missing/],
      ['truncated weights', (d) => fs.truncateSync(path.join(d, 'weights.bin'), 100), /weights\.bin: 100 bytes, model\.json's weightsManifest needs \d+ \(truncated\)/],
      ['bad model.json', (d) => fs.writeFileSync(path.join(d, 'model.json'), '{"format": "layers-model",'), /model\.json: not valid JSON/],
      ['bad manifest JSON', (d) => fs.writeFileSync(path.join(d, 'manifest.json'), 'nope'), /manifest\.json: not valid JSON/],
      ['a manifest field of the wrong type', (d) => {
        const f = path.join(d, 'manifest.json');
        fs.writeFileSync(f, JSON.stringify({ ...JSON.parse(fs.readFileSync(f, 'utf8')), seed: 'seven' }));
      }, /manifest\.json: invalid manifest: seed: /],
      ['a newer major format', (d) => {
        const f = path.join(d, 'manifest.json');
        const m = JSON.parse(fs.readFileSync(f, 'utf8'));
        fs.writeFileSync(f, JSON.stringify({ ...m, version: { ...m.version, format: '2.0.0' } }));
      }, /manifest\.json: format version 2\.0\.0 is not readable/],
      ['weights that differ from the manifest\'s SHA-256', (d) => {
        const f = path.join(d, 'weights.bin');
        const b = fs.readFileSync(f);
        b[17] = b[17]! ^ 0x01;
        fs.writeFileSync(f, b);
      }, /weights\.bin: SHA-256 [0-9a-f]{64} ≠ manifest\.json's weightsSha256/],
      ['a weightsManifest that does not fit the networks', (d) => {
        const f = path.join(d, 'model.json');
        const m = JSON.parse(fs.readFileSync(f, 'utf8'));
        m.weightsManifest[0].weights[1].shape = [99];
        fs.writeFileSync(f, JSON.stringify(m));
      }, /model\.json: weightsManifest entry 1 is actor_dense_0\/bias \[99\], expected actor_dense_0\/bias \[16\]/],
    ];
    for (const [name, damage, error] of cases) {
      it(name, async () => {
        const { dir } = await writeFolder(`bad-${name.replace(/\W+/g, '-')}`);
        damage(dir);
        await expect(loadModelFolder(dir)).rejects.toThrow(error);
        await expect(loadModelFolder(dir)).rejects.toThrow(dir);
      });
    }
  });

  it('refuses to write weights that do not fit their spec, or a policy network that is not there', async () => {
    const bad = weightsOf(ACTOR, 1);
    bad[2] = new Float32Array(3);
    await expect(saveModelFolder(path.join(root, 'x'), { mlps: [{ name: 'actor', spec: ACTOR, weights: bad }], manifest: manifestInput() })).rejects.toThrow(/actor_dense_1\/kernel has 3 numbers, shape \[16, 8\] needs 128/);
    await expect(saveModelFolder(path.join(root, 'y'), { mlps: [{ name: 'q', spec: ACTOR, weights: weightsOf(ACTOR, 1) }], manifest: manifestInput() })).rejects.toThrow(/policy\.network "actor" is not one of the networks \(q\)/);
    expect(fs.existsSync(path.join(root, 'y', 'manifest.json'))).toBe(false);
  });

  it('PACKAGE_VERSION is package.json\'s version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));
    expect(PACKAGE_VERSION).toBe(pkg.version);
  });
});
