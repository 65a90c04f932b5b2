/**
 * Picks the fastest TensorFlow.js backend present and says which. Order: `tensorflow`
 * (@tensorflow/tfjs-node, an optional dependency whose native library is fetched from outside npm,
 * so it is often absent), then `wasm` (@tensorflow/tfjs-backend-wasm, SIMD where the CPU has it),
 * then `cpu` (plain JavaScript, always there). Invariant: resolves with the backend tf.js now
 * uses, and the reasons the faster ones were skipped.
 */
export interface TfBackendChoice {
  name: 'tensorflow' | 'wasm' | 'cpu';
  skipped: string[];
}

let choice: Promise<TfBackendChoice> | null = null;

export function selectTfBackend(): Promise<TfBackendChoice> {
  choice ??= select();
  return choice;
}

async function select(): Promise<TfBackendChoice> {
  const tf = await import('@tensorflow/tfjs-core');
  const skipped: string[] = [];
  // A variable specifier keeps bundlers and the type checker from requiring the optional package.
  const nodeBackend = '@tensorflow/tfjs-node';
  try {
    await import(nodeBackend);
    if (await tf.setBackend('tensorflow')) return { name: 'tensorflow', skipped };
    skipped.push('tensorflow: registered but failed to initialise');
  } catch (e) {
    skipped.push(`tensorflow: ${firstLine(e)}`);
  }
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    if (await tf.setBackend('wasm')) return { name: 'wasm', skipped };
    skipped.push('wasm: failed to initialise');
  } catch (e) {
    skipped.push(`wasm: ${firstLine(e)}`);
  }
  await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
  return { name: 'cpu', skipped };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
