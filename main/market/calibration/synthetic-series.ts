import { Rng } from '../../kernel/rng.js';
import type { StylizedFactsInput } from './stylized-facts.js';

/**
 * Seeded synthetic series with known stylized facts, for tests and for exercising the report
 * without a simulator. Every generator is deterministic in its seed. Times start at 0 ns; the
 * mid starts at 100 and moves in log space; spreads are 1-3 ticks; trades (when asked) have
 * Poisson times with intensity ∝ `volumeProfile` and an aggressor that pushes the mid.
 */
export interface SyntheticOptions {
  seed: number;
  durationSec: number;
  /** Seconds between mid updates [1]. */
  updateSec?: number;
  /** Per-update std of the efficient log price [1e-4]. */
  sigma?: number;
  /** 'gaussian' i.i.d. increments, or 'garch' GARCH(1,1) (α 0.1, β 0.85) volatility [gaussian]. */
  model?: 'gaussian' | 'garch';
  /** Std of i.i.d. additive noise on the observed log mid (microstructure noise) [0]. */
  noise?: number;
  /** Relative trade intensity per equal time bin; absent = no trades. */
  volumeProfile?: readonly number[];
  /** Mean trades per second [1]. */
  tradesPerSec?: number;
}

/** A synthetic `StylizedFactsInput` (see `SyntheticOptions`). */
export function syntheticSeries(o: SyntheticOptions): StylizedFactsInput {
  const rng = new Rng(o.seed);
  const dt = o.updateSec ?? 1;
  const n = Math.floor(o.durationSec / dt);
  const sigma = o.sigma ?? 1e-4;
  const midTsNs = new Float64Array(n + 1);
  const mid = new Float64Array(n + 1);
  const spreadTicks = new Float64Array(n + 1);
  const px = rng.fork('price');
  const nz = rng.fork('noise');
  const sp = rng.fork('spread');
  // GARCH(1,1) with unconditional variance sigma²: ω = sigma²(1 − α − β).
  const a = 0.1, b = 0.85;
  let h = sigma * sigma;
  let x = Math.log(100);
  let prevR = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) {
      let r: number;
      if (o.model === 'garch') {
        h = sigma * sigma * (1 - a - b) + a * prevR * prevR + b * h;
        r = Math.sqrt(h) * px.normal();
      } else {
        r = sigma * px.normal();
      }
      prevR = r;
      x += r;
    }
    midTsNs[i] = Math.round(i * dt * 1e9);
    mid[i] = Math.exp(x + (o.noise ? o.noise * nz.normal() : 0));
    spreadTicks[i] = 1 + sp.int(3);
  }
  const out: StylizedFactsInput = { midTsNs, mid, spreadTicks, sessionStartNs: 0, sessionEndNs: o.durationSec * 1e9 };
  if (o.volumeProfile) Object.assign(out, syntheticTrades(rng.fork('trades'), o.durationSec, o.volumeProfile, o.tradesPerSec ?? 1));
  return out;
}

/** Poisson trades whose intensity in bin j is ∝ profile[j] (thinning), sizes lognormal, sides fair coins. */
function syntheticTrades(rng: Rng, durationSec: number, profile: readonly number[], ratePerSec: number): Pick<StylizedFactsInput, 'tradeTsNs' | 'tradeSize' | 'tradeSide'> {
  const maxW = Math.max(...profile);
  const meanW = profile.reduce((s, w) => s + w, 0) / profile.length;
  const peak = (ratePerSec * maxW) / meanW;
  const ts: number[] = [], size: number[] = [], side: number[] = [];
  for (let t = rng.exponential(peak); t < durationSec; t += rng.exponential(peak)) {
    const j = Math.min(profile.length - 1, Math.floor((t / durationSec) * profile.length));
    if (rng.float() * maxW >= profile[j]!) continue;
    ts.push(Math.round(t * 1e9));
    size.push(Math.max(1, Math.round(rng.lognormal(4, 1))));
    side.push(rng.chance(0.5) ? 1 : -1);
  }
  return { tradeTsNs: Float64Array.from(ts), tradeSize: Float64Array.from(size), tradeSide: Float64Array.from(side) };
}
