import { z } from 'zod';
import { layerSizes, type MlpSpec } from '../nn/mlp-spec.js';

/** One named MLP of a model folder: its spec and weights [W0, b0, W1, b1, …] (W in × out, row-major). */
export interface NamedMlp {
  readonly name: string;
  readonly spec: MlpSpec;
  readonly weights: readonly Float32Array[];
}

/** A named float32 tensor that is not an MLP layer (e.g. PPO's Gaussian `log_std`, shape [1, D]). */
export interface NamedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** One entry of a tfjs `weightsManifest` group. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32';
}

/**
 * model.json as written here: TensorFlow.js's layers format (`format: 'layers-model'`,
 * `modelTopology` = a Keras `Sequential` of `Dense` layers for the FIRST network, `weightsManifest`
 * = one group over weights.bin) plus `userDefinedMetadata.slipstream`, which lists every network
 * and extra tensor stored in weights.bin, in order. Invariant: weightsManifest lists the first
 * network's weights first, then the other networks', then the extra tensors — the order of
 * weights.bin.
 */
export interface ModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: object;
  weightsManifest: Array<{ paths: string[]; weights: WeightSpec[] }>;
  userDefinedMetadata: { slipstream: { networks: Array<{ name: string; spec: MlpSpec }>; tensors: Array<{ name: string; shape: number[] }> } };
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Weight names of network `name`: `${name}_dense_${l}/kernel` and `/bias` per layer (tfjs-layers' naming). */
export function mlpWeightSpecs(name: string, spec: MlpSpec): WeightSpec[] {
  const sizes = layerSizes(spec);
  const out: WeightSpec[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    out.push({ name: `${name}_dense_${l}/kernel`, shape: [sizes[l]!, sizes[l + 1]!], dtype: 'float32' });
    out.push({ name: `${name}_dense_${l}/bias`, shape: [sizes[l + 1]!], dtype: 'float32' });
  }
  return out;
}

/** The Keras `Sequential` topology of an MLP, as tfjs-layers' `loadLayersModel` reads it. */
export function sequentialTopology(name: string, spec: MlpSpec, generatedBy: string): object {
  const sizes = layerSizes(spec);
  const zeros = { class_name: 'Zeros', config: {} };
  const layers = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    layers.push({
      class_name: 'Dense',
      config: {
        name: `${name}_dense_${l}`, trainable: true, dtype: 'float32', units: sizes[l + 1]!,
        activation: l + 2 < sizes.length ? spec.activation : 'linear', use_bias: true,
        // Zeros: tfjs would otherwise draw unseeded initial values before the stored weights replace them.
        kernel_initializer: zeros, bias_initializer: zeros,
        kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
        ...(l === 0 ? { batch_input_shape: [null, sizes[0]!] } : {}),
      },
    });
  }
  return { class_name: 'Sequential', config: { name, layers }, keras_version: generatedBy, backend: 'tensor_flow.js' };
}

/** Builds model.json for the networks (the first is the tfjs-loadable one) and extra tensors stored in `weightsFile`. */
export function buildModelJson(mlps: readonly NamedMlp[], tensors: readonly NamedTensor[], weightsFile: string, generatedBy: string): ModelJson {
  if (mlps.length === 0) throw new RangeError('model folder: at least one network is needed');
  const seen = new Set<string>();
  for (const n of [...mlps.map((m) => m.name), ...tensors.map((t) => t.name)]) {
    if (!NAME.test(n)) throw new RangeError(`model folder: name ${JSON.stringify(n)} must match ${NAME}`);
    if (seen.has(n)) throw new RangeError(`model folder: name ${JSON.stringify(n)} is used twice`);
    seen.add(n);
  }
  const weights: WeightSpec[] = [];
  for (const m of mlps) {
    const specs = mlpWeightSpecs(m.name, m.spec);
    if (m.weights.length !== specs.length) throw new RangeError(`model folder: network ${m.name} has ${m.weights.length} arrays, its spec needs ${specs.length}`);
    specs.forEach((s, i) => {
      const want = s.shape.reduce((a, b) => a * b, 1);
      if (m.weights[i]!.length !== want) throw new RangeError(`model folder: ${s.name} has ${m.weights[i]!.length} numbers, shape [${s.shape.join(', ')}] needs ${want}`);
    });
    weights.push(...specs);
  }
  for (const t of tensors) {
    const want = t.shape.reduce((a, b) => a * b, 1);
    if (t.values.length !== want) throw new RangeError(`model folder: tensor ${t.name} has ${t.values.length} numbers, shape [${t.shape.join(', ')}] needs ${want}`);
    weights.push({ name: t.name, shape: [...t.shape], dtype: 'float32' });
  }
  return {
    format: 'layers-model', generatedBy, convertedBy: null,
    modelTopology: sequentialTopology(mlps[0]!.name, mlps[0]!.spec, generatedBy),
    weightsManifest: [{ paths: [weightsFile], weights }],
    userDefinedMetadata: { slipstream: { networks: mlps.map((m) => ({ name: m.name, spec: m.spec })), tensors: tensors.map((t) => ({ name: t.name, shape: [...t.shape] })) } },
  };
}

