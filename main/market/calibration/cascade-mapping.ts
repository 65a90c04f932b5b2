/**
 * The multi-scale market-order cascade in a scenario (`toScenario`'s `multiScaleCascade` option):
 * the fitted kernel on the noise traders with the day's market-order count kept, and an activity
 * process sized by what the day's counts show beyond the cascade (the fit's slow Fano term), not by
 * the 1-min kurtosis. Pure.
 */
import type { ScenarioInput } from '../scenarios/scenario-schema.js';
import type { CascadeComponent, MultiCascadeFit } from './cascade-fit-multi.js';

type NoiseInput = NonNullable<NonNullable<ScenarioInput['agents']>['noise']>;

/** Window the activity's Fano growth is matched to the slow term at, seconds (the longest windows of the fit are where b·T dominates). */
export const SLOW_TERM_REF_WINDOW_SEC = 60;

/** Total branching n of a noise block's cascade (0 without one). */
export function cascadeTotal(noise: NoiseInput): number {
  const c = noise.marketCascade;
  return c ? (c.components ?? []).reduce((s, k) => s + k.branching, c.branching) : 0;
}

/**
 * The noise flow with a kernel of several exponentials (fastest first in `components`) keeping the
 * flow's mean market-order count M and its limit rate L: base market rate M(1 − n), act rate
 * L + M(1 − n), marketFraction M(1 − n)/(L + M(1 − n)). The noise block may already carry a cascade
 * (its M is then base ÷ (1 − n_old)). No branching: the flow without a cascade.
 */
export function withCascadeKernel(noise: NoiseInput, components: readonly CascadeComponent[]): NoiseInput {
  const r = noise.ratePerSec, f = noise.marketFraction;
  if (r === undefined || f === undefined) return noise;
  const nOld = cascadeTotal(noise);
  const M = (r * f) / (1 - nOld), L = r * (1 - f);
  const comps = components.filter((c) => c.branching > 0);
  const n = comps.reduce((s, c) => s + c.branching, 0);
  const { marketCascade: _drop, ...rest } = noise;
  const base = M * (1 - n), rate = L + base;
  if (!(rate > 0)) return noise;
  const out: NoiseInput = { ...rest, ratePerSec: sig(rate), marketFraction: sig(base / rate) };
  if (n <= 0) return out;
  const [first, ...more] = comps;
  return { ...out, marketCascade: { branching: first!.branching, decayPerSec: first!.decayPerSec, ...(more.length > 0 ? { components: more.map((c) => ({ ...c })) } : {}) } };
}

/** The kernel of a noise block's cascade as a list (fastest first as stored); empty without one. */
export function cascadeKernel(noise: NoiseInput): CascadeComponent[] {
  const c = noise.marketCascade;
  if (!c) return [];
  return [{ branching: c.branching, decayPerSec: c.decayPerSec }, ...(c.components ?? []).map((k) => ({ ...k }))];
}

/** The noise flow with the fitted multi-scale kernel (`withCascadeKernel`). */
export function applyMultiScaleCascade(noise: NoiseInput, fit: Pick<MultiCascadeFit, 'components'>): NoiseInput {
  return withCascadeKernel(noise, fit.components);
}

/** ψ(x) = 2(x − 1 + e^{−x})/x²: the mean of an exponential correlation e^{−|τ|/τ_c} over a window of x correlation times. */
function psi(x: number): number {
  return x < 1e-6 ? 1 - x / 3 : (2 * (x - 1 + Math.exp(-x))) / (x * x);
}

/**
 * Log-variances of the activity's components (`timescalesSec`, each carrying `shares` of the total
 * s²) such that the activity's Fano growth at `SLOW_TERM_REF_WINDOW_SEC` is what the slow term
 * leaves after the intraday profile: Σ_k Λ·(e^{w_k s²} − 1)·ψ(T/τ_k) = b − Λ·Var(m), m the
 * profile's arrival multipliers (mean 1; a deterministic profile adds Λ·Var(m)·T to the Fano factor
 * as well). Null when nothing is left for the activity (or no market orders).
 */
export function activityFromSlowTerm(slowFanoPerSec: number, moRatePerSec: number, profileMultipliers: readonly number[], timescalesSec: readonly number[], shares: readonly number[]): number[] | null {
  if (!(moRatePerSec > 0)) return null;
  const pm = profileMultipliers.length > 0 ? profileMultipliers.reduce((a, b) => a + b, 0) / profileMultipliers.length : 1;
  const pv = profileMultipliers.length > 0 ? profileMultipliers.reduce((a, b) => a + (b / pm - 1) ** 2, 0) / profileMultipliers.length : 0;
  const target = slowFanoPerSec - moRatePerSec * pv;
  if (!(target > 0)) return null;
  const T = SLOW_TERM_REF_WINDOW_SEC;
  const growth = (s2: number) => timescalesSec.reduce((g, tau, k) => g + moRatePerSec * Math.expm1(shares[k]! * s2) * psi(T / tau), 0);
  let lo = 0, hi = 4;
  if (growth(hi) < target) return shares.map((w) => w * hi);
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (growth(mid) < target) lo = mid;
    else hi = mid;
  }
  const s2 = (lo + hi) / 2;
  return shares.map((w) => w * s2);
}

function sig(x: number): number {
  return Number(x.toPrecision(6));
}
