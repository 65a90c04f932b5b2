import { Rng } from '../../kernel/rng.js';
import type { EnvConfigInput } from '../env/env-config.js';
import { ExecutionEnv, type EnvPathFactory } from '../env/execution-env.js';
import type { LearningActionSpace } from '../env/vec-env-types.js';

/**
 * How one training episode is drawn. Invariants: `participation` 0 < lo ≤ hi ≤ 1 (fraction of the
 * market's expected volume over the horizon, drawn log-uniformly so 1 % and 10 % orders are equally
 * common); `horizonSec` 0 < lo ≤ hi, drawn uniformly and rounded to `horizonStepSec`; `sides`
 * non-empty; every market has a positive `volumePerSec` (shares a second it is expected to trade).
 */
export interface EpisodeDistribution {
  readonly sides: ReadonlyArray<'buy' | 'sell'>;
  readonly participation: readonly [number, number];
  readonly horizonSec: readonly [number, number];
  readonly horizonStepSec: number;
  readonly startSec: number;
}

/**
 * One market an episode can run on: its path factory, its expected traded volume per second and
 * its share of the episodes (`weight` ≥ 0; absent on every market = equal shares).
 */
export interface EpisodeMarket {
  readonly name: string;
  readonly factory: EnvPathFactory;
  readonly volumePerSec: number;
  readonly weight?: number;
}

/** The episode drawn for one seed (pure function of the seed and the distribution). */
export interface DrawnEpisode {
  readonly market: number;
  readonly side: 'buy' | 'sell';
  readonly participation: number;
  readonly horizonSec: number;
  readonly quantity: number;
}

/** Checks a distribution; throws a RangeError naming the field and its limit. */
export function checkEpisodeDistribution(d: EpisodeDistribution): void {
  const bad: string[] = [];
  const [plo, phi] = d.participation, [hlo, hhi] = d.horizonSec;
  if (!(plo > 0 && plo <= phi && phi <= 1)) bad.push(`participation [${plo}, ${phi}] must satisfy 0 < lo ≤ hi ≤ 1`);
  if (!(hlo > 0 && hlo <= hhi)) bad.push(`horizonSec [${hlo}, ${hhi}] must satisfy 0 < lo ≤ hi`);
  if (!(d.horizonStepSec > 0)) bad.push(`horizonStepSec ${d.horizonStepSec} must be > 0`);
  if (!(d.startSec >= 0)) bad.push(`startSec ${d.startSec} must be ≥ 0`);
  if (d.sides.length === 0 || d.sides.some((s) => s !== 'buy' && s !== 'sell')) bad.push(`sides [${d.sides.join(', ')}] must be non-empty, each 'buy' or 'sell'`);
  if (bad.length > 0) throw new RangeError(`episode distribution: ${bad.join('; ')}`);
}

/**
 * The episode of `seed`: market, side, size and horizon from the seed's own stream (a string seed,
 * so it never collides with the market's streams, which take the numeric seed). Deterministic.
 */
export function drawEpisode(seed: number, d: EpisodeDistribution, markets: ReadonlyArray<Pick<EpisodeMarket, 'volumePerSec' | 'weight'>>): DrawnEpisode {
  const rng = new Rng(`episode-draw:${seed}`);
  const market = markets.some((m) => m.weight !== undefined) ? pickWeighted(rng.float(), markets) : rng.int(markets.length);
  const side = d.sides[rng.int(d.sides.length)]!;
  const [plo, phi] = d.participation;
  const participation = plo * Math.pow(phi / plo, rng.float());
  const [hlo, hhi] = d.horizonSec;
  const raw = hlo + (hhi - hlo) * rng.float();
  const horizonSec = Math.min(hhi, Math.max(hlo, Math.round(raw / d.horizonStepSec) * d.horizonStepSec));
  const quantity = Math.max(1, Math.round(participation * markets[market]!.volumePerSec * horizonSec));
  return { market, side, participation, horizonSec, quantity };
}

/** The market whose cumulative weight share first exceeds u ∈ [0, 1) (a missing weight counts 0). */
function pickWeighted(u: number, markets: ReadonlyArray<Pick<EpisodeMarket, 'weight'>>): number {
  const total = markets.reduce((a, m) => a + (m.weight ?? 0), 0);
  let acc = 0;
  for (let i = 0; i < markets.length; i++) {
    acc += (markets[i]!.weight ?? 0) / total;
    if (u < acc) return i;
  }
  // Rounding: u just below 1 lands on the last market with a weight.
  for (let i = markets.length - 1; i >= 0; i--) if ((markets[i]!.weight ?? 0) > 0) return i;
  return markets.length - 1;
}

/**
 * The execution env with a fresh parent order every episode (see `drawEpisode`): one agent learns
 * buys and sells of any size in the range, over any horizon in the range, on any of the markets.
 * Everything else (decisions, actions, reward, observation scales) is the `base` config, so the
 * observation layout and action space are those of `ExecutionEnv` and a model trained here is
 * acted by the agent strategy unchanged. Invariant: same seed + actions ⇒ identical observations,
 * rewards and infos (the draw and the market are both functions of the seed).
 */
export class RandomisedExecutionEnv {
  readonly obsDim: number;
  readonly actionSpace: LearningActionSpace;
  private env: ExecutionEnv;
  private drawn: DrawnEpisode | null = null;

  constructor(
    private readonly markets: readonly EpisodeMarket[],
    private readonly base: Omit<EnvConfigInput, 'side' | 'quantity' | 'horizonSec' | 'startSec'>,
    private readonly dist: EpisodeDistribution,
  ) {
    if (markets.length === 0) throw new RangeError('RandomisedExecutionEnv: at least one market is needed');
    markets.forEach((m, i) => {
      if (!(m.volumePerSec > 0)) throw new RangeError(`RandomisedExecutionEnv: markets[${i}] (${m.name}) volumePerSec ${m.volumePerSec} must be > 0`);
      if (m.weight !== undefined && !(Number.isFinite(m.weight) && m.weight >= 0)) throw new RangeError(`RandomisedExecutionEnv: markets[${i}] (${m.name}) weight ${m.weight} must be ≥ 0`);
    });
    if (markets.some((m) => m.weight !== undefined) && !(markets.reduce((a, m) => a + (m.weight ?? 0), 0) > 0)) {
      throw new RangeError('RandomisedExecutionEnv: the markets\' weights must not all be 0');
    }
    checkEpisodeDistribution(dist);
    // A probe env validates the base config and gives the dimensions (the same for every draw).
    this.env = new ExecutionEnv(markets[0]!.factory, { ...base, side: 'buy', quantity: 1, startSec: dist.startSec, horizonSec: dist.horizonSec[1] });
    this.obsDim = this.env.obsDim;
    this.actionSpace = this.env.actionSpace as LearningActionSpace;
  }

  /** The current episode's draw (null before the first reset). */
  get episode(): DrawnEpisode | null {
    return this.drawn;
  }

  get observation(): Float32Array {
    return this.env.observation;
  }

  reset(seed: number): Float32Array {
    const d = drawEpisode(seed, this.dist, this.markets);
    this.drawn = d;
    // A new env per episode: its config (side, size, horizon) is fixed at construction. The old
    // episode's path is simply dropped (the training market then allocates a fresh one).
    this.env = new ExecutionEnv(this.markets[d.market]!.factory, {
      ...this.base, side: d.side, quantity: d.quantity, horizonSec: d.horizonSec, startSec: this.dist.startSec,
    });
    return this.env.reset(seed);
  }

  stepInPlace(action: number | ArrayLike<number>) {
    return this.env.stepInPlace(action as number);
  }
}