const MlpSpecSchema = z.object({
  inputDim: z.number().int().min(1), hidden: z.array(z.number().int().min(1)), outputDim: z.number().int().min(1),
  activation: z.enum(['tanh', 'relu']), hiddenGain: z.number().optional(), outputGain: z.number(),
}).strict();

const ModelJsonSchema = z.object({
  format: z.literal('layers-model'),
  modelTopology: z.object({}).passthrough(),
  weightsManifest: z.array(z.object({
    paths: z.array(z.string().min(1)).min(1),
    weights: z.array(z.object({ name: z.string(), shape: z.array(z.number().int().min(0)), dtype: z.literal('float32') }).passthrough()),
  }).passthrough()).min(1),
  userDefinedMetadata: z.object({
    slipstream: z.object({
      networks: z.array(z.object({ name: z.string().regex(NAME), spec: MlpSpecSchema }).strict()).min(1),
      tensors: z.array(z.object({ name: z.string().regex(NAME), shape: z.array(z.number().int().min(1)) }).strict()),
    }).strict(),
  }).passthrough(),
}).passthrough();

/** Parses model.json's text and checks its weightsManifest against its networks; errors name the file and the field. */
export function parseModelJson(text: string, file: string): ModelJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const r = ModelJsonSchema.safeParse(raw);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(model.json)'}: ${i.message}`).join('; ');
    throw new Error(`${file}: invalid model.json: ${msg}`);
  }
  const mj = r.data as unknown as ModelJson;
  const meta = mj.userDefinedMetadata.slipstream;
  const expected = [
    ...meta.networks.flatMap((n) => {
      try {
        return mlpWeightSpecs(n.name, n.spec);
      } catch (e) {
        throw new Error(`${file}: network ${n.name}: ${(e as Error).message}`, { cause: e });
      }
    }),
    ...meta.tensors.map((t) => ({ name: t.name, shape: t.shape, dtype: 'float32' as const })),
  ];
  const listed = mj.weightsManifest.flatMap((g) => g.weights);
  if (listed.length !== expected.length) throw new Error(`${file}: weightsManifest lists ${listed.length} weights, the networks need ${expected.length}`);
  expected.forEach((e, i) => {
    const w = listed[i]!;
    if (w.name !== e.name || w.shape.join(',') !== e.shape.join(',')) {
      throw new Error(`${file}: weightsManifest entry ${i} is ${w.name} [${w.shape.join(', ')}], expected ${e.name} [${e.shape.join(', ')}]`);
    }
  });
  return mj;
}

/** Number of float32 values a weight spec list holds. */
export function specValues(specs: readonly { shape: readonly number[] }[]): number {
  return specs.reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1), 0);
}

/** Float32 values → little-endian bytes (weights.bin's byte order on any host). */
export function encodeLe(arrays: readonly Float32Array[]): Uint8Array {
  const n = arrays.reduce((a, x) => a + x.length, 0);
  const out = new Uint8Array(4 * n);
  const dv = new DataView(out.buffer);
  let o = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++, o += 4) dv.setFloat32(o, a[i]!, true);
  return out;
}

/** Little-endian bytes → one Float32Array per spec, in order. */
export function decodeLe(bytes: Uint8Array, specs: readonly { shape: readonly number[] }[]): Float32Array[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  return specs.map((s) => {
    const n = s.shape.reduce((x, y) => x * y, 1);
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++, o += 4) a[i] = dv.getFloat32(o, true);
    return a;
  });
}
