import { optimalCostMoments, optimalTrajectory, type ACParams } from '../market/ac-world/almgren-chriss.js';
import { intOption, parseArgs, UsageError, type ParsedArgs } from './cli-args.js';

export const AC_USAGE = `usage: slipstream ac --shares X --price S0 --sigma SIGMA --eta ETA --gamma GAMMA --epsilon EPS
                    --horizon T --periods N --lambda L [--json]

Almgren-Chriss (2000) optimal liquidation of X shares over T time units in N periods (discrete
time, linear impact): prints the holdings x_0..x_N, the trades n_1..n_N, E[cost] and Var[cost] of
the mean-variance optimal schedule (closed forms; cost = implementation shortfall in $).
  --shares   X > 0, shares to sell
  --price    S0 > 0, initial price ($/share)
  --sigma    σ ≥ 0, volatility ($/share per unit time^½)
  --eta      η > 0, temporary impact ($/share per share/unit time); needs η − γτ/2 > 0, τ = T/N
  --gamma    γ ≥ 0, permanent impact ($/share per share)
  --epsilon  ε ≥ 0, fixed cost per share (half spread + fees, $/share)
  --horizon  T > 0, in the unit of σ's time (days in the paper)
  --periods  N, an integer in [1, 100000]
  --lambda   λ ≥ 0, risk aversion (1/$); 0 gives the linear (TWAP) schedule
  --json     print one JSON object
Paper example: --shares 1e6 --price 50 --sigma 0.95 --eta 2.5e-6 --gamma 2.5e-7 --epsilon 0.0625
               --horizon 5 --periods 5 --lambda 1e-6`;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a required-or-optional decimal option (`12`, `.5`, `2.5e-7`) and checks it against a lower
 * bound (`> min` when `exclusive`, else `≥ min`); messages name the option and the limit.
 */
export function numberOption(args: ParsedArgs, name: string, min: number, exclusive: boolean, what: string, required: boolean): number | undefined {
  const raw = args.values.get(name);
  const limit = `${exclusive ? '>' : '≥'} ${min}`;
  if (raw === undefined) {
    if (required) throw new UsageError(`--${name} is required (${what}, ${limit})`);
    return undefined;
  }
  const v = NUMBER.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got "${raw}"`);
  if (exclusive ? !(v > min) : !(v >= min)) throw new UsageError(`--${name} must be ${limit}, got ${raw}`);
  return v;
}

/**
 * The JSON `slipstream ac --json` prints. Invariants: `holdings` has N + 1 values from X to 0,
 * `trades` N values with trades[k] = holdings[k] − holdings[k + 1] (shares sold in period k + 1);
 * `expectedCost` and `variance` are the paper's closed forms (eq. 20–21; TWAP limits at κ = 0) in
 * $ and $²; `kappa` is the urgency κ (1/unit time); `utility` = E + λV.
 */
export interface AcSummary {
  readonly params: ACParams;
  readonly shares: number;
  readonly lambda: number;
  readonly kappa: number;
  readonly holdings: number[];
  readonly trades: number[];
  readonly expectedCost: number;
  readonly variance: number;
  readonly stdDev: number;
  readonly utility: number;
}

/** Runs `slipstream ac`; resolves 0. Bad options throw `UsageError` naming the option and its limit (exit 2). */
export async function acCommand(argv: readonly string[], out: (s: string) => void): Promise<number> {
  const names = ['shares', 'price', 'sigma', 'eta', 'gamma', 'epsilon', 'horizon', 'periods', 'lambda'];
  const args = parseArgs(argv, names, ['json', 'help']);
  if (args.flags.has('help')) {
    out(AC_USAGE);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`ac takes no positional arguments, got "${args.positionals[0]}"\n${AC_USAGE}`);
  const shares = numberOption(args, 'shares', 0, true, 'shares to sell', true)!;
  const S0 = numberOption(args, 'price', 0, true, 'initial price', true)!;
  const sigma = numberOption(args, 'sigma', 0, false, 'volatility', true)!;
  const eta = numberOption(args, 'eta', 0, true, 'temporary impact', true)!;
  const gamma = numberOption(args, 'gamma', 0, false, 'permanent impact', true)!;
  const epsilon = numberOption(args, 'epsilon', 0, false, 'fixed cost per share', true)!;
  const T = numberOption(args, 'horizon', 0, true, 'horizon', true)!;
  if (!args.values.has('periods')) throw new UsageError('--periods is required (number of periods, an integer in [1, 100000])');
  const N = intOption(args, 'periods', 1, 100_000)!;
  const lambda = numberOption(args, 'lambda', 0, false, 'risk aversion', true)!;

  const params: ACParams = { S0, sigma, epsilon, gamma, eta, T, N };
  const tau = T / N;
  const etaTilde = eta - (gamma * tau) / 2;
  if (!(etaTilde > 0)) {
    throw new UsageError(`--eta ${args.values.get('eta')} must exceed --gamma × τ/2 = ${(gamma * tau) / 2} (τ = horizon/periods = ${tau}): η̃ = η − γτ/2 must be > 0`);
  }
  const trajectory = optimalTrajectory(params, shares, lambda);
  const moments = optimalCostMoments(params, shares, lambda);
  const finite = [moments.expected, moments.variance, ...trajectory.holdings].every(Number.isFinite);
  if (!finite) throw new UsageError(`--lambda ${args.values.get('lambda')} is too large: the urgency κT = ${(trajectory.kappa * T).toPrecision(4)} overflows double precision (sinh(κT)); lower --lambda`);

  const summary: AcSummary = {
    params,
    shares,
    lambda,
    kappa: trajectory.kappa,
    holdings: trajectory.holdings,
    trades: trajectory.trades,
    expectedCost: moments.expected,
    variance: moments.variance,
    stdDev: Math.sqrt(moments.variance),
    utility: moments.expected + lambda * moments.variance,
  };
  if (args.flags.has('json')) {
    out(JSON.stringify(summary));
    return 0;
  }
  const n = (x: number, d = 2) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  out(`Almgren-Chriss optimal liquidation of ${n(shares, 0)} shares at S0 = ${S0}, T = ${T}, N = ${N}, λ = ${args.values.get('lambda')}: κ = ${trajectory.kappa.toPrecision(6)} per unit time`);
  out(`${'k'.padStart(6)}  ${'t_k'.padStart(10)}  ${'holdings x_k'.padStart(16)}  ${'trade n_k'.padStart(16)}`);
  summary.holdings.forEach((x, k) => {
    out(`${String(k).padStart(6)}  ${n(k * tau, 4).padStart(10)}  ${n(x).padStart(16)}  ${(k === 0 ? '' : n(summary.trades[k - 1]!)).padStart(16)}`.trimEnd());
  });
  out(`E[cost] = $${n(summary.expectedCost)}   Var[cost] = ${summary.variance.toExponential(6)} $²   sd = $${n(summary.stdDev)}   E + λV = $${n(summary.utility)}`);
  return 0;
}
