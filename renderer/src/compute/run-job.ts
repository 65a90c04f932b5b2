import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients by itself; the page needs them for training (ESM, fine in vite).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { BROWSER_TF_BACKENDS } from '../../../main/contract/tf-backend.js';
import { checkGpuJob, type GpuJobProgress, type GpuJobResult } from '../../../main/contract/gpu-compute.js';
import { activateBackend } from './backends.js';
import { BrowserMlp } from './mlp.js';

/** Longest stretch of steps without yielding to the page's event loop. */
const YIELD_EVERY_MS = 50;

/**
 * Runs one training job of the GPU contract (main/contract/gpu-compute.ts) on the first backend
 * of `job.backends` that initialises: validates it (errors name the field), computes the forward
 * pass of the initial weights on batches[0], then `steps` Adam steps on the mean squared error
 * with global-norm clipping (checking `shouldStop` before each step) — `clippedStep`'s rule (main/learning/nn/train-step.ts), with the
 * gradient norm read asynchronously — and returns the weights. Invariant: no random draws; same
 * job + backend ⇒ same numbers as the engine's cpu backend within float32 rounding.
 */
export async function runGpuJob(input: unknown, onProgress: (p: GpuJobProgress) => void = () => {}, shouldStop: () => boolean = () => false): Promise<GpuJobResult> {
  const job = checkGpuJob(input);
  const backend = await activateBackend(job.backends ?? BROWSER_TF_BACKENDS);
  const t0 = performance.now();
  const mlp = new BrowserMlp(job.spec, job.weights);
  const { learningRate, beta1, beta2, epsilon, maxGradNorm } = job.optimizer;
  const opt: tf.Optimizer = tf.train.adam(learningRate, beta1, beta2, epsilon);
  const batches = job.batches.map((b) => ({
    x: tf.tensor2d(Float32Array.from(b.x), [b.rows, job.spec.inputDim]),
    y: tf.tensor2d(Float32Array.from(b.y), [b.rows, job.spec.outputDim]),
  }));
  try {
    const fwd = tf.tidy(() => mlp.apply(batches[0]!.x));
    const forward = Array.from(await fwd.data());
    fwd.dispose();
    const losses: number[] = [];
    const gradNorms: number[] = [];
    let lastYield = performance.now();
    for (let k = 0; k < job.steps; k++) {
      // On the cpu backend every read resolves as a microtask, so the loop would never let the
      // page handle a message (a cancel, the relay's answers): give the event loop a turn often.
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((r) => setTimeout(r, 0));
        lastYield = performance.now();
      }
      if (shouldStop()) throw new Error(`GPU job ${job.jobId} cancelled after ${k} of ${job.steps} steps`);
      const { x, y } = batches[k % batches.length]!;
      const { value, grads } = tf.variableGrads(() => tf.mean(tf.squaredDifference(mlp.apply(x), y)) as tf.Scalar, mlp.variables);
      const names = Object.keys(grads);
      const sq = tf.tidy(() => tf.addN(names.map((n) => tf.sum(tf.square(grads[n]!)))));
      const [sqv, loss] = await Promise.all([sq.data(), value.data()]);
      const gradNorm = Math.sqrt(sqv[0]!);
      const scale = Number.isFinite(maxGradNorm) && gradNorm > maxGradNorm ? maxGradNorm / (gradNorm + 1e-6) : 1;
      tf.tidy(() => {
        const scaled: tf.NamedTensorMap = {};
        for (const n of names) scaled[n] = scale === 1 ? grads[n]! : tf.mul(grads[n]!, scale);
        opt.applyGradients(scaled);
      });
      tf.dispose([sq, value, ...Object.values(grads)]);
      losses.push(loss[0]!);
      gradNorms.push(gradNorm);
      const elapsed = (performance.now() - t0) / 1000;
      onProgress({ jobId: job.jobId, step: k + 1, steps: job.steps, loss: loss[0]!, stepsPerSec: elapsed > 0 ? (k + 1) / elapsed : 0 });
    }
    const weights = await mlp.readWeights();
    return { jobId: job.jobId, backend: backend.name, skipped: backend.skipped, adapter: backend.adapter, forward, losses, gradNorms, weights, elapsedMs: performance.now() - t0 };
  } finally {
    mlp.dispose();
    opt.dispose();
    tf.dispose(batches.flatMap((b) => [b.x, b.y]));
  }
}
