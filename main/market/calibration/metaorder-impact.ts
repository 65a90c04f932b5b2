import type { Side } from '../../domain/side.js';
import { MetaorderTrader } from '../abm/metaorder-trader.js';
import { runScenario } from '../scenarios/run-scenario.js';
import type { Scenario } from '../scenarios/scenario-schema.js';

/** Design of a metaorder-impact experiment; defaults in brackets. */
export interface MetaorderImpactOptions {
  /** Metaorder sizes as fractions of the simulated day's volume [0.005, 0.01, 0.02, 0.05, 0.1, 0.2]. */
  sizes?: readonly number[];
  /** Participation rates: quantity ÷ the market's mean volume over the execution [0.1, 0.25, 0.5]. */
  participations?: readonly number[];
  /** Seeds per point (paired runs with and without the order) [6]. */
  seeds?: number;
  /** First seed; seeds are firstSeed .. firstSeed + seeds − 1 [1]. */
  firstSeed?: number;
  /** Session time of the first child order, seconds [10% of the session]. */
  startSec?: number;
  /** Seconds between child market orders [10]. */
  childEverySec?: number;
  /** Post-trade offsets at which impact is read, as multiples of the execution time [0.5, 1]. */
  afterFractions?: readonly number[];
  /** Mid averaged (log) over this window ending at each reading, seconds [30]. */
  windowSec?: number;
  side?: Side;
}

/**
 * One (size, participation) cell. Impact is paired: side × (ln m_with − ln m_without) × 10⁴ on the
 * same seed, the mids averaged (log) over `windowSec` ending at the reading, so everything the
 * order did not cause cancels on average. `impactEndBps` is read when the last child has been
 * sent; `impactAfterBps[j]` at end + afterFractions[j] × durationSec. Means over seeds, with the
 * standard error of the mean (null with one seed).
 */
export interface MetaorderImpactPoint {
  size: number;
  participation: number;
  quantity: number;
  durationSec: number;
  seeds: number;
  impactEndBps: number;
  impactEndStderrBps: number | null;
  impactAfterBps: number[];
  impactAfterStderrBps: (number | null)[];
  /** Mean filled ÷ quantity (a market order against an empty side fills less). */
  fillRatio: number;
}

/**
 * The simulator's metaorder impact curve. Invariants: `points` are ordered by participation then
 * size and only hold cells whose start + execution + longest post window fits in the session;
 * `exponent` / `prefactorBps` are the weighted fit (`powerFit`) of ln impactEndBps on ln size over
 * every point with impactEndBps > 0 (pooled over participations: the square-root law says impact
 * depends on the size, not on the pace), null with fewer than 3 such points; `exponentByParticipation` the same
 * per participation; `retainedAfter[j]` = Σ impactAfter[j] ÷ Σ impactEnd over the points (1: no
 * reversion, 0: full reversion, > 1: impact keeps growing).
 */
export interface MetaorderImpactCurve {
  dailyVolume: number;
  sessionSec: number;
  startSec: number;
  childEverySec: number;
  afterFractions: number[];
  points: MetaorderImpactPoint[];
  exponent: number | null;
  /** Standard error of `exponent` from the weighted fit (1/√Σw(x − x̄)²); null when unweighted. */
  exponentStderr: number | null;
  prefactorBps: number | null;
  r2: number | null;
  exponentByParticipation: { participation: number; exponent: number | null }[];
  retainedAfter: number[];
}

/**
 * Measures the metaorder impact curve of `scenario` (a parsed scenario): for every seed one run
 * without our order (its volume defines the day's volume, its mids the counterfactual), then for
 * every (size, participation) cell one run with a `MetaorderTrader` TWAP of
 * quantity = size × dailyVolume over durationSec = quantity ÷ (participation × dailyVolume ÷
 * sessionSec). Deterministic (seeded runs only).
 */
