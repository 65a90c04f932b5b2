import type { ExecutionContext } from '../execution-context.js';
import type { ParentOrderSpec } from '../parent-order.js';
import { AdaptiveShortfallExecutor, type AdaptiveOptions } from './adaptive-shortfall.js';
import { AlmgrenChrissExecutor, type ACModel } from './almgren-chriss-executor.js';
import { ImmediateExecutor } from './immediate.js';
import type { ExecutorOptions, ParentExecutor } from './parent-executor.js';
import { PovExecutor } from './pov.js';
import { SubmitAndLeaveExecutor } from './submit-and-leave.js';
import { TwapExecutor } from './twap.js';
import type { VolumeCurve } from './volume-curve.js';
import { VwapExecutor } from './vwap.js';

export { AdaptiveShortfallExecutor, adaptiveLambda, type AdaptiveDecision, type AdaptiveOptions } from './adaptive-shortfall.js';
export { AlmgrenChrissExecutor, acCumulativeFractions, checkACModel, type ACModel, type ACOptions } from './almgren-chriss-executor.js';
export { ImmediateExecutor } from './immediate.js';
export { MarketVolume, type TapeListener, type TradeFeed } from './market-volume.js';
export { ParentExecutor, type ExecutorOptions, type ExecutorState } from './parent-executor.js';
export { PovExecutor, type PovOptions } from './pov.js';
export { SlicedExecutor, type SlicePlan, type SlicedOptions } from './sliced-executor.js';
export { SubmitAndLeaveExecutor, type SubmitAndLeaveOptions } from './submit-and-leave.js';
export { TwapExecutor } from './twap.js';
export { checkVolumeCurve, cumulativeVolume, volumeCurveFromBars, volumeFraction, type BarsCurveOptions, type VolumeCurve } from './volume-curve.js';
export { VwapExecutor, type VwapOptions } from './vwap.js';

/** The baseline algorithms by name (kebab-case, as the UI and CLI write them). */
export const ALGORITHM_NAMES = ['submit-and-leave', 'immediate', 'twap', 'vwap', 'pov', 'almgren-chriss', 'adaptive-shortfall'] as const;
export type AlgorithmName = (typeof ALGORITHM_NAMES)[number];

/**
 * An algorithm and its own parameters (a discriminated union on `name`). Invariant: values are
 * checked by the executor's constructor, which throws a RangeError naming the parameter.
 */
export type AlgorithmConfig =
  | { readonly name: 'submit-and-leave'; readonly priceUnits?: number }
  | { readonly name: 'immediate' }
  | { readonly name: 'twap'; readonly slices?: number }
  | { readonly name: 'vwap'; readonly slices?: number; readonly curve?: VolumeCurve }
  | { readonly name: 'pov'; readonly rate: number }
  | { readonly name: 'almgren-chriss'; readonly slices?: number; readonly model: ACModel }
  | ({ readonly name: 'adaptive-shortfall' } & Omit<AdaptiveOptions, keyof ExecutorOptions>);

/**
 * Builds the executor for `algo` over `ctx` (not started: call `start()`). Throws a RangeError
 * naming the parameter when one is invalid (e.g. POV without `common.tape`).
 */
export function createExecutor(ctx: ExecutionContext, spec: ParentOrderSpec, algo: AlgorithmConfig, common: ExecutorOptions = {}): ParentExecutor {
  switch (algo.name) {
    case 'submit-and-leave':
      return new SubmitAndLeaveExecutor(ctx, spec, { ...common, ...(algo.priceUnits !== undefined ? { priceUnits: algo.priceUnits } : {}) });
    case 'immediate':
      return new ImmediateExecutor(ctx, spec, common);
    case 'twap':
      return new TwapExecutor(ctx, spec, { ...common, ...slicesOf(algo.slices) });
    case 'vwap':
      return new VwapExecutor(ctx, spec, { ...common, ...slicesOf(algo.slices), ...(algo.curve ? { curve: algo.curve } : {}) });
    case 'pov': {
      if (!common.tape) throw new RangeError('pov needs a market trade feed (options.tape)');
      return new PovExecutor(ctx, spec, { ...common, tape: common.tape, rate: algo.rate });
    }
    case 'almgren-chriss':
      return new AlmgrenChrissExecutor(ctx, spec, { ...common, ...slicesOf(algo.slices), model: algo.model });
    case 'adaptive-shortfall': {
      const { name: _name, ...rest } = algo;
      return new AdaptiveShortfallExecutor(ctx, spec, { ...common, ...rest });
    }
  }
}

function slicesOf(slices: number | undefined): { slices?: number } {
  return slices !== undefined ? { slices } : {};
}
