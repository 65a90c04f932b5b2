import type { RegimeFeature } from './features.js';

/** The words regimes are named with. */
export type RegimeLabel = 'calm' | 'volatile' | 'illiquid' | 'stressed';
export const REGIME_LABELS: readonly RegimeLabel[] = ['calm', 'volatile', 'illiquid', 'stressed'];

/**
 * How far above the fitted windows' average (in standard deviations of the standardised features)
 * a centroid's volatility or illiquidity score must be to count as high. Half a deviation: clusters
 * that differ from the average only by noise stay "calm".
 */
export const HIGH_SCORE = 0.5;

/**
 * A centroid's (volatility, illiquidity) scores in standardised units: volatility is its realised
 * vol; illiquidity the mean of +spread, −depth and −volume (whichever the data has).
 */
export function centroidScores(centroid: readonly number[], names: readonly RegimeFeature[]): [number, number] {
  const at = (f: RegimeFeature): number | undefined => {
    const i = names.indexOf(f);
    return i >= 0 ? centroid[i] : undefined;
  };
  const parts = [at('spreadBps'), at('depth'), at('volume')].map((v, i) => (v === undefined ? undefined : i === 0 ? v : -v)).filter((v): v is number => v !== undefined);
  return [at('rvBps') ?? 0, parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : 0];
}

/**
 * Names each cluster by its own centroid, in standardised units (0 = the average of the windows
 * fitted): volatile when its volatility score is above `HIGH_SCORE`, illiquid when its illiquidity
 * score is, stressed when both are, calm otherwise. Words are relative to the history the model was
 * fitted on; two clusters may share a word (then they are one regime to the user).
 */
export function labelClusters(centroids: readonly (readonly number[])[], names: readonly RegimeFeature[]): RegimeLabel[] {
  return centroids.map((c) => {
    const [vol, illiq] = centroidScores(c, names);
    const v = vol > HIGH_SCORE;
    const i = illiq > HIGH_SCORE;
    return v && i ? 'stressed' : v ? 'volatile' : i ? 'illiquid' : 'calm';
  });
}
