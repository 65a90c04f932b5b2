/**
 * Version of the backtest engine: the simulator, the baseline algorithms and the backtest's own
 * rules (grid, measurement time, model estimation). Stored with every run; BUMP IT when a change
 * can alter a stored result, so results of different versions are never compared silently.
 */
export const BACKTEST_ENGINE_VERSION = 'slipstream-backtest/1';

/**
 * The model version of a backtest's strategies: the baseline algorithms are code (their version
 * is the engine's); a learned agent would add its checkpoint hash here.
 */
export function modelVersionOf(strategies: readonly string[]): string {
  return `baseline-algorithms/1 (${strategies.join(',')})`;
}
