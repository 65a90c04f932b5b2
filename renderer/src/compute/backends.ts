import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import type { BrowserTfBackend } from '../../../main/contract/tf-backend.js';

/**
 * The backend the compute page runs on. Invariant: `name` is tf.js's active backend after
 * `activateBackend` resolves; `skipped` says, in order, why each earlier backend was not used;
 * `adapter` describes the WebGPU adapter (vendor, architecture, description) on webgpu, else null.
 */
export interface ActiveBrowserBackend {
  readonly name: BrowserTfBackend;
  readonly skipped: string[];
  readonly adapter: string | null;
}

/** The minimal WebGPU surface read here (lib.dom's typings may not include WebGPU). */
interface GpuAdapterLike {
  readonly info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}
interface GpuLike {
  requestAdapter(): Promise<GpuAdapterLike | null>;
}

/**
 * Activates the first backend of `order` that initialises here (WebGPU needs `navigator.gpu` and
 * an adapter; WebGL needs a WebGL context); throws naming every failure when none does.
 */
export async function activateBackend(order: readonly BrowserTfBackend[]): Promise<ActiveBrowserBackend> {
  const skipped: string[] = [];
  for (const name of order) {
    const why = await unavailable(name);
    if (why) {
      skipped.push(`${name}: ${why}`);
      continue;
    }
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { name, skipped, adapter: name === 'webgpu' ? await adapterText() : null };
      }
      skipped.push(`${name}: failed to initialise`);
    } catch (e) {
      skipped.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(`No TensorFlow.js backend could be initialised (${skipped.join('; ')})`);
}

/** Why `name` cannot run here, checked before tf.js tries it (tf.js would only log); null = try it. */
async function unavailable(name: BrowserTfBackend): Promise<string | null> {
  if (name !== 'webgpu') return null;
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  if (!gpu) return 'navigator.gpu is absent (WebGPU disabled or unsupported in this browser)';
  return (await gpu.requestAdapter()) ? null : 'no WebGPU adapter (requestAdapter() returned null)';
}

async function adapterText(): Promise<string | null> {
  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
  const info = (await gpu?.requestAdapter())?.info;
  if (!info) return null;
  return [info.vendor, info.architecture, info.device, info.description].filter((s) => s && s.length > 0).join(' / ') || 'unnamed adapter';
}
