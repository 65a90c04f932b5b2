/** Hidden-layer non-linearity of an MLP. */
export type Activation = 'tanh' | 'relu';

/**
 * A dense network: inputDim → hidden[0] → … → outputDim, `activation` after every hidden layer
 * and none after the output. Initial weights orthogonal with gain `hiddenGain` (default √2) on
 * hidden layers and `outputGain` on the last, biases 0. Invariant: every size is an integer ≥ 1.
 */
export interface MlpSpec {
  readonly inputDim: number;
  readonly hidden: readonly number[];
  readonly outputDim: number;
  readonly activation: Activation;
  readonly hiddenGain?: number;
  readonly outputGain: number;
}

/** The layer sizes [inputDim, ...hidden, outputDim], validated. */
export function layerSizes(spec: MlpSpec): number[] {
  const sizes = [spec.inputDim, ...spec.hidden, spec.outputDim];
  sizes.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 1) throw new RangeError(`MlpSpec: layer ${i} size must be an integer ≥ 1, got ${s}`);
  });
  return sizes;
}
