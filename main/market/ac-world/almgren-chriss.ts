/**
 * Almgren & Chriss (2000), "Optimal execution of portfolio transactions", J. Risk 3(2): the
 * discrete-time model with linear impact, closed-form optimal liquidation and its cost moments.
 *
 * Model (selling X shares over [0, T] in N periods of τ = T/N; x_k = holdings at t_k = kτ,
 * x_0 = X, x_N = 0; n_k = x_{k−1} − x_k sold in period k, rate v_k = n_k/τ):
 *   unaffected price S_k = S_{k−1} + σ√τ·ξ_k − τ·g(v_k), g(v) = γv       (permanent impact)
 *   execution price  S̃_k = S_{k−1} − h(v_k),        h(v) = ε·sgn(v) + ηv  (temporary impact)
 *   cost (implementation shortfall) = X·S_0 − Σ n_k S̃_k.
 * Then E = ½γX² + εΣ|n_k| + (η̃/τ)Σn_k² with η̃ = η − γτ/2, and V = σ²τ Σ_{k=1..N} x_k².
 * Units as in the paper: prices $/share, time in days, σ in $/share/day^½, γ in $/share²,
 * η in ($/share)/(share/day), λ in 1/$.
 */
export interface ACParams {
  /** Initial price S_0. */
  readonly S0: number;
  /** Volatility, $/share/day^½. */
  readonly sigma: number;
  /** Fixed temporary cost ε (half spread + fees), $/share. */
  readonly epsilon: number;
  /** Permanent impact γ. */
  readonly gamma: number;
  /** Temporary impact η. */
  readonly eta: number;
  /** Horizon T in days. */
  readonly T: number;
  /** Number of periods N. */
  readonly N: number;
}

/** The paper's example (section 3, table 1): 30 %/yr volatility on a $50 stock, 5 days, 5 periods. */
export const AC_PAPER_PARAMS: ACParams = { S0: 50, sigma: 0.95, epsilon: 0.0625, gamma: 2.5e-7, eta: 2.5e-6, T: 5, N: 5 };

/** The period length τ = T/N. */
export function periodLength(p: ACParams): number {
  return p.T / p.N;
}

/** η̃ = η − γτ/2 (must be > 0 for a convex problem). */
export function etaTilde(p: ACParams): number {
  return p.eta - (p.gamma * periodLength(p)) / 2;
}

/**
 * The urgency κ for risk aversion λ ≥ 0: κ̃² = λσ²/η̃ and cosh(κτ) = 1 + κ̃²τ²/2, i.e.
 * κ = acosh(1 + κ̃²τ²/2)/τ. κ = 0 for λ = 0. Throws when η̃ ≤ 0 or λ < 0.
 */
export function urgency(p: ACParams, lambda: number): number {
  const et = etaTilde(p);
  if (!(et > 0)) throw new RangeError(`Almgren-Chriss: η̃ = η − γτ/2 must be > 0, got ${et}`);
  if (!(lambda >= 0)) throw new RangeError(`Almgren-Chriss: λ must be ≥ 0, got ${lambda}`);
  const tau = periodLength(p);
  const kt2 = (lambda * p.sigma * p.sigma) / et;
  return Math.acosh(1 + (kt2 * tau * tau) / 2) / tau;
}

/** A liquidation schedule: holdings x_0..x_N (N + 1 values) and trades n_1..n_N (N values). */
export interface Trajectory {
  readonly kappa: number;
  readonly holdings: number[];
  readonly trades: number[];
}

/**
 * The mean-variance optimal trajectory x_j = sinh(κ(T − t_j))/sinh(κT)·X (Almgren-Chriss eq. 18);
 * for κ → 0 (λ = 0) its limit, the linear (TWAP) schedule x_j = (1 − j/N)·X.
 * Invariant: x_0 = X, x_N = 0, and for X > 0 holdings strictly decrease.
 */
export function optimalTrajectory(p: ACParams, X: number, lambda: number): Trajectory {
  const kappa = urgency(p, lambda);
  const tau = periodLength(p);
  const holdings: number[] = [];
  for (let j = 0; j <= p.N; j++) {
    const tj = j * tau;
    // Below κT ≈ 1e-8 the ratio of sinh is 1 − j/N to double precision (and 0/0 at κ = 0).
    holdings.push(kappa * p.T < 1e-8 ? X * (1 - j / p.N) : (Math.sinh(kappa * (p.T - tj)) / Math.sinh(kappa * p.T)) * X);
  }
  holdings[0] = X;
  holdings[p.N] = 0;
  const trades: number[] = [];
  for (let k = 1; k <= p.N; k++) trades.push(holdings[k - 1]! - holdings[k]!);
  return { kappa, holdings, trades };
}

/** E[cost] of any schedule (direct sum): ½γX² + εΣ|n_k| + (η̃/τ)Σn_k², X = Σn_k. */
export function expectedCost(p: ACParams, trades: readonly number[]): number {
  let X = 0;
  let abs = 0;
  let sq = 0;
  for (const n of trades) {
    X += n;
    abs += Math.abs(n);
    sq += n * n;
  }
  return 0.5 * p.gamma * X * X + p.epsilon * abs + (etaTilde(p) / periodLength(p)) * sq;
}

/** Var[cost] of any schedule (direct sum): σ²τ Σ_{k=1..N} x_k² (holdings x_0..x_N given). */
export function costVariance(p: ACParams, holdings: readonly number[]): number {
  let s = 0;
  for (let k = 1; k < holdings.length; k++) s += holdings[k]! * holdings[k]!;
  return p.sigma * p.sigma * periodLength(p) * s;
}

/**
 * Closed forms for the optimal trajectory (paper eq. 20–21), κ > 0:
 * E = ½γX² + εX + η̃X²·tanh(½κτ)(τ sinh 2κT + 2T sinh κτ) / (2τ² sinh² κT),
 * V = ½σ²X²·(τ sinh κT cosh κ(T − τ) − T sinh κτ) / (sinh² κT sinh κτ);
 * at κ = 0 the TWAP limits E = ½γX² + εX + η̃X²/T, V = ⅓σ²X²T(1 − 1/N)(1 − 1/(2N)).
 */
export function optimalCostMoments(p: ACParams, X: number, lambda: number): { expected: number; variance: number; kappa: number } {
  const k = urgency(p, lambda);
  const tau = periodLength(p);
  const et = etaTilde(p);
  const { T, N, sigma: s } = p;
  if (k * T < 1e-8) {
    return {
      kappa: k,
      expected: 0.5 * p.gamma * X * X + p.epsilon * X + (et * X * X) / T,
      variance: (s * s * X * X * T * (1 - 1 / N) * (1 - 1 / (2 * N))) / 3,
    };
  }
  const sh = Math.sinh(k * T);
  const expected = 0.5 * p.gamma * X * X + p.epsilon * X
    + (et * X * X * Math.tanh(0.5 * k * tau) * (tau * Math.sinh(2 * k * T) + 2 * T * Math.sinh(k * tau))) / (2 * tau * tau * sh * sh);
  const variance = (0.5 * s * s * X * X * (tau * sh * Math.cosh(k * (T - tau)) - T * Math.sinh(k * tau))) / (sh * sh * Math.sinh(k * tau));
  return { kappa: k, expected, variance };
}