export function measureMetaorderImpact(scenario: Scenario, opts: MetaorderImpactOptions = {}): MetaorderImpactCurve {
  const sizes = opts.sizes ?? [0.005, 0.01, 0.02, 0.05, 0.1, 0.2];
  const parts = opts.participations ?? [0.1, 0.25, 0.5];
  const nSeeds = Math.max(1, opts.seeds ?? 6);
  const seed0 = opts.firstSeed ?? 1;
  const session = scenario.durationSec;
  const startSec = Math.floor(opts.startSec ?? session * 0.1);
  const every = opts.childEverySec ?? 10;
  const after = [...(opts.afterFractions ?? [0.5, 1])];
  const maxAfter = Math.max(0, ...after);
  const win = Math.max(1, Math.round(opts.windowSec ?? 30));
  const side = opts.side ?? 1;

  const base = [];
  let volume = 0;
  for (let s = 0; s < nSeeds; s++) {
    const run = runScenario(scenario, { seed: seed0 + s, eventLog: false, recordTrades: false });
    base.push(run.series.midPerSec);
    volume += run.volume;
  }
  const dailyVolume = volume / nSeeds;

  const points: MetaorderImpactPoint[] = [];
  for (const p of parts) {
    for (const size of sizes) {
      const quantity = Math.max(1, Math.round(size * dailyVolume));
      const durationSec = Math.max(every, Math.round((quantity / (p * dailyVolume)) * session));
      const endSec = startSec + durationSec;
      const runSec = Math.ceil(endSec + maxAfter * durationSec) + 1;
      if (runSec > session) continue;
      const end: number[] = [];
      const aft: number[][] = after.map(() => []);
      let fill = 0;
      for (let s = 0; s < nSeeds; s++) {
        let trader: MetaorderTrader | null = null;
        const run = runScenario(scenario, {
          seed: seed0 + s, eventLog: false, recordTrades: false, durationSec: runSec,
          setup: (sess) => {
            trader = new MetaorderTrader(sess.exchange, { side, quantity, startSec, durationSec, childEverySec: every });
            trader.start();
          },
        });
        const t = trader as MetaorderTrader | null;
        fill += t ? t.filled / quantity : 0;
        const lastChildSec = t && t.lastChildNs === t.lastChildNs ? Math.ceil(t.lastChildNs / 1e9) : endSec;
        const w = run.series.midPerSec;
        const b = base[s]!;
        end.push(side * pairedLogDiffBps(w, b, lastChildSec, win));
        after.forEach((f, j) => aft[j]!.push(side * pairedLogDiffBps(w, b, Math.round(lastChildSec + f * durationSec), win)));
      }
      const e = meanSe(end);
      const a = aft.map(meanSe);
      points.push({
        size, participation: p, quantity, durationSec, seeds: nSeeds,
        impactEndBps: e.mean, impactEndStderrBps: e.se,
        impactAfterBps: a.map((x) => x.mean), impactAfterStderrBps: a.map((x) => x.se),
        fillRatio: fill / nSeeds,
      });
    }
  }

  const fit = powerFit(points);
  const retainedAfter = after.map((_, j) => {
    let num = 0, den = 0;
    for (const pt of points) {
      num += pt.impactAfterBps[j]!;
      den += pt.impactEndBps;
    }
    return den !== 0 ? num / den : NaN;
  });
  return {
    dailyVolume, sessionSec: session, startSec, childEverySec: every, afterFractions: after, points,
    exponent: fit?.slope ?? null, exponentStderr: fit?.slopeStderr ?? null, prefactorBps: fit ? Math.exp(fit.intercept) : null, r2: fit?.r2 ?? null,
    exponentByParticipation: parts.map((p) => ({ participation: p, exponent: powerFit(points.filter((x) => x.participation === p))?.slope ?? null })),
    retainedAfter,
  };
}

/** Mean over [t − win + 1, t] of ln(with) − ln(without), × 10⁴ (seconds with no mid on either side are skipped). */
function pairedLogDiffBps(withMid: Float64Array, without: Float64Array, tSec: number, win: number): number {
  let s = 0, n = 0;
  const hi = Math.min(tSec, withMid.length - 1, without.length - 1);
  for (let k = Math.max(0, hi - win + 1); k <= hi; k++) {
    const a = withMid[k]!, b = without[k]!;
    if (a > 0 && b > 0) {
      s += Math.log(a / b);
      n++;
    }
  }
  return n > 0 ? (s / n) * 1e4 : NaN;
}

function meanSe(xs: readonly number[]): { mean: number; se: number | null } {
  const v = xs.filter((x) => Number.isFinite(x));
  const n = v.length;
  if (n === 0) return { mean: NaN, se: null };
  const m = v.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean: m, se: null };
  const ss = v.reduce((a, b) => a + (b - m) ** 2, 0);
  return { mean: m, se: Math.sqrt(ss / (n - 1) / n) };
}

/**
 * Weighted least squares of ln impact on ln size over the points with impact > 0. The weight of a
 * point is 1 / Var(ln impact) ≈ (mean / stderr)², capped at 400 (a 5% error), so cells whose
 * impact is lost in the market's own noise count little; without standard errors (one seed) the
 * fit is unweighted. Null with fewer than 3 points.
 */
export function powerFit(points: readonly Pick<MetaorderImpactPoint, 'size' | 'impactEndBps' | 'impactEndStderrBps'>[]): { slope: number; intercept: number; r2: number; slopeStderr: number | null } | null {
  let sw = 0, sx = 0, sy = 0, n = 0, weighted = true;
  const rows: [number, number, number][] = [];
  for (const p of points) {
    if (!(p.impactEndBps > 0)) continue;
    const se = p.impactEndStderrBps;
    if (!(se !== null && se > 0)) weighted = false;
    const w = se !== null && se > 0 ? Math.min(400, (p.impactEndBps / se) ** 2) : 1;
    const x = Math.log(p.size), y = Math.log(p.impactEndBps);
    rows.push([x, y, w]);
    sw += w;
    sx += w * x;
    sy += w * y;
    n++;
  }
  if (n < 3 || !(sw > 0)) return null;
  const mx = sx / sw, my = sy / sw;
  let sxx = 0, sxy = 0, syy = 0;
  for (const [x, y, w] of rows) {
    sxx += w * (x - mx) ** 2;
    sxy += w * (x - mx) * (y - my);
    syy += w * (y - my) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : 1, slopeStderr: weighted ? Math.sqrt(1 / sxx) : null };
}
